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
#: Markup with end tags too: where each element ends (see :meth:`Locator.ends`).
_TAGS = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|</[^>]*>|"
    r"<(?=[^\s/!?])", re.DOTALL)
_START_TAG = re.compile(r"<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>")


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
        self._ends: dict[etree._Element, tuple[int, int]] | None = None

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

    def start_offset(self, node: etree._Element) -> int | None:
        """Where ``node``'s start tag begins in the text (its ``<``)."""
        return self._start.get(node)

    def line_column(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset in the text (both from 1)."""
        return self._line_column(offset)

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

    def ends(self) -> dict[etree._Element, tuple[int, int]]:
        """For each element, the offsets just after its start tag and just after its end tag
        (the same for ``<x/>``); scanned once, on first use (only invalid files need it)."""
        if self._ends is None:
            self._ends = {}
            by_offset = {start: node for node, start in self._start.items()}
            open_: list[tuple[etree._Element, int]] = []
            for m in _TAGS.finditer(self.text):
                token = m.group(0)
                if token == "<":
                    node = by_offset.get(m.start())
                    tag = _START_TAG.match(self.text, m.start())
                    if node is None or tag is None:
                        continue
                    if tag.group(1):
                        self._ends[node] = (tag.end(), tag.end())
                    else:
                        open_.append((node, tag.end()))
                elif token.startswith("</") and open_:
                    node, start_end = open_.pop()
                    self._ends[node] = (start_end, m.end())
        return self._ends

    def text_at(self, parent: etree._Element, after: etree._Element | None = None
             ) -> tuple[int, int]:
        """(line, column) of the first character that is not blank of the text that begins
        in ``parent`` after its start tag (``after``: after that child's end)."""
        ends = self.ends().get(after if after is not None else parent)
        if ends is None:
            return self.where(after if after is not None else parent)
        position = ends[1] if after is not None else ends[0]
        text = self.text
        while position < len(text):
            if text[position].isspace():
                position += 1
            elif text.startswith("<!--", position):
                position = text.find("-->", position) % (len(text) + 1) + 3
            elif text.startswith("<?", position):
                position = text.find("?>", position) % (len(text) + 1) + 2
            elif text.startswith("<![CDATA[", position):
                position += 9
            else:
                break
        return self._line_column(min(position, len(text)))
