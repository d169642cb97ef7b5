"""Dates as transcriptions write them -> ISO 8601.

English ("February 12, 1994", "December 24, 2025 at 18:45 JST") and Japanese era dates
("平成6年2月13日", "平成 6年 2月 13日", "昭和64年1月7日", "令和元年5月1日"), with full-width digits.
An era year is checked against the era's span: 平成32年 does not exist and is refused.
"""

from __future__ import annotations

import datetime as dt
import re

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
MONTH_RE = "|".join(MONTHS)
EN_DATE = re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}}),\s*(\d{{4}})\b")
EN_DATETIME = re.compile(
    rf"\b({MONTH_RE})\s+(\d{{1,2}}),\s*(\d{{4}})\s+at\s+(\d{{1,2}}):(\d{{2}})\s*(JST|UTC|GMT|EST|EDT)?"
)
_ZONES = {"JST": "+09:00", "UTC": "Z", "GMT": "Z", "EST": "-05:00", "EDT": "-04:00"}

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
JA_DATE = re.compile(
    r"(明治|大正|昭和|平成|令和)\s*([0-9０-９]{1,2}|元)\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日"
)


class DateError(ValueError):
    """A date that looks like a date but is not a real one."""


def _iso(year: int, month: int, day: int, text: str) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise DateError(f"'{text}' is not a real date ({exc})") from exc


def parse_english(text: str) -> tuple[str, str] | None:
    """Find the first English date in ``text``: (the words as written, ISO date or dateTime)."""
    m = EN_DATETIME.search(text)
    if m:
        month, day, year, hh, mm, zone = m.groups()
        day_iso = _iso(int(year), MONTHS[month], int(day), m.group(0))
        if int(hh) > 23 or int(mm) > 59:
            raise DateError(f"'{m.group(0)}' is not a real time")
        stamp = f"{day_iso}T{int(hh):02d}:{mm}:00{_ZONES.get(zone or '', '')}"
        return m.group(0), stamp
    m = EN_DATE.search(text)
    if not m:
        return None
    month, day, year = m.groups()
    return m.group(0), _iso(int(year), MONTHS[month], int(day), m.group(0))


def era_to_gregorian(era: str, year: int, month: int, day: int, text: str = "") -> str:
    """The ISO date of an era date; refuses a day outside the era."""
    if era not in ERAS:
        raise DateError(f"unknown era '{era}'")
    base, first, last = ERAS[era]
    iso = _iso(base + year - 1, month, day, text or f"{era}{year}年{month}月{day}日")
    if not first <= dt.date.fromisoformat(iso) <= last:
        raise DateError(f"'{text}' lies outside the {era} era ({first} to {last})")
    return iso


def parse_japanese(text: str) -> tuple[str, str] | None:
    """Find the first Japanese era date in ``text``: (the words as written, ISO date)."""
    m = JA_DATE.search(text)
    if not m:
        return None
    era, year, month, day = m.groups()
    y = 1 if year == "元" else int(year.translate(_DIGITS))
    iso = era_to_gregorian(
        era, y, int(month.translate(_DIGITS)), int(day.translate(_DIGITS)), m.group(0)
    )
    return m.group(0), iso
