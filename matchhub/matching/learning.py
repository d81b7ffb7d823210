"""Weights learned from the desk's own decisions, shown first and applied on purpose."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import Impression, Match, User
from matchhub.models.matches import DESK_APPROVED, SETTLED
from matchhub.models.types import utcnow
from matchhub.platform import audit, settings
from matchhub.ranking.learn import (
    COMPONENTS,
    MIN_DECISIONS,
    Decision,
    Learned,
    learn_weights,
)
from matchhub.ranking.score import DEFAULT_WEIGHTS, Weights
from matchhub.ranking.weight_checks import Comparison, bounded, compare

WEIGHTS_KEY = "ranking.weights"
HISTORY_KEY = "ranking.weights_history"
HISTORY_LENGTH = 20
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
    proposed: Learned  # learned against the default prior, then bounded
    comparison: Comparison  # current against the proposal, on the newest decisions
    held_out: int
    refusal: str  # why it cannot be applied; empty when it can

    @property
    def current_ndcg(self) -> float:
        return self.comparison.before

    @property
    def proposed_ndcg(self) -> float:
        return self.comparison.after

    def fingerprint(self) -> str:
        """What the coordinator saw: a later apply is refused when either side changed."""
        return json.dumps([self.current.as_dict(), self.proposed.weights.as_dict()], sort_keys=True)


def _learned(decisions: list[Decision]) -> Learned:
    """Learn against the default prior, never the weights in use: applying twice cannot
    compound, and no component leaves its bounds."""
    learned = learn_weights(decisions, DEFAULT_WEIGHTS)
    return Learned(bounded(learned.weights), learned.decisions, learned.fallback)


def propose_weights() -> WeightsProposal:
    """Learn on older decisions, compare on the newest; propose weights learned on all."""
    decisions = recorded_decisions()
    current = current_weights()
    cut = int(len(decisions) * (1 - HELD_OUT_SHARE))
    trained = _learned(decisions[:cut])
    held_out = decisions[cut:]
    proposed = _learned(decisions)
    comparison = compare(held_out, current, trained.weights)
    return WeightsProposal(
        current=current,
        proposed=proposed,
        comparison=comparison,
        held_out=len(held_out),
        refusal=_refusal(decisions, proposed, trained, current, comparison),
    )


def _refusal(
    decisions: list[Decision],
    proposed: Learned,
    trained: Learned,
    current: Weights,
    comparison: Comparison,
) -> str:
    if len(decisions) < MIN_DECISIONS:
        return _(
            "Only %(n)d decisions so far; learning needs at least %(min)d. "
            "The current weights stay.",
            n=len(decisions),
            min=MIN_DECISIONS,
        )
    if proposed.fallback or trained.fallback:
        return _(
            "The %(n)d decisions do not yet compare candidates with each other: learning "
            "needs issues where one candidate was confirmed and another rejected. "
            "The current weights stay.",
            n=len(decisions),
        )
    if proposed.weights.as_dict() == current.as_dict():
        return _("These weights are already in use.")
    if not comparison.better:
        return _(
            "The proposal is not better on the newest decisions: NDCG@10 %(before)s → "
            "%(after)s, within its uncertainty (± %(uncertainty)s). The current weights stay.",
            before=_figure(comparison.before),
            after=_figure(comparison.after),
            uncertainty=_figure(comparison.uncertainty),
        )
    return ""


def _figure(value: float) -> str:
    return "—" if math.isnan(value) or math.isinf(value) else f"{value:.3f}"


class StaleProposal(Exception):
    """The weights or the proposal changed since the coordinator looked; nothing changed."""


def apply_weights(proposal: WeightsProposal, seen: str, coordinator: User, reason: str) -> None:
    """Use the proposed weights from now on, if still what the coordinator saw and better.

    :raise StaleProposal: when the weights in use or the proposal changed meanwhile.
    :raise ValueError: when the proposal may not be applied (its refusal is the message).
    """
    if proposal.fingerprint() != seen:
        last = weight_history()[:1]
        who = last[0]["by"] if last else _("another coordinator")
        raise StaleProposal(
            _(
                "The weights or the decisions changed since you opened this page (last "
                "change by %(who)s). Nothing was changed; look at the new proposal.",
                who=who,
            )
        )
    if proposal.refusal:
        raise ValueError(proposal.refusal)
    _use(proposal.proposed.weights, coordinator, reason, "ranking.weights_apply")


def revert_to(entry: int, coordinator: User) -> Weights:
    """Use a weight set from the history again (-1: the defaults); audited and recorded."""
    history = weight_history()
    if entry == -1:
        weights = DEFAULT_WEIGHTS
    elif 0 <= entry < len(history):
        weights = Weights(**{n: float(history[entry]["weights"][n]) for n in COMPONENTS})
    else:
        raise LookupError(entry)
    at = history[entry]["at"] if entry >= 0 else ""
    _use(
        weights,
        coordinator,
        _("Back to the weights of %(at)s", at=at) if at else _("Back to the default weights"),
        "ranking.weights_revert",
    )
    return weights


def weight_history() -> list[dict]:
    """Weight sets applied, newest first: weights, who, when (UTC, ISO) and why."""
    stored = settings.get_json(HISTORY_KEY) or {}
    return list(stored.get("entries", []))


def _use(weights: Weights, coordinator: User, reason: str, action: str) -> None:
    before = current_weights().as_dict()
    after = {name: getattr(weights, name) for name in COMPONENTS}
    settings.put_json(WEIGHTS_KEY, after, coordinator.id)
    entry = {
        "weights": after,
        "by": coordinator.display_name,
        "at": utcnow().isoformat(timespec="minutes"),
        "reason": reason,
    }
    history = [entry, *weight_history()][:HISTORY_LENGTH]
    settings.put_json(HISTORY_KEY, {"entries": history}, coordinator.id)
    audit.record(coordinator.id, action, None, {"before": before, "after": after, "reason": reason})
    db.session.commit()
