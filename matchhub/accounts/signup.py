"""Resident sign-up that never says whether an address already has an account.

OWASP's advice for registration: answer a new and a taken address the same way and let
the mailbox tell the difference. A new address gets an account (not logged in) and its
confirmation link; a taken one gets nothing created, and its holder gets a mail saying
someone tried, with links to log in or choose a new password. Both do the same Argon2 work.

Logging in before confirming stays allowed (it reveals nothing: a taken address only logs
in with its holder's password), so a mail that never arrives traps no one: the mail
settings page sends a new link, and an unconfirmed address receives no other mail anyway.
"""

from __future__ import annotations

import secrets

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from matchhub.accounts.accounts import AccountError, find_user_by_email, password_problem
from matchhub.extensions import db
from matchhub.models import HelperProfile, User
from matchhub.platform.links import external_url
from matchhub.platform.mail import preferences as mail_preferences
from matchhub.platform.mail import send_mail
from matchhub.platform.taxonomy import current_gazetteer
from matchhub.security import hash_password


def register_resident(display_name: str, email: str, password: str, area_text: str) -> None:
    """Create a resident account with an empty, active helper profile, or tell the holder.

    Returns nothing either way: the caller must not be able to tell the cases apart.

    :raise AccountError: on an unacceptable password (which reveals nothing about the address).
    """
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    # Hashed before looking the address up, so a taken address costs the same time.
    password_hash = hash_password(password)
    area = current_gazetteer().resolve(area_text)
    holder = find_user_by_email(email)
    if holder is not None:
        _tell_holder(holder)
        return
    user = User(
        email=User.normalise_email(email),
        display_name=display_name.strip(),
        password_hash=password_hash,
        locale=str(get_locale() or "ja"),
    )
    user.helper_profile = HelperProfile(
        key=f"h-{secrets.token_hex(6)}",
        area_text=area_text.strip(),
        area_id=area.id if area else None,
    )
    db.session.add(user)
    try:
        db.session.flush()
        mail_preferences.queue_confirmation(user)
        db.session.commit()
    except IntegrityError:
        # Registered at the same moment by another request: the unique email decided, and
        # the answer is the one any taken address gets.
        db.session.rollback()
        holder = find_user_by_email(email)
        if holder is not None:
            _tell_holder(holder)


def _tell_holder(holder: User) -> None:
    """Mail the address's holder, in their language, that someone tried to sign up with it."""
    with force_locale(holder.locale or "ja"):
        body = _(
            "Someone (perhaps you) tried to create a new matchhub account with this email "
            "address. It already has an account, so nothing was changed.\n\n"
            "If it was you, log in here:\n%(login)s\n\n"
            "If you have forgotten your password, choose a new one here:\n%(reset)s\n\n"
            "If it was not you, you can ignore this message; your account is safe.",
            login=external_url("auth.login"),
            reset=external_url("auth.request_reset"),
        )
        send_mail(holder.email, _("matchhub: someone tried to sign up with your address"), body)
    db.session.commit()
