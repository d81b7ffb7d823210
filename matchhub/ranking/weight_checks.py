"""Guards on learned weights: bounded components and a comparison that knows its noise."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matchhub.ranking.evaluation import ndcg_at_k
from matchhub.ranking.learn import COMPONENTS, Decision
from matchhub.ranking.score import Weights

LOWEST = 0.05
HIGHEST = 0.6
# Two-sided 95 % normal quantile: "better by more than its uncertainty".
Z95 = 1.96


def bounded(weights: Weights, low: float = LOWEST, high: float = HIGHEST) -> Weights:
    """The nearest weights summing to 1 with every component within [low, high].

    Clip, then share what is left among the components still free, until nothing moves.
    """
    values = np.array([getattr(weights, n) for n in COMPONENTS], dtype=float)
    values = values / values.sum()
    fixed = np.zeros(len(values), dtype=bool)
    for _ in range(len(values) + 1):
        clipped = np.clip(values, low, high)
        fixed |= clipped != values
        values = clipped
        spare = 1.0 - values.sum()
        if abs(spare) < 1e-12 or fixed.all():
            break
        free = ~fixed
        values[free] += spare * values[free] / values[free].sum()
    return Weights(**{n: float(round(v, 4)) for n, v in zip(COMPONENTS, values, strict=True)})


@dataclass(frozen=True)
class Comparison:
    before: float  # mean NDCG@10 of the weights in use, on held-out issues
    after: float  # the same for the proposal
    uncertainty: float  # half-width of the 95 % interval of the paired difference
    issues: int

    @property
    def better(self) -> bool:
        """The proposal wins by more than the noise of the comparison."""
        if self.issues < 2 or math.isnan(self.before):
            return False
        return self.after - self.before > self.uncertainty


def _per_issue_ndcg(group: list[Decision], weights: Weights, k: int) -> float:
    grades = {d.candidate: int(d.confirmed) for d in group}
    scored = sorted(
        group,
        key=lambda d: -sum(getattr(weights, n) * d.components.get(n, 0.5) for n in COMPONENTS),
    )
    return ndcg_at_k([d.candidate for d in scored], grades, k)


def compare(
    decisions: Sequence[Decision], before: Weights, after: Weights, k: int = 10
) -> Comparison:
    """Paired NDCG@k per held-out issue; the uncertainty is 1.96 standard errors of the
    per-issue difference (nothing is claimed from fewer than two issues)."""
    by_issue: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_issue[decision.issue].append(decision)
    pairs = [
        (_per_issue_ndcg(group, before, k), _per_issue_ndcg(group, after, k))
        for group in by_issue.values()
        if len(group) >= 2 and any(d.confirmed for d in group)
    ]
    if not pairs:
        return Comparison(math.nan, math.nan, math.nan, 0)
    old, new = np.array(pairs).T
    spread = float(np.std(new - old, ddof=1)) if len(pairs) > 1 else math.inf
    return Comparison(
        before=round(float(old.mean()), 4),
        after=round(float(new.mean()), 4),
        uncertainty=round(Z95 * spread / math.sqrt(len(pairs)), 4),
        issues=len(pairs),
    )
