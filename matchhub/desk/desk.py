"""The collaboration desk: who may see a proposal, administrative issues, response times.

Idea protection: a proposal is seen by its organization's members, the desk (coordinators
and admins), and the departments the desk shared it with. Everyone else is told it does
not exist, until the case is published and the parts its authors chose become public.
"""

from __future__ import annotations

import secrets
import statistics
from datetime import date, datetime, timedelta
from enum import IntEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.dashboard.fiscal import JST
from matchhub.extensions import db
from matchhub.models import Membership, Organization, Proposal, ProposalShare, Setting, User
from matchhub.models.proposals import AWAITING_DECISION, ProposalStatus
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.bounds import valid_id

DEPARTMENT = "municipal_department"
# A department acts as one (publishes desk issues, is a share target, signs agreements)
# only once the desk verified it and while it is not refused: anyone can register an
# organization with an official-sounding name.
ACTING_DEPARTMENT = (
    Organization.kind == DEPARTMENT,
    Organization.verified_at.is_not(None),
    Organization.refused_at.is_(None),
)
FIRST_ANSWER_KEY = "desk.first_answer_days"
DEFAULT_FIRST_ANSWER_DAYS = 14


class Access(IntEnum):
    """What a user may see of a proposal, from nothing to everything."""

    NONE = 0
    PUBLIC = 1
    DEPARTMENT = 2
    PROPOSER = 3
    DESK = 4


class DeskError(ValueError):
    """A step the desk does not allow; the message is for the user."""


def new_key(nbytes: int = 16) -> str:
    """A random, unguessable key for a URL (never a sequential id)."""
    return secrets.token_urlsafe(nbytes)


def today() -> date:
    return utcnow().astimezone(JST).date()


# ---- Who is who ----


def organization_ids(user: User) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = db.session.scalars(
        select(Membership.organization_id).where(Membership.user_id == user.id)
    )
    return set(rows)


def department_ids(user: User) -> set[int]:
    """The verified ward departments this user acts for."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = db.session.scalars(
        select(Organization.id)
        .join(Membership)
        .where(Membership.user_id == user.id, *ACTING_DEPARTMENT)
    )
    return set(rows)


def departments() -> list[Organization]:
    """The verified ward departments, by name."""
    return list(
        db.session.scalars(
            select(Organization).where(*ACTING_DEPARTMENT).order_by(Organization.name)
        )
    )


def is_acting_department(org: Organization | None) -> bool:
    return (
        org is not None
        and org.kind == DEPARTMENT
        and org.verified_at is not None
        and org.refused_at is None
    )


def find_department(org_id: int | None) -> Organization | None:
    org = db.session.get(Organization, org_id or 0) if valid_id(org_id) else None
    return org if is_acting_department(org) else None


def proposing_organizations(user: User) -> list[Organization]:
    """The organizations this user may send proposals for (any but a ward department)."""
    return list(
        db.session.scalars(
            select(Organization)
            .join(Membership)
            .where(Membership.user_id == user.id, Organization.kind != DEPARTMENT)
            .order_by(Organization.name)
        )
    )


def members(org_ids: set[int] | list[int]) -> list[User]:
    if not org_ids:
        return []
    return list(
        db.session.scalars(
            select(User)
            .join(Membership)
            .where(Membership.organization_id.in_(list(org_ids)))
            .distinct()
            .order_by(User.id)
        )
    )


def coordinators() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_coordinator.is_(True))))


# ---- Proposals: access ----


def find_proposal(key: str) -> Proposal | None:
    return db.session.scalar(select(Proposal).where(Proposal.key == key))


def shared_department_ids(proposal: Proposal) -> set[int]:
    return {share.organization_id for share in proposal.shares}


def proposal_access(user: User, proposal: Proposal) -> Access:
    """How much of this proposal the user may see."""
    if getattr(user, "is_authenticated", False):
        if user.is_staff:
            return Access.DESK
        if proposal.organization_id in organization_ids(user):
            return Access.PROPOSER
        if department_ids(user) & shared_department_ids(proposal):
            return Access.DEPARTMENT
    if proposal.status == ProposalStatus.PUBLISHED and proposal.publication_chosen_at is not None:
        return Access.PUBLIC
    return Access.NONE


def record_view(user: User, proposal: Proposal, access: Access, what: str = "page") -> None:
    """Audit a view by the desk or a department (the proposer's own views are not logged)."""
    if access in (Access.DESK, Access.DEPARTMENT):
        audit.record(user.id, "proposal.view", proposal, {"what": what, "as": access.name.lower()})
        db.session.commit()


# ---- Response times ----


def first_answer_days() -> int:
    """Days a proposal may wait for its first answer (a setting; 14 by default)."""
    row = db.session.get(Setting, FIRST_ANSWER_KEY)
    if row is not None and isinstance(row.value, dict) and "value" in row.value:
        return int(row.value["value"])
    return DEFAULT_FIRST_ANSWER_DAYS


def set_first_answer_days(days: int, user: User) -> None:
    """Change the first-answer target, audited (before → after)."""
    before = first_answer_days()
    row = db.session.get(Setting, FIRST_ANSWER_KEY) or Setting(key=FIRST_ANSWER_KEY)
    row.value = {"value": int(days)}
    row.updated_by_id = user.id
    db.session.add(row)
    audit.record(user.id, "setting.update", row, {"before": before, "after": int(days)})
    db.session.commit()


def waiting_for_first_answer(
    days: int | None = None, now: datetime | None = None
) -> list[Proposal]:
    """Proposals with no answer from the desk or a department for more than `days` days."""
    days = first_answer_days() if days is None else days
    limit = (now or utcnow()) - timedelta(days=days)
    return list(
        db.session.scalars(
            select(Proposal)
            .where(
                Proposal.first_response_at.is_(None),
                Proposal.status.in_(sorted(AWAITING_DECISION)),
                Proposal.submitted_at < limit,
            )
            .options(selectinload(Proposal.organization))
            .order_by(Proposal.submitted_at)
        )
    )


def median_first_response_days(
    since: datetime | None = None, until: datetime | None = None
) -> float | None:
    """Median days from submission to the first answer, for proposals submitted in
    [since, until); None when none was answered."""
    query = select(Proposal.submitted_at, Proposal.first_response_at).where(
        Proposal.first_response_at.is_not(None)
    )
    if since is not None:
        query = query.where(Proposal.submitted_at >= since)
    if until is not None:
        query = query.where(Proposal.submitted_at < until)
    waits = [(b - a) / timedelta(days=1) for a, b in db.session.execute(query)]
    return round(statistics.median(waits), 1) if waits else None


def proposals_for_desk(status: str = "") -> list[Proposal]:
    query = select(Proposal).options(
        selectinload(Proposal.organization), selectinload(Proposal.desk_issue)
    )
    if status:
        query = query.where(Proposal.status == status)
    return list(db.session.scalars(query.order_by(Proposal.submitted_at.desc())))


def proposals_of(user: User) -> list[Proposal]:
    """Proposals of the user's organizations."""
    ids = organization_ids(user)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.organization_id.in_(list(ids)))
            .order_by(Proposal.submitted_at.desc())
        )
    )


def shared_with(user: User) -> list[Proposal]:
    """Proposals the desk shared with the user's departments."""
    ids = department_ids(user)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Proposal)
            .join(ProposalShare)
            .where(ProposalShare.organization_id.in_(list(ids)))
            .distinct()
            .order_by(Proposal.submitted_at.desc())
        )
    )
