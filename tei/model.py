"""The document model between reading a transcription and encoding it in TEI.

Readers (``tei.sources``) build it from plain text; the encoder (``tei.encode``) turns it into
TEI. Text is kept exactly as transcribed, inline markers included ("[TN: name blacked out]",
"NAFTA [North American ...]"): turning markers into markup is the encoder's job, so one
inline grammar serves every layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem


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
    """A date as written and its ISO 8601 form (None: read, but contradicted by the source)."""

    text: str
    iso: str | None


@dataclass(frozen=True)
class Action:
    """Sending or receiving: who, where, when (as the transcription gives them)."""

    person: str | None = None
    place: str | None = None
    date: When | None = None
    time: str | None = None  # the time as given, e.g. "[TN: time blacked out]"


@dataclass(frozen=True)
class Related:
    """An entry of the archive's "Related Documents" list (date, title, description: each may
    be missing in a damaged copy)."""

    date: When | None
    title: str | None
    summary: str | None
    cable: str | None
    line: int


@dataclass
class Meta:
    """What the header needs, gathered by the reader."""

    title: str = ""
    title_from_source: bool = True  # False: made from the metadata (no title line found)
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
    #: each language's own classification and precedence, when the two disagree
    marks: dict[str, dict[str, str]] = field(default_factory=dict)
    distribution: str | None = None
    part: tuple[int, int] | None = None  # (1, 2) for "(1 of 2)"
    refers_to: list[tuple[str, str]] = field(default_factory=list)  # (cable no., relation)
    related: list[Related] = field(default_factory=list)
    # newspaper articles
    publication: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A titled section of the front or back matter ("Summary:", "Related Documents").

    Kinds: the archive's record (citation, summary, original-language, contents), the web
    page's back matter (summary, related, document-information), ``title-page`` (the record's
    date and title lines: blocks date and title), ``unrecognised`` (text the reader could not
    place, kept where it stood), and page-furniture (a news site's promotions).
    """

    kind: str
    head: Block | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Reading:
    """What reading one transcription found: for the editor's report and the warnings.

    ``found``: each part recognised and the source lines it took; ``missing``: the expected
    parts not found; ``chrome``: the lines left out as page chrome (line number, text);
    ``problems``: the warnings of the reading, located.
    """

    file: str
    encoding: str = "utf-8"
    found: dict[str, list[int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    chrome: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def warn(self, line: int, message: str, rule: str, column: int = 1) -> None:
        self.problems.append(Problem(self.file, line, column, message, "warning", rule))

    def saw(self, part: str, *lines: int) -> None:
        """Record that ``part`` was recognised on ``lines``."""
        self.found.setdefault(part, []).extend(lines)

    def lack(self, part: str, line: int, message: str) -> None:
        """Record that the expected ``part`` is missing, with a located warning."""
        self.missing.append(part)
        self.warn(line, message, "missing")


@dataclass
class Document:
    """A transcription read by one of the readers."""

    id: str
    genre: str  # cable | article
    layout: str  # the reader: cable, newspaper-masthead, newspaper-headline
    source: str
    meta: Meta
    front: list[Section] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    back: list[Section] = field(default_factory=list)
    #: sections standing between the parts of the body: after part k -> its sections (a
    #: transcription with no cable text at all keeps its text here, after "part -1")
    between: dict[int, list[Section]] = field(default_factory=dict)
    reading: Reading | None = None

    def part(self, lang: str) -> Part | None:
        return next((p for p in self.parts if p.lang == lang), None)
