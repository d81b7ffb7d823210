"""Coordinators verify or refuse newly registered organizations."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import ORGANIZATION_KINDS, DeskIssue, Issue, Organization, ProposalShare, User
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.links import path_for


class VerificationError(ValueError):
    """The decision cannot be made as asked; the message is for the coordinator."""


def pending_organizations() -> list[Organization]:
    """Organizations waiting for a decision, oldest first."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.verified_at.is_(None), Organization.refused_at.is_(None))
            .order_by(Organization.created_at, Organization.id)
        )
    )


def all_organizations() -> list[Organization]:
    """Every organization by name, with its kind and verification state."""
    return list(db.session.scalars(select(Organization).order_by(Organization.name)))


def verify(org: Organization, coordinator: User) -> None:
    """Mark an organization verified so its issues can be published."""
    if org.verified_at is not None:
        raise VerificationError(_("This organization is already verified."))
    org.verified_at = utcnow()
    org.verified_by_id = coordinator.id
    org.refused_at, org.refusal_reason = None, ""
    audit.record(coordinator.id, "organization.verify", org, {"name": org.name})
    _tell_members(
        org,
        "organization_verified",
        lambda: _("「%(name)s」 is verified. You can now publish your issues.", name=org.name),
    )
    db.session.commit()


def refuse(org: Organization, coordinator: User, reason: str) -> None:
    """Refuse an organization, with a reason its members will read.

    :raise VerificationError: when no reason is given.
    """
    if not reason.strip():
        raise VerificationError(_("Please give the reason the organization will read."))
    org.refused_at = utcnow()
    org.refusal_reason = reason.strip()
    org.verified_at = None
    # A refused organization publishes nothing: its open issues go back to drafts.
    for issue in db.session.scalars(
        select(Issue).where(Issue.organization_id == org.id, Issue.is_open)
    ):
        issue.status = "draft"
    revoked = revoke_department_powers(org)
    audit.record(
        coordinator.id,
        "organization.refuse",
        org,
        {"reason": org.refusal_reason, "shares_revoked": revoked},
    )
    _tell_members(
        org,
        "organization_refused",
        lambda: _(
            "「%(name)s」 was not verified. Reason: %(reason)s", name=org.name, reason=reason
        ),
    )
    db.session.commit()


def _tell_members(org: Organization, kind: str, message) -> None:
    from matchhub.platform.notifications import notify

    for membership in org.memberships:
        with force_locale(membership.user.locale):
            notify(membership.user, kind, message(), path_for("organizations.show", key=org.key))


def revoke_department_powers(org: Organization) -> int:
    """Take back what the desk gave a department: proposal shares and published desk
    issues (back to drafts). Returns how many shares were revoked; does not commit."""
    shares = list(
        db.session.scalars(select(ProposalShare).where(ProposalShare.organization_id == org.id))
    )
    for share in shares:
        db.session.delete(share)
    for issue in db.session.scalars(
        select(DeskIssue).where(DeskIssue.organization_id == org.id, DeskIssue.status == "open")
    ):
        issue.status = "draft"
    return len(shares)


def set_kind(org: Organization, coordinator: User, kind: str) -> None:
    """The desk says what kind an organization is (only the desk grants the department
    and social welfare council kinds), audited before → after.

    :raise VerificationError: for a kind that does not exist.
    """
    if kind not in ORGANIZATION_KINDS:
        raise VerificationError(_("Please choose a kind from the list."))
    if kind == org.kind:
        return
    before, org.kind = org.kind, kind
    if before == "municipal_department":
        revoke_department_powers(org)
    audit.record(coordinator.id, "organization.kind", org, {"before": before, "after": kind})
    db.session.commit()
