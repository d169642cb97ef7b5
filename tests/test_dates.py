"""English and Japanese era dates -> ISO 8601."""

from __future__ import annotations

import pytest

from tei.dates import DateError, era_to_gregorian, parse_english, parse_japanese


@pytest.mark.parametrize("text,iso", [
    ("平成6年2月13日", "1994-02-13"),
    ("平成 6年 2月 13日", "1994-02-13"),
    ("平成５年９月２８日", "1993-09-28"),
    ("平成元年1月8日", "1989-01-08"),
    ("昭和64年1月7日", "1989-01-07"),
    ("令和元年5月1日", "2019-05-01"),
    ("大正15年12月24日", "1926-12-24"),
    ("昭和元年12月25日", "1926-12-25"),
    ("明治45年7月29日", "1912-07-29"),
])
def test_japanese_eras(text, iso):
    assert parse_japanese(f"発電 {text} 着") == (text, iso)


@pytest.mark.parametrize("text", ["平成32年1月1日", "昭和64年1月8日", "平成元年1月7日",
                                  "平成6年2月30日", "令和元年4月30日"])
def test_impossible_era_dates(text):
    with pytest.raises(DateError):
        parse_japanese(text)


def test_unknown_era():
    with pytest.raises(DateError):
        era_to_gregorian("慶応", 3, 1, 1)


def test_english_dates_and_times():
    assert parse_english("Sent: United Nations, February 12, 1994, [TN: x]") == (
        "February 12, 1994", "1994-02-12")
    assert parse_english("December 24, 2025 at 18:45 JST") == (
        "December 24, 2025 at 18:45 JST", "2025-12-24T18:45:00+09:00")
    assert parse_english("no date here") is None
    with pytest.raises(DateError):
        parse_english("February 29, 1993")
