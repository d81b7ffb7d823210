"""Coordinators' decisions on candidates: confirm or reject, exactly once."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from matchhub.extensions import db
from matchhub.matching import places
from matchhub.matching.matching import score_candidate
from matchhub.models import HelperProfile, Issue, Match, Organization, User
from matchhub.models.matches import DESK_DECISIONS
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.links import path_for

REJECT_REASONS = ("too_far", "skills", "schedule", "availability_changed", "other")


class AlreadyDecided(Exception):
    """Someone decided on this pair first; the message says who and what."""


@dataclass(frozen=True)
class Decision:
    match: Match
    created: bool


def _owner(candidate: HelperProfile | Organization) -> dict[str, int]:
    if isinstance(candidate, HelperProfile):
        return {"helper_id": candidate.id}
    return {"organization_id": candidate.id}


def _decision_values(coordinator: User, reason: str) -> dict:
    now = utcnow()
    return {
        "status": None,
        "decided_by_id": coordinator.id,
        "decided_at": now,
        "decision_reason": reason,
        "status_changed_at": now,
        "updated_at": now,
    }


def _conditional_update(issue_id: int, owner: dict[str, int], values: dict) -> int:
    """Move a proposed pairing to its decision; 0 rows means someone else decided first."""
    clauses = [Match.issue_id == issue_id, Match.status == "proposed"]
    clauses += [getattr(Match, name) == value for name, value in owner.items()]
    result = db.session.execute(
        update(Match)
        .where(*clauses)
        .values(**values, version=Match.version + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def decide(
    issue: Issue,
    candidate: HelperProfile | Organization,
    coordinator: User,
    status: str,
    reason: str = "",
    source: str = "ranking",
    over_capacity_reason: str = "",
) -> Decision:
    """Confirm or reject a candidate for an issue, once, whoever clicks at the same moment.

    :raise AlreadyDecided: when this pair was already confirmed or rejected.
    :raise places.PlacesFull: when every place is taken and no over-capacity reason is given.
    """
    if status not in {target for _, target in DESK_DECISIONS.values()}:
        raise ValueError(f"a decision is confirmed or rejected, not {status!r}")
    ranked = score_candidate(issue, candidate)
    issue_id, owner = issue.id, _owner(candidate)
    values = {**_decision_values(coordinator, reason), "status": status}
    # Write first: the conditional UPDATE takes the row lock (the database lock on SQLite)
    # before anything is read, so two coordinators cannot both see "proposed" and both win.
    created = False
    if status == "confirmed":
        places.lock(issue_id)
    if not _conditional_update(issue_id, owner, values):
        try:
            with db.session.begin_nested():
                db.session.add(
                    Match(
                        issue_id=issue_id,
                        **owner,
                        source=source,
                        score=ranked.score if ranked else None,
                        components=ranked.components if ranked else {},
                        reasons=ranked.reasons if ranked else [],
                        **values,
                    )
                )
            created = True
        except IntegrityError:
            # The pair exists: someone decided it between our UPDATE and INSERT, or earlier.
            if not _conditional_update(issue_id, owner, values):
                db.session.rollback()
                raise AlreadyDecided(_explain_existing(issue, owner)) from None
    match = db.session.scalar(
        select(Match).where(Match.issue_id == issue.id, *_owner_clauses(owner))
    )
    db.session.refresh(match)
    if status == "confirmed":
        try:
            places.check_not_overfilled(issue, over_capacity_reason)
        except places.PlacesFull:
            db.session.rollback()
            raise
        if places.taken(issue) > issue.people_needed:
            audit.record(
                coordinator.id,
                "match.over_capacity",
                match,
                {
                    "issue": issue.key,
                    "candidate": candidate.key,
                    "people_needed": issue.people_needed,
                    "reason": over_capacity_reason,
                },
            )
    audit.record(
        coordinator.id,
        f"match.{'confirm' if status == 'confirmed' else 'reject'}",
        match,
        {"issue": issue.key, "candidate": candidate.key, "reason": reason, "score": match.score},
    )
    if status == "confirmed":
        _notify_confirmed(match, issue, candidate)
    db.session.commit()
    return Decision(match, created)


def _owner_clauses(owner: dict[str, int]) -> list:
    return [getattr(Match, name) == value for name, value in owner.items()]


def _explain_existing(issue: Issue, owner: dict[str, int]) -> str:
    match = db.session.scalar(
        select(Match).where(Match.issue_id == issue.id, *_owner_clauses(owner))
    )
    who = match.decided_by.display_name if match and match.decided_by else _("another coordinator")
    return _(
        "This candidate was already decided (%(status)s) by %(who)s. Nothing was changed.",
        status=_status_label(match.status if match else ""),
        who=who,
    )


def _status_label(status: str) -> str:
    labels = {
        "confirmed": _("confirmed"),
        "rejected": _("rejected"),
        "accepted": _("accepted"),
        "declined": _("declined"),
        "active": _("active"),
        "completed": _("completed"),
        "cancelled": _("cancelled"),
    }
    return labels.get(status, status)


def _members(org: Organization) -> list[User]:
    return [m.user for m in org.memberships]


def _notify_confirmed(match: Match, issue: Issue, candidate) -> None:
    from matchhub.platform.notifications import notify

    if isinstance(candidate, HelperProfile):
        with force_locale(candidate.user.locale):
            notify(
                candidate.user,
                "match_confirmed",
                _(
                    "The desk proposes you for 「%(title)s」. Please tell us whether you "
                    "would like to take part.",
                    title=issue.title,
                ),
                "/me/activities",
            )
    else:
        for user in _members(candidate):
            with force_locale(user.locale):
                notify(
                    user,
                    "match_confirmed",
                    _("The desk proposes your organization for 「%(title)s」.", title=issue.title),
                    path_for("issues.show", key=issue.key),
                )
    for user in _members(issue.organization):
        with force_locale(user.locale):
            notify(
                user,
                "match_confirmed",
                _(
                    "The desk confirmed a candidate for 「%(title)s」. Contact details follow "
                    "once they accept.",
                    title=issue.title,
                ),
                path_for("issues.show", key=issue.key),
            )
