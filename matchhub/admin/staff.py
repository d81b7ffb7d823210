"""Staff accounts: create coordinators and admins, change roles, deactivate, reset 2FA.

Every change is written to the audit log with the reason given, in the same transaction.
A new staff member gets a one-time setup link (valid 24 hours) where they choose a
password; the second factor is then set up by the usual flow before any staff page.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from matchhub.accounts.accounts import find_user_by_email, password_problem
from matchhub.extensions import db
from matchhub.models import ApiToken, RecoveryCode, User
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.links import external_url
from matchhub.security import hash_password

ROLES = ("coordinator", "admin")
SETUP_MAX_AGE = 24 * 3600
MAX_REASON = 500


class StaffError(ValueError):
    """A problem with a requested change; the message is translated and safe to show."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def has_role(user: User, role: str) -> bool:
    return bool(getattr(user, f"is_{role}"))


def roles_of(user: User) -> list[str]:
    return [role for role in ROLES if has_role(user, role)]


def user_by_email(email: str) -> User:
    """:raise StaffError: when no account has this address."""
    user = find_user_by_email(email) if email and email.strip() else None
    if user is None:
        raise StaffError(_("No account has the email address %(email)s.", email=email), "email")
    return user


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StaffError(_("Unknown role %(role)s: use coordinator or admin.", role=role), "role")


def _check_reason(reason: str | None, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise StaffError(_("Give a reason; it is kept in the audit log."), "reason")
    if len(reason) > MAX_REASON:
        raise StaffError(_("Use at most %(n)d characters.", n=MAX_REASON), "reason")
    return reason


def _details(reason: str, via: str, **extra) -> dict:
    return {"reason": reason, "via": via, **extra}


def create_staff(
    email: str, name: str, role: str, actor_id: int | None, reason: str = "", via: str = "web"
) -> tuple[User, str]:
    """Create a staff account without a password; return it and its one-time setup link.

    :raise StaffError: on an unknown role, a missing name or an address already registered.
    """
    _check_role(role)
    reason = _check_reason(reason, required=False)
    email = User.normalise_email(email or "")
    if "@" not in email or len(email) > 254:
        raise StaffError(_("Enter a valid email address."), "email")
    if not (name or "").strip():
        raise StaffError(_("Enter a name."), "name")
    if find_user_by_email(email) is not None:
        raise StaffError(
            _("An account with the email address %(email)s already exists.", email=email), "email"
        )
    user = User(email=email, display_name=name.strip()[:100])
    setattr(user, f"is_{role}", True)
    db.session.add(user)
    db.session.flush()
    audit.record(actor_id, "staff.create", user, _details(reason, via, role=role))
    db.session.commit()
    return user, setup_link(user)


def _setup_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="staff-setup")


def setup_link(user: User) -> str:
    """An absolute link where the person chooses a password, spent once a password is set."""
    token = _setup_serializer().dumps({"uid": user.id, "v": user.session_version})
    return external_url("staff_setup.setup", token=token)


def new_setup_link(user: User, actor_id: int | None, via: str = "web") -> str:
    """A fresh setup link for someone whose link expired before they chose a password.

    :raise StaffError: when the person already chose a password or is deactivated.
    """
    if user.deactivated_at is not None:
        raise StaffError(_("This account is deactivated."))
    if user.password_hash:
        raise StaffError(
            _(
                "%(name)s has already chosen a password; use a password reset instead.",
                name=user.display_name,
            )
        )
    user.session_version += 1  # the earlier link stops working
    audit.record(actor_id, "staff.setup_link", user, {"via": via})
    db.session.commit()
    return setup_link(user)


def user_for_setup_token(token: str) -> User | None:
    """The active user this valid, unused, unexpired setup link belongs to."""
    try:
        data = _setup_serializer().loads(token, max_age=SETUP_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("uid", 0))
    if user is None or user.deactivated_at is not None or user.session_version != data.get("v"):
        return None
    return user


def complete_setup(user: User, password: str) -> None:
    """Set the first password; moving the session version spends the link.

    :raise StaffError: when the password is unacceptable.
    """
    problem = password_problem(password, user.email or "")
    if problem:
        raise StaffError(problem, "password")
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.session_version += 1
    # An administrator entered this address and vouches for it: staff get their notices and
    # security mail from the start instead of waiting for a confirmation link.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    audit.record(user.id, "staff.setup_complete", user, {})
    db.session.commit()


def _active_admins() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.is_admin.is_(True), User.deactivated_at.is_(None))
    )


def _refuse_losing_last_admin(user: User) -> None:
    if user.is_admin and user.deactivated_at is None and _active_admins() <= 1:
        raise StaffError(
            _(
                "%(name)s is the last administrator; make someone else an administrator first.",
                name=user.display_name,
            )
        )


def grant(user: User, role: str, actor_id: int | None, reason: str, via: str = "web") -> bool:
    """Give a role; False when the user already had it (nothing recorded)."""
    _check_role(role)
    reason = _check_reason(reason)
    if user.deactivated_at is not None:
        raise StaffError(_("This account is deactivated."))
    if has_role(user, role):
        return False
    setattr(user, f"is_{role}", True)
    audit.record(actor_id, "staff.grant", user, _details(reason, via, role=role))
    db.session.commit()
    return True


def revoke(user: User, role: str, actor_id: int | None, reason: str, via: str = "web") -> bool:
    """Take a role away; False when the user did not have it (nothing recorded)."""
    _check_role(role)
    reason = _check_reason(reason)
    if not has_role(user, role):
        return False
    if role == "admin":
        _refuse_losing_last_admin(user)
    setattr(user, f"is_{role}", False)
    audit.record(actor_id, "staff.revoke", user, _details(reason, via, role=role))
    db.session.commit()
    return True


def deactivate(user: User, actor_id: int | None, reason: str, via: str = "web") -> bool:
    """Stop the account: no login, sessions and API tokens end, no longer proposed.

    False when it already was deactivated.
    """
    reason = _check_reason(reason)
    if user.deactivated_at is not None:
        return False
    if actor_id is not None and actor_id == user.id:
        raise StaffError(_("You cannot deactivate your own account."))
    _refuse_losing_last_admin(user)
    now = utcnow()
    user.deactivated_at = now
    user.session_version += 1
    for token in db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = now
    # Nobody is proposed for a match who can no longer log in to answer it.
    paused = user.helper_profile is not None and user.helper_profile.active
    if paused:
        user.helper_profile.active = False
    audit.record(actor_id, "staff.deactivate", user, _details(reason, via, profile_paused=paused))
    db.session.commit()
    return True


def reset_second_factor(user: User, actor_id: int | None, reason: str, via: str = "web") -> None:
    """Forget the second factor and recovery codes; the person sets it up again at login."""
    reason = _check_reason(reason)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.session_version += 1
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(actor_id, "staff.reset_2fa", user, _details(reason, via))
    db.session.commit()
