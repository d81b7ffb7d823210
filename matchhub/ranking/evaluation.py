"""Ranking quality against graded judgments: NDCG@10, P@5, MRR, and two baselines."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass

from matchhub.ranking.documents import HelperDoc, NeedDoc

RELEVANT_GRADE = 2


@dataclass(frozen=True)
class Metrics:
    """Mean metrics over the judged needs."""

    ndcg_at_10: float
    precision_at_5: float
    mrr: float
    needs: int

    def as_dict(self) -> dict[str, float]:
        """Plain dict, for JSON output."""
        return asdict(self)


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain of graded gains in rank order."""
    return sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """NDCG@k with gains 2^g - 1; unjudged candidates count as grade 0."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([grades.get(key, 0) for key in ranking[:k]]) / ideal


def precision_at_k(
    ranking: Sequence[str], grades: Mapping[str, int], k: int = 5, relevant: int = RELEVANT_GRADE
) -> float:
    """Share of the first k candidates graded relevant (grade >= 2)."""
    return sum(1 for key in ranking[:k] if grades.get(key, 0) >= relevant) / k


def reciprocal_rank(
    ranking: Sequence[str], grades: Mapping[str, int], relevant: int = RELEVANT_GRADE
) -> float:
    """1 / position of the first relevant candidate, 0 if none is ranked."""
    for position, key in enumerate(ranking, start=1):
        if grades.get(key, 0) >= relevant:
            return 1.0 / position
    return 0.0


def evaluate(
    rankings: Mapping[str, Sequence[str]], judgments: Mapping[str, Mapping[str, int]]
) -> Metrics:
    """Mean metrics over needs that have at least one positive judgment."""
    judged = [n for n, grades in judgments.items() if any(g > 0 for g in grades.values())]
    if not judged:
        return Metrics(0.0, 0.0, 0.0, 0)
    ndcg = p5 = mrr = 0.0
    for need in judged:
        ranking, grades = rankings.get(need, ()), judgments[need]
        ndcg += ndcg_at_k(ranking, grades)
        p5 += precision_at_k(ranking, grades)
        mrr += reciprocal_rank(ranking, grades)
    count = len(judged)
    return Metrics(round(ndcg / count, 4), round(p5 / count, 4), round(mrr / count, 4), count)


def random_rankings(keys: Sequence[str], seed: int = 0, repeats: int = 20) -> list[list[str]]:
    """Shuffled copies of the candidate keys, reproducible from the seed."""
    generator = random.Random(seed)
    out = []
    for _ in range(repeats):
        shuffled = list(keys)
        generator.shuffle(shuffled)
        out.append(shuffled)
    return out


def evaluate_random(
    keys: Sequence[str],
    judgments: Mapping[str, Mapping[str, int]],
    seed: int = 0,
    repeats: int = 20,
) -> Metrics:
    """Random-order baseline: metrics averaged over seeded shuffles."""
    runs = [
        evaluate({need: order for need in judgments}, judgments)
        for order in random_rankings(keys, seed, repeats)
    ]
    return Metrics(
        round(sum(r.ndcg_at_10 for r in runs) / len(runs), 4),
        round(sum(r.precision_at_5 for r in runs) / len(runs), 4),
        round(sum(r.mrr for r in runs) / len(runs), 4),
        runs[0].needs,
    )


def exact_match_ranking(need: NeedDoc, helpers: Sequence[HelperDoc]) -> list[str]:
    """Spreadsheet filter: same area and an identical theme string, in original order."""
    themes = {t.strip() for t in need.themes if t.strip()}
    return [
        h.key
        for h in helpers
        if need.area_key is not None
        and h.area_key == need.area_key
        and themes & {t.strip() for t in h.themes}
    ]


def evaluate_rankers(
    needs: Sequence[NeedDoc],
    helpers: Sequence[HelperDoc],
    judgments: Mapping[str, Mapping[str, int]],
    engine: Callable[[NeedDoc], Sequence[str]],
) -> dict[str, Metrics]:
    """Engine, random and exact-match metrics on the judged needs."""
    judged = {n.key: n for n in needs if n.key in judgments}
    wanted = {key: judgments[key] for key in judged}
    return {
        "engine": evaluate({k: engine(n) for k, n in judged.items()}, wanted),
        "random": evaluate_random([h.key for h in helpers], wanted),
        "exact_match": evaluate(
            {k: exact_match_ranking(n, helpers) for k, n in judged.items()}, wanted
        ),
    }
