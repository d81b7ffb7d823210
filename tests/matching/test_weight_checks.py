"""Learned weights stay within bounds, and a proposal must beat the noise to be applied."""

from __future__ import annotations

from datetime import UTC, datetime

from matchhub.ranking.learn import COMPONENTS, Decision
from matchhub.ranking.score import DEFAULT_WEIGHTS, Weights
from matchhub.ranking.weight_checks import bounded, compare

WHEN = datetime(2026, 4, 1, tzinfo=UTC)


def test_no_component_goes_above_0_6_or_below_0_05_and_they_sum_to_one():
    runaway = Weights(theme=0.09, skills=0.05, area=0.81, availability=0.0, language=0.05)
    kept = bounded(runaway)
    values = [getattr(kept, n) for n in COMPONENTS]
    assert max(values) <= 0.6 and min(values) >= 0.05
    assert abs(sum(values) - 1) < 1e-3
    assert kept.area == 0.6 and kept.availability == 0.05


def test_weights_already_within_bounds_are_unchanged():
    assert bounded(DEFAULT_WEIGHTS) == DEFAULT_WEIGHTS


def _issue(name: str, good: dict, bad: dict) -> list[Decision]:
    return [
        Decision(name, f"{name}-good", good, True, WHEN),
        Decision(name, f"{name}-bad", bad, False, WHEN),
    ]


def test_the_same_ranking_is_not_better_and_a_clear_win_is():
    area_wins = [
        d
        for n in range(12)
        for d in _issue(
            f"i{n}",
            {"theme": 0.2, "area": 1.0 - n * 0.01},
            {"theme": 0.9, "area": 0.0},
        )
    ]
    same = compare(area_wins, DEFAULT_WEIGHTS, DEFAULT_WEIGHTS)
    assert same.after == same.before and not same.better
    area_first = Weights(theme=0.1, skills=0.1, area=0.6, availability=0.15, language=0.05)
    win = compare(area_wins, DEFAULT_WEIGHTS, area_first)
    assert win.after > win.before and win.better and win.issues == 12


def test_a_win_on_one_issue_is_within_the_noise():
    one = _issue("only", {"theme": 0.2, "area": 1.0}, {"theme": 0.9, "area": 0.0})
    area_first = Weights(theme=0.1, skills=0.1, area=0.6, availability=0.15, language=0.05)
    assert not compare(one, DEFAULT_WEIGHTS, area_first).better
