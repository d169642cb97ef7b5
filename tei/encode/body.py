"""Model -> TEI ``<text>``: front (the archive's record), body (original, translation), back."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ..errors import Problem
from ..model import Block, Document, LineBreak, PageBreak, Part, Section, Stamp, Text, Turn
from ..sources import conventions as cv
from ..sources.article import HEADLINE
from ..sources.cable_text import split_action
from .inline import Context, encode_inline
from .tree import add_text, el

NUMBER_EN = re.compile(r"No\.\s*[0-9]+")
NUMBER_JA = re.compile(r"第\s*[0-9０-９]+\s*号")


@dataclass
class BodyContext:
    """What encoding the text needs beyond the document: people, links, problems found."""

    file: str
    doc_id: str
    translator: str | None
    resolve: Callable[[str, int], str | None]  # speaker label, line -> person id or None
    target: Callable[[str], str | None]  # cable number -> file in the edition, or None
    parties: dict[str, str | None]
    problems: list[Problem] = field(default_factory=list)

    def inline(self, lang: str) -> Context:
        return Context(self.file, lang, self.translator, self.problems)


def fill(parent: etree._Element, pieces: list, ctx: BodyContext, lang: str) -> None:
    """Encode a block's pieces into ``parent``."""
    for piece in pieces:
        if isinstance(piece, Text):
            encode_inline(parent, piece.text, piece.line, ctx.inline(lang))
        elif isinstance(piece, LineBreak):
            el("lb", None, None, parent)
        elif isinstance(piece, PageBreak):
            el("pb", {"n": piece.n, "ed": piece.ed}, None, parent)
        elif isinstance(piece, Stamp):
            el("fw", {"type": piece.kind}, piece.text, parent)


def _wrap_spans(parent: etree._Element, text: str, line: int,
                spans: list[tuple[int, int, Callable[[etree._Element, str], None]]],
                ctx: BodyContext, lang: str) -> None:
    """Encode ``text`` with the given spans built by their own functions, the rest inline."""
    pos = 0
    for start, end, build in sorted(spans, key=lambda s: s[0]):
        encode_inline(parent, text[pos:start], line, ctx.inline(lang))
        build(parent, text[start:end])
        pos = end
    encode_inline(parent, text[pos:], line, ctx.inline(lang))


def _cable_line(parent: etree._Element, block: Block, ctx: BodyContext, lang: str) -> None:
    ab = el("ab", {"type": "cable-line"}, None, parent)
    first = block.pieces[0]
    assert isinstance(first, Text)
    text = first.text
    spans = []
    m = (NUMBER_EN if lang == "en" else NUMBER_JA).search(text)
    if m:
        number = cv.digits(re.sub(r"\D", "", cv.digits(m.group(0))))
        spans.append((m.start(), m.end(),
                      lambda p, t, n=number: el("idno", {"type": "cable", "n": n}, t, p)))
    pos = m.end() if m else 0
    for table, kind in ((cv.CLASSIFICATION, "classification"), (cv.PRECEDENCE, "precedence")):
        for term in sorted(table, key=len, reverse=True):
            at = text.find(term, pos)
            if at >= 0 and not text[pos:at].strip():
                spans.append((at, at + len(term), lambda p, t, v=table[term], k=kind:
                              el("seg", {"type": k, "ana": f"#{k}-{v}"}, t, p)))
                pos = at + len(term)
                break
    _wrap_spans(ab, text, first.line, spans, ctx, lang)
    fill(ab, block.pieces[1:], ctx, lang)


def _reference(parent: etree._Element, block: Block, ctx: BodyContext, lang: str) -> None:
    ab = el("ab", {"type": "reference", "subtype": block.sub}, None, parent)
    first = block.pieces[0]
    assert isinstance(first, Text)
    m = (NUMBER_EN if lang == "en" else NUMBER_JA).search(first.text)
    spans = []
    if m and block.n:
        target = ctx.target(block.n)
        spans.append((m.start(), m.end(), lambda p, t: el(
            "ref", {"type": "cable", "n": block.n, "target": target}, t, p)))
    _wrap_spans(ab, first.text, first.line, spans, ctx, lang)
    fill(ab, block.pieces[1:], ctx, lang)


