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
