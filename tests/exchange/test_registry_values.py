"""How registry cells are read: 和暦 dates, ○/× flags, availability words, languages, email."""

from datetime import date

import pytest

from matchhub.exchange.registry_values import (
    CellProblem,
    parse_availability,
    parse_date,
    parse_email,
    parse_flag,
    parse_languages,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("令和6年4月1日", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("r06/04/01", date(2024, 4, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("２０２４年４月１日", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("2024-04-01", date(2024, 4, 1)),
    ],
)
def test_japanese_and_western_dates_are_read(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["令和6年13月1日", "きのう", "2024/2/30", "R6"])
def test_a_date_that_is_not_a_date_is_reported(typed):
    with pytest.raises(CellProblem):
        parse_date(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("○", True), ("〇", True), ("可", True), ("はい", True), ("×", False), ("不可", False),
     ("いいえ", False), ("", None)],
)  # fmt: skip
def test_flags_as_volunteer_centres_write_them(typed, expected):
    assert parse_flag(typed) is expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("平日午前・土日午後", ["weekday_morning", "weekend_afternoon"]),
        ("平日夜", ["weekday_evening"]),
        ("weekday_morning;weekend_evening", ["weekday_morning", "weekend_evening"]),
        ("土日", ["weekend_morning", "weekend_afternoon", "weekend_evening"]),
    ],
)
def test_availability_words_become_slots(typed, expected):
    assert parse_availability(typed) == expected


def test_availability_without_any_time_is_reported():
    with pytest.raises(CellProblem):
        parse_availability("要相談")


def test_languages_by_japanese_name_or_code():
    assert parse_languages("日本語・英語、手話") == ["ja", "en", "jsl"]
    assert parse_languages("ja;vi") == ["ja", "vi"]
    assert parse_languages("") is None
    with pytest.raises(CellProblem):
        parse_languages("クリンゴン語")


def test_full_width_email_is_normalised_and_a_broken_one_reported():
    assert parse_email("ｈａｎａｋｏ＠Ｅｘａｍｐｌｅ．ｊｐ") == "hanako@example.jp"
    with pytest.raises(CellProblem):
        parse_email("hanako@@example")
