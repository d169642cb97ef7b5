"""The inline grammar of the transcriptions: markers in running text -> TEI elements.

=====================================================  ==========================================
transcription                                          TEI
=====================================================  ==========================================
``[TN: name blacked out]``                             ``<gap reason="redacted"><desc>name …``
``[TN: literally, 'cooling off']``                     ``<note type="translator">literally, …``
``NAFTA [North American Free Trade Agreement]``        ``<choice><abbr>NAFTA</abbr><expan>…``
``Foreign Minister [Hata]``, ``[Japanese]``            ``<supplied reason="translator">Hata``
``(note: The Time To Act Is Now)``, ``（注：…）``       ``<note type="cable">(note: …)</note>``
``(laughter)``, ``（わらい）``                          ``<stage type="reaction">(laughter)``
``February 12, 1994``, ``平成6年2月13日``               ``<date when="1994-02-13">…</date>``
=====================================================  ==========================================

The translator's square brackets are apparatus: they become markup and are not kept as text
(``tei text`` writes them back). The cable's own round brackets are its text and stay inside
the element. Every marker is attributed to the translator through ``@resp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..dates import EN_DATE_TIME_PATTERN, JA_DATE_PATTERN, find_english, find_japanese
from ..errors import Problem
from ..sources.conventions import STAGE_WORDS
from .tree import add_text, el

_STAGE = "|".join(re.escape(w) for w in sorted(STAGE_WORDS, key=len, reverse=True))
TOKEN = re.compile(
    # the look-ahead lets the scan skip, in one test, every character no marker starts with
    r"(?=[\[(（A-Z0-9０-９明大昭平令])"
    r"(?:(?P<tn>\[TN:\s*(?P<tn_body>[^\[\]]*)\])"
    r"|(?P<abbr>\b[A-Z][A-Z0-9&.\-]*[A-Z0-9])\s+\[(?!TN:)(?P<expan>[^\[\]]+)\]"
    r"|(?P<sup>\[(?P<sup_body>[^\[\]]+)\])"
    r"|(?P<note>[(（](?:[Nn]ote|注)\s*[:：][^()（）]*[)）])"
    rf"|(?P<stage>[(（](?i:{_STAGE})[)）])"
    rf"|(?P<en_date>{EN_DATE_TIME_PATTERN})"
    rf"|(?P<ja_date>{JA_DATE_PATTERN}))"
)
REDACTION = re.compile(r"\bblacked out\b|\bredacted\b|\bwithheld\b|\bremoved\b", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """Where the text comes from (for located warnings) and who the translator is."""

    file: str
    lang: str  # "en" or "ja": text of the cable; "record": the archive's record (dates and
    #            redactions only); "none": redactions only
    translator: str | None = None  # "#id"
    problems: list[Problem] | None = None  # where warnings go (a date that is no real day)


def _is_expansion(abbr: str, expan: str) -> bool:
    """Is "[…]" after an abbreviation its expansion (initials match, or several words)?"""
    words = re.findall(r"[A-Za-z]+", expan)
    if len(words) < 2:
        return False
    letters = [c for c in abbr if c.isalpha()]
    initials = [w[0].upper() for w in words if w[0].isupper()]
    return letters == initials[: len(letters)] or len(words) >= len(letters)


def encode_inline(parent: etree._Element, text: str, line: int, ctx: Context) -> None:
    """Append ``text`` to ``parent``, turning the transcription's markers into TEI."""
    if ctx.lang == "none" and "[TN:" not in text:
        add_text(parent, text)  # nothing to mark there but redactions
        return
    pos = 0
    resp = ctx.translator
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("en_date", "ja_date"):
            if ctx.lang != ("en" if kind == "en_date" else "ja") and not (
                    ctx.lang == "record" and kind == "en_date"):
                continue
        elif ctx.lang not in ("en", "ja") and kind != "tn":
            # the archive's record and page: a redaction is a gap wherever it stands, but
            # square brackets there are not the translator's ("[email protected]")
            continue
        if m.group("abbr") and not _is_expansion(m.group("abbr"), m.group("expan")):
            # "Foreign Minister [Hata]"-like: the bracket is a supplied word, not an expansion
            add_text(parent, text[pos : m.start("abbr")])
            add_text(parent, m.group("abbr") + text[m.end("abbr") : m.start("expan") - 1])
            el("supplied", {"reason": "translator", "resp": resp}, m.group("expan"), parent)
            pos = m.end()
            continue
        add_text(parent, text[pos : m.start()])
        pos = m.end()
        if m.group("tn"):
            body = m.group("tn_body").strip()
            if REDACTION.search(body):
                gap = el("gap", {"reason": "redacted", "resp": resp}, None, parent)
                el("desc", {"resp": resp}, body, gap)
            else:
                el("note", {"type": "translator", "place": "inline", "resp": resp}, body, parent)
        elif m.group("abbr"):
            choice = el("choice", None, None, parent)
            el("abbr", None, m.group("abbr"), choice)
            el("expan", {"resp": resp}, m.group("expan"), choice)
        elif m.group("sup"):
            el("supplied", {"reason": "translator", "resp": resp}, m.group("sup_body"), parent)
        elif m.group("note"):
            el("note", {"type": "cable", "place": "inline"}, m.group("note"), parent)
        elif m.group("stage"):
            el("stage", {"type": "reaction"}, m.group("stage"), parent)
        else:
            words = m.group(0)
            found = find_english(words) if kind == "en_date" else find_japanese(words)
            if found is None or found.iso is None:
                # words that look like a date but name no real day stay text, with a warning
                if ctx.problems is not None and found is not None:
                    ctx.problems.append(Problem(ctx.file, line, m.start() + 1,
                                                f"{found.problem}: kept as text", "warning",
                                                "date"))
                add_text(parent, words)
                continue
            el("date", {"when": found.iso}, words, parent)
    add_text(parent, text[pos:])


def count_markers(text: str) -> dict[str, int]:
    """How many of each marker a transcription holds (for the "none missed" checks)."""
    counts = {"redacted": 0, "translator-note": 0}
    for m in re.finditer(r"\[TN:\s*([^\[\]]*)\]", text):
        counts["redacted" if REDACTION.search(m.group(1)) else "translator-note"] += 1
    return counts
