"""The archive's record around a cable: its date and title lines, the labelled record of the
export (citation, summary, original language, contents), the web page's citation block, its
related documents and its document information.

Each reader takes the classified lines of its stretch of the transcription (see
``tei.sources.cable``) and keeps every one of them, in order: a line that is no known part of
the record becomes an ``unrecognised`` paragraph, with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Block, LineBreak, Meta, Reading, Related, Section, Text
from . import classify as k
from . import conventions as cv
from .cable_text import find_date, text_block
from .classify import Tagged


def read_title(rd: Reading, tagged: Sequence[Tagged], meta: Meta | None) -> Block:
    """"Cable No. 1456, Ambassador Kuriyama to the Foreign Minister, '…'" (its lines); sets
    the title and cable number of ``meta`` (when given: not for a related document's title)."""
    title = " ".join(" ".join(t.text for t in tagged).split())
    if meta is not None:
        m = cv.TITLE.match(title)
        meta.title = title
        start = cv.TITLE_START.match(title)
        meta.cable = cv.digits(start.group(0)[len("Cable No."):].strip(" ,")) if start else None
        if m is None:
            rd.warn(tagged[0].n, "the title line does not read \"Cable No. N, SENDER to "
                    "RECIPIENT, 'SUBJECT'\": kept as the title as it stands", "title")
        rd.saw("title-line", *(t.n for t in tagged))
    pieces = []
    for i, t in enumerate(tagged):
        if i:
            pieces.append(LineBreak())
        pieces.append(Text(t.text, t.n))
    return Block("title", pieces)


def title_extent(tagged: Sequence[Tagged], i: int) -> int:
    """How many lines from ``tagged[i]`` the title takes (its ``TITLE_MORE`` lines after it)."""
    j = i + 1
    while j < len(tagged) and tagged[j].kind == k.TITLE_MORE:
        j += 1
    return j - i


def read_citation(text: str, meta: Meta) -> None:
    """File number and translator from the archive's citation."""
    m = cv.FILE_NO.search(text)
    if m and meta.file_no is None:
        meta.file_no = m.group(1).rstrip(".")
    m = cv.TRANSLATOR.search(text)
    if m and meta.translator is None:
        meta.translator = m.group(1).strip()


def _same(text: str, other: str | None) -> bool:
    return other is not None and " ".join(text.split()) == " ".join(other.split())


def _sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "。")) and len(text.split()) >= 4


def unrecognised(rd: Reading, sections: list[Section], t: Tagged, join: bool) -> None:
    """Keep ``t`` as a paragraph of an ``unrecognised`` section (the line before's paragraph
    when ``join``), with a warning for each such paragraph."""
    last = sections[-1] if sections else None
    rd.saw("unrecognised", t.n)
    if join and last is not None and last.kind == "unrecognised" and last.blocks:
        last.blocks[-1].pieces += [LineBreak(), Text(t.text, t.n)]
        return
    if last is None or last.kind != "unrecognised":
        last = Section("unrecognised", None)
        sections.append(last)
    last.blocks.append(text_block("p", [t.line], sub="ja" if t.lang == "ja" else None))
    rd.warn(t.n, f"not recognised as a part of the cable or of the archive's record: kept as a "
            f"paragraph where it stands ('{t.text[:50]}{' …' if len(t.text) > 50 else ''}')",
            "unrecognised")


def read_record(rd: Reading, tagged: Sequence[Tagged], meta: Meta) -> list[Section]:
    """The record's lines -> sections in source order (``title-page`` for the date and title
    lines); sets what the header needs in ``meta``."""
    sections: list[Section] = []
    current: Section | None = None  # the labelled section that takes the next lines
    last_para = -1
    was_unrecognised = False
    i = 0
    while i < len(tagged):
        t = tagged[i]
        kind = t.kind
        same_para = t.line.para == last_para
        last_para = t.line.para
        join, was_unrecognised = was_unrecognised and same_para, False
        if kind == k.DATE and meta.date is None:
            meta.date = find_date(rd, t.n, t.text)
            _title_page(sections).blocks.append(text_block("date", [t.line]))
            rd.saw("date-line", t.n)
            current = None
        elif kind == k.TITLE and not meta.title:
            size = title_extent(tagged, i)
            _title_page(sections).blocks.append(read_title(rd, tagged[i:i + size], meta))
            i += size
            last_para = tagged[i - 1].line.para
            current = None
            continue
        elif kind == k.LABEL:
            current = _label(rd, t, meta)
            sections.append(current)
        elif kind in (k.CITATION, k.URL):
            if current is None or current.kind != "citation":
                current = Section("citation", None)
                sections.append(current)
            url = kind == k.URL
            current.blocks.append(text_block("p", [t.line], sub="url" if url else None))
            if url:
                meta.url = meta.url or t.text
            else:
                meta.citation = meta.citation or t.text
                read_citation(t.text, meta)
            rd.saw("citation", t.n)
        elif kind == k.CONTENT and current is not None and current.kind == "contents":
            current.blocks.append(text_block("item", [t.line]))
            rd.saw("contents", t.n)
        elif current is not None and _takes(current, t, same_para):
            block = current.blocks[-1] if current.blocks and same_para else None
            if block is not None and block.kind == "p":
                block.pieces += [LineBreak(), Text(t.text, t.n)]
            else:
                current.blocks.append(text_block("p", [t.line]))
            _value(current, meta)
            rd.saw(current.kind, t.n)
        elif t.lang == "en" and kind == k.TEXT and _sentence(t.text) and (
                meta.summary is None and meta.short_summary is None
                or _same(t.text, meta.short_summary) or _same(t.text, meta.summary)):
            # the archive's one-line summary, wherever the page puts it (above the date, in
            # the citation block; a page may give it twice)
            current = Section("summary", None, [text_block("p", [t.line])])
            sections.append(current)
            meta.short_summary = meta.short_summary or t.text
            rd.saw("summary", t.n)
        else:
            current = None
            unrecognised(rd, sections, t, join)
            was_unrecognised = True
        i += 1
    return sections


