"""Ranking metrics on tiny hand-made rankings, and the two baselines."""

from __future__ import annotations

import math

import pytest

from matchhub.ranking.documents import HelperDoc, NeedDoc
from matchhub.ranking.evaluation import (
    evaluate,
    evaluate_random,
    exact_match_ranking,
    ndcg_at_k,
    precision_at_k,
    random_rankings,
    reciprocal_rank,
)

GRADES = {"a": 3, "b": 2, "c": 1}


def test_ideal_order_has_ndcg_one() -> None:
    assert ndcg_at_k(["a", "b", "c", "x"], GRADES) == pytest.approx(1.0)


def test_ndcg_uses_exponential_gains_and_log_discount() -> None:
    expected_dcg = (2**2 - 1) / math.log2(2) + (2**3 - 1) / math.log2(3)
    ideal = (2**3 - 1) + (2**2 - 1) / math.log2(3) + (2**1 - 1) / math.log2(4)
    assert ndcg_at_k(["b", "a"], GRADES) == pytest.approx(expected_dcg / ideal)


def test_unjudged_candidates_count_as_zero() -> None:
    assert ndcg_at_k(["x", "y", "z"], GRADES) == 0.0


def test_ndcg_only_looks_at_the_first_k() -> None:
    assert ndcg_at_k(["x", "a"], GRADES, k=1) == 0.0


def test_precision_at_5_counts_grade_two_or_more() -> None:
    assert precision_at_k(["c", "a", "x", "b", "y"], GRADES) == pytest.approx(2 / 5)


def test_reciprocal_rank_is_one_over_first_relevant_position() -> None:
    assert reciprocal_rank(["c", "x", "b"], GRADES) == pytest.approx(1 / 3)
    assert reciprocal_rank(["c", "x"], GRADES) == 0.0


def test_evaluate_averages_over_needs_with_positive_judgments() -> None:
    metrics = evaluate(
        {"n1": ["a", "b"], "n2": ["x"]},
        {"n1": GRADES, "n2": {"q": 2}, "n3": {"z": 0}},
    )
    assert metrics.needs == 2
    assert metrics.mrr == pytest.approx(0.5)


def test_random_baseline_is_reproducible_from_its_seed() -> None:
    assert random_rankings(["a", "b", "c"], seed=7) == random_rankings(["a", "b", "c"], seed=7)
    first = evaluate_random(list("abcdefgh"), {"n": GRADES}, seed=3)
    assert first == evaluate_random(list("abcdefgh"), {"n": GRADES}, seed=3)


def test_exact_match_baseline_needs_same_area_and_identical_theme_string() -> None:
    need = NeedDoc(key="n", themes=("子ども食堂",), area_key="x")
    helpers = [
        HelperDoc("spelled-differently", themes=("こども食堂",), area_key="x"),
        HelperDoc("elsewhere", themes=("子ども食堂",), area_key="y"),
        HelperDoc("second", themes=("防災", "子ども食堂"), area_key="x"),
        HelperDoc("third", themes=("子ども食堂 ",), area_key="x"),
    ]
    assert exact_match_ranking(need, helpers) == ["second", "third"]
