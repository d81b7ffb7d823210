"""Organizations: register one, describe it, and bring colleagues in by email."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from matchhub.extensions import db
from matchhub.models import (
    DESK_GRANTED_KINDS,
    ORGANIZATION_KINDS,
    Invitation,
    Membership,
    Organization,
    User,
)
from matchhub.models.types import utcnow
from matchhub.organizations import quotas
from matchhub.platform import audit
from matchhub.platform.links import external_url
from matchhub.platform.mail import send_mail
from matchhub.platform.notifications import notify_coordinators
from matchhub.platform.taxonomy import current_index
from matchhub.platform.vocabulary import split_entries, theme_names

INVITATION_DAYS = 14
log = logging.getLogger(__name__)


class OrganizationError(ValueError):
    """A problem with what was submitted; the message is translated."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class OrganizationInput:
    """The organization form, as plain values."""

    name: str = ""
    kind: str = "npo"
    area_text: str = ""
    theme_keys: list[str] = field(default_factory=list)
    other_themes: str = ""
    offers_text: str = ""
    description: str = ""
    email: str = ""


def organizations_of(user: User) -> list[Organization]:
    """The organizations this user acts for, by name."""
    return list(
        db.session.scalars(
            select(Organization)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Organization.name)
        )
    )


def member_organization(user: User, key: str) -> Organization | None:
    """The organization with this key, if the user is one of its members."""
    return db.session.scalar(
        select(Organization)
        .join(Membership)
        .where(Organization.key == key, Membership.user_id == user.id)
    )


def is_member(user: User, org: Organization) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.organization_id == org.id
            )
        )
    )


def members_of(org: Organization) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).where(Membership.organization_id == org.id).order_by(Membership.id)
        )
    )


def pending_invitations(org: Organization) -> list[Invitation]:
    since = utcnow() - timedelta(days=INVITATION_DAYS)
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.organization_id == org.id,
                Invitation.accepted_at.is_(None),
                Invitation.created_at >= since,
            )
            .order_by(Invitation.id)
        )
    )


def input_from(org: Organization) -> OrganizationInput:
    ticked = set(theme_names(org.theme_keys))
    return OrganizationInput(
        name=org.name,
        kind=org.kind,
        area_text=org.area_text,
        theme_keys=list(org.theme_keys),
        other_themes="、".join(t for t in org.themes if t not in ticked),
        offers_text="\n".join(org.offers),
        description=org.description,
        email=org.email or "",
    )


def _apply(org: Organization, data: OrganizationInput) -> None:
    index = current_index()
    others = split_entries(data.other_themes)
    org.name = data.name.strip()
    org.kind = data.kind
    org.area_text = data.area_text.strip()
    org.area_id = index.resolve_area(org.area_text)
    org.themes = theme_names(data.theme_keys) + others
    org.theme_keys = list(dict.fromkeys([*data.theme_keys, *index.theme_keys(others)]))
    org.offers = split_entries(data.offers_text)
    org.description = data.description.strip()
    org.email = User.normalise_email(data.email) if data.email.strip() else None


def _refuse_granted_kind(kind: str, current: str | None) -> None:
    if kind not in ORGANIZATION_KINDS:
        raise OrganizationError(_("Please choose a kind from the list."), "kind")
    if kind in DESK_GRANTED_KINDS and kind != current:
        raise OrganizationError(
            _(
                "Only the collaboration desk can make an organization a ward department or a "
                "social welfare council. Choose another kind; the desk will change it when it "
                "verifies you."
            ),
            "kind",
        )


def register_organization(user: User, data: OrganizationInput) -> Organization:
    """Create an organization with this user as its owner; the desk is asked to verify it.

    :raise OrganizationError: for a kind only the desk grants.
    """
    _refuse_granted_kind(data.kind, None)
    org = Organization(key=f"org-{secrets.token_hex(5)}")
    _apply(org, data)
    db.session.add(org)
    db.session.add(Membership(user=user, organization=org, role="owner"))
    db.session.flush()
    audit.record(user.id, "organization.register", org, {"name": org.name, "kind": org.kind})
    notify_coordinators(
        "organization_registered",
        _l("A new organization is waiting for verification: %(name)s", name=org.name),
        "/coordinator/organizations",
    )
    db.session.commit()
    return org


