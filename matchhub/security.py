"""Login sessions, password hashing, trusted devices and response headers."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user, user_logged_in
from itsdangerous import BadSignature, URLSafeTimedSerializer

from matchhub.extensions import db, login_manager
from matchhub.models.types import utcnow

IDLE_TIMEOUT = timedelta(minutes=60)
STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
DEVICE_COOKIE = "mh_device"
DEVICE_LIFETIME = timedelta(days=180)
# Kept across the session renewal at login; everything else is dropped.
KEPT_AT_LOGIN = ("locale",)
HSTS = "max-age=31536000"


def _hasher() -> PasswordHasher:
    return PasswordHasher(**current_app.config["PASSWORD_HASH_PARAMS"])


def hash_password(password: str) -> str:
    """Hash a password with Argon2id (memory-hard)."""
    return _hasher().hash(password)


@lru_cache(maxsize=4)
def _dummy_hash(params: tuple) -> str:
    return PasswordHasher(**dict(params)).hash("no account has this password")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against its stored hash, never raising.

    Without a hash (an unknown address, an account without a password) the password is
    still checked against a dummy hash, so the answer takes as long either way and its
    timing does not tell which addresses have accounts.
    """
    if not password_hash:
        params = tuple(sorted(current_app.config["PASSWORD_HASH_PARAMS"].items()))
        try:
            _hasher().verify(_dummy_hash(params), password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def load_user(user_id: str):
    from matchhub.models import User

    uid, _, version = user_id.partition(":")
    if not uid.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(uid))
    if user is None or user.session_version != int(version) or user.deactivated_at is not None:
        return None
    return user


def start_session(user) -> None:
    """Log a user in on a fresh session, so nothing from before login carries over."""
    kept = {key: session[key] for key in KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)
    login_user(user)


def second_factor_passed() -> bool:
    """Whether this session proved the second factor for the logged-in user."""
    return current_user.is_authenticated and session.get("mfa") == current_user.get_id()


def mark_second_factor_passed() -> None:
    session["mfa"] = current_user.get_id()


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="trusted-device")


def trusted_device_user() -> int | None:
    """The user this browser logged in as successfully before (OWASP device cookie)."""
    token = request.cookies.get(DEVICE_COOKIE)
    if not token:
        return None
    try:
        return int(_device_serializer().loads(token, max_age=int(DEVICE_LIFETIME.total_seconds())))
    except (BadSignature, ValueError, TypeError):
        return None


def remember_device(response, user_id: int):
    """Mark this browser as one the user logs in from, so lockouts do not hit it."""
    response.set_cookie(
        DEVICE_COOKIE,
        _device_serializer().dumps(user_id),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def _stamp_login(sender, user, **extra) -> None:
    now = utcnow().timestamp()
    session["login_at"] = now
    session["seen_at"] = now


def _expired(now: datetime) -> bool:
    login_at, seen_at = session.get("login_at"), session.get("seen_at")
    if login_at is None or seen_at is None:
        return True
    idle = STAFF_IDLE_TIMEOUT if current_user.is_staff else IDLE_TIMEOUT
    stamp = now.timestamp()
    return stamp - seen_at > idle.total_seconds() or (
        stamp - login_at > ABSOLUTE_TIMEOUT.total_seconds()
    )


def init_app(app) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Please log in to see this page.")
    user_logged_in.connect(_stamp_login, app)

    @app.before_request
    def enforce_session_timeouts():
        if request.endpoint == "static" or request.blueprint == "ops":
            return None  # files and machines' probes: no session touched, no cookie set
        if not current_user.is_authenticated:
            return None
        now = utcnow()
        if _expired(now):
            logout_user()
            session.clear()
            flash(
                _("For your safety you were logged out after a while. Please log in again."), "info"
            )
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        session["seen_at"] = now.timestamp()
        return None

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        )
        if not (app.debug or app.config.get("DEVELOPMENT")):
            # Browsers then refuse plain http for this site: no downgrade by a network attacker.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if current_user.is_authenticated and request.endpoint != "static":
            # Pages for a logged-in user may show personal data: never keep them in caches.
            response.headers["Cache-Control"] = "no-store"
        return response
