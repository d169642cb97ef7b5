"""Source text as numbered lines and paragraphs, with the export's Markdown stripped.

The archive export wraps some lines in Markdown (``**bold**``, ``## heading``, ``- `` bullets,
``<URL>`` autolinks, two trailing spaces for a hard break). That markup is typography of the
export, not text of the document: it is removed here, once, and the "nothing lost" check
removes exactly the same (see :func:`strip_markdown`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import fail

_BOLD = re.compile(r"\*\*")
_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^\s*-\s+")
_RULE = re.compile(r"\s*(?:\*\s*){3,}")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")


def strip_markdown(line: str) -> str:
    """Remove the export's Markdown from one line and trim its white space."""
    if _RULE.fullmatch(line):  # "***" is a thematic break, not bold markup
        return line.strip()
    line = _AUTOLINK.sub(r"\1", line)
    line = _BOLD.sub("", line)
    line = _HEADING.sub("", line)
    line = _BULLET.sub("", line)
    return line.strip()


@dataclass(frozen=True)
class Line:
    """A non-blank source line: its 1-based number and its text without Markdown."""

    n: int
    text: str


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
    """A transcription read from disk."""

    path: str
    lines: tuple[Line, ...]
    paras: tuple[Para, ...]

    @property
    def name(self) -> str:
        return Path(self.path).name


def _clean(raw: str) -> str:
    # Trailing white space (the web page's NBSPs included) is layout and goes; white space
    # inside a line, ideographic spaces included, is text and stays as it is.
    return strip_markdown(raw)


def read_source(path: str | Path) -> Source:
    """Read a UTF-8 transcription; a file that is not UTF-8 text is refused, located."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        fail(name, 0, f"cannot read file: {exc.strerror}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        fail(name, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        fail(name, line, "a NUL character: this is not a plain-text transcription")
    return source_from_text(text, name)


def source_from_text(text: str, name: str = "<text>") -> Source:
    """Split text into numbered non-blank lines and paragraphs."""
    lines: list[Line] = []
    paras: list[Para] = []
    current: list[Line] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        cleaned = _clean(raw)
        if cleaned:
            line = Line(n, cleaned)
            lines.append(line)
            current.append(line)
        elif current:
            paras.append(Para(tuple(current)))
            current = []
    if current:
        paras.append(Para(tuple(current)))
    return Source(name, tuple(lines), tuple(paras))
