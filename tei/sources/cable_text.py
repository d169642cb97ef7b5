"""The text of a cable, in either language: opener, title, cable line, turns, closing.

Both layouts of the archive (web page, archive export) hold the same cable text; this module
reads it once for the English translation (:func:`read_translation`) and once for the Japanese
original with its scanned-page furniture (:func:`read_original`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..dates import DateError, parse_english, parse_japanese
from ..errors import fail
from ..model import (
    Action,
    Block,
    Item,
    LineBreak,
    Meta,
    PageBreak,
    Part,
    Piece,
    Stamp,
    Text,
    Turn,
    When,
)
from . import conventions as cv
from .lines import Line, Para


def _text_block(kind: str, lines: Sequence[Line], **kw: str | None) -> Block:
    pieces: list[Piece] = []
    for i, line in enumerate(lines):
        if i:
            pieces.append(LineBreak())
        pieces.append(Text(line.text, line.n))
    return Block(kind, pieces, **kw)


def _date(file: str, line: int, text: str, lang: str = "en") -> When | None:
    try:
        found = parse_english(text) if lang == "en" else parse_japanese(text)
    except DateError as exc:
        fail(file, line, str(exc))
    return When(*found) if found else None


def parse_action(file: str, line: Line, value: str) -> Action:
    """"United Nations, February 12, 1994, [TN: time blacked out]" -> place, date, time."""
    when = _date(file, line.n, value)
    if when is None:
        return Action(place=value or None)
    before, _, after = value.partition(when.text)
    return Action(
        place=before.strip().rstrip(",").strip() or None,
        date=when,
        time=after.strip().lstrip(",").strip() or None,
    )


def read_cable_line(file: str, line: Line, meta: Meta, lang: str) -> None:
    """"No. 1456 Secret Top Urgent" / "第1468号 極秘 大至急" -> cable number, marks."""
    m = (cv.CABLE_LINE_EN if lang == "en" else cv.CABLE_LINE_JA).match(line.text)
    assert m
    number, rest = cv.digits(m.group(1)), m.group(2)
    known = meta.cable if lang == "en" else meta.cable_ja
    if known and known != number:
        fail(file, line.n, f"cable number {number} contradicts No. {known} given earlier")
    if lang == "en":
        meta.cable = number
    else:
        meta.cable_ja = number
    words = rest
    for table, attr in ((cv.CLASSIFICATION, "classification"), (cv.PRECEDENCE, "precedence")):
        for term in sorted(table, key=len, reverse=True):
            if words.startswith(term):
                value = table[term]
                if getattr(meta, attr) is None:
                    setattr(meta, attr, value)
                elif getattr(meta, attr) != value:
                    fail(file, line.n, f"{attr} '{term}' contradicts '{getattr(meta, attr)}'")
                words = words[len(term):].strip()
                break
    if words:
        fail(file, line.n, f"unknown words '{words}' after the cable number: expected a "
             f"classification ({', '.join(cv.CLASSIFICATION)}) and a precedence "
             f"({', '.join(cv.PRECEDENCE)})", column=line.text.index(words) + 1)


def _reference(file: str, block: Block, m, meta: Meta) -> None:
    number = cv.digits(m.group(1)) if m.group(1) else None
    kind = m.group(2)
    relation = "divided" if ("Divided" in kind.title() or "分割" in kind) else "separate"
    block.n = number
    block.sub = relation
    if number and (number, relation) not in meta.refers_to:
        meta.refers_to.append((number, relation))


def _split_end(block: Block) -> Block | None:
    """Cut a closing "(End)" / "（了）" off the end of ``block``; return it as a trailer."""
    last = block.pieces[-1] if block.pieces else None
    if not isinstance(last, Text):
        return None
    m = cv.END_RE.search(last.text)
    if not m:
        return None
    rest = last.text[: m.start()]
    if rest.strip():
        block.pieces[-1] = Text(rest.rstrip(), last.line)
    else:
        block.pieces.pop()
    return Block("trailer", [Text(m.group(1), last.line)])


def group_turns(blocks: list[Block], lang: str) -> list[Item]:
    """Group paragraphs into speaker turns: a label opens a turn that runs to the next one."""
    items: list[Item] = []
    turn: Turn | None = None
    for block in blocks:
        first = block.pieces[0] if block.pieces else None
        if block.kind == "p" and isinstance(first, Text):
            m = cv.speaker_label(first.text)
            if m:
                rest = first.text[m.end():]
                label = Text(m.group(0).rstrip(), first.line)
                body = ([Text(rest, first.line)] if rest else []) + block.pieces[1:]
                turn = Turn(label, [Block("p", body)] if body else [])
                items.append(turn)
                continue
            text = block.plain.strip()
            if turn is not None and cv.is_reaction(text):
                # "(laughter)" on its own line is the listeners' reaction inside the turn
                block.kind = "reaction"
                turn.blocks.append(block)
                continue
            if (text[:1] in "(（" and text[-1:] in ")）" and not cv.LABEL.fullmatch(text)) or (
                cv.LABEL.fullmatch(text) and not cv.speaker_label(text)
            ):
                # A paragraph wholly in parentheses is the reporter's narration, not speech.
                block.kind = "narration"
                turn = None
                items.append(block)
                continue
        if turn is not None and block.kind in ("p", "stamps"):
            turn.blocks.append(block)
        else:
            items.append(block)
    return items


def finish(part: Part, body: list[Block]) -> None:
    """Split the closing parts off the body (end mark, forwarding line) and group turns."""
    closing: list[Block] = []
    if body:
        trailer = _split_end(body[-1])
        if trailer:
            if not body[-1].pieces:
                body.pop()
            closing.insert(0, trailer)
    if body and body[-1].kind == "p":
        text = body[-1].plain.strip()
        if (cv.FORWARD_EN if part.lang == "en" else cv.FORWARD_JA).search(text):
            body[-1].kind = "closer"
            closing.insert(0, body.pop())
    part.items = group_turns(body, part.lang)
    part.closing = closing


def _join(into: Block, pieces: list[Piece], breaker: Piece) -> None:
    into.pieces.append(breaker)
    into.pieces.extend(pieces)


def read_translation(file: str, paras: Sequence[Para], meta: Meta) -> Part:
    """The English translation: metadata lines, title, cable line, turns, closing."""
    part = Part("en", "translation")
    i = 0
    while i < len(paras) and cv.META_LINE.match(paras[i].lines[0].text):
        for line in paras[i].lines:
            m = cv.META_LINE.match(line.text)
            if not m:
                fail(file, line.n, f"expected a metadata line ({', '.join(cv.META_LABELS)}: ...)")
            key, value = cv.META_LABELS[m.group(1)], m.group(2).strip()
            if key in ("sent", "received"):
                action = parse_action(file, line, value)
                setattr(meta, key, action)
            elif key == "to":
                meta.received = Action(value, meta.received.place, meta.received.date,
                                       meta.received.time)
            elif key == "from":
                meta.sent = Action(value, meta.sent.place, meta.sent.date, meta.sent.time)
            elif key == "primary":
                meta.primary = value
            elif key == "number":
                meta.serial = value
            part.opener.append(_text_block("metadata", [line], sub=key))
        i += 1
    if not part.opener:
        fail(file, paras[0].n if paras else 0,
             "expected the cable's metadata lines (Number:, Sent:, Received:, To:, From:)")
    # keep To/From persons when Sent/Received come after them
    if i >= len(paras):
        fail(file, paras[-1].n, "the cable ends after its metadata: no title, no text")
    title = paras[i]
    if cv.CABLE_LINE_EN.match(title.text):
        fail(file, title.n, "expected the cable's title before its number line")
    part.head.append(_text_block("head", title.lines))
    m = cv.PART_EN.search(title.text)
    if m:
        meta.part = (int(m.group(1)), int(m.group(2)))
    i += 1
    body: list[Block] = []
    while i < len(paras):
        para = paras[i]
        text = para.text
        if not body and cv.CABLE_LINE_EN.match(text):
            read_cable_line(file, para.lines[0], meta, "en")
            body.append(_text_block("cable-line", para.lines))
        elif not body or all(b.kind in ("cable-line", "distribution", "reference") for b in body):
            if cv.DISTRIBUTION.match(text):
                meta.distribution = cv.DISTRIBUTION_VALUES[cv.DISTRIBUTION.match(text).group(1)]
                body.append(_text_block("distribution", para.lines))
            elif (m := cv.REFERENCE_EN.match(text)) is not None:
                block = _text_block("reference", para.lines)
                _reference(file, block, m, meta)
                body.append(block)
            else:
                body.append(_text_block("p", para.lines))
        elif body[-1].kind == "p" and cv.continues(body[-1].plain, text, "en"):
            _join(body[-1], _text_block("p", para.lines).pieces, PageBreak(ed="translation"))
        else:
            body.append(_text_block("p", para.lines))
        i += 1
    lead = [b for b in body if b.kind in ("cable-line", "distribution", "reference")]
    rest = [b for b in body if b.kind not in ("cable-line", "distribution", "reference")]
    part.head.extend(lead)
    finish(part, rest)
    return part


# --- the Japanese original ---------------------------------------------------------------


def stamp_pieces(line: Line) -> list[Stamp] | None:
    """The stamps on a line of page furniture, or None if the line is text."""
    compact = line.text.replace(" ", "").replace("\u3000", "")
    if cv.STAMP_LINE.match(compact):
        return [Stamp(s, line.n) for s in cv.STAMP_ONE.findall(compact)]
    m = cv.NOTICE_LINE.match(line.text)
    if m:
        stamps = [Stamp("注意", line.n)] if m.group(1) else []
        return [*stamps, Stamp(m.group(2), line.n, "notice")]
    return None


def read_original(file: str, paras: Sequence[Para], meta: Meta) -> Part:
    """The Japanese original: telegram form, stamps and page breaks, title, turns, closing."""
    part = Part("ja", "original")
    # A unit is a paragraph's run of text lines, or a run of stamp lines.
    units: list[tuple[str, list]] = []
    for para in paras:
        for line in para.lines:
            stamps = stamp_pieces(line)
            kind = "stamps" if stamps else "text"
            content = stamps if stamps else [line]
            if units and units[-1][0] == kind and (kind == "stamps" or units[-1][2] is para):
                units[-1][1].extend(content)
            else:
                units.append((kind, list(content), para))
    number_at = next(
        (k for k, u in enumerate(units) if u[0] == "text" and cv.CABLE_LINE_JA.match(u[1][0].text)),
        None,
    )
    if number_at is None:
        fail(file, paras[0].n if paras else 0,
             "no cable number line (第…号) in the Japanese original")
    head_at = next((k for k in range(number_at - 1, -1, -1) if units[k][0] == "text"), None)
    if head_at is None:
        fail(file, units[number_at][1][0].n, "no title before the cable number line (第…号)")

    page = 1
    opener: list[Block] = [Block("stamps", [PageBreak(n="1")])]
    for kind, content, _ in units[:head_at]:
        if kind == "stamps":
            opener.append(Block("stamps", list(content)))
        else:
            for line in content:
                block = _text_block("form", [line], sub=_form_field(line.text))
                opener.append(block)
    part.opener = opener
    part.head.append(_text_block("head", units[head_at][1]))
    m = cv.PART_JA.search(units[head_at][1][0].text)
    if m:
        ja_part = (int(cv.digits(m.group(1))), int(cv.digits(m.group(2))))
        if meta.part and meta.part != ja_part:
            fail(file, units[head_at][1][0].n,
                 f"the original says part {ja_part[0]} of {ja_part[1]}, the translation "
                 f"{meta.part[0]} of {meta.part[1]}")
        meta.part = ja_part
    for _, content, _ in units[head_at + 1 : number_at]:
        part.head.append(Block("stamps", list(content)))
    read_cable_line(file, units[number_at][1][0], meta, "ja")
    part.head.append(_text_block("cable-line", units[number_at][1]))
    meta.title_ja = " ".join(line.text for line in units[head_at][1])

    body: list[Block] = []
    in_head = True
    pending: list[Piece] = []  # page break + stamps waiting for the next text
    for kind, content, _ in units[number_at + 1 :]:
        if kind == "stamps":
            if any(s.text == cv.PAGE_STAMP for s in content) and not in_head:
                page += 1
                pending.append(PageBreak(n=str(page)))
            pending.extend(content)
            continue
        text = " ".join(line.text for line in content)
        if in_head:
            if cv.DISTRIBUTION.match(text):
                part.head.extend([Block("stamps", pending)] if pending else [])
                pending = []
                part.head.append(_text_block("distribution", content))
                continue
            m = cv.REFERENCE_JA.match(text)
            if m:
                part.head.extend([Block("stamps", pending)] if pending else [])
                pending = []
                block = _text_block("reference", content)
                _reference(file, block, m, meta)
                part.head.append(block)
                continue
            last = part.head[-1]
            if last.kind == "reference" and last.plain.rstrip().endswith(("：", ":")):
                # "往電第5513号別電2：" / "日米間の基本的わく組みの再確認…": the subject line
                _join(last, _text_block("p", content).pieces, LineBreak())
                continue
            in_head = False
            if pending:
                body.append(Block("stamps", pending))
                pending = []
        if body and body[-1].kind == "p" and cv.continues(body[-1].plain, text, "ja"):
            breaker: list[Piece] = pending or [LineBreak()]
            body[-1].pieces.extend(breaker)
            body[-1].pieces.extend(_text_block("p", content).pieces)
        else:
            if pending:
                body.append(Block("stamps", pending))
            body.append(_text_block("p", content))
        pending = []
    if pending:
        body.append(Block("stamps", pending))
    finish(part, body)
    return part


def _form_field(text: str) -> str:
    """What a line of the telegram form is, from its last characters."""
    compact = text.replace(" ", "")
    if parse_japanese_safe(compact) or compact.endswith("日"):
        return "date"
    for suffix, field in (("殿", "addressee"), ("発", "sent"), ("着", "received"),
                          ("大使", "sender"), ("公使", "sender"), ("総領事", "sender"),
                          ("代表", "sender"), ("局長", "primary"), ("課長", "primary")):
        if compact.endswith(suffix):
            return field
    return "label"


def parse_japanese_safe(text: str) -> bool:
    try:
        return parse_japanese(text) is not None
    except DateError:
        return False