def _metadata(opener: etree._Element, block: Block, ctx: BodyContext) -> None:
    first = block.pieces[0]
    assert isinstance(first, Text)
    m = cv.META_LINE.match(first.text)
    assert m
    key, value = block.sub or "", m.group(2)
    label = first.text[: m.start(2)]
    if key in ("sent", "received"):
        node = el("seg", {"type": "metadata", "subtype": key}, label, opener)
        place, rest = split_action(value)
        if place.strip():
            el("placeName", None, place, node)
        encode_inline(node, rest, first.line, ctx.inline("en"))
        return
    node = el("seg", {"type": "metadata", "subtype": key}, label, opener)
    if key in ("to", "from") and value:
        who = ctx.parties.get("recipient" if key == "to" else "sender")
        encode_inline(el("persName", {"ref": f"#{who}" if who else None}, None, node), value,
                      first.line, ctx.inline("none"))
    else:
        encode_inline(node, value, first.line, ctx.inline("en"))


def _block(parent: etree._Element, block: Block, ctx: BodyContext, lang: str,
           xml_id: str | None = None) -> etree._Element | None:
    """Encode one block of a part's main text; returns the element made (if one)."""
    kind = block.kind
    if kind in ("stamps", "reaction"):
        # page stamps and a reaction standing alone go straight into the parent (sp / div)
        fill(parent, block.pieces, ctx, lang)
        return None
    if kind == "narration":
        node = el("stage", {"type": "narration", "xml:id": xml_id}, None, parent)
    elif kind == "distribution":
        node = el("ab", {"type": "distribution"}, None, parent)
    elif kind == "closer":
        node = el("seg", {"type": "forwarding"}, None, el("closer", {"xml:id": xml_id}, None,
                                                          parent))
    elif kind == "trailer":
        node = el("trailer", {"xml:id": xml_id}, None, parent)
    elif kind == "byline":
        node = el("byline", None, None, parent)
    elif kind == "caption":
        node = el("head", {"type": "caption"}, None, el("figure", None, None, parent))
    else:
        node = el("p", {"xml:id": xml_id}, None, parent)
    fill(node, block.pieces, ctx, lang)
    return node


def _part(body: etree._Element, part: Part, ctx: BodyContext, aligned: dict[str, str]) -> None:
    # newspaper articles have no translator: their brackets are their own text
    lang = "record" if part.role == "article" else part.lang
    pid = f"{ctx.doc_id}-{part.lang}"
    div = el("div", {"type": part.role, "xml:lang": part.lang, "xml:id": pid,
                     "corresp": aligned.get(pid)}, None, body)
    opener = None
    for block in part.opener:
        if block.kind == "stamps" and opener is None:
            fill(div, block.pieces, ctx, lang)
            continue
        if opener is None:
            opener = el("opener", None, None, div)
        if block.kind == "stamps":
            fill(opener, block.pieces, ctx, lang)
        elif block.kind == "metadata":
            _metadata(opener, block, ctx)
        elif block.kind == "form":
            seg = el("seg", {"type": "telegram-form", "subtype": block.sub}, None, opener)
            fill(seg, block.pieces, ctx, lang)
        elif block.kind == "dateline":
            fill(el("dateline", None, None, opener), block.pieces, ctx, lang)
        elif block.kind == "caption":
            opener = None
            _block(div, block, ctx, lang)
    for block in part.head:
        if block.kind == "head":
            head_id = f"{pid}-head"
            fill(el("head", {"xml:id": head_id, "corresp": aligned.get(head_id)}, None, div),
                 block.pieces, ctx, lang)
        elif block.kind == "headline":
            _headline(div, block, ctx)
    for block in part.head:
        if block.kind == "stamps":
            fill(div, block.pieces, ctx, lang)
        elif block.kind == "cable-line":
            _cable_line(div, block, ctx, lang)
        elif block.kind == "distribution":
            _block(div, block, ctx, lang)
        elif block.kind == "reference":
            _reference(div, block, ctx, lang)
    narration = 0
    turns = 0
    for item in part.items:
        if isinstance(item, Turn):
            turns += 1
            sid = f"{pid}-sp{turns}"
            who = ctx.resolve(item.label.text, item.label.line)
            sp = el("sp", {"who": f"#{who}" if who else None, "xml:id": sid,
                           "corresp": aligned.get(sid)}, None, div)
            el("speaker", None, item.label.text, sp)
            paras = [b for b in item.blocks if b.kind == "p"]
            k = 0
            for block in item.blocks:
                if block.kind == "p":
                    k += 1
                    p_id = f"{sid}-p{k}"
                    node = _block(sp, block, ctx, lang, p_id)
                    if node is not None and aligned.get(p_id):
                        node.set("corresp", aligned[p_id])
                else:
                    _block(sp, block, ctx, lang)
            if not paras:
                el("p", None, None, sp)
        else:
            xml_id = None
            if item.kind == "narration":
                narration += 1
                xml_id = f"{pid}-narration{narration}"
            node = _block(div, item, ctx, lang, xml_id)
            if node is not None and xml_id and aligned.get(xml_id):
                node.set("corresp", aligned[xml_id])
    for block in part.closing:
        xml_id = f"{pid}-{block.kind}" if block.kind in ("closer", "trailer") else None
        node = _block(div, block, ctx, lang, xml_id)
        if node is not None and xml_id and aligned.get(xml_id):
            target = node if block.kind == "trailer" else node.getparent()
            target.set("corresp", aligned[xml_id])


