"""Matching rules of the engine, on small hand-made helpers and needs."""

from __future__ import annotations

import re

import numpy as np
import pytest

from matchhub.ranking.areas import Gazetteer
from matchhub.ranking.documents import HelperDoc, NeedDoc, OrgDoc
from matchhub.ranking.engine import Ranker
from matchhub.ranking.resolve import Resolver

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

SHOKUDO = NeedDoc(
    key="i-shokudo",
    title="子ども食堂の調理・配膳ボランティア",
    description="土曜の午前に子ども食堂で調理をお願いします。",
    themes=("子ども食堂",),
    skills=("調理", "食品衛生責任者"),
    area_key="itabashi/takashimadaira",
    availability=frozenset({"weekend_morning"}),
)


def helper(key: str, **fields: object) -> HelperDoc:
    return HelperDoc(key=key, **fields)  # type: ignore[arg-type]


@pytest.fixture()
def ranker(resolver: Resolver, gazetteer: Gazetteer) -> Ranker:
    helpers = [
        helper(
            "cook-near",
            themes=("こども食堂",),
            skills=("調理", "食品衛生責任者資格"),
            area_key="itabashi/takashimadaira",
            availability=frozenset({"weekend_morning"}),
        ),
        helper(
            "cook-far",
            themes=("子供食堂",),
            skills=("調理師",),
            area_key="itabashi/tokiwadai",
            availability=frozenset({"weekend_morning"}),
        ),
        helper(
            "field-only",
            themes=("学習支援",),
            area_key="itabashi/hasune",
            availability=frozenset({"weekend_morning"}),
        ),
        helper("nothing", themes=("観光ガイド",), area_key="itabashi/funado"),
        helper(
            "paused",
            themes=("子ども食堂",),
            skills=("調理", "食品衛生責任者"),
            area_key="itabashi/takashimadaira",
            availability=frozenset({"weekend_morning"}),
            active=False,
        ),
        helper(
            "online-far",
            themes=("消費者教育",),
            area_key="nerima/kotake",
            online_ok=True,
            languages=frozenset({"ja", "en"}),
        ),
        helper("online-near", themes=("消費者教育",), area_key="itabashi/hasune", online_ok=True),
    ]
    organizations = [
        OrgDoc(
            "org-storage",
            "倉庫の会社",
            "company",
            ("防災",),
            ("倉庫スペース", "トラック"),
            "物流の会社です。",
            "itabashi/hasune",
        ),
        OrgDoc(
            "org-hall",
            "町会",
            "neighborhood_association",
            ("防災",),
            ("町会会館", "掲示板"),
            "町会です。",
            "itabashi/hasune",
        ),
    ]
    return Ranker(helpers, organizations, [SHOKUDO], gazetteer=gazetteer, resolver=resolver)


def keys(candidates: list) -> list[str]:
    return [c.key for c in candidates]


def test_helper_sharing_theme_skills_and_area_ranks_first(ranker: Ranker) -> None:
    assert keys(ranker.rank_helpers(SHOKUDO))[:2] == ["cook-near", "cook-far"]


def test_same_npo_field_beats_unrelated_theme(ranker: Ranker) -> None:
    ranked = {c.key: c for c in ranker.rank_helpers(SHOKUDO)}
    assert ranked["field-only"].components["theme"] > ranked["nothing"].components["theme"]


def test_paused_helper_is_never_ranked(ranker: Ranker) -> None:
    assert "paused" not in keys(ranker.rank_helpers(SHOKUDO, top=100))


def test_already_matched_or_declined_helpers_are_excluded(ranker: Ranker) -> None:
    assert "cook-near" not in keys(ranker.rank_helpers(SHOKUDO, exclude={"cook-near"}))


def test_issue_that_is_not_open_ranks_nobody(ranker: Ranker) -> None:
    closed = NeedDoc(key="i-closed", themes=("子ども食堂",), status="closed")
    assert ranker.rank_helpers(closed) == []


def test_missing_required_language_is_filtered_out(ranker: Ranker) -> None:
    need = NeedDoc(key="i-en", themes=("消費者教育",), online=True, languages=frozenset({"en"}))
    assert keys(ranker.rank_helpers(need, top=100)) == ["online-far"]


def test_online_issue_ignores_distance(ranker: Ranker) -> None:
    need = NeedDoc(key="i-online", themes=("消費者教育",), area_key="itabashi/hasune", online=True)
    ranked = {c.key: c for c in ranker.rank_helpers(need)}
    assert ranked["online-far"].components["area"] == ranked["online-near"].components["area"]
    assert ranked["online-far"].components["area"] == 1.0


def test_nearer_area_scores_higher(ranker: Ranker) -> None:
    ranked = {c.key: c for c in ranker.rank_helpers(SHOKUDO)}
    assert ranked["cook-near"].components["area"] == 1.0
    assert ranked["field-only"].components["area"] > ranked["cook-far"].components["area"]


def test_unknown_area_is_neutral(resolver: Resolver, gazetteer: Gazetteer) -> None:
    ranker = Ranker([helper("somewhere", themes=("防災",))], gazetteer=gazetteer, resolver=resolver)
    need = NeedDoc(key="i", themes=("防災",), area_key="itabashi/hasune")
    assert ranker.rank_helpers(need)[0].components["area"] == 0.5


