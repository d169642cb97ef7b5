"""Where a node is in its file: line and column of an element's start tag or an attribute.

libxml2 keeps only the line of each element; the column is found in the file's text: the k-th
start tag on that line is the k-th element that begins there.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

_START_TAG = re.compile(r"<(?=[^\s/!?])")


class Locator:
    """Line and column of the elements (and their attributes) of one parsed file."""

    def __init__(self, tree: etree._ElementTree, text: str):
        self.tree = tree
        self.lines = text.splitlines()
        self._on_line: dict[int, list[etree._Element]] = defaultdict(list)
        for node in tree.getroot().iter():
            if isinstance(node.tag, str):
                self._on_line[node.sourceline or 0].append(node)

    def element(self, path: tuple[int, ...]) -> etree._Element | None:
        """The element at child indexes ``path`` (1-based; the first is the root itself)."""
        node = self.tree.getroot()
        if not path or path[0] != 1:
            return None
        for index in path[1:]:
            children = [c for c in node if isinstance(c.tag, str)]
            if not 0 < index <= len(children):
                return None
            node = children[index - 1]
        return node

    def at_xpath(self, path: str | None) -> etree._Element | None:
        """The element libxml2 names by a path such as ``/*/*[2]/*[1]``."""
        if not path:
            return None
        try:
            found = self.tree.xpath(path)
        except etree.XPathError:
            return None
        return found[0] if found and isinstance(found[0], etree._Element) else None

    def where(self, node: etree._Element | None, attribute: str = "") -> tuple[int, int]:
        """(line, column) of ``node``'s start tag, or of its ``attribute`` in that tag."""
        if node is None:
            return 0, 0
        line = node.sourceline or 0
        if not 0 < line <= len(self.lines):
            return line, 0
        text = self.lines[line - 1]
        k = self._on_line[line].index(node) if node in self._on_line[line] else 0
        starts = [m.start() for m in _START_TAG.finditer(text)]
        if k >= len(starts):
            return line, 1
        column = starts[k]
        if attribute:
            end = text.find(">", column)
            tag = text[column:end if end >= 0 else len(text)]
            at = re.search(rf"\s{re.escape(attribute)}\s*=", tag)
            if at:
                return line, column + at.start() + 2
        return line, column + 1