def _headline(div: etree._Element, block: Block, ctx: BodyContext) -> None:
    first = block.pieces[0]
    assert isinstance(first, Text)
    head = el("head", {"type": "headline"}, None, div)
    m = HEADLINE.match(first.text)
    if not m:
        fill(head, block.pieces, ctx, "en")
        return
    spans = [(m.start(g), m.end(g), lambda p, t, g=g: el("seg", {"type": g}, t, p))
             for g in ("headline", "section", "deck")]
    _wrap_spans(head, first.text, first.line, spans, ctx, "en")


def alignment(doc: Document, ctx: BodyContext) -> dict[str, str]:
    """Which element of the translation points to which of the original (ids -> "#id")."""
    original, translation = doc.part("ja"), doc.part("en")
    if original is None or translation is None:
        return {}
    o, t = f"{doc.id}-ja", f"{doc.id}-en"
    pairs = {t: f"#{o}"}
    if any(b.kind == "head" for b in original.head) and any(
            b.kind == "head" for b in translation.head):
        pairs[f"{t}-head"] = f"#{o}-head"
    ja_turns, en_turns = original.turns(), translation.turns()
    ja_who = [ctx.resolve(x.label.text, x.label.line) for x in ja_turns]
    en_who = [ctx.resolve(x.label.text, x.label.line) for x in en_turns]
    if len(ja_turns) != len(en_turns) or any(a and b and a != b for a, b in zip(ja_who, en_who,
                                                                                  strict=False)):
        ctx.problems.append(Problem(
            ctx.file, en_turns[0].label.line if en_turns else 0, 1,
            f"turns not aligned: the original has {len(ja_turns)} turns "
            f"({', '.join(x.label.text for x in ja_turns)}), the translation {len(en_turns)} "
            f"({', '.join(x.label.text for x in en_turns)})", "warning", "alignment"))
    else:
        for k, (a, b) in enumerate(zip(ja_turns, en_turns, strict=True), start=1):
            pairs[f"{t}-sp{k}"] = f"#{o}-sp{k}"
            pa = [x for x in a.blocks if x.kind == "p"]
            pb = [x for x in b.blocks if x.kind == "p"]
            if len(pa) == len(pb):
                for j in range(1, len(pa) + 1):
                    pairs[f"{t}-sp{k}-p{j}"] = f"#{o}-sp{k}-p{j}"
    ja_n = [x for x in original.items if isinstance(x, Block) and x.kind == "narration"]
    en_n = [x for x in translation.items if isinstance(x, Block) and x.kind == "narration"]
    if len(ja_n) == len(en_n):
        for k in range(1, len(ja_n) + 1):
            pairs[f"{t}-narration{k}"] = f"#{o}-narration{k}"
    for kind in ("closer", "trailer"):
        if any(b.kind == kind for b in original.closing) and any(
                b.kind == kind for b in translation.closing):
            pairs[f"{t}-{kind}"] = f"#{o}-{kind}"
    return pairs


