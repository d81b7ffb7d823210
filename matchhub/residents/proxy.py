"""Registration at the desk for residents who cannot register alone, and taking it over."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from matchhub.accounts.accounts import AccountError, find_user_by_email, password_problem
from matchhub.extensions import db
from matchhub.models import ClaimCode, HelperProfile, User
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.mail import preferences as mail_preferences
from matchhub.platform.taxonomy import current_index
from matchhub.security import hash_password

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
CODE_LENGTH = 12
CODE_VALID = timedelta(days=90)


@dataclass(frozen=True)
class ProxyRegistration:
    profile: HelperProfile
    code: str  # shown once, printed for the resident; only its hash is stored


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    """Accept the code as people type it: spaces, dashes, lower case, full width."""
    return "".join(c for c in unicodedata.normalize("NFKC", code).upper() if c.isalnum())


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def register_by_proxy(
    coordinator: User,
    display_name: str,
    area_text: str,
    themes: list[str],
    skills: list[str],
    availability: list[str],
    online_ok: bool,
    languages: list[str],
    bio: str,
    consent_date: date,
) -> ProxyRegistration:
    """Create a resident's account and profile with them at the desk, consent on paper."""
    index = current_index()
    user = User(email=None, display_name=display_name.strip())
    profile = HelperProfile(
        key=f"h-{secrets.token_hex(6)}",
        user=user,
        area_text=area_text.strip(),
        area_id=index.resolve_area(area_text),
        themes=themes,
        theme_keys=index.theme_keys(themes),
        skills=skills,
        skill_keys=index.skill_keys(skills),
        availability=availability,
        online_ok=online_ok,
        languages=languages or ["ja"],
        bio=bio.strip(),
        consented_at=datetime.combine(consent_date, time(12), tzinfo=UTC),
        consent_method="paper",
        registered_by_id=coordinator.id,
    )
    db.session.add(profile)
    db.session.flush()
    code = new_claim_code(user, coordinator)
    audit.record(
        coordinator.id,
        "resident.register_by_proxy",
        profile,
        {"consent": "paper", "consent_date": consent_date.isoformat()},
    )
    db.session.commit()
    return ProxyRegistration(profile, code)


def new_claim_code(user: User, coordinator: User) -> str:
    """Issue a fresh one-time code (earlier unused codes of this user stop working)."""
    for old in db.session.scalars(
        select(ClaimCode).where(ClaimCode.user_id == user.id, ClaimCode.used_at.is_(None))
    ):
        old.used_at = utcnow()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    db.session.add(
        ClaimCode(
            user_id=user.id,
            code_hash=_hash(code),
            created_by_id=coordinator.id,
            expires_at=utcnow() + CODE_VALID,
        )
    )
    return code


def claim_account(code: str, email: str, password: str) -> User:
    """Take over a desk-registered account with its printed code.

    :raise AccountError: for an unknown, used or expired code, a taken email or a weak password.
    """
    claim = db.session.scalar(select(ClaimCode).where(ClaimCode.code_hash == _hash(code)))
    if claim is None or claim.used_at is not None or claim.expires_at < utcnow():
        raise AccountError(
            _("This code is not valid. Please check it, or ask the desk for a new one."), "code"
        )
    existing = find_user_by_email(email)
    if existing is not None and existing.id != claim.user_id:
        raise AccountError(_("This email address is already registered."), "email")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    user = claim.user
    if user.email != User.normalise_email(email):
        user.email, user.email_confirmed_at = User.normalise_email(email), None
    user.password_hash = hash_password(password)
    user.session_version += 1
    claim.used_at = utcnow()
    if user.email_confirmed_at is None:
        mail_preferences.queue_confirmation(user)
    audit.record(user.id, "resident.claim_account", user.helper_profile or user, {})
    db.session.commit()
    return user
