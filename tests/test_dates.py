"""English and Japanese era dates -> ISO 8601."""

from __future__ import annotations

import pytest

from tei.dates import (
    DateError,
    era_to_gregorian,
    find_english,
    find_japanese,
    kanji_number,
    parse_english,
    parse_japanese,
)


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


@pytest.mark.parametrize("text,iso", [
    ("September28, 1993", "1993-09-28"),  # a space lost in copying
    ("Sept. 28, 1993", "1993-09-28"),
    ("Sept 28 1993", "1993-09-28"),
    ("Feb. 12, 1994", "1994-02-12"),
    ("Feb 12 1994", "1994-02-12"),
    ("February 12th, 1994", "1994-02-12"),
    ("February 1st, 1994", "1994-02-01"),
    ("February  12 ,  1994", "1994-02-12"),
    ("February １２, １９９４", "1994-02-12"),
    ("12 February 1994", "1994-02-12"),
    ("12th of February, 1994", "1994-02-12"),
    ("FEBRUARY 12, 1994", "1994-02-12"),
    ("Dec. 24, 2025 at 18:45 JST", "2025-12-24T18:45:00+09:00"),
])
def test_english_dates_as_people_write_them(text, iso):
    found = find_english(f"Received: MOFA, {text}, [TN: time blacked out]")
    assert (found.text, found.iso, found.problem) == (text, iso, None)


@pytest.mark.parametrize("text", [
    "Febuary 12, 1994",  # misspelt beyond reading
    "in May 1994",  # no day
    "the 11th, from 11:35",
    "Mayday 12, 1994",
    "february 12, 1994",  # "may", "march": lower case is a word, not a month
    "February 123, 1994",
])
def test_what_is_not_an_english_date(text):
    assert find_english(text) is None


def test_a_date_that_names_no_day_is_found_with_its_problem():
    found = find_english("Sent: United Nations, February 30, 1994, 12:00")
    assert found.text == "February 30, 1994" and found.iso is None
    assert "is not a real date" in found.problem
    assert (found.start, found.end) == (22, 39)


@pytest.mark.parametrize("text,iso", [
    ("平成六年二月十三日", "1994-02-13"),
    ("平成二十年十二月三十一日", "2008-12-31"),
    ("昭和四十七年五月十五日", "1972-05-15"),
    ("平成6.2.13", "1994-02-13"),
    ("平成６．２．１３", "1994-02-13"),
    ("1994年2月13日", "1994-02-13"),
    ("１９９３年９月２８日", "1993-09-28"),
    ("平成　6年　2月　13日", "1994-02-13"),  # ideographic spaces
])
def test_japanese_dates_in_every_form_seen(text, iso):
    found = find_japanese(f"着 {text} 発")
    assert (found.text, found.iso) == (text, iso)


@pytest.mark.parametrize("text,number", [("六", 6), ("十", 10), ("十三", 13), ("二十", 20),
                                         ("二十八", 28), ("三十一", 31), ("〇", 0), ("１２", 12)])
def test_kanji_numbers(text, number):
    assert kanji_number(text) == number


def test_japanese_dates_that_name_no_day():
    assert find_japanese("平成 32年 2月 13日").iso is None
    assert "outside the 平成 era" in find_japanese("平成 32年 2月 13日").problem
    assert find_japanese("月 12日") is None  # the telegram form's day alone is no date