def _section(parent: etree._Element, section: Section, doc: Document, ctx: BodyContext) -> None:
    div = el("div", {"type": section.kind}, None, parent)
    if section.head is not None and section.head.kind == "head":
        fill(el("head", None, None, div), section.head.pieces, ctx, "record")
    elif section.head is not None:
        fill(el("ab", {"type": section.head.kind}, None, div), section.head.pieces, ctx, "record")
    if section.kind == "contents":
        if not section.blocks:
            return  # a label with no item under it: an empty list is not TEI
        lst = el("list", None, None, div)
        for block in section.blocks:
            fill(el("item", None, None, lst), block.pieces, ctx, "record")
        return
    if section.kind == "related":
        if not section.blocks:
            return  # a heading with no document under it: an empty listBibl is not TEI
        lst = el("listBibl", None, None, div)
        bibl, entry = None, None
        for block in section.blocks:  # an entry's date, title and description, each a block
            rel = doc.meta.related[int(block.n or 0)]
            if bibl is None or entry != block.n:
                bibl = el("bibl", {"type": "cable", "n": rel.cable,
                                   "corresp": ctx.target(rel.cable) if rel.cable else None},
                          None, lst)
                entry = block.n
            else:
                add_text(bibl, " ")
            if block.sub == "date":
                date = el("date", {"when": rel.date.iso if rel.date else None}, None, bibl)
                fill(date, block.pieces, ctx, "none")
            elif block.sub == "title":
                fill(el("title", {"level": "m"}, None, bibl), block.pieces, ctx, "record")
            else:
                fill(el("note", {"type": "summary"}, None, bibl), block.pieces, ctx, "record")
        return
    fields = None
    for block in section.blocks:
        if block.kind in ("label", "value"):
            if fields is None:
                fields = el("list", {"type": "gloss"}, None, div)
            fill(el("label" if block.kind == "label" else "item", None, None, fields),
                 block.pieces, ctx, "record")
            continue
        fields = None
        if block.sub == "url":
            url = block.plain
            el("ref", {"target": url}, url, el("p", None, None, div))
        elif block.sub == "citation" or section.kind == "citation":
            fill(el("bibl", {"type": "citation"}, None, el("p", None, None, div)),
                 block.pieces, ctx, "record")
        else:
            lang = "ja" if block.sub == "ja" else None
            fill(el("p", {"xml:lang": lang}, None, div), block.pieces, ctx,
                 "none" if lang else "record")


def _title_page(parent: etree._Element, section: Section, doc: Document,
                ctx: BodyContext) -> None:
    """The record's date and title lines (an article's masthead): bare at the top of the front,
    in a ``titlePage`` where a section stands before them (TEI allows no docDate after a div)."""
    if any(etree.QName(child).localname == "div" for child in parent):
        parent = el("titlePage", None, None, parent)
    for block in section.blocks:
        if block.kind == "date":
            when = doc.meta.date.iso if doc.meta.date else None
            fill(el("docDate", {"when": when}, None, parent), block.pieces, ctx, "none")
        elif block.kind == "title":
            fill(el("titlePart", {"type": "main"}, None, el("docTitle", None, None, parent)),
                 block.pieces, ctx, "none")
        elif block.kind == "masthead":
            fill(el("publisher", None, None, el("docImprint", None, None, parent)),
                 block.pieces, ctx, "none")


def _sections(parent: etree._Element, sections: list[Section], doc: Document,
              ctx: BodyContext) -> None:
    for section in sections:
        if section.kind == "title-page":
            _title_page(parent, section, doc, ctx)
        else:
            _section(parent, section, doc, ctx)


def encode_text(doc: Document, ctx: BodyContext) -> etree._Element:
    """The TEI ``<text>`` of ``doc``, every line of the transcription in source order."""
    text = el("text", {"xml:lang": "en" if doc.genre == "article" or len(doc.parts) == 1
                       else None})
    if doc.front:
        _sections(el("front", None, None, text), doc.front, doc, ctx)
    body = el("body", None, None, text)
    aligned = alignment(doc, ctx)
    _sections(body, doc.between.get(-1, []), doc, ctx)
    for k, part in enumerate(doc.parts):
        _part(body, part, ctx, aligned)
        _sections(body, doc.between.get(k, []), doc, ctx)
    if doc.back:
        _sections(el("back", None, None, text), doc.back, doc, ctx)
    return text
