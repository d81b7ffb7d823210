"""Time-based one-time passwords (TOTP) and recovery codes for coordinators and admins."""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, select

from matchhub.extensions import db
from matchhub.models import RecoveryCode, User
from matchhub.models.types import utcnow
from matchhub.platform import audit

ISSUER = "matchhub"
RECOVERY_CODES = 10
STEP_SECONDS = 30


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def is_enabled(user: User) -> bool:
    return user.totp_secret is not None and user.totp_enabled_at is not None


def new_secret() -> str:
    """A fresh TOTP secret; it is stored only once the user proves it with a first code."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email or str(user.id), issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The provisioning URI as a QR code, an SVG data URI (allowed by the CSP's img-src)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _accept(user: User, code: str, secret: str | None = None) -> bool:
    """Check a TOTP code (one step of clock drift allowed), refusing a code used before."""
    digits = "".join(c for c in code if c.isdigit())
    secret = secret or user.totp_secret
    if len(digits) != 6 or not secret:
        return False
    totp = pyotp.TOTP(secret)
    now = int(time.time())
    for drift in (0, -1, 1):
        step = now // STEP_SECONDS + drift
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), digits):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            return True
    return False


def confirm_setup(user: User, secret: str, code: str) -> list[str] | None:
    """Enable the second factor with a first good code; return fresh recovery codes."""
    if not _accept(user, code, secret):
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    codes = new_recovery_codes(user)
    audit.record(user.id, "account.2fa_enable", user, {})
    db.session.commit()
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; only their hashes are stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return codes


def verify(user: User, code: str) -> bool:
    """A TOTP code or an unused recovery code; either is spent once used."""
    if _accept(user, code):
        db.session.commit()
        return True
    recovery = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        return False
    recovery.used_at = utcnow()
    audit.record(user.id, "account.recovery_code_used", user, {})
    db.session.commit()
    return True
