"""The document model between reading a transcription and encoding it in TEI.

Readers (``tei.sources``) build it from plain text; the encoder (``tei.encode``) turns it into
TEI. Text is kept exactly as transcribed, inline markers included ("[TN: name blacked out]",
"NAFTA [North American ...]"): turning markers into markup is the encoder's job, so one
inline grammar serves every layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """A run of transcribed text and the source line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class LineBreak:
    """A line break inside a block (kept where the transcription breaks a line)."""


@dataclass(frozen=True)
class PageBreak:
    """A page break of the original scan (``n``) or of the translation (``ed``)."""

    n: str | None = None
    ed: str | None = None


@dataclass(frozen=True)
class Stamp:
    """A stamp, running header or printed notice repeated on the scanned pages (TEI ``fw``)."""

    text: str
    line: int
    kind: str = "stamp"  # stamp | notice


Piece = Text | LineBreak | PageBreak | Stamp


@dataclass
class Block:
    """A block of the text: a paragraph, heading, form field, closing line ...

    ``kind`` is one of: p, head, narration, cable-line, distribution, reference, form,
    metadata, closer, trailer, stamps, caption, byline, separator, masthead, dateline.
    ``sub`` refines it (e.g. the metadata field "sent"); ``n`` carries a number the reader
    found (the referenced cable number).
    """

    kind: str
    pieces: list[Piece]
    sub: str | None = None
    n: str | None = None

    @property
    def line(self) -> int:
        for piece in self.pieces:
            if isinstance(piece, Text | Stamp):
                return piece.line
        return 0

    @property
    def plain(self) -> str:
        """The block's text runs joined (for matching, never for output)."""
        return "".join(p.text for p in self.pieces if isinstance(p, Text))


@dataclass
class Turn:
    """A speaker's turn: the label as printed ("(Prime Minister)") and its paragraphs."""

    label: Text
    blocks: list[Block]
    who: str | None = None


Item = Block | Turn


@dataclass
class Part:
    """One language version of the text: the Japanese original or the English translation."""

    lang: str  # "ja" | "en"
    role: str  # "original" | "translation" | "article"
    opener: list[Block] = field(default_factory=list)
    head: list[Block] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)

    def turns(self) -> list[Turn]:
        return [item for item in self.items if isinstance(item, Turn)]


@dataclass(frozen=True)
class When:
    """A date as written and its ISO 8601 form."""

    text: str
    iso: str


@dataclass(frozen=True)
class Action:
    """Sending or receiving: who, where, when (as the transcription gives them)."""

    person: str | None = None
    place: str | None = None
    date: When | None = None
    time: str | None = None  # the time as given, e.g. "[TN: time blacked out]"


@dataclass(frozen=True)
class Related:
    """An entry of the archive's "Related Documents" list."""

    date: When | None
    title: str
    summary: str
    cable: str | None
    line: int


@dataclass
class Meta:
    """What the header needs, gathered by the reader."""

    title: str = ""
    title_ja: str | None = None
    date: When | None = None
    cable: str | None = None
    cable_ja: str | None = None
    file_no: str | None = None
    citation: str | None = None
    url: str | None = None
    summary: str | None = None
    short_summary: str | None = None
    rights: list[str] = field(default_factory=list)
    translator: str | None = None
    original_language: str | None = None
    sent: Action = field(default_factory=Action)
    received: Action = field(default_factory=Action)
    primary: str | None = None
    serial: str | None = None
    classification: str | None = None
    precedence: str | None = None
    distribution: str | None = None
    part: tuple[int, int] | None = None  # (1, 2) for "(1 of 2)"
    refers_to: list[tuple[str, str]] = field(default_factory=list)  # (cable no., relation)
    related: list[Related] = field(default_factory=list)
    # newspaper articles
    publication: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A titled section of the front or back matter ("Summary:", "Related Documents")."""

    kind: str
    head: Block | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    """A transcription read by one of the layout readers."""

    id: str
    genre: str  # cable | article
    layout: str
    source: str
    meta: Meta
    title_page: list[Block] = field(default_factory=list)  # date and title lines on top
    front: list[Section] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    back: list[Section] = field(default_factory=list)

    def part(self, lang: str) -> Part | None:
        return next((p for p in self.parts if p.lang == lang), None)
