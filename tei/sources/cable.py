"""A cable transcription -> the document model, found by the parts it is made of.

The archive's pages and exports share no order of paragraphs, but a vocabulary of parts, each
recognisable on its own line (``classify``). Reading is three steps:

1. **decode and split** (``decode``, ``lines``): bytes -> numbered lines, whatever the
   encoding, the line ends, the blank lines or the Markdown;
2. **classify** each line (``classify``): chrome, date, title, record label, metadata line,
   cable line, stamps, speaker turn, text …;
3. **assemble** (here): the lines fall into stretches — the archive's record, the Japanese
   original, the English translation, the related documents, the document information —
   by what they are: a Japanese line belongs to the original, a metadata line or a cable
   line opens the translation, a record label or a title line opens the record, the back
   matter opens at its headings. Text lines go with the stretch they stand in. Each stretch
   is read by its reader (``cable_text``, ``record``), which keeps every line.

Nothing is refused and nothing is dropped: page chrome is left out and listed in the reading's
report; what no reader recognises is kept, in place, as paragraphs of an ``unrecognised``
section; each expected part that is missing is a located warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Action, Document, Meta, Part, Reading, Section, When
from . import classify as k
from . import conventions as cv
from .cable_text import read_original, read_translation, settle_marks, text_block
from .classify import Tagged, classify_all
from .lines import Para, Source
from .record import read_information, read_record, read_related, unrecognised

NAME = "cable"
RECORD, ORIGINAL, TRANSLATION, RELATED, INFO = (
    "record", "original", "translation", "related", "info")
CABLE_ZONES = (ORIGINAL, TRANSLATION)
#: Lines that leave the cable's text for the archive's record.
_RECORD_OPENERS = {k.TITLE, k.LABEL}
#: English lines that open (or continue) the translation.
_TRANSLATION = {k.META, k.CABLE, k.REFERENCE, k.DISTRIBUTION, k.TURN, k.END}
#: English lines that end a stretch of the original.
_EN_ANCHORS = _TRANSLATION | _RECORD_OPENERS | {k.DATE, k.CITATION, k.URL, k.CONTENT,
                                                k.RELATED, k.INFO}


@dataclass
class Zone:
    """A stretch of the transcription: its kind and its lines."""

    kind: str
    lines: list[Tagged] = field(default_factory=list)


def _japanese_follows(tagged: Sequence[Tagged]) -> list[bool]:
    """For each line: whether the next line that is Japanese or opens another part is
    Japanese (an English line inside the original is followed by more of it). One pass from
    the end, so that reading stays linear in the length of the transcription."""
    follows = [False] * len(tagged)
    answer = False
    for i in range(len(tagged) - 1, -1, -1):
        follows[i] = answer
        t = tagged[i]
        if t.lang == "ja":
            answer = True
        elif t.kind in _EN_ANCHORS:
            answer = False
    return follows


def _zone_of(t: Tagged, current: str | None, japanese_follows: bool) -> str:
    if t.kind == k.TITLE_MORE and current is not None:
        return current
    if t.kind == k.RELATED:
        return RELATED
    if t.kind == k.INFO:
        return INFO
    if current in (RELATED, INFO) and not (
            t.lang == "ja" or t.kind in (k.META, k.CABLE, k.LABEL)):
        return current
    if t.lang == "ja":
        return ORIGINAL
    if t.kind in _TRANSLATION:
        if t.kind == k.END and current == ORIGINAL:
            return ORIGINAL
        return TRANSLATION
    if current == TRANSLATION:
        return RECORD if t.kind in _RECORD_OPENERS else TRANSLATION
    if current == ORIGINAL:
        if t.kind in _EN_ANCHORS:
            return RECORD
        return ORIGINAL if japanese_follows else TRANSLATION
    return RECORD


def segment(tagged: Sequence[Tagged]) -> list[Zone]:
    """The stretches of the transcription, in source order."""
    zones: list[Zone] = []
    follows = _japanese_follows(tagged)
    for i, t in enumerate(tagged):
        kind = _zone_of(t, zones[-1].kind if zones else None, follows[i])
        opens = t.kind in (k.RELATED, k.INFO)
        if zones and zones[-1].kind == kind and not opens:
            zones[-1].lines.append(t)
        else:
            zones.append(Zone(kind, [t]))
    # A translation that begins without its metadata lines: the text lines standing just
    # before its first structural line (its subject, its opening paragraphs) are its own.
    for z in range(1, len(zones)):
        zone, before = zones[z], zones[z - 1]
        if zone.kind != TRANSLATION or zone.lines[0].kind == k.META or before.kind != RECORD:
            continue
        values = _label_values(before.lines)
        cut = len(before.lines)
        while cut > 0 and before.lines[cut - 1].kind in (k.TEXT, k.TURN) \
                and cut - 1 not in values:
            cut -= 1
        if cut < len(before.lines):
            zone.lines[:0] = before.lines[cut:]
            del before.lines[cut:]
    return [z for z in zones if z.lines]


def _label_values(lines: Sequence[Tagged]) -> set[int]:
    """The lines of the paragraphs that stand right after a record label (the labels'
    values)."""
    values: set[int] = set()
    for i, t in enumerate(lines):
        if i == 0:
            continue
        same_para = lines[i - 1].line.para == t.line.para
        if (i - 1 in values) if same_para else lines[i - 1].kind == k.LABEL:
            values.add(i)
    return values


def paragraphs(tagged: Sequence[Tagged]) -> list[Para]:
    """Paragraphs of a stretch: the lines of one source paragraph together, except that a line
    of a known part always stands on its own (a speaker's turn takes the text lines after it)."""
    paras: list[list] = []
    previous: Tagged | None = None
    for t in tagged:
        if (paras and previous is not None and t.kind == k.TEXT
                and previous.kind in (k.TEXT, k.TURN) and previous.line.para == t.line.para):
            paras[-1].append(t.line)
        else:
            paras.append([t.line])
        previous = t
    return [Para(tuple(p)) for p in paras]


def _page_summary(zone: Zone, following: Zone | None, meta: Meta) -> list[Tagged]:
    """The web page's one-line summary, standing right under the translation: the lines to
    take off the end of the translation's stretch (none when there is no such summary)."""
    lines = zone.lines
    last_para = lines[-1].line.para
    start = len(lines)
    while start > 0 and lines[start - 1].line.para == last_para:
        start -= 1
    tail = lines[start:]
    if start == 0 or any(t.kind != k.TEXT for t in tail) or len(tail) > 3:
        return []
    text = " ".join(t.text for t in tail)
    known = meta.short_summary or meta.summary
    before = lines[start - 1]
    if known and " ".join(known.split()) == " ".join(text.split()):
        return tail
    closed = before.kind == k.END or cv.END_RE.search(before.text) is not None \
        or cv.FORWARD_EN.search(before.text) is not None
    # the page sets its summary off by more blank lines than it puts between paragraphs
    spaced = tail[0].line.gap >= 3 and all(t.line.gap < 3 for t in lines[:start]
                                            if t.line.gap)
    back_matter = following is not None and following.kind in (RELATED, INFO)
    if known:
        return tail if closed or spaced else []
    return tail if closed or spaced or back_matter else []


def read_cable(src: Source, heads_only: bool = False) -> Document:
    """Read a cable transcription (any shape the archive's pages and exports give it).

    ``heads_only``: the record and the heads of the two languages, not their text (enough for
    the batch's index of numbers, titles and links, at a fraction of the cost).
    """
    rd = Reading(src.path, src.encoding, problems=list(src.problems))
    tagged: list[Tagged] = []
    for t in classify_all(src.lines):
        if t.kind == k.CHROME:
            rd.chrome.append((t.n, t.text))
        else:
            tagged.append(t)
    meta = Meta()
    zones = segment(tagged)
    first = {kind: next((z for z, zone in enumerate(zones) if zone.kind == kind), None)
             for kind in CABLE_ZONES}
    primary = sorted(z for z in first.values() if z is not None)
    sections: dict[int, list[Section]] = {}
    for z, zone in enumerate(zones):
        if z in primary:
            continue
        if zone.kind == RELATED:
            sections[z] = [read_related(rd, zone.lines, meta)]
        elif zone.kind == INFO:
            sections[z] = [read_information(rd, zone.lines, meta)]
        elif zone.kind == RECORD:
            sections[z] = read_record(rd, zone.lines, meta)
        else:  # a second stretch of one language: kept as it stands
            found: list[Section] = []
            for t in zone.lines:
                unrecognised(rd, found, t, False)
            sections[z] = found
    parts: list[Part] = []
    summary_after: Section | None = None
    if first[ORIGINAL] is not None:
        lines = zones[first[ORIGINAL]].lines
        parts.append(read_original(rd, paragraphs(_head_of(lines) if heads_only else lines),
                                   meta, heads_only))
    if first[TRANSLATION] is not None:
        z = first[TRANSLATION]
        zone = zones[z]
        tail = _page_summary(zone, zones[z + 1] if z + 1 < len(zones) else None, meta)
        if tail:
            zone = Zone(TRANSLATION, zone.lines[: len(zone.lines) - len(tail)])
            summary_after = Section("summary", None, [text_block("p", [t.line for t in tail])])
            meta.short_summary = meta.short_summary or " ".join(t.text for t in tail)
            rd.saw("summary", *(t.n for t in tail))
        m = cv.TITLE.match(meta.title)
        lines = _head_of(zone.lines) if heads_only else zone.lines
        translation = read_translation(rd, paragraphs(lines), meta, m.group(4) if m else None,
                                       heads_only)
        translation_at = len(parts)
        parts.append(translation)
        if first[ORIGINAL] is not None and first[ORIGINAL] > z:
            parts.reverse()
            translation_at = 0
    doc = Document(id="", genre="cable", layout=NAME, source=src.path, meta=meta, parts=parts,
                   reading=rd)
    _arrange(doc, zones, primary, sections)
    if summary_after is not None:
        z = first[TRANSLATION]
        if primary and z == primary[-1]:
            doc.back.insert(0, summary_after)
        else:
            doc.between.setdefault(translation_at, []).insert(0, summary_after)
    _settle(doc, src, first)
    return doc


def _head_of(lines: list[Tagged]) -> list[Tagged]:
    """The lines of a part up to the first speaker's turn after its cable line (its head, and
    a little more): where the readers stop when only the heads are asked for."""
    cable = next((i for i, t in enumerate(lines) if t.kind == k.CABLE), None)
    if cable is None:
        return lines
    turn = next((i for i in range(cable + 1, len(lines)) if lines[i].kind == k.TURN), None)
    return lines if turn is None else lines[: turn + 1]


def _arrange(doc: Document, zones: list[Zone], primary: list[int],
             sections: dict[int, list[Section]]) -> None:
    """Place the sections of the record in the front, between the parts, or in the back, where
    they stand in the source."""
    if not primary:
        ordered = [s for z in sorted(sections) for s in sections[z]]
        split = next((i for i, s in enumerate(ordered) if s.kind == "unrecognised"),
                     len(ordered) - 1)
        doc.front = ordered[:split]
        doc.between[-1] = [_in_body(s) for s in ordered[split:]]
        return
    for z, found in sorted(sections.items()):
        if z < primary[0]:
            doc.front.extend(found)
        elif z > primary[-1]:
            doc.back.extend(found)
        else:
            doc.between.setdefault(0, []).extend(_in_body(s) for s in found)


def _in_body(section: Section) -> Section:
    """A title page cannot stand in the body: its lines are kept there as paragraphs."""
    if section.kind != "title-page":
        return section
    for block in section.blocks:
        block.kind = "p"
    return Section("unrecognised", None, section.blocks)


def _settle(doc: Document, src: Source, first: dict[str, int | None]) -> None:
    """The document's number, id and title; the warnings for what is missing."""
    rd, meta = doc.reading, doc.meta
    assert rd is not None
    at = src.lines[0].n if src.lines else 1
    settle_marks(rd, meta, {"en": (rd.found.get("cable-line") or [0])[0],
                            "ja": (rd.found.get("original:cable-line") or [0])[0]})
    if meta.cable_ja and meta.cable and meta.cable_ja != meta.cable:
        rd.warn(rd.found["original:cable-line"][0], f"the original is No. {meta.cable_ja}, the "
                f"translation and the record No. {meta.cable}: the document is No. "
                f"{meta.cable}", "cable-number")
    sent, received = meta.sent.date, meta.received.date
    if sent and received and sent.iso and received.iso and received.iso[:10] < sent.iso[:10]:
        rd.warn((rd.found.get("metadata:received") or [at])[0], f"the cable is received on "
                f"{received.iso} ('{received.text}'), before it was sent on {sent.iso} "
                f"('{sent.text}'): the header gives the received date without its ISO form",
                "date")
        meta.received = Action(meta.received.person, meta.received.place,
                               When(received.text, None), meta.received.time)
    if meta.cable is None and meta.cable_ja:
        meta.cable = meta.cable_ja
    if meta.cable is None and meta.citation:
        m = re.search(r"Cable No\.\s*([0-9]+)", meta.citation)
        meta.cable = m.group(1) if m else None
    if "date-line" not in rd.found:
        rd.lack("date-line", at, "no date line (e.g. 'February 12, 1994') in the archive's "
                "record")
        meta.date = meta.date or meta.sent.date
    if "title-line" not in rd.found:
        rd.lack("title-line", at, "no title line (\"Cable No. N, SENDER to RECIPIENT, "
                "'SUBJECT'\") in the archive's record")
        meta.title_from_source = False
        meta.title = _made_title(doc, src)
    if first[TRANSLATION] is None:
        rd.lack("translation", at, "no English translation (its metadata lines 'Number:', "
                "'Sent:' … or its cable line 'No. N …')")
    language = cv.LANGUAGES.get(meta.original_language or "")
    if first[ORIGINAL] is None and language == "ja":
        rd.lack("original", rd.found.get("original-language", [at])[0], "the record says "
                "'Original Language: Japanese' but no Japanese original was found")
    if meta.citation is None:
        rd.lack("citation", at, "no citation of the archive (its file number and translator "
                "are unknown): neither 'Citation:' nor a 'Document Information' block")
    if not doc.parts and not any(s.kind != "unrecognised" for s in doc.front):
        rd.lack("cable", at, "no part of a cable was recognised: the text is kept as "
                "paragraphs")
    doc.id = f"cable-{meta.cable}" if meta.cable else f"doc-{_slug(Path(src.path).stem)}"


def _made_title(doc: Document, src: Source) -> str:
    """A title for the header when the source has no title line: from the cable's own parts."""
    meta = doc.meta
    subject = next((b.plain for p in doc.parts if p.lang == "en" for b in p.head
                    if b.kind == "head"), None) or meta.title_ja
    if meta.cable:
        title = f"Cable No. {meta.cable}"
        if meta.sent.person and meta.received.person:
            title += f", {meta.sent.person} to {meta.received.person}"
        return f"{title}, '{subject}'" if subject else title
    return subject or f"Untitled transcription ({Path(src.path).name})"


def _slug(text: str) -> str:
    slug = "-".join(re.findall(r"[A-Za-z0-9]+", text)).lower()
    return slug or "untitled"