def test_related_skill_earns_partial_credit(ranker: Ranker) -> None:
    ranked = {c.key: c for c in ranker.rank_helpers(SHOKUDO)}
    assert 0 < ranked["cook-far"].components["skills"] < ranked["cook-near"].components["skills"]


def test_components_stay_in_unit_interval(ranker: Ranker) -> None:
    for candidate in ranker.rank_helpers(SHOKUDO, top=100):
        assert all(0.0 <= v <= 1.0 for v in candidate.components.values())
        assert 0.0 <= candidate.score <= 1.0


def test_reasons_are_japanese_and_cite_shared_skill(ranker: Ranker) -> None:
    best = ranker.rank_helpers(SHOKUDO)[0]
    assert 3 <= len(best.reasons) <= 5
    assert all(JAPANESE.search(reason) for reason in best.reasons)
    assert "同じ地区（高島平）" in best.reasons
    assert any(r.startswith("必要なスキル 2/2") and "食品衛生責任者" in r for r in best.reasons)
    assert "関心テーマ：子ども食堂" in best.reasons
    assert "土日午前に参加可能" in best.reasons


def test_skills_written_only_in_bio_count(resolver: Resolver, gazetteer: Gazetteer) -> None:
    helpers = [
        helper("bio", bio="防災士資格を取得しています。"),
        helper("blank", bio="よろしくお願いします。"),
    ]
    ranker = Ranker(helpers, gazetteer=gazetteer, resolver=resolver)
    need = NeedDoc(key="i", title="備蓄品の点検", skills=("防災士資格（必須）",))
    assert keys(ranker.rank_helpers(need)) == ["bio", "blank"]


def test_prior_hook_can_reorder_candidates(ranker: Ranker) -> None:
    prior = np.zeros(len(ranker.helpers))
    prior[ranker.helpers.position["nothing"]] = 5.0
    assert ranker.rank_helpers(SHOKUDO, prior=prior)[0].key == "nothing"


def test_resource_issue_ranks_organizations_by_offers(ranker: Ranker) -> None:
    need = NeedDoc(
        key="i-storage",
        kind="resource",
        title="倉庫スペースの提供",
        description="備品を保管できる倉庫スペースを探しています。",
        themes=("防災",),
        area_key="itabashi/hasune",
    )
    ranked = ranker.rank(need)
    assert [c.kind for c in ranked] == ["organization", "organization"]
    assert ranked[0].key == "org-storage"
    assert any("倉庫スペース" in r for r in ranked[0].reasons)


def test_organization_never_matches_its_own_partnership_need(ranker: Ranker) -> None:
    need = NeedDoc(key="i-p", kind="partnership", themes=("防災",), org_key="org-hall")
    assert keys(ranker.rank(need)) == ["org-storage"]


def test_helper_view_ranks_fitting_open_issue_first(
    resolver: Resolver, gazetteer: Gazetteer
) -> None:
    needs = [
        SHOKUDO,
        NeedDoc(key="i-guide", themes=("観光ガイド",), area_key="itabashi/funado"),
        NeedDoc(key="i-closed", themes=("子ども食堂",), status="closed"),
    ]
    ranker = Ranker([], gazetteer=gazetteer, resolver=resolver, needs=needs)
    me = helper(
        "me",
        themes=("こども食堂",),
        skills=("調理",),
        area_key="itabashi/hasune",
        availability=frozenset({"weekend_morning"}),
    )
    ranked = ranker.rank_needs(me)
    assert keys(ranked) == ["i-shokudo", "i-guide"]
    assert ranked[0].kind == "issue" and ranked[0].reasons


def test_shared_theme_names_are_joined_with_a_comma(
    resolver: Resolver, gazetteer: Gazetteer
) -> None:
    need = NeedDoc(key="i", title="相談会", themes=("移動・買い物支援", "医療・健康"))
    ranker = Ranker(
        [helper("both", themes=("移動・買い物支援", "医療・健康"))],
        gazetteer=gazetteer,
        resolver=resolver,
    )
    reasons = ranker.rank_helpers(need)[0].reasons
    assert any(r.startswith("関心テーマ：") and "、" in r for r in reasons), reasons


def test_weekday_work_in_bio_never_becomes_a_weekday_reason(
    resolver: Resolver, gazetteer: Gazetteer
) -> None:
    bio = "平日は事務の仕事をしているので、土日なら参加できます。午前中は通院しています。"
    ranker = Ranker(
        [helper("demo", themes=("子ども食堂",), bio=bio)], gazetteer=gazetteer, resolver=resolver
    )
    need = NeedDoc(
        key="i",
        title="学習支援",
        themes=("子ども食堂",),
        availability=frozenset({"weekday_morning"}),
    )
    reasons = ranker.rank_helpers(need)[0].reasons
    assert "平日午前に参加可能" not in reasons
    assert "希望の時間帯と合わない" in reasons


def test_unread_typed_requirement_is_counted_and_shown(
    resolver: Resolver, gazetteer: Gazetteer
) -> None:
    ranker = Ranker(
        [helper("editor", skills=("動画編集",))], gazetteer=gazetteer, resolver=resolver
    )
    need = NeedDoc(key="i", title="広報動画", skills=("動画編集", "ほげふが検定"))
    reasons = ranker.rank_helpers(need)[0].reasons
    assert "必要なスキル 1/2（動画編集）・未確認：ほげふが検定" in reasons
