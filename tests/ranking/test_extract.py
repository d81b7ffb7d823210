"""Themes, skills and availability mentioned only in prose still count."""

from __future__ import annotations

import pytest

from matchhub.ranking.resolve import Resolver
from matchhub.ranking.slots import extract_slots


@pytest.mark.parametrize(
    ("prose", "slots"),
    [
        ("平日の昼間なら参加できます", {"weekday_morning", "weekday_afternoon"}),
        ("土日の午前", {"weekend_morning"}),
        ("仕事帰りに活動しています", {"weekday_evening"}),
        ("平日の夜か土日の午前が空いています", {"weekday_evening", "weekend_morning"}),
        (
            "主に平日の日中か週末の朝に活動できます",
            {"weekday_morning", "weekday_afternoon", "weekend_morning"},
        ),
        (
            "参加できるのは平日の朝から夜までか週末の午後です",
            {"weekday_morning", "weekday_afternoon", "weekday_evening", "weekend_afternoon"},
        ),
        (
            "平日の昼過ぎ、平日の夜、週末の午後が都合がいいです",
            {"weekday_afternoon", "weekday_evening", "weekend_afternoon"},
        ),
        ("日時：仕事帰り、週末の夜・3時間程度", {"weekday_evening", "weekend_evening"}),
        ("土日なら大丈夫です", {"weekend_morning", "weekend_afternoon", "weekend_evening"}),
        ("平日の夜は難しいですが、土日の午後なら行けます", {"weekend_afternoon"}),
        ("夜回りの活動に参加してみたいです", set()),
        ("店の定休日に活動できます", set()),
    ],
)
def test_availability_is_read_from_prose(prose: str, slots: set[str]) -> None:
    assert extract_slots(prose) == slots


def _keys(resolver: Resolver, prose: str, kind: str) -> set[str]:
    return {t.key for t in resolver.extract_terms(prose) if t.kind == kind}


def test_qualification_in_prose_counts_as_skill(resolver: Resolver) -> None:
    assert _keys(resolver, "防災士資格を取得しています", "skill") == {"disaster_expert"}


def test_qualification_word_does_not_imply_its_theme(resolver: Resolver) -> None:
    assert "disaster_prevention" not in _keys(resolver, "防災士資格を取得しています", "theme")


def test_interest_in_prose_counts_as_theme(resolver: Resolver) -> None:
    assert "crime_prevention" in _keys(resolver, "夜回りの活動に参加してみたいです。", "theme")


def test_denied_skill_is_not_extracted(resolver: Resolver) -> None:
    prose = "料理は得意ではありません（笑）。英語は苦手です。"
    assert _keys(resolver, prose, "skill") == set()


def test_past_job_counts_as_skill(resolver: Resolver) -> None:
    prose = "以前介護福祉士として働いていました。ナースとして働いています。"
    assert _keys(resolver, prose, "skill") == {"care_worker", "nurse"}


def test_requested_skill_in_description_is_marked(resolver: Resolver) -> None:
    terms = resolver.extract_terms("会計の経験がある方を探しています。")
    assert [(t.key, t.requested) for t in terms if t.kind == "skill"] == [("accounting", True)]


def test_latin_alias_must_be_a_whole_word(resolver: Resolver) -> None:
    assert "word" not in _keys(resolver, "wordpressでサイトを作っています", "skill")