def _title_page(sections: list[Section]) -> Section:
    if not sections or sections[-1].kind != "title-page":
        sections.append(Section("title-page", None))
    return sections[-1]


def _label(rd: Reading, t: Tagged, meta: Meta) -> Section:
    """"Citation:", "**Summary:**", "Summary: text", "• Citation": the section it opens."""
    bare = t.text.lstrip(cv.BULLETS + " ")
    m = cv.RECORD_LABEL.match(bare)
    assert m
    kind = cv.RECORD_LABELS[m.group(1)]
    value = m.group(3)
    rd.saw(kind, t.n)
    if not value:
        return Section(kind, text_block("head", [t.line]))
    cut = len(t.text) - len(value)
    section = Section(kind, Block("head", [Text(t.text[:cut].rstrip(), t.n)]),
                      [Block("p", [Text(value, t.n)])])
    _value(section, meta)
    return section


def _takes(section: Section, t: Tagged, same_para: bool) -> bool:
    """Whether the open ``section`` takes the line ``t`` as its value."""
    if t.kind not in (k.TEXT, k.FIELD, k.DATE, k.TITLE) or t.lang != "en":
        return False
    if section.kind in ("summary", "rights"):
        return section.head is not None or same_para
    if section.kind == "original-language":
        return not section.blocks
    if section.kind == "citation":  # a citation wrapped over lines (never after its address)
        return same_para and bool(section.blocks) and section.blocks[-1].sub != "url"
    return False


def _value(section: Section, meta: Meta) -> None:
    texts = [b.plain for b in section.blocks if b.sub != "url"]
    if section.kind == "summary" and section.head is not None:
        meta.summary = "\n".join(texts) or None
    elif section.kind == "summary":
        meta.short_summary = " ".join(texts)
    elif section.kind == "original-language" and texts:
        meta.original_language = texts[0].strip()
    elif section.kind == "rights":
        meta.rights = texts


def read_related(rd: Reading, tagged: Sequence[Tagged], meta: Meta) -> Section:
    """"Related Documents" and its entries: a date, a title and a description each (blocks
    ``related`` of sub date, title, summary; ``n`` numbers the entry in ``meta.related``)."""
    section = Section("related", text_block("head", [tagged[0].line]))
    rd.saw("related-documents", *(t.n for t in tagged))
    entry: list[tuple[str, list[Tagged]]] = []

    def close() -> None:
        if not entry:
            return
        parts = dict(entry)
        date, title = parts.get("date"), parts.get("title")
        when = find_date(rd, date[0].n, date[0].text) if date else None
        title_text = " ".join(" ".join(t.text for t in title).split()) if title else None
        m = cv.TITLE_START.match(title_text or "")
        number = cv.digits(m.group(0)[len("Cable No."):].strip(" ,")) if m else None
        summary = " ".join(t.text for t in parts.get("summary", [])) or None
        meta.related.append(Related(when, title_text, summary, number, entry[0][1][0].n))
        lacking = [w for w in ("date", "title", "summary") if w not in parts]
        if lacking:
            rd.warn(entry[0][1][0].n, f"a related document without its "
                    f"{' and '.join(lacking)}: kept as it stands", "related")
        for what, lines in entry:
            section.blocks.append(text_block("related", [t.line for t in lines], sub=what,
                                             n=str(len(meta.related) - 1)))
        entry.clear()

    i = 1
    while i < len(tagged):
        t = tagged[i]
        have = {what for what, _ in entry}
        if t.kind == k.DATE:
            if have:
                close()
            entry.append(("date", [t]))
        elif t.kind == k.TITLE:
            if have & {"title", "summary"}:
                close()
            size = title_extent(tagged, i)
            entry.append(("title", list(tagged[i:i + size])))
            i += size
            continue
        elif entry and entry[-1][0] == "summary" and t.line.para == entry[-1][1][-1].line.para:
            entry[-1][1].append(t)
        else:
            if "summary" in have:
                close()
            entry.append(("summary", [t]))
        i += 1
    close()
    return section


def read_information(rd: Reading, tagged: Sequence[Tagged], meta: Meta) -> Section:
    """"Document Information": the archive's citation, its rights statement, its fields."""
    section = Section("document-information", text_block("head", [tagged[0].line]))
    rd.saw("document-information", tagged[0].n)
    blocks = section.blocks
    for t in tagged[1:]:
        last = blocks[-1] if blocks else None
        if t.kind == k.FIELD:
            if last is not None and last.kind == "label":
                blocks.append(Block("value", []))
            blocks.append(text_block("label", [t.line]))
        elif last is not None and last.kind == "label":
            blocks.append(text_block("value", [t.line]))
        elif last is not None and last.kind == "value":
            last.pieces += [LineBreak(), Text(t.text, t.n)] if last.pieces else [
                Text(t.text, t.n)]
        elif t.kind == k.CITATION and meta.citation is None:
            meta.citation = t.text
            read_citation(t.text, meta)
            blocks.append(text_block("p", [t.line], sub="citation"))
            rd.saw("citation", t.n)
        else:
            meta.rights.append(t.text)
            blocks.append(text_block("p", [t.line], sub="rights"))
            rd.saw("rights", t.n)
        rd.saw("document-information", t.n)
    if blocks and blocks[-1].kind == "label":
        blocks.append(Block("value", []))
    return section
