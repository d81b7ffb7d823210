"""The desk's side of a proposal: decide, share with departments, link to an agreement; and
what the proposer makes public, the version history and the record of views."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matchhub.desk import desk
from matchhub.desk.desk import Access
from matchhub.desk.proposals import TEXT_FIELDS, ProposalError, commit, path, tell
from matchhub.extensions import db
from matchhub.models import (
    PROPOSAL_PARTS,
    Agreement,
    AuditEvent,
    Notification,
    Organization,
    Proposal,
    ProposalShare,
    ProposalVersion,
    User,
)
from matchhub.models.proposals import DESK_MOVES, ProposalStatus
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.notifications import notify

# Lazy, so each recipient reads the notice in their own language.
MOVE_MESSAGES = {
    "dialogue": lambda t: _l(
        "The desk has started discussing your proposal 「%(title)s」.", title=t
    ),
    "accept": lambda t: _l("Your proposal 「%(title)s」 was accepted.", title=t),
    "decline": lambda t: _l(
        "Your proposal 「%(title)s」 was not accepted. The reason is on its page.", title=t
    ),
    "start": lambda t: _l("The project of your proposal 「%(title)s」 has started.", title=t),
}


def move(proposal: Proposal, user: User, action: str, reason: str = "") -> None:
    """The desk's decision: dialogue, accept, decline (with a reason) or start the project."""
    if not user.is_staff:
        raise ProposalError(_("Only the desk can decide on proposals."))
    allowed, target = DESK_MOVES[action]
    if proposal.status not in allowed:
        raise ProposalError(_("This proposal cannot be moved that way in its current state."))
    reason = reason.strip()
    if action == "decline" and not reason:
        raise ProposalError(_("Please give the reason; the proposer will read it."))
    before, now = proposal.status, utcnow()
    proposal.status, proposal.status_changed_at = target, now
    if proposal.first_response_at is None:
        proposal.first_response_at = now
    if action in ("accept", "decline"):
        proposal.decided_by_id, proposal.decided_at = user.id, now
        proposal.decision_reason = reason
    audit.record(
        user.id,
        f"proposal.{action}",
        proposal,
        {"before": before, "after": target, "reason": reason},
    )
    tell(proposal, {"proposer", "department"}, MOVE_MESSAGES[action](proposal.title), user)
    commit([])


def share(proposal: Proposal, user: User, department: Organization) -> None:
    """Let one department see the proposal (the desk decides)."""
    if not user.is_staff or not desk.is_acting_department(department):
        raise ProposalError(_("Only the desk can share a proposal, and only with a department."))
    if department.id in desk.shared_department_ids(proposal):
        return
    db.session.add(
        ProposalShare(proposal=proposal, organization_id=department.id, shared_by_id=user.id)
    )
    audit.record(user.id, "proposal.share", proposal, {"department": department.key})
    for member in desk.members({department.id}):
        notify(
            member,
            "proposal",
            _l("The desk shared the proposal 「%(title)s」 with you.", title=proposal.title),
            path(proposal),
        )
    commit([])


def unshare(proposal: Proposal, user: User, department: Organization) -> None:
    if not user.is_staff:
        raise ProposalError(_("Only the desk can share a proposal, and only with a department."))
    for row in list(proposal.shares):
        if row.organization_id == department.id:
            db.session.delete(row)
            audit.record(user.id, "proposal.unshare", proposal, {"department": department.key})
    commit([])


def choose_public_parts(proposal: Proposal, user: User, parts: list[str]) -> None:
    """The proposer's choice of what becomes public when the case is published."""
    if desk.proposal_access(user, proposal) is not Access.PROPOSER:
        raise ProposalError(_("Only the proposing organization chooses what becomes public."))
    if proposal.status == ProposalStatus.PUBLISHED:
        raise ProposalError(_("The case is already published; ask the desk to change it."))
    chosen = [p for p in PROPOSAL_PARTS if p in parts]
    before = list(proposal.public_parts or [])
    proposal.public_parts = chosen
    proposal.publication_chosen_at = utcnow()
    audit.record(user.id, "proposal.publication", proposal, {"before": before, "after": chosen})
    commit([])


def link_agreement(proposal: Proposal, user: User, agreement: Agreement | None) -> None:
    if not user.is_staff:
        raise ProposalError(_("Only the desk can link a proposal to an agreement."))
    proposal.agreement = agreement
    audit.record(
        user.id, "proposal.agreement", proposal, {"agreement": agreement.key if agreement else None}
    )
    commit([])


def changed_fields(versions: list[ProposalVersion]) -> dict[int, list[str]]:
    """For each version number, the fields that differ from the version before."""
    out: dict[int, list[str]] = {}
    previous = None
    for version in versions:
        out[version.number] = [
            name
            for name in TEXT_FIELDS
            if previous is None or getattr(version, name) != getattr(previous, name)
        ]
        previous = version
    return out


def views(proposal: Proposal, limit: int = 50) -> list[tuple[AuditEvent, User | None]]:
    """Who of the desk and the departments looked at the proposal, and when (latest first)."""
    rows = db.session.execute(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.object_type == "Proposal",
            AuditEvent.object_id == proposal.key,
            AuditEvent.action == "proposal.view",
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return [(event, user) for event, user in rows]


def public_parts(proposal: Proposal) -> dict[str, object]:
    """The parts the proposer made public (only once the case is published)."""
    if proposal.status != ProposalStatus.PUBLISHED:
        return {}
    chosen = set(proposal.public_parts or [])
    out: dict[str, object] = {p: getattr(proposal, p) for p in PROPOSAL_PARTS[:-1] if p in chosen}
    if "cost" in chosen:
        out["cost_bearer"] = proposal.cost_bearer
    if "attachments" in chosen:
        out["attachments"] = list(proposal.attachments)
    return out


def remind_waiting_proposals() -> int:
    """Tell the desk of proposals waiting too long for a first answer, once per period each;
    returns how many proposals were reminded of."""
    days = desk.first_answer_days()
    since = utcnow() - timedelta(days=days)
    reminded = 0
    for proposal in desk.waiting_for_first_answer(days):
        link = path(proposal)
        message = _l(
            "The proposal 「%(title)s」 has waited more than %(days)d days for a first answer.",
            title=proposal.title,
            days=days,
        )
        told = False
        for user in desk.coordinators():
            recent = db.session.scalar(
                select(Notification.id).where(
                    Notification.user_id == user.id,
                    Notification.kind == "proposal_reminder",
                    Notification.link == link,
                    Notification.created_at >= since,
                )
            )
            if recent is None:
                notify(user, "proposal_reminder", message, link)
                told = True
        reminded += told
    db.session.commit()
    return reminded
