"""Teams that cover a need together, and weights learned from coordinators' decisions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from matchhub.ranking.areas import Gazetteer
from matchhub.ranking.documents import Candidate, HelperDoc, NeedDoc
from matchhub.ranking.engine import Ranker
from matchhub.ranking.learn import (
    Decision,
    examination_propensity,
    learn_weights,
    ndcg_on_decisions,
    replay,
)
from matchhub.ranking.resolve import Resolver
from matchhub.ranking.score import DEFAULT_WEIGHTS

EVENT = NeedDoc(
    key="i-event",
    title="防災フェアの運営スタッフ",
    description="受付と救護、写真記録をお願いします。",
    themes=("防災",),
    skills=("調理", "看護師", "写真撮影"),
    area_key="itabashi/takashimadaira",
    availability=frozenset({"weekend_morning", "weekend_afternoon"}),
    people_needed=3,
)


@pytest.fixture()
def event_ranker(resolver: Resolver, gazetteer: Gazetteer) -> Ranker:
    def h(key: str, skills: tuple[str, ...], slots: set[str]) -> HelperDoc:
        return HelperDoc(
            key=key,
            themes=("防災",),
            skills=skills,
            area_key="itabashi/takashimadaira",
            availability=frozenset(slots),
        )

    helpers = [
        h("cook-1", ("調理",), {"weekend_morning"}),
        h("cook-2", ("調理",), {"weekend_morning"}),
        h("cook-3", ("調理",), {"weekend_morning"}),
        h("nurse", ("看護師",), {"weekend_afternoon"}),
        h("camera", ("写真撮影",), {"weekend_afternoon"}),
    ]
    return Ranker(helpers, needs=[EVENT], gazetteer=gazetteer, resolver=resolver)


def test_team_covers_every_required_skill_rather_than_three_cooks(event_ranker: Ranker) -> None:
    ranked = event_ranker.rank_helpers(EVENT, top=5)
    team = propose(event_ranker, ranked)
    members = set(team.members)
    assert {"nurse", "camera"} <= members and len(members & {"cook-1", "cook-2", "cook-3"}) == 1
    assert team.missing_skills == () and team.missing_slots == ()
    assert team.summary({}) == "必要なスキルと時間帯をすべて満たすチーム"


def test_team_says_what_is_still_missing(event_ranker: Ranker) -> None:
    cooks = [c for c in event_ranker.rank_helpers(EVENT, top=5) if c.key.startswith("cook")]
    team = propose(event_ranker, cooks)
    resolve = event_ranker.resolver.resolve_skill
    nurse, photo = resolve("看護師").key, resolve("写真撮影").key
    assert set(team.missing_skills) == {nurse, photo}
    assert team.missing_slots == ("weekend_afternoon",)
    summary = team.summary({nurse: "看護師", photo: "写真撮影"})
    assert summary.startswith("まだ足りないもの：")
    assert "看護師" in summary and "写真撮影" in summary


def propose(ranker: Ranker, ranked: list[Candidate]):
    from matchhub.ranking.team import propose_team

    return propose_team(ranker, EVENT, ranked)


def _decisions(n: int, seed: int = 1) -> list[Decision]:
    """A coordinator who always rejects far-away candidates and confirms near ones."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        area = rng.random()
        components = {
            "theme": rng.random(),
            "skills": rng.random(),
            "area": area,
            "availability": rng.random(),
            "language": 0.5,
        }
        out.append(
            Decision(
                f"i-{i // 8}",
                f"h-{i}",
                components,
                confirmed=area > 0.5,
                decided_at=start + timedelta(days=i // 4),
                rank=1 + i % 8,
            )
        )
    return out


def test_learned_weights_move_towards_what_coordinators_confirm() -> None:
    learned = learn_weights(_decisions(400))
    assert not learned.fallback
    assert learned.weights.area > DEFAULT_WEIGHTS.area + 0.1
    assert abs(sum(learned.weights.as_dict().values()) - 1.0) < 1e-6


def test_too_few_decisions_keep_the_default_weights() -> None:
    learned = learn_weights(_decisions(10))
    assert learned.fallback and learned.weights == DEFAULT_WEIGHTS


def test_candidates_shown_lower_weigh_more_when_decided() -> None:
    assert examination_propensity(1) == 1.0
    assert examination_propensity(4) == pytest.approx(0.25)
    assert examination_propensity(None) == 1.0


def test_learned_weights_rank_held_out_decisions_better() -> None:
    decisions = _decisions(600)
    learned = learn_weights(decisions[:400]).weights
    held_out = decisions[400:]
    assert ndcg_on_decisions(held_out, learned) > ndcg_on_decisions(held_out, DEFAULT_WEIGHTS)


def test_replay_trains_on_the_past_and_tests_on_the_next_month() -> None:
    result = replay(_decisions(600))
    assert result.months >= 4 and result.tested > 0
    assert result.learned_ndcg > result.default_ndcg
