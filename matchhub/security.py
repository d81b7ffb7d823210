"""Login sessions, password hashing and response headers."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

from .extensions import db, login_manager


def _hasher() -> PasswordHasher:
    return PasswordHasher(**current_app.config["PASSWORD_HASH_PARAMS"])


def hash_password(password: str) -> str:
    """Hash a password with Argon2id (memory-hard)."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against its stored hash, never raising."""
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def load_user(user_id: str):
    from .models import User

    uid, _, version = user_id.partition(":")
    if not uid.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(uid))
    if user is None or user.session_version != int(version):
        return None
    return user


def init_app(app) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.session_protection = "strong"

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        )
        return response
