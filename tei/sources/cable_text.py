"""The text of a cable, in either language: opener, title, cable line, turns, closing.

:func:`read_translation` reads the English translation (metadata lines, subject, cable line,
turns, closing); :func:`read_original` the Japanese original with its telegram form and the
furniture of its scanned pages. Neither refuses a text: a part that is missing or out of its
place is a warning (``Reading``), and its lines are kept as paragraphs where they stand.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..dates import find_english, find_japanese
from ..model import (
    Action,
    Block,
    Item,
    LineBreak,
    Meta,
    PageBreak,
    Part,
    Piece,
    Reading,
    Stamp,
    Text,
    Turn,
    When,
)
from . import conventions as cv
from .lines import Line, Para


def text_block(kind: str, lines: Sequence[Line], **kw: str | None) -> Block:
    """A block of ``lines``, a line break between each two."""
    pieces: list[Piece] = []
    for i, line in enumerate(lines):
        if i:
            pieces.append(LineBreak())
        pieces.append(Text(line.text, line.n))
    return Block(kind, pieces, **kw)


def find_date(rd: Reading, line: int, text: str, lang: str = "en",
              column: int = 1) -> When | None:
    """The first date in ``text`` (which begins at ``column`` of its line); one that names no
    real day is a warning, and None."""
    found = find_english(text) if lang == "en" else find_japanese(text)
    if found is None:
        return None
    if found.iso is None:
        rd.warn(line, f"{found.problem}: kept as text", "date", column + found.start)
        return None
    return When(found.text, found.iso)


def split_action(value: str) -> tuple[str, str]:
    """"United Nations, February 12, 1994, [TN: …]" -> ("United Nations", the rest): the place
    is what stands before the date, or before the first comma when no date can be read."""
    found = find_english(value)
    if found is not None:
        place = value[: found.start].rstrip().rstrip(",").rstrip()
    else:
        place = value.split(",", 1)[0].strip()
    if place.startswith("[") or "[TN:" in place:
        place = ""  # a redaction where the place stands: not a place name
    return place, value[len(place):] if place else value


def parse_action(rd: Reading, line: Line, key: str, value: str) -> Action:
    """"United Nations, February 12, 1994, [TN: time blacked out]" -> place, date, time."""
    when = find_date(rd, line.n, value, column=line.text.rfind(value) + 1 if value else 1)
    place, rest = split_action(value)
    if when is None:
        if any(p.line == line.n and p.rule == "date" for p in rd.problems):
            rd.missing.append(f"{key}-date")  # a date that is no real day: warned already
        else:
            rd.lack(f"{key}-date", line.n, f"no {key} date: line {line.n} reads "
                    f"'{_quote(value)}'")
        return Action(place=place or None)
    after = rest[rest.find(when.text) + len(when.text):] if when.text in rest else ""
    return Action(place=place or None, date=when,
                  time=after.strip().lstrip(",").strip() or None)


def _quote(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[:size].rstrip() + " …"


def read_cable_line(rd: Reading, line: Line, meta: Meta, lang: str) -> None:
    """"No. 1456 Secret Top Urgent" / "第1468号 極秘 大至急" -> cable number, marks."""
    m = (cv.CABLE_LINE_EN if lang == "en" else cv.CABLE_LINE_JA).match(line.text)
    if m is None:
        return
    number, rest = cv.digits(m.group(1)), m.group(2)
    known = meta.cable if lang == "en" else meta.cable_ja
    if known and known != number:
        rd.warn(line.n, f"cable number {number} differs from No. {known} given earlier "
                f"(the document keeps No. {known} as its number)", "cable-number")
    elif lang == "en":
        meta.cable = number
    else:
        meta.cable_ja = number
    words = rest
    own = meta.marks.setdefault(lang, {})
    for table, attr in ((cv.CLASSIFICATION, "classification"), (cv.PRECEDENCE, "precedence")):
        for term in sorted(table, key=len, reverse=True):
            if words.startswith(term):
                own[attr] = table[term]
                words = words[len(term):].strip()
                break
    if words:
        rd.warn(line.n, f"unknown words '{words}' after the cable number: kept as text; "
                f"expected a classification ({', '.join(cv.CLASSIFICATION)}) and a precedence "
                f"({', '.join(cv.PRECEDENCE)})", "cable-line", line.text.index(words) + 1)
    rd.saw("cable-line" if lang == "en" else "original:cable-line", line.n)


def settle_marks(rd: Reading, meta: Meta, lines: dict[str, int]) -> None:
    """The header's classification and precedence: the original's, else the translation's. Where
    the two languages differ, each keeps its own words in its text, and a warning says so."""
    ja, en = meta.marks.get("ja", {}), meta.marks.get("en", {})
    for attr in ("classification", "precedence"):
        if ja.get(attr) and en.get(attr) and ja[attr] != en[attr]:
            rd.warn(lines.get("en", 0), f"the translation's {attr} ({en[attr]}) differs from the "
                    f"original's ({ja[attr]}): each language keeps its own; the header gives "
                    "the original's", "disagreement")
        setattr(meta, attr, ja.get(attr) or en.get(attr))


def _reference(block: Block, m, meta: Meta) -> None:
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


def _last_text(blocks: Sequence[Block]) -> Text | None:
    for block in reversed(blocks):
        texts = [p for p in block.pieces if isinstance(p, Text) and p.text.strip()]
        if texts:
            return texts[-1]
    return None


def finish(rd: Reading, part: Part, body: list[Block]) -> None:
    """Split the closing parts off the body (end mark, forwarding line), group turns, and warn
    when the text stops in mid-sentence without its closing mark (a cable cut off)."""
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
    if closing and not any(b.kind != "stamps" for b in body):
        # a closing with no text before it (a damaged copy): TEI closes only a text, so its
        # lines are kept as paragraphs
        part.items += [Block("p", b.pieces) for b in closing]
        closing = []
    part.closing = closing
    prefix = "" if part.lang == "en" else "original:"
    for block in closing:
        rd.saw(prefix + ("closing" if block.kind == "trailer" else "forwarding"), block.line)
    last = _last_text(body)
    terminal = cv.TERMINAL_EN if part.lang == "en" else cv.TERMINAL_JA
    if not closing and last is not None and not last.text.rstrip().endswith(terminal):
        which = "translation" if part.lang == "en" else "original"
        rd.warn(last.line, f"the {which} stops in mid-sentence without its closing mark "
                f"('{'(End)' if part.lang == 'en' else '（了）'}'): the cable may be cut off "
                f"(line {last.line} ends '…{last.text.rstrip()[-30:]}')", "cut-off")


def _tail(block: Block) -> str:
    """The last run of text of ``block`` (where a sentence continues or ends: enough for
    :func:`conventions.continues`, and no cost that grows with the block)."""
    return next((p.text for p in reversed(block.pieces) if isinstance(p, Text)), "")


def _join(into: Block, pieces: list[Piece], breaker: Piece) -> None:
    into.pieces.append(breaker)
    into.pieces.extend(pieces)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _is_lead(text: str) -> bool:
    return bool(cv.CABLE_LINE_EN.match(text) or cv.DISTRIBUTION.match(text)
                or cv.REFERENCE_EN.match(text))


def _is_subject(para: Para, following: Para | None, after_meta: bool,
                subject: str | None) -> bool:
    """Whether ``para`` is the subject line over the translation (its ``head``)."""
    text = para.text
    if cv.speaker_label(text) or cv.META_LINE.match(text) or _is_lead(text):
        return False
    if subject and _same(text, subject):
        return True
    if following is not None and _is_lead(following.text):
        return True
    return after_meta and len(text) <= 200 and not text.rstrip().endswith(cv.TERMINAL_EN)


def _meta_line(rd: Reading, line: Line, meta: Meta, part: Part) -> None:
    m = cv.META_LINE.match(line.text)
    assert m
    key, value = cv.META_LABELS[m.group(1)], m.group(2).strip()
    if key in ("sent", "received"):
        found = parse_action(rd, line, key, value)
        old = getattr(meta, key)
        setattr(meta, key, Action(old.person, found.place, found.date, found.time))
    elif key == "to":
        meta.received = Action(value or None, meta.received.place, meta.received.date,
                               meta.received.time)
    elif key == "from":
        meta.sent = Action(value or None, meta.sent.place, meta.sent.date, meta.sent.time)
    elif key == "primary":
        meta.primary = value
    elif key == "number":
        meta.serial = value
    part.opener.append(text_block("metadata", [line], sub=key))
    rd.saw(f"metadata:{key}", line.n)


#: The translation's metadata lines whose absence is warned (Number and Primary are not
#: always given).
EXPECTED_META = ("sent", "received", "to", "from")


def read_translation(rd: Reading, paras: Sequence[Para], meta: Meta,
                     subject: str | None = None, heads_only: bool = False) -> Part:
    """The English translation: metadata lines, subject, cable line, turns, closing.

    The parts of its head are recognised in any order among themselves, in the order metadata,
    subject, cable line (with distribution and references); a head part met after the text has
    begun is kept as a paragraph where it stands, with a warning. ``heads_only``: stop where the
    text begins (what the batch's index needs is all in the head).
    """
    part = Part("en", "translation")
    stage = 0  # 0 nothing yet, 1 metadata, 2 subject and cable line, 3 the text
    body: list[Block] = []
    lead: list[Block] = []
    first_line = paras[0].n if paras else 0
    for k, para in enumerate(paras):
        text = para.text
        following = paras[k + 1] if k + 1 < len(paras) else None
        if cv.META_LINE.match(para.lines[0].text) and all(
                cv.META_LINE.match(line.text) for line in para.lines[1:]):
            if stage <= 1:
                for line in para.lines:
                    _meta_line(rd, line, meta, part)
                stage = 1
                continue
            rd.warn(para.n, "a metadata line after the cable's head: kept as text where it "
                    "stands", "order")
        elif stage <= 1 and _is_subject(para, following, stage == 1, subject):
            part.head.append(text_block("head", para.lines))
            rd.saw("subject", *(line.n for line in para.lines))
            m = cv.PART_EN.search(text)
            if m:
                meta.part = (int(m.group(1)), int(m.group(2)))
            stage = 2
            continue
        elif stage <= 2 and cv.CABLE_LINE_EN.match(text):
            read_cable_line(rd, para.lines[0], meta, "en")
            lead.append(text_block("cable-line", para.lines))
            stage = 2
            continue
        elif stage <= 2 and cv.DISTRIBUTION.match(text):
            meta.distribution = cv.DISTRIBUTION_VALUES[cv.DISTRIBUTION.match(text).group(1)]
            lead.append(text_block("distribution", para.lines))
            rd.saw("distribution", para.n)
            stage = 2
            continue
        elif stage <= 2 and (m := cv.REFERENCE_EN.match(text)) is not None:
            block = text_block("reference", para.lines)
            _reference(block, m, meta)
            lead.append(block)
            rd.saw("reference", para.n)
            stage = 2
            continue
        stage = 3
        if heads_only:
            break
        if body and body[-1].kind == "p" and cv.continues(_tail(body[-1]), text, "en"):
            _join(body[-1], text_block("p", para.lines).pieces, PageBreak(ed="translation"))
        else:
            body.append(text_block("p", para.lines))
    part.head.extend(lead)
    if not part.opener:
        rd.lack("metadata", first_line, "no metadata lines (Number:, Sent:, Received:, To:, "
                "From:) over the translation")
    else:
        seen = {b.sub for b in part.opener}
        for key in EXPECTED_META:
            if key not in seen:
                rd.lack(f"metadata:{key}", part.opener[-1].line,
                        f"no '{key.title()}:' line among the translation's metadata lines")
    if not any(b.kind == "head" for b in part.head):
        rd.lack("subject", first_line, "no subject line over the translation")
    if not any(b.kind == "cable-line" for b in part.head):
        rd.lack("cable-line", first_line, "no cable line ('No. N' with its classification "
                "and precedence) in the translation")
    finish(rd, part, body)
    if part.turns():
        rd.saw("turns", *(t.label.line for t in part.turns()))
    return part


# --- the Japanese original ---------------------------------------------------------------


def stamp_pieces(line: Line) -> list[Stamp] | None:
    """The stamps on a line of page furniture, or None if the line is text."""
    found = cv.stamps_of(line.text)
    return None if found is None else [Stamp(text, line.n, kind) for text, kind in found]


def _form_like(text: str) -> bool:
    """A short line of the telegram form ("総 番 号", "米 国 発", "外 務 大 臣 殿")."""
    compact = text.replace(" ", "").replace("\u3000", "")
    return len(compact) <= 16 and not compact.endswith(("。", "）", ")")) \
        and not cv.speaker_label(text)


def read_original(rd: Reading, paras: Sequence[Para], meta: Meta,
                  heads_only: bool = False) -> Part:
    """The Japanese original: telegram form, stamps and page breaks, title, turns, closing
    (``heads_only``: stop where the text begins)."""
    part = Part("ja", "original")
    rd.saw("original", *(line.n for para in paras for line in para.lines))
    # A unit is a paragraph's run of text lines, or a run of stamp lines.
    units: list[tuple[str, list, Para]] = []
    for para in paras:
        for line in para.lines:
            stamps = stamp_pieces(line)
            kind = "stamps" if stamps else "text"
            content = stamps if stamps else [line]
            if units and units[-1][0] == kind and (kind == "stamps" or units[-1][2] is para):
                units[-1][1].extend(content)
            else:
                units.append((kind, list(content), para))
    stamp_lines = [s.line for kind, content, _ in units if kind == "stamps" for s in content]
    if stamp_lines:
        rd.saw("original:page-stamps", *sorted(set(stamp_lines)))
    first_line = paras[0].n if paras else 0
    number_at = next(
        (k for k, u in enumerate(units) if u[0] == "text" and cv.CABLE_LINE_JA.match(u[1][0].text)),
        None,
    )
    head_at: int | None = None
    if number_at is None:
        rd.lack("original:cable-line", first_line, "no cable number line (第…号) in the "
                "Japanese original")
        # the telegram form: the short lines on top, up to the first paragraph of text
        form_end = next((k for k, u in enumerate(units)
                         if u[0] == "text" and not all(_form_like(x.text) for x in u[1])),
                        len(units))
    else:
        head_at = next((k for k in range(number_at - 1, -1, -1) if units[k][0] == "text"), None)
        if head_at is None:
            rd.lack("original:subject", units[number_at][1][0].n,
                    "no subject (title) over the cable number line (第…号)")
        form_end = head_at if head_at is not None else number_at

    page = 1
    opener: list[Block] = [Block("stamps", [PageBreak(n="1")])]
    for kind, content, _ in units[:form_end]:
        if kind == "stamps":
            opener.append(Block("stamps", list(content)))
        else:
            for line in content:
                opener.append(text_block("form", [line], sub=_form_field(line.text)))
                rd.saw("original:telegram-form", line.n)
    part.opener = opener
    rest_from = form_end
    if head_at is not None:
        part.head.append(text_block("head", units[head_at][1]))
        rd.saw("original:subject", *(x.n for x in units[head_at][1]))
        m = cv.PART_JA.search(units[head_at][1][0].text)
        if m:
            ja_part = (int(cv.digits(m.group(1))), int(cv.digits(m.group(2))))
            if meta.part and meta.part != ja_part:
                rd.warn(units[head_at][1][0].n, f"the original says part {ja_part[0]} of "
                        f"{ja_part[1]}, the translation {meta.part[0]} of {meta.part[1]}",
                        "disagreement")
            else:
                meta.part = ja_part
        meta.title_ja = " ".join(line.text for line in units[head_at][1])
        rest_from = head_at + 1
    in_head = number_at is not None
    if number_at is not None:
        for _, content, _ in units[rest_from:number_at]:
            part.head.append(Block("stamps", list(content)))
        read_cable_line(rd, units[number_at][1][0], meta, "ja")
        part.head.append(text_block("cable-line", units[number_at][1]))
        rest_from = number_at + 1

    body: list[Block] = []
    pending: list[Piece] = []  # page break + stamps waiting for the next text
    for kind, content, _ in units[rest_from:]:
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
                part.head.append(text_block("distribution", content))
                rd.saw("original:distribution", content[0].n)
                continue
            m = cv.REFERENCE_JA.match(text)
            if m:
                part.head.extend([Block("stamps", pending)] if pending else [])
                pending = []
                block = text_block("reference", content)
                _reference(block, m, meta)
                part.head.append(block)
                rd.saw("original:reference", content[0].n)
                continue
            last = part.head[-1]
            if last.kind == "reference" and last.plain.rstrip().endswith(("：", ":")):
                # "往電第5513号別電2：" / "日米間の基本的わく組みの再確認…": the subject line
                _join(last, text_block("p", content).pieces, LineBreak())
                continue
            in_head = False
            if heads_only:
                break
            if pending:
                body.append(Block("stamps", pending))
                pending = []
        if body and body[-1].kind == "p" and cv.continues(_tail(body[-1]), text, "ja"):
            breaker: list[Piece] = pending or [LineBreak()]
            body[-1].pieces.extend(breaker)
            body[-1].pieces.extend(text_block("p", content).pieces)
        else:
            if pending:
                body.append(Block("stamps", pending))
            body.append(text_block("p", content))
        pending = []
    if pending:
        body.append(Block("stamps", pending))
    finish(rd, part, body)
    if part.turns():
        rd.saw("original:turns", *(t.label.line for t in part.turns()))
    return part


def _form_field(text: str) -> str:
    """What a line of the telegram form is, from its last characters."""
    compact = text.replace(" ", "")
    found = find_japanese(compact)
    if (found is not None and found.iso) or compact.endswith("日"):
        return "date"
    for suffix, field in (("殿", "addressee"), ("発", "sent"), ("着", "received"),
                          ("大使", "sender"), ("公使", "sender"), ("総領事", "sender"),
                          ("代表", "sender"), ("局長", "primary"), ("課長", "primary")):
        if compact.endswith(suffix):
            return field
    return "label"
