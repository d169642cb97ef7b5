"""Plain transcriptions -> the document model.

Three readers: the cable reader (``cable``: every shape of the archive's pages and exports,
found by the parts it is made of) and two layouts of newspaper articles (context documents),
which are recognised by their first lines. A transcription that is not an article is read as
a cable: whatever has text becomes a document, with a warning for each part that could not be
recognised. Only input with no usable text (empty, binary, undecodable) is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import Problem, TeiCablesError
from ..model import Document
from . import article, cable
from .lines import Source, read_source
from .recognise import Miss

Reader = tuple[str, Callable[[Source], Miss | None] | None, Callable[..., Document]]

#: The readers, tried in this order; the cable reader takes whatever the others do not.
READERS: tuple[Reader, ...] = (
    (article.MASTHEAD_NAME, article.recognise_masthead, article.read_masthead),
    (article.HEADLINE_NAME, article.recognise_headline, article.read_headline),
    (cable.NAME, None, cable.read_cable),
)
#: The names ``--layout`` takes; "web-page" and "archive-export", the cable layouts of earlier
#: versions, name the cable reader.
ALIASES = {"web-page": cable.NAME, "archive-export": cable.NAME}
LAYOUT_NAMES = (*(name for name, _, _ in READERS), *ALIASES)


def detect(src: Source) -> Reader:
    """The reader for ``src``: an article layout that recognises it, else the cable reader."""
    for reader in READERS:
        if reader[1] is None or reader[1](src) is None:
            return reader
    raise AssertionError("the cable reader takes every source")


def read_document(path: str | Path, layout: str | None = None,
                  heads_only: bool = False) -> Document:
    """Read one transcription into the document model (its reader detected unless named).

    ``heads_only``: a cable's record and heads, not its text: what the batch's index needs.
    """
    src = read_source(path)
    if layout is None:
        return _read(detect(src), src, heads_only)
    name = ALIASES.get(layout, layout)
    found = [reader for reader in READERS if reader[0] == name]
    if not found:
        raise TeiCablesError(Problem(str(path), 0, 0, f"unknown layout '{layout}'"))
    recognise = found[0][1]
    miss = recognise(src) if recognise else None
    if miss:
        raise TeiCablesError(Problem(src.path, miss.line, 1,
                                     f"not the {name} layout: expected {miss.expected}",
                                     rule="layout"))
    return _read(found[0], src, heads_only)


def _read(reader: Reader, src: Source, heads_only: bool) -> Document:
    return reader[2](src, heads_only=True) if heads_only and reader[0] == cable.NAME \
        else reader[2](src)
