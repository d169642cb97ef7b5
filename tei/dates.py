"""Dates as transcriptions write them -> ISO 8601.

English: "February 12, 1994", "Feb. 12, 1994", "Sept 28 1993", "September28, 1993" (a space
lost), "February 12th, 1994", "12 February 1994", "FEBRUARY 12, 1994", full-width digits, and
"December 24, 2025 at 18:45 JST" (a time and its zone).

Japanese: era dates in the forms the cables and their transcriptions use ("平成6年2月13日",
"平成 6年 2月 13日" of the telegram form, "平成６年２月１３日", "平成元年1月8日", kanji numerals
"平成六年二月十三日", dotted "平成6.2.13") and Gregorian dates written in Japanese
("1994年2月13日"). An era year is checked against the era's span: 平成32年 does not exist.

:func:`find_english` and :func:`find_japanese` never raise: a date-like text that is no real day
("February 30, 1994") comes back with its ``problem`` and no ISO form, so that a reader can warn
and keep the words as text. :func:`parse_english` and :func:`parse_japanese` raise
:class:`DateError` for those instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: i
    for i, name in enumerate(
        (
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ),
        start=1,
    )
}
#: Abbreviations as people write them, with or without a full stop ("Feb", "Sept.").
MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
                       "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
_MONTH_NUMBER = {**{k.lower(): v for k, v in MONTHS.items()},
                 **{k.lower(): v for k, v in MONTH_ABBREVIATIONS.items()}}
_NAMES = sorted([*MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True)
#: A month as written: "February", "FEBRUARY", "Feb", "Feb.", "Sept." (never "february" in
#: running text, where "may" and "march" are words).
MONTH = ("(?:" + "|".join([*_NAMES, *(n.upper() for n in _NAMES)]) + r")(?![A-Za-z])\.?")
_DIGIT = "[0-9０-９]"
_DAY = f"{_DIGIT}{{1,2}}(?:st|nd|rd|th)?(?![0-9０-９])"
_YEAR = f"{_DIGIT}{{4}}(?![0-9０-９])"
_ZONES = {"JST": "+09:00", "UTC": "Z", "GMT": "Z", "EST": "-05:00", "EDT": "-04:00"}
_TIME = r"\s+at\s+(?P<hh>\d{1,2}):(?P<mm>\d{2})\s*(?P<zone>JST|UTC|GMT|EST|EDT)?"
#: "February 12, 1994", "Sept. 28 1993", "September28, 1993", "12 February 1994".
EN_DATE_PATTERN = (
    rf"(?<![A-Za-z])(?:{MONTH}\s*{_DAY}(?:\s*,\s*|\s+){_YEAR}"
    rf"|(?<![0-9０-９]){_DAY}\s+(?:of\s+)?{MONTH},?\s+{_YEAR})"
)
_EN_PARSE = re.compile(
    rf"(?<![A-Za-z])(?:(?P<month>{MONTH})\s*(?P<day>{_DAY})(?:\s*,\s*|\s+)(?P<year>{_YEAR})"
    rf"|(?<![0-9０-９])(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{MONTH}),?\s+(?P<year2>{_YEAR}))"
    rf"(?:{_TIME})?"
)
EN_DATE = re.compile(EN_DATE_PATTERN)
#: The same, with the time that may follow ("December 24, 2025 at 18:45 JST").
EN_DATE_TIME_PATTERN = (EN_DATE_PATTERN
                        + r"(?:\s+at\s+\d{1,2}:\d{2}\s*(?:JST|UTC|GMT|EST|EDT)?)?")

#: Japanese eras since Meiji's adoption of the solar calendar (Meiji 6, 1873):
#: name -> (the era's first year, the first and last day it covers).
ERAS = {
    "明治": (1868, dt.date(1873, 1, 1), dt.date(1912, 7, 29)),
    "大正": (1912, dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    "昭和": (1926, dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    "平成": (1989, dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    "令和": (2019, dt.date(2019, 5, 1), dt.date(9999, 12, 31)),
}
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI = "〇一二三四五六七八九十"
_NUMBER = f"(?:{_DIGIT}{{1,2}}|[{_KANJI}]{{1,3}})"
_ERA = "(?:" + "|".join(ERAS) + ")"
_J_SPACE = r"[ \t\u3000]*"
#: "平成6年2月13日", "平成 6年 2月 13日", "平成元年…", "平成六年二月十三日", "平成6.2.13",
#: "1994年2月13日".
JA_DATE_PATTERN = (
    f"(?:{_ERA}{_J_SPACE}(?:{_NUMBER}|元){_J_SPACE}年{_J_SPACE}{_NUMBER}{_J_SPACE}月{_J_SPACE}"
    f"{_NUMBER}{_J_SPACE}日"
    f"|{_ERA}{_J_SPACE}(?:{_DIGIT}{{1,2}}|元)[.．]{_DIGIT}{{1,2}}[.．]{_DIGIT}{{1,2}}(?![0-9０-９])"
    f"|(?<![0-9０-９]){_DIGIT}{{4}}{_J_SPACE}年{_J_SPACE}{_NUMBER}{_J_SPACE}月{_J_SPACE}{_NUMBER}"
    f"{_J_SPACE}日)"
)
_JA_PARSE = re.compile(
    f"(?:(?P<era>{_ERA}){_J_SPACE}(?P<y>{_NUMBER}|元){_J_SPACE}年{_J_SPACE}(?P<m>{_NUMBER})"
    f"{_J_SPACE}月{_J_SPACE}(?P<d>{_NUMBER}){_J_SPACE}日"
    f"|(?P<era2>{_ERA}){_J_SPACE}(?P<y2>{_DIGIT}{{1,2}}|元)[.．](?P<m2>{_DIGIT}{{1,2}})[.．]"
    f"(?P<d2>{_DIGIT}{{1,2}})(?![0-9０-９])"
    f"|(?<![0-9０-９])(?P<gy>{_DIGIT}{{4}}){_J_SPACE}年{_J_SPACE}(?P<gm>{_NUMBER}){_J_SPACE}月"
    f"{_J_SPACE}(?P<gd>{_NUMBER}){_J_SPACE}日)"
)
JA_DATE = re.compile(JA_DATE_PATTERN)


class DateError(ValueError):
    """A date that looks like a date but is not a real one."""


@dataclass(frozen=True)
class Found:
    """A date found in a text: the words as written, where they stand, the ISO form.

    ``iso`` is None when the words look like a date but name no real day; ``problem`` says
    why.
    """

    text: str
    start: int
    end: int
    iso: str | None
    problem: str | None = None


def kanji_number(text: str) -> int:
    """"十三" -> 13, "二十八" -> 28, "六" -> 6, "〇" -> 0; ASCII and full-width digits too."""
    text = text.translate(_DIGITS)
    if text.isdigit():
        return int(text)
    value = {c: k for k, c in enumerate("〇一二三四五六七八九")}
    if "十" in text:
        tens, _, units = text.partition("十")
        return (value[tens] if tens else 1) * 10 + (value[units] if units else 0)
    number = 0
    for c in text:
        number = number * 10 + value[c]
    return number


def _iso(year: int, month: int, day: int, text: str) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise DateError(f"'{text}' is not a real date ({exc})") from exc


def _found(m: re.Match[str], compute) -> Found:
    try:
        return Found(m.group(0), m.start(), m.end(), compute(m))
    except DateError as exc:
        return Found(m.group(0), m.start(), m.end(), None, str(exc))


def _english_iso(m: re.Match[str]) -> str:
    month = m.group("month") or m.group("month2")
    day = m.group("day") or m.group("day2")
    year = m.group("year") or m.group("year2")
    number = _MONTH_NUMBER[month.rstrip(".").lower()]
    day_iso = _iso(int(year.translate(_DIGITS)), number,
                   int(re.sub(r"\D", "", day.translate(_DIGITS))), m.group(0))
    if m.group("hh") is None:
        return day_iso
    hh, mm, zone = m.group("hh"), m.group("mm"), m.group("zone")
    if int(hh) > 23 or int(mm) > 59:
        raise DateError(f"'{m.group(0)}' is not a real time")
    return f"{day_iso}T{int(hh):02d}:{mm}:00{_ZONES.get(zone or '', '')}"


_EN_WHOLE = re.compile(EN_DATE_TIME_PATTERN)


def is_english_date(text: str) -> bool:
    """Whether ``text`` is, as a whole, an English date (a real day or not)."""
    return _EN_WHOLE.fullmatch(text) is not None


def find_english(text: str) -> Found | None:
    """The first English date in ``text`` (with its time, if one follows), or None."""
    m = _EN_PARSE.search(text)
    return _found(m, _english_iso) if m else None


def era_to_gregorian(era: str, year: int, month: int, day: int, text: str = "") -> str:
    """The ISO date of an era date; refuses a day outside the era."""
    if era not in ERAS:
        raise DateError(f"unknown era '{era}'")
    base, first, last = ERAS[era]
    iso = _iso(base + year - 1, month, day, text or f"{era}{year}年{month}月{day}日")
    if not first <= dt.date.fromisoformat(iso) <= last:
        raise DateError(f"'{text}' lies outside the {era} era ({first} to {last})")
    return iso


def _japanese_iso(m: re.Match[str]) -> str:
    if m.group("gy"):
        return _iso(int(m.group("gy").translate(_DIGITS)), kanji_number(m.group("gm")),
                    kanji_number(m.group("gd")), m.group(0))
    era = m.group("era") or m.group("era2")
    year, month, day = ((m.group("y"), m.group("m"), m.group("d")) if m.group("era")
                        else (m.group("y2"), m.group("m2"), m.group("d2")))
    return era_to_gregorian(era, 1 if year == "元" else kanji_number(year), kanji_number(month),
                            kanji_number(day), m.group(0))


def find_japanese(text: str) -> Found | None:
    """The first Japanese date (era or Gregorian) in ``text``, or None."""
    m = _JA_PARSE.search(text)
    return _found(m, _japanese_iso) if m else None


def _parse(found: Found | None) -> tuple[str, str] | None:
    if found is None:
        return None
    if found.iso is None:
        raise DateError(found.problem)
    return found.text, found.iso


def parse_english(text: str) -> tuple[str, str] | None:
    """The first English date in ``text``: (the words as written, ISO date or dateTime)."""
    return _parse(find_english(text))


def parse_japanese(text: str) -> tuple[str, str] | None:
    """The first Japanese date in ``text``: (the words as written, ISO date)."""
    return _parse(find_japanese(text))
