"""Source text as numbered lines and paragraphs, with the export's Markdown stripped.

The archive export wraps some lines in Markdown (``**bold**``, ``## heading``, ``- `` bullets,
``<URL>`` autolinks, two trailing spaces for a hard break). That markup is typography of the
export, not text of the document: it is removed here, once, and the "nothing lost" check
removes exactly the same (see :func:`strip_markdown`).

Paragraphs are runs of lines between blank lines. A transcription copied without its blank
lines (every line a paragraph of the page) is recognised by having (almost) none: then every
line is a paragraph of its own, and the readers see the same paragraphs either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import Problem, fail
from .decode import decode

_BOLD = re.compile(r"\*\*")
_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^\s*-\s+")
_RULE = re.compile(r"\s*(?:\*\s*){3,}")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
#: Fewer blank lines than this share of the text lines: the blank lines were lost in copying.
COLLAPSED_SHARE = 0.2


def strip_markdown(line: str) -> str:
    """Remove the export's Markdown from one line and trim its white space."""
    # each rule runs only where its mark stands: most lines have none (a hot path)
    if "*" in line and _RULE.fullmatch(line):  # "***" is a thematic break, not bold markup
        return line.strip()
    if "<" in line:
        line = _AUTOLINK.sub(r"\1", line)
    if "*" in line:
        line = _BOLD.sub("", line)
    if line[:1] == "#":
        line = _HEADING.sub("", line)
    if "-" in line:
        line = _BULLET.sub("", line)
    return line.strip()


class Line(NamedTuple):
    """A non-blank source line: its 1-based number, its text without Markdown, the paragraph it
    belongs to (an index, the same for every line of one paragraph) and the blank lines before
    it (the web page sets its summary off with more of them)."""

    n: int
    text: str
    para: int = 0
    gap: int = 0


@dataclass(frozen=True)
class Para:
    """Consecutive non-blank lines (a paragraph of the transcription)."""

    lines: tuple[Line, ...]

    @property
    def n(self) -> int:
        return self.lines[0].n

    @property
    def text(self) -> str:
        """The paragraph's lines joined by a space (for matching, not for encoding)."""
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Source:
    """A transcription read from disk: its lines, and what reading its bytes found."""

    path: str
    lines: tuple[Line, ...]
    encoding: str = "utf-8"
    problems: tuple[Problem, ...] = ()
    collapsed: bool = False  # copied without its blank lines
    paras: tuple[Para, ...] = field(default=(), repr=False)

    @property
    def name(self) -> str:
        return Path(self.path).name


def read_source(path: str | Path) -> Source:
    """Read a transcription (see :mod:`tei.sources.decode` for the encodings read); a file
    that holds no usable text is refused, located."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        fail(name, 0, f"cannot read file: {exc.strerror}", rule="encoding")
    decoded = decode(name, data)
    return source_from_text(decoded.text, name, decoded.encoding, decoded.problems)


def source_from_text(text: str, name: str = "<text>", encoding: str = "utf-8",
                     problems: tuple[Problem, ...] = ()) -> Source:
    """Split text into numbered non-blank lines and paragraphs."""
    raw = text.split("\n")
    cleaned = [strip_markdown(line) if line else "" for line in raw]
    content = [k for k, c in enumerate(cleaned) if c]
    blank = sum(1 for k in range(content[0], content[-1]) if not cleaned[k]) if content else 0
    collapsed = len(content) > 4 and blank < COLLAPSED_SHARE * (len(content) - 1)
    lines: list[Line] = []
    para, gap = 0, 0
    for k, text_ in enumerate(cleaned):
        if not text_:
            gap += 1
            continue
        if lines and (gap or collapsed):
            para += 1
        lines.append(Line(k + 1, text_, para, gap))
        gap = 0
    paras: list[Para] = []
    for line in lines:
        if paras and paras[-1].lines[-1].para == line.para:
            paras[-1] = Para((*paras[-1].lines, line))
        else:
            paras.append(Para((line,)))
    return Source(name, tuple(lines), encoding, tuple(problems), collapsed, tuple(paras))
