"""What each line of a cable transcription is, by its own words (never by where it stands).

Every line gets a kind and a language; the tables live in ``conventions``. A line that is none
of the parts below is ``TEXT`` (a paragraph of the cable, of the record, or nothing known):
the assembly (``tei.sources.cable``) places it by the parts around it.

=================  =======================================================================
kind               a line that is …
=================  =======================================================================
``CHROME``         page chrome: "Skip to content", "Back to top", menus, share buttons
``DATE``           a date alone: "February 12, 1994", "Sept. 28, 1993"
``TITLE``          the archive's title "Cable No. N, SENDER to RECIPIENT, 'SUBJECT'" (or its
                   first line, when the title is wrapped: ``TITLE_MORE`` for the others)
``LABEL``          a label of the archive's record: "Citation:", "Summary: …", "• Citation"
``RELATED``        "Related Documents"
``INFO``           "Document Information"
``FIELD``          a field of the document information: "Record ID", "Original Uploaded Date"
``CITATION``       the archive's citation (quoting the title, or naming the archive's file)
``URL``            an address alone
``CONTENT``        an item of the record's contents: "Original Scan", "Translation - English"
``META``           a metadata line of the translation: "Sent: United Nations, …"
``CABLE``          the cable line: "No. 1456 Secret Top Urgent", "第1468号 極秘 大至急"
``DISTRIBUTION``   "(Limited Distribution)", "（限定配布）"
``REFERENCE``      "Outgoing Telegram No. 1456 Divided Telegram", "往電第5513号別電2："
``STAMPS``         stamps and printed notices of the scanned original: "秘密指定解除"
``END``            the closing mark alone: "(End)", "（了）"
``TURN``           a paragraph opening with a speaker label: "(Prime Minister) Since …"
``TEXT``           anything else
=================  =======================================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..dates import is_english_date
from . import conventions as cv
from .lines import Line

CHROME, DATE, TITLE, LABEL, RELATED, INFO, FIELD = (
    "chrome", "date", "title", "label", "related", "info", "field")
CITATION, URL, CONTENT, META, CABLE, DISTRIBUTION = (
    "citation", "url", "content", "meta", "cable", "distribution")
REFERENCE, STAMPS, END, TURN, TEXT = "reference", "stamps", "end", "turn", "text"
TITLE_MORE = "title-more"


class Tagged(NamedTuple):
    """A source line, what it is and its language ("ja" or "en")."""

    line: Line
    kind: str
    lang: str

    @property
    def n(self) -> int:
        return self.line.n

    @property
    def text(self) -> str:
        return self.line.text


def _japanese_kind(text: str) -> str:
    if cv.stamps_of(text) is not None:
        return STAMPS
    first = text[:1]
    if first == "第" and cv.CABLE_LINE_JA.match(text):
        return CABLE
    if first in "(（":
        if cv.DISTRIBUTION.match(text):
            return DISTRIBUTION
        if cv.END_RE.fullmatch(text):
            return END
        if cv.speaker_label(text):
            return TURN
    elif first in "往分別" and cv.REFERENCE_JA.match(text):
        return REFERENCE
    return TEXT


def _english_kind(text: str) -> str:
    # The tests are tried by the first character where they can (a hot path: a long paragraph
    # of the translation is a turn or text, and is told so without a dozen regular expressions).
    if cv.is_chrome(text):
        return CHROME
    first = text[:1]
    if first in "(（":
        if len(text) < 40:  # the distribution and the closing mark are short
            if cv.DISTRIBUTION.match(text):
                return DISTRIBUTION
            if cv.END_RE.fullmatch(text):
                return END
        return TURN if cv.speaker_label(text) else TEXT
    if first == "C" and cv.TITLE_START.match(text):
        return TITLE
    if first in _META_FIRST and cv.META_LINE.match(text):
        return META
    if first == "N" and cv.CABLE_LINE_EN.match(text):
        return CABLE
    if first in "ODSods" and cv.REFERENCE_EN.match(text):
        return REFERENCE
    if first in _LABEL_FIRST:
        label = cv.RECORD_LABEL.match(text.lstrip(cv.BULLETS + " "))
        # a label has its colon, or stands alone ("• Citation"): but "Rights" alone is a field
        if label and (label.group(2) or not label.group(3) and text not in cv.FIELDS):
            return LABEL
    if len(text) <= _LONGEST_HEADING:
        if text == cv.RELATED_HEADING:
            return RELATED
        if text == cv.INFO_HEADING:
            return INFO
        if text in cv.FIELDS:
            return FIELD
    if first in "h<" and cv.URL_LINE.match(text):
        return URL
    if first in "OT" and cv.CONTENT_ITEM.match(text):
        return CONTENT
    if len(text) < 40 and is_english_date(text):
        return DATE
    if (first in "\"“" or "Digital Archive" in text or "File No." in text) \
            and cv.CITATION_LINE.search(text):
        return CITATION
    return TEXT


_META_FIRST = {label[0] for label in cv.META_LABELS}
_LABEL_FIRST = {label[0] for label in cv.RECORD_LABELS} | set(cv.BULLETS) | {" "}
_LONGEST_HEADING = max(len(h) for h in (cv.RELATED_HEADING, cv.INFO_HEADING, *cv.FIELDS))


def classify(line: Line) -> Tagged:
    """What ``line`` is (see the module's table)."""
    if cv.is_japanese(line.text):
        return Tagged(line, _japanese_kind(line.text), "ja")
    return Tagged(line, _english_kind(line.text), "en")


def _title_extent(tagged: Sequence[Tagged], i: int) -> int:
    """How many lines from ``tagged[i]`` (a title line) the title takes: the other lines of its
    paragraph (a wrapped title) and, when the blank lines were lost, the text lines that run on
    until the subject's closing quote, five lines at most."""
    para = tagged[i].line.para
    j = i
    while j + 1 < len(tagged) and tagged[j + 1].line.para == para and j - i < 4 \
            and tagged[j + 1].lang == "en" and tagged[j + 1].kind not in (DATE, TITLE):
        j += 1
    text = " ".join(t.text for t in tagged[i:j + 1])
    if cv.TITLE.match(text):
        return j - i + 1
    j = i
    text = tagged[i].text
    while not cv.TITLE.match(text) and j + 1 < len(tagged) and j - i < 4 \
            and tagged[j + 1].lang == "en" and tagged[j + 1].kind in (TEXT, TURN):
        j += 1
        text = f"{text} {tagged[j].text}"
    if not cv.TITLE.match(text):
        return 1
    # a quote inside the subject ("Foreign Ministers' Meeting") closed it too early: a short
    # line ending in a quote still belongs to it
    while j + 1 < len(tagged) and j - i < 4 and tagged[j + 1].kind == TEXT \
            and len(tagged[j + 1].text) < 60 and tagged[j + 1].text[-1:] in "'’\"”":
        j += 1
    return j - i + 1


def classify_all(lines: Sequence[Line]) -> list[Tagged]:
    """Every line classified; the lines a wrapped title runs on to become ``TITLE_MORE``."""
    tagged = [classify(line) for line in lines]
    for i, t in enumerate(tagged):
        if t.kind == TITLE:
            for j in range(i + 1, i + _title_extent(tagged, i)):
                tagged[j] = tagged[j]._replace(kind=TITLE_MORE)
    return tagged
