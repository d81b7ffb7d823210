"""Personal access tokens: a secret shown once, kept as a hash, scoped, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import TOKEN_SCOPES, ApiToken, User
from matchhub.models.types import utcnow
from matchhub.platform import audit

SECRET_PREFIX = "mh_"
EXPIRY_DAYS = (7, 30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90
# Scopes only the desk may hold: a resident's token can never write decisions.
STAFF_SCOPES = frozenset({"write_decisions"})
# last_used_at is a hint for the owner, not an audit trail: write it at most this often.
TOUCH_EVERY = timedelta(minutes=1)
MAX_TOKENS = 20


class TokenError(ValueError):
    """A token that cannot be created as asked; the message says why."""


class TokenRejected(Exception):
    """A presented secret that does not authenticate: reason is invalid, expired or revoked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def allowed_scopes(user: User) -> tuple[str, ...]:
    """The scopes this user may put on a token."""
    return tuple(s for s in TOKEN_SCOPES if user.is_staff or s not in STAFF_SCOPES)


def _active_count(user: User) -> int:
    now = utcnow()
    return sum(1 for t in tokens_of(user) if t.is_usable(now))


def create_token(user: User, name: str, scopes: list[str], days: int) -> NewToken:
    """Create a token and return it with its secret, which is not stored and never shown again.

    :raise TokenError: for an empty name, no or forbidden scopes, an unknown lifetime, or too
        many active tokens.
    """
    name = name.strip()
    if not name or len(name) > 100:
        raise TokenError(_l("Give the token a name of up to 100 characters."))
    allowed = allowed_scopes(user)
    if not scopes or any(s not in allowed for s in scopes):
        raise TokenError(_l("Choose at least one of the permissions offered."))
    if days not in EXPIRY_DAYS:
        raise TokenError(_l("Choose how long the token stays valid."))
    if _active_count(user) >= MAX_TOKENS:
        raise TokenError(_l("You have too many active tokens. Revoke one you no longer use."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name,
        scopes=[s for s in TOKEN_SCOPES if s in scopes],
        token_hash=hash_secret(secret),
        prefix=secret[:10],
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(user.id, "token.create", token, {"name": name, "scopes": token.scopes})
    db.session.commit()
    return NewToken(token, secret)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already revoked."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if token is None or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    audit.record(user.id, "token.revoke", token, {"name": token.name})
    db.session.commit()
    return True


def authenticate(secret: str) -> ApiToken:
    """The live token with this secret, its last use noted.

    :raise TokenRejected: when the secret is unknown, revoked or expired.
    """
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        raise TokenRejected("invalid")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None:
        raise TokenRejected("invalid")
    now = utcnow()
    if token.revoked_at is not None or token.user.deactivated_at is not None:
        raise TokenRejected("revoked")
    if now >= token.expires_at:
        raise TokenRejected("expired")
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token
