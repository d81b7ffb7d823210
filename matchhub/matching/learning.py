"""Weights learned from the desk's own decisions, shown first and applied on purpose."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import Impression, Match, User
from matchhub.models.matches import DESK_APPROVED, SETTLED
from matchhub.platform import audit, settings
from matchhub.ranking.learn import COMPONENTS, Decision, Learned, learn_weights, ndcg_on_decisions
from matchhub.ranking.score import DEFAULT_WEIGHTS, Weights

WEIGHTS_KEY = "ranking.weights"
HELD_OUT_SHARE = 0.2
# Statuses a pairing can only reach through a coordinator's confirmation.


def current_weights() -> Weights:
    """The weights in use: the last ones a coordinator applied, else the defaults."""
    stored = settings.get_json(WEIGHTS_KEY)
    if not stored:
        return DEFAULT_WEIGHTS
    return Weights(**{name: float(stored.get(name, 0.0)) for name in COMPONENTS})


def recorded_decisions() -> list[Decision]:
    """Coordinators' decisions on helpers, with the rank each candidate was last shown at."""
    matches = db.session.scalars(
        select(Match)
        .where(Match.helper_id.is_not(None), Match.decided_at.is_not(None))
        .where(Match.status_in(SETTLED))
        .options(selectinload(Match.issue), selectinload(Match.helper))
    ).all()
    shown: dict[tuple[int, str], list[Impression]] = {}
    for impression in db.session.scalars(
        select(Impression).where(Impression.candidate_kind == "helper").order_by(Impression.id)
    ):
        shown.setdefault((impression.issue_id, impression.candidate_key), []).append(impression)
    decisions = []
    for match in matches:
        seen = [
            i
            for i in shown.get((match.issue_id, match.helper.key), [])
            if i.shown_at <= match.decided_at
        ]
        decisions.append(
            Decision(
                issue=match.issue.key,
                candidate=match.helper.key,
                components={k: float(v) for k, v in (match.components or {}).items()},
                confirmed=match.status in DESK_APPROVED,
                decided_at=match.decided_at,
                rank=seen[-1].rank if seen else None,
            )
        )
    return sorted(decisions, key=lambda d: d.decided_at)


@dataclass(frozen=True)
class WeightsProposal:
    current: Weights
    proposed: Learned
    current_ndcg: float  # on the newest decisions, held out from training
    proposed_ndcg: float
    held_out: int


def propose_weights() -> WeightsProposal:
    """Learn on older decisions, compare on the newest; propose weights learned on all."""
    decisions = recorded_decisions()
    current = current_weights()
    cut = int(len(decisions) * (1 - HELD_OUT_SHARE))
    trained = learn_weights(decisions[:cut], current)
    held_out = decisions[cut:]
    return WeightsProposal(
        current=current,
        proposed=learn_weights(decisions, current),
        current_ndcg=_rounded(ndcg_on_decisions(held_out, current)),
        proposed_ndcg=_rounded(ndcg_on_decisions(held_out, trained.weights)),
        held_out=len(held_out),
    )


def _rounded(value: float) -> float:
    return value if math.isnan(value) else round(value, 4)


def apply_weights(weights: Weights, coordinator: User) -> None:
    """Use these weights from now on; the change is audited with before and after."""
    before = current_weights().as_dict()
    after = {name: getattr(weights, name) for name in COMPONENTS}
    settings.put_json(WEIGHTS_KEY, after, coordinator.id)
    audit.record(coordinator.id, "ranking.weights_apply", None, {"before": before, "after": after})
    db.session.commit()
