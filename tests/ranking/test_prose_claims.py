"""A negated or no-longer-true mention of a theme or skill in prose is not a claim."""

from __future__ import annotations

import pytest

from matchhub.ranking.resolve import Resolver

CLAIMS = [
    ("介護福祉士の資格を持っています", "skill", {"care_worker"}),
    ("看護師として働いています", "skill", {"nurse"}),
    ("エクセルが使えます", "skill", {"excel"}),
    ("英会話を教えられます", "skill", {"english"}),
    ("以前は看護師でしたが、今は介護福祉士として働いています", "skill", {"care_worker"}),
    ("防災活動に参加したいです", "theme", {"disaster_prevention"}),
    ("以前から防災に関心がありました", "theme", {"disaster_prevention"}),
    ("子ども食堂のボランティアをしています", "theme", {"kodomo_shokudo"}),
    (
        "以前は子育て支援に関わっていましたが、今は防災に関心があります",
        "theme",
        {"disaster_prevention"},
    ),
    ("英語は苦手です", "skill", set()),
    ("料理は嫌いです", "skill", set()),
    ("パソコンは得意ではありません", "skill", set()),
    ("手話はできません", "skill", set()),
    ("エクセルは使えません", "skill", set()),
    ("英語は話せません", "skill", set()),
    ("昔は教員でしたが今は退職しています", "skill", set()),
    ("外国人支援には興味がありません", "theme", set()),
    ("防災には関心がないです", "theme", set()),
]


@pytest.mark.parametrize(("prose", "kind", "keys"), CLAIMS)
def test_prose_claims_only_what_is_affirmed_now(
    resolver: Resolver, prose: str, kind: str, keys: set[str]
) -> None:
    assert {t.key for t in resolver.extract_terms(prose) if t.kind == kind} == keys


@pytest.mark.parametrize(
    "posting_line",
    ["会場：高島平図書館", "担当：防災課", "主催：子ども食堂ネット", "お問い合わせ：福祉課"],
)
def test_venue_organizer_and_section_names_are_not_topics(
    resolver: Resolver, posting_line: str
) -> None:
    assert [t for t in resolver.extract_terms(posting_line) if t.kind != "slot"] == []


@pytest.mark.parametrize("posting_line", ["資格は不問です", "介護の資格は不要です"])
def test_not_required_marks_no_skill_as_asked(resolver: Resolver, posting_line: str) -> None:
    assert [t for t in resolver.extract_terms(posting_line) if t.kind == "skill"] == []


def test_required_skill_is_still_asked(resolver: Resolver) -> None:
    terms = resolver.extract_terms("看護師資格をお持ちの方歓迎")
    assert [(t.key, t.requested) for t in terms if t.kind == "skill"] == [("nurse", True)]
