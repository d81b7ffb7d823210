"""Sharing exposure: the same few helpers must not top every list while others never show.

A gentle additive prior on helpers' scores: down for someone proposed on many issues
lately without being confirmed, down for someone already busy with matches, up for
someone never shown at all. The sizes are small beside the spread of real scores, so
they reorder near-ties, not a good fit against a poor one.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import HelperProfile, Impression, Match
from matchhub.models.matches import BUSY as BUSY_STATUSES
from matchhub.models.matches import SEAT_TAKEN
from matchhub.models.types import utcnow
from matchhub.ranking.engine import Ranker

WINDOW = timedelta(days=30)
# Seconds a worker reuses a computed prior: a month's impressions barely move in a minute,
# and reusing it lets coordinators' repeated views of an issue skip ranking.
EXPOSURE_REFRESH = 60.0
OVEREXPOSED = 0.08  # at 10 or more issues shown on, none confirmed
BUSY = 0.06  # at 2 or more matches under way
NEWCOMER = 0.03  # never shown to a coordinator


def exposure_prior(ranker: Ranker) -> np.ndarray:
    """One additive value per helper of the ranker's index."""
    position = ranker.helpers.position
    prior = np.zeros(len(ranker.helpers), dtype=np.float64)
    since = utcnow() - WINDOW
    shown = dict(
        db.session.execute(
            select(Impression.candidate_key, func.count(func.distinct(Impression.issue_id)))
            .where(Impression.candidate_kind == "helper", Impression.shown_at >= since)
            .group_by(Impression.candidate_key)
        ).all()
    )
    confirmed = _matches_by_helper((Match.status_in(SEAT_TAKEN), Match.decided_at >= since))
    busy = _matches_by_helper((Match.status_in(BUSY_STATUSES),))
    for key, issues in shown.items():
        if key in position:
            unconfirmed = max(issues - 3 * confirmed.get(key, 0), 0)
            prior[position[key]] -= OVEREXPOSED * min(unconfirmed / 10, 1.0)
    for key, count in busy.items():
        if key in position:
            prior[position[key]] -= BUSY * min(count, 2) / 2
    ever = set(
        db.session.scalars(
            select(Impression.candidate_key).where(Impression.candidate_kind == "helper").distinct()
        )
    )
    never = np.array([key not in ever for key in ranker.helpers.keys], dtype=bool)
    prior[never] += NEWCOMER
    return prior


def _matches_by_helper(conditions: tuple) -> dict[str, int]:
    rows = db.session.execute(
        select(HelperProfile.key, func.count())
        .join(Match, Match.helper_id == HelperProfile.id)
        .where(*conditions)
        .group_by(HelperProfile.key)
    )
    return {key: count for key, count in rows}
