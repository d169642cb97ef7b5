"""What both layouts of the archive share: the title line and the archive's citation."""

from __future__ import annotations

import re

from ..errors import fail
from ..model import Block, LineBreak, Meta, Text, When
from .cable_text import _date
from .lines import Para

TITLE = re.compile(r"^Cable No\.\s*([0-9]+),\s*(.+?)\s+to\s+(?:the\s+)?(.+?),\s*'(.+)'$")
FILE_NO = re.compile(r"File No\.\s*([0-9A-Za-z-]+)")
TRANSLATOR = re.compile(r"Translated by ([^.]+(?:\.[A-Z]\.?[^.]*)?)\.?\s*$")


def read_date(file: str, para: Para) -> When:
    """The date line on top of a record ("February 12, 1994")."""
    when = _date(file, para.n, para.text)
    if when is None or when.text != para.text.strip():
        fail(file, para.n, f"expected the document's date (e.g. 'February 12, 1994'), found "
             f"'{para.text[:60]}'")
    return when


def read_title(file: str, para: Para, meta: Meta) -> Block:
    """"Cable No. 1456, Ambassador Kuriyama to the Foreign Minister, '…'"."""
    title = " ".join(para.text.split())
    m = TITLE.match(title)
    if not m:
        fail(file, para.n, "expected the archive's title line \"Cable No. N, SENDER to "
             f"RECIPIENT, 'SUBJECT'\", found '{title[:60]}'")
    meta.title = title
    meta.cable = m.group(1)
    pieces = []
    for k, line in enumerate(para.lines):
        if k:
            pieces.append(LineBreak())
        pieces.append(Text(line.text, line.n))
    return Block("title", pieces)


def read_citation(text: str, meta: Meta) -> None:
    """File number and translator from the archive's citation."""
    m = FILE_NO.search(text)
    if m:
        meta.file_no = m.group(1).rstrip(".")
    m = TRANSLATOR.search(text)
    if m:
        meta.translator = m.group(1).strip()
