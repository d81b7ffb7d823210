"""Residents' rights under APPI: see everything held about them, and leave for good."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from matchhub.accounts.accounts import AccountError
from matchhub.extensions import db
from matchhub.models import (
    ApiToken,
    AuditEvent,
    ClaimCode,
    Impression,
    Invitation,
    Issue,
    Match,
    Membership,
    Notification,
    OutboxMail,
    RecoveryCode,
    User,
)
from matchhub.models.types import utcnow
from matchhub.platform import audit, staff_views
from matchhub.residents.profiles import delete_profile

ERASED_NAME = "退会したユーザー"


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _about(user: User):
    """Audit events about this person: by them, or on their account or profile."""
    keys = [str(user.id)]
    if user.helper_profile is not None:
        keys.append(user.helper_profile.key)
    return or_(
        AuditEvent.actor_id == user.id,
        (AuditEvent.object_type == "User") & (AuditEvent.object_id == str(user.id)),
        (AuditEvent.object_type == "HelperProfile") & AuditEvent.object_id.in_(keys),
    )


def export_my_data(user: User) -> dict:
    """Everything matchhub holds about this person, as plain JSON-ready data."""
    profile = user.helper_profile
    data: dict = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "locale": user.locale,
            "large_text": user.large_text,
            "created_at": _when(user.created_at),
            "last_seen_at": _when(user.last_seen_at),
            "second_factor": user.totp_enabled_at is not None,
        },
        "profile": None,
        "matches": [],
        "memberships": [
            {"organization": m.organization.name, "role": m.role, "since": _when(m.created_at)}
            for m in user.memberships
        ],
        "notifications": [
            {
                "kind": n.kind,
                "message": n.message,
                "link": n.link,
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
            }
            for n in db.session.scalars(
                select(Notification)
                .where(Notification.user_id == user.id)
                .order_by(Notification.id)
            )
        ],
        "audit_events": [
            {
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "by_you": e.actor_id == user.id,
                "details": e.details,
                "at": _when(e.created_at),
            }
            for e in db.session.scalars(
                select(AuditEvent).where(_about(user)).order_by(AuditEvent.id)
            )
        ],
    }
    if profile is not None:
        data["profile"] = {
            "key": profile.key,
            "area": profile.area_text,
            "area_resolved": profile.area.name if profile.area else None,
            "themes": profile.themes,
            "skills": profile.skills,
            "availability": profile.availability,
            "online_ok": profile.online_ok,
            "languages": profile.languages,
            "bio": profile.bio,
            "active": profile.active,
            "consented_at": _when(profile.consented_at),
            "consent_method": profile.consent_method,
        }
        matches = db.session.scalars(
            select(Match).where(Match.helper_id == profile.id).options(selectinload(Match.issue))
        )
        data["matches"] = [
            {
                "issue": m.issue.key,
                "issue_title": m.issue.title,
                "status": m.status,
                "source": m.source,
                "interested_at": _when(m.interested_at),
                "score": m.score,
                "reasons": m.reasons,
                "decided_at": _when(m.decided_at),
                "hours": m.hours,
            }
            for m in matches
        ]
    return data


def delete_account(user: User, password: str) -> None:
    """Erase the person everywhere; their matches stay as anonymous records for statistics.

    :raise AccountError: when the password does not confirm it is really them.
    """
    from matchhub.security import verify_password

    if user.password_hash and not verify_password(user.password_hash, password):
        raise AccountError(_("The password is not correct."), "password")
    email, name = user.email, user.display_name
    _erase_name_from_organizations_messages(user, name)
    delete_profile(user)  # withdraws interest, cancels matches under way, empties the profile
    profile = user.helper_profile
    for model in (Notification, ClaimCode, RecoveryCode, ApiToken, Membership):
        db.session.execute(delete(model).where(model.user_id == user.id))
    if email:
        db.session.execute(delete(OutboxMail).where(OutboxMail.recipient == email))
        db.session.execute(delete(Invitation).where(Invitation.email == email))
    if profile is not None:
        # Who was shown to coordinators is about the person too; the ranks are not needed.
        db.session.execute(delete(Impression).where(Impression.candidate_key == profile.key))
    user.email = None
    user.display_name = ERASED_NAME
    user.password_hash = None
    user.totp_secret, user.totp_enabled_at = None, None
    user.session_version += 1
    audit.record(user.id, "account.delete", user, {"at": utcnow().isoformat()})
    db.session.commit()


def who_viewed(profile_key: str) -> list[dict]:
    """Staff who saw this resident, from the append-only audit log, newest first."""
    audited = db.session.execute(
        select(AuditEvent.created_at, User.display_name, AuditEvent.action, AuditEvent.details)
        .join(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.object_type == "HelperProfile", AuditEvent.object_id == profile_key)
        .where(User.is_coordinator | User.is_admin)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    ).all()
    return [
        {
            "at": at,
            "who": name,
            "what": staff_views.describe(details) if action == staff_views.ACTION else action,
        }
        for at, name, action, details in audited
    ]


def _erase_name_from_organizations_messages(user: User, name: str) -> None:
    """The notices (and their mails) that named this resident to an organization's members
    when they took part: the name goes, the notice stays."""
    profile = user.helper_profile
    if profile is None or not name.strip():
        return
    org_ids = set(
        db.session.scalars(
            select(Issue.organization_id).join(Match).where(Match.helper_id == profile.id)
        )
    )
    if not org_ids:
        return
    members = db.session.execute(
        select(User.id, User.email).join(Membership).where(Membership.organization_id.in_(org_ids))
    ).all()
    ids = [member_id for member_id, _ in members]
    emails = [email for _, email in members if email]
    db.session.execute(
        update(Notification)
        .where(Notification.user_id.in_(ids), Notification.message.contains(name, autoescape=True))
        .values(message=func.replace(Notification.message, name, ERASED_NAME))
    )
    if emails:
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.recipient.in_(emails))
            .where(
                OutboxMail.body.contains(name, autoescape=True)
                | OutboxMail.subject.contains(name, autoescape=True)
            )
            .values(
                body=func.replace(OutboxMail.body, name, ERASED_NAME),
                subject=func.replace(OutboxMail.subject, name, ERASED_NAME),
            )
        )
