"""Plain transcriptions -> the document model: recognise the layout, then read it.

Each layout is a (name, recognise, read) triple; :func:`read_document` tries them in order and,
when none recognises the input, reports the line where the most promising one gave up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import Problem, TeiCablesError
from ..model import Document
from . import archive_export, article, webpage
from .lines import Source, read_source
from .recognise import Miss

Layout = tuple[str, Callable[[Source], Miss | None], Callable[[Source], Document]]

LAYOUTS: tuple[Layout, ...] = (
    (webpage.NAME, webpage.recognise, webpage.read),
    (archive_export.NAME, archive_export.recognise, archive_export.read),
    (article.MASTHEAD_NAME, article.recognise_masthead, article.read_masthead),
    (article.HEADLINE_NAME, article.recognise_headline, article.read_headline),
)
LAYOUT_NAMES = tuple(name for name, _, _ in LAYOUTS)


def detect(src: Source) -> Layout:
    """The layout that recognises ``src``; otherwise a located error naming what was expected."""
    if not src.lines:
        raise TeiCablesError(Problem(src.path, 1, 1, "the file is empty: no transcription to read"))
    misses: list[tuple[Miss, str]] = []
    for layout in LAYOUTS:
        miss = layout[1](src)
        if miss is None:
            return layout
        misses.append((miss, layout[0]))
    best, name = max(misses, key=lambda m: m[0].line)
    others = "; ".join(f"{n} expected {m.expected} at line {m.line}" for m, n in misses
                       if n != name)
    raise TeiCablesError(Problem(
        src.path, best.line, 1,
        f"no known layout recognised: the closest, {name}, expected {best.expected} here "
        f"(also tried: {others})", rule="layout",
    ))


def read_document(path: str | Path, layout: str | None = None) -> Document:
    """Read one transcription into the document model (layout detected unless named)."""
    src = read_source(path)
    if layout is None:
        chosen = detect(src)
    else:
        found = [entry for entry in LAYOUTS if entry[0] == layout]
        if not found:
            raise TeiCablesError(Problem(str(path), 0, 0, f"unknown layout '{layout}'"))
        chosen = found[0]
        miss = chosen[1](src)
        if miss:
            raise TeiCablesError(Problem(src.path, miss.line, 1,
                                         f"not the {layout} layout: expected {miss.expected}"))
    return chosen[2](src)
