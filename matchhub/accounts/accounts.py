"""Accounts: passwords, login with throttling, password reset (sign-up is in signup.py)."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import cache
from importlib import resources

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import User
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.links import external_url
from matchhub.platform.mail import send_mail
from matchhub.security import hash_password, verify_password

log = logging.getLogger(__name__)

MIN_PASSWORD = 8
MAX_PASSWORD = 128
RESET_MAX_AGE = 3600
# After this many failures in a row, each further attempt waits for a growing pause.
FREE_ATTEMPTS = 5
MAX_PAUSE = timedelta(minutes=15)


class AccountError(ValueError):
    """A user-facing problem with what was submitted; the message is translated."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("matchhub.data").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def password_problem(password: str, email: str = "") -> str | None:
    """Say what is wrong with a new password, or None if it is acceptable."""
    if len(password) < MIN_PASSWORD:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _("Use at most %(n)d characters.", n=MAX_PASSWORD)
    lowered = password.lower()
    if lowered in _common_passwords() or (email and lowered == email.strip().lower()):
        return _("This password is too easy to guess. Please choose another.")
    return None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == User.normalise_email(email)))


def login_pause(user: User) -> timedelta:
    """How long this account must wait before another login attempt counts."""
    if user.failed_logins < FREE_ATTEMPTS or user.last_failed_login_at is None:
        return timedelta(0)
    pause = timedelta(seconds=2 ** (user.failed_logins - FREE_ATTEMPTS + 1))
    remaining = user.last_failed_login_at + min(pause, MAX_PAUSE) - utcnow()
    return max(remaining, timedelta(0))


def authenticate(email: str, password: str, trusted_user_id: int | None = None) -> User:
    """Return the user whose credentials these are.

    After repeated failures the account makes unknown browsers wait; a browser the user
    logged in from before (`trusted_user_id`) is not held up, so an attacker guessing
    passwords cannot lock the real user out.

    :raise AccountError: on a wrong email or password, or while the account must wait.
    """
    user = find_user_by_email(email)
    if user is None:
        verify_password(None, password)
        raise AccountError(_("The email address or password is not correct."))
    if trusted_user_id != user.id and login_pause(user):
        verify_password(None, password)  # the same work as any other answer
        raise AccountError(_("Too many failed attempts. Please wait a moment and try again."))
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        user.last_failed_login_at = utcnow()
        db.session.commit()
        raise AccountError(_("The email address or password is not correct."))
    if user.deactivated_at is not None:
        # Said only after the right password, so it reveals nothing to a guesser.
        raise AccountError(_("This account has been deactivated. Please contact the desk."))
    user.failed_logins = 0
    user.last_seen_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change a password knowing the current one; every other session ends.

    :raise AccountError: when the current password is wrong or the new one unacceptable.
    """
    if not verify_password(user.password_hash, current):
        raise AccountError(_("The current password is not correct."), "current")
    problem = password_problem(new, user.email or "")
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = hash_password(new)
    user.session_version += 1
    audit.record(user.id, "account.password_change", user, {})
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Invalidate every session of this user (logout everywhere)."""
    user.session_version += 1
    db.session.commit()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def send_password_reset(email: str) -> None:
    """Mail a reset link if the address is known; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = _reset_serializer().dumps({"uid": user.id, "v": user.session_version})
    link = external_url("auth.reset_password", token=token)
    body = _(
        "To choose a new password for matchhub, open this link within one hour:\n\n%(link)s\n\n"
        "If you did not ask for this, you can ignore this message.",
        link=link,
    )
    # Queued in the outbox: the answer reads the same whether or not a mail server is up.
    send_mail(user.email, _("matchhub: reset your password"), body)
    db.session.commit()


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unused, unexpired reset token belongs to."""
    try:
        data = _reset_serializer().loads(token, max_age=RESET_MAX_AGE)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid", 0))
    if user is None or user.session_version != data.get("v"):
        return None
    return user


def reset_password(user: User, password: str) -> None:
    """Set a new password and end every existing session (which also spends the token).

    :raise AccountError: when the password is unacceptable.
    """
    problem = password_problem(password, user.email or "")
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = hash_password(password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    user.failed_logins = 0
    user.session_version += 1
    db.session.commit()
