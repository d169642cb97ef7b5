"""Where a node is in its file: line and column of an element's start tag or an attribute.

libxml2 keeps only a line per element (the line where its start tag *ends*). The file's text is
scanned once for its start tags instead: in well-formed XML the k-th start tag (outside
comments, CDATA sections, processing instructions and the DOCTYPE) is the k-th element, so the
place of every element and of every attribute in its tag is exact, even for a start tag that
spans several lines.
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<(?=[^\s/!?])",
    re.DOTALL)
_ATTRIBUTE = re.compile(r"\s+([^\s=/>]+)\s*=\s*(?:\"[^\"]*\"|'[^']*')")


class Locator:
    """Line and column of the elements (and their attributes) of one parsed file."""

    def __init__(self, tree: etree._ElementTree, text: str):
        self.tree = tree
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        starts = [m.start() for m in _MARKUP.finditer(text) if m.group(0) == "<"]
        elements = [n for n in tree.getroot().iter() if isinstance(n.tag, str)]
        # a mismatch (text and tree from different files) leaves the places unknown
        self._start = dict(zip(elements, starts, strict=False)) \
            if len(starts) == len(elements) else {}

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

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def where(self, node: etree._Element | None, attribute: str = "") -> tuple[int, int]:
        """(line, column) of ``node``'s start tag, or of its ``attribute`` in that tag."""
        if node is None:
            return 0, 0
        start = self._start.get(node)
        if start is None:
            return node.sourceline or 0, 0
        if attribute:
            position = start + 1
            while True:
                m = _ATTRIBUTE.match(self.text, position) or \
                    _ATTRIBUTE.match(self.text, self._skip_name(position))
                if not m:
                    break
                if m.group(1) == attribute:
                    return self._line_column(m.start(1))
                position = m.end()
        return self._line_column(start)

    def _skip_name(self, position: int) -> int:
        while position < len(self.text) and not self.text[position].isspace() \
                and self.text[position] not in "/>":
            position += 1
        return position