def is_owner(user: User, org: Organization) -> bool:
    return bool(
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.organization_id == org.id,
                Membership.role == "owner",
            )
        )
    )


def _identity(name: str, kind: str, email: str | None) -> dict[str, str]:
    return {"name": name.strip(), "kind": kind, "email": User.normalise_email(email or "") or ""}


def update_organization(org: Organization, user: User, data: OrganizationInput) -> None:
    """Save the organization's details. Its identity (name, kind, contact email) is the
    owner's to change, audited before → after; a new name or kind is checked again by the
    desk, so the organization loses its verification until then.

    :raise OrganizationError: when a member who is not the owner changes the identity, or
        anyone asks for a kind only the desk grants.
    """
    before = _identity(org.name, org.kind, org.email)
    after = _identity(data.name, data.kind, data.email)
    changed = [name for name in before if before[name] != after[name]]
    if changed and not is_owner(user, org):
        raise OrganizationError(
            _("Only the owner of the organization can change its name, kind or contact email."),
            changed[0],
        )
    _refuse_granted_kind(data.kind, org.kind)
    _apply(org, data)
    audit.record(user.id, "organization.update", org, {"name": org.name})
    if changed:
        audit.record(
            user.id,
            "organization.identity",
            org,
            {
                "before": {k: before[k] for k in changed},
                "after": {k: after[k] for k in changed},
            },
        )
    if {"name", "kind"} & set(changed) and (org.verified_at or org.refused_at):
        org.verified_at, org.verified_by_id = None, None
        org.refused_at, org.refusal_reason = None, ""
        notify_coordinators(
            "organization_registered",
            _l(
                "An organization changed its name or kind and waits for verification: %(name)s",
                name=org.name,
            ),
            "/coordinator/organizations",
        )
    db.session.commit()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(org: Organization, inviter: User, email: str) -> Invitation:
    """Mail a colleague a link that makes them a member once they log in with that address.

    :raise OrganizationError: when that address already belongs to a member.
    """
    email = User.normalise_email(email)
    already = db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .join(User)
        .where(Membership.organization_id == org.id, User.email == email)
    )
    if already:
        raise OrganizationError(_("This person is already a member."), "email")
    try:
        quotas.check_invitation(org)
    except quotas.QuotaExceeded as error:
        raise OrganizationError(str(error), "email") from None
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        organization=org, email=email, token_hash=_hash(token), invited_by_id=inviter.id
    )
    db.session.add(invitation)
    db.session.flush()
    link = external_url("organizations.invitation", token=token)
    send_mail(
        email,
        _("matchhub: %(name)s invites you", name=org.name),
        _(
            "%(inviter)s invites you to act for %(name)s on matchhub, the collaboration "
            "desk's matching service.\n\nOpen this link within %(days)d days and log in "
            "(or sign up) with this email address:\n\n%(link)s",
            inviter=inviter.display_name,
            name=org.name,
            days=INVITATION_DAYS,
            link=link,
        ),
    )
    audit.record(inviter.id, "organization.invite", org, {"email": email})
    db.session.commit()
    return invitation


def invitation_for(token: str) -> Invitation | None:
    """The open, unexpired invitation this token belongs to."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)))
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.created_at < utcnow() - timedelta(days=INVITATION_DAYS):
        return None
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> Organization:
    """Make the invited user a member.

    :raise OrganizationError: when the user is logged in with another email address.
    """
    if user.email != invitation.email:
        raise OrganizationError(
            _(
                "This invitation was sent to %(email)s. Please log in with that address.",
                email=invitation.email,
            )
        )
    org = invitation.organization
    invitation.accepted_at = utcnow()
    if not is_member(user, org):
        try:
            with db.session.begin_nested():
                db.session.add(Membership(user=user, organization=org, role="member"))
        except IntegrityError:
            pass  # joined meanwhile through another invitation: nothing more to do
    audit.record(user.id, "organization.join", org, {"invitation": invitation.id})
    db.session.commit()
    return org
