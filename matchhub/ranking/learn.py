"""Component weights learned from coordinators' confirm and reject decisions.

Decisions are biased by position: a coordinator decides on what the queue showed near the
top. Each decision is weighted by the inverse of the chance that its candidate was examined
at the rank it was shown (Joachims, Swaminathan & Schnabel 2017, "Unbiased learning-to-rank
with biased feedback"), with the usual 1/rank^eta examination model.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from matchhub.ranking.evaluation import ndcg_at_k
from matchhub.ranking.score import DEFAULT_WEIGHTS, Weights

COMPONENTS = ("theme", "skills", "area", "availability", "language")
MIN_DECISIONS = 30
# Decisions' worth of pull towards the default weights: few decisions move little.
PRIOR_STRENGTH = 50
EXAMINATION_ETA = 1.0
MAX_INVERSE_PROPENSITY = 10.0


@dataclass(frozen=True)
class Decision:
    """A coordinator's decision on one candidate, with the components it was shown with."""

    issue: str
    candidate: str
    components: dict[str, float]
    confirmed: bool
    decided_at: datetime
    rank: int | None = None  # None: proposed by hand, not from a ranked list


@dataclass(frozen=True)
class Learned:
    weights: Weights
    decisions: int
    fallback: bool  # True when there were too few decisions to learn from


def examination_propensity(rank: int | None, eta: float = EXAMINATION_ETA) -> float:
    """Chance that a coordinator looked at a candidate shown at `rank` (1 = top)."""
    if rank is None or rank < 1:
        return 1.0
    return 1.0 / rank**eta


def _pairs(decisions: Sequence[Decision]) -> tuple[np.ndarray, np.ndarray]:
    """Within each issue, confirmed minus rejected components, IPS-weighted."""
    by_issue: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_issue[decision.issue].append(decision)
    differences, weights = [], []
    for group in by_issue.values():
        confirmed = [d for d in group if d.confirmed]
        rejected = [d for d in group if not d.confirmed]
        for good in confirmed:
            for bad in rejected:
                differences.append(
                    [good.components.get(n, 0.5) - bad.components.get(n, 0.5) for n in COMPONENTS]
                )
                weights.append(_inverse_propensity(good) * _inverse_propensity(bad))
    return np.array(differences, dtype=float), np.array(weights, dtype=float)


def _inverse_propensity(decision: Decision) -> float:
    return min(1.0 / examination_propensity(decision.rank), MAX_INVERSE_PROPENSITY)


def learn_weights(
    decisions: Sequence[Decision],
    base: Weights = DEFAULT_WEIGHTS,
    min_decisions: int = MIN_DECISIONS,
) -> Learned:
    """Fit a regularised pairwise logistic regression on the components; else keep `base`.

    Pairs are formed within an issue (a confirmed against a rejected candidate), so the
    model learns what makes a coordinator prefer one candidate over another for the same
    need, not which needs get many confirmations.
    """
    if len(decisions) < min_decisions:
        return Learned(base, len(decisions), True)
    differences, weights = _pairs(decisions)
    if len(differences) < 2:
        return Learned(base, len(decisions), True)
    from sklearn.linear_model import LogisticRegression

    # Each pair appears both ways round, so the problem is symmetric and needs no intercept.
    features = np.vstack([differences, -differences])
    labels = np.concatenate([np.ones(len(differences)), np.zeros(len(differences))])
    model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=1000)
    model.fit(features, labels, sample_weight=np.concatenate([weights, weights]))
    coefficients = np.clip(model.coef_[0], 0.0, None)
    if coefficients.sum() <= 0:
        return Learned(base, len(decisions), True)
    learned = coefficients / coefficients.sum()
    prior = np.array([getattr(base, name) for name in COMPONENTS])
    prior = prior / prior.sum()
    share = len(decisions) / (len(decisions) + PRIOR_STRENGTH)
    blended = share * learned + (1 - share) * prior
    values = dict(zip(COMPONENTS, np.round(blended / blended.sum(), 4), strict=True))
    return Learned(Weights(**{k: float(v) for k, v in values.items()}), len(decisions), False)


def ndcg_on_decisions(decisions: Sequence[Decision], weights: Weights, k: int = 10) -> float:
    """Mean NDCG@k of re-ranking each issue's decided candidates by `weights`."""
    by_issue: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_issue[decision.issue].append(decision)
    values = []
    for group in by_issue.values():
        grades = {d.candidate: int(d.confirmed) for d in group}
        if len(group) < 2 or not any(grades.values()):
            continue
        scored = sorted(
            group,
            key=lambda d: -sum(getattr(weights, n) * d.components.get(n, 0.5) for n in COMPONENTS),
        )
        values.append(ndcg_at_k([d.candidate for d in scored], grades, k))
    return float(np.mean(values)) if values else math.nan


@dataclass(frozen=True)
class ReplayResult:
    months: int
    tested: int
    default_ndcg: float
    learned_ndcg: float
    final: Learned


def _month(moment: datetime) -> tuple[int, int]:
    return moment.year, moment.month


def replay(decisions: Sequence[Decision], base: Weights = DEFAULT_WEIGHTS) -> ReplayResult:
    """Train on everything before each month, test on that month; mean over tested months."""
    ordered = sorted(decisions, key=lambda d: d.decided_at)
    months = sorted({_month(d.decided_at) for d in ordered})
    default_scores, learned_scores, tested = [], [], 0
    for month in months[1:]:
        past = [d for d in ordered if _month(d.decided_at) < month]
        current = [d for d in ordered if _month(d.decided_at) == month]
        learned = learn_weights(past, base)
        default_value = ndcg_on_decisions(current, base)
        if math.isnan(default_value):
            continue
        default_scores.append(default_value)
        learned_scores.append(ndcg_on_decisions(current, learned.weights))
        tested += len(current)
    return ReplayResult(
        months=len(months),
        tested=tested,
        default_ndcg=round(float(np.mean(default_scores)), 4) if default_scores else math.nan,
        learned_ndcg=round(float(np.mean(learned_scores)), 4) if learned_scores else math.nan,
        final=learn_weights(ordered, base),
    )
