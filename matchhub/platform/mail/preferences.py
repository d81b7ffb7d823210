"""Who gets which mail: a confirmed address, the reader's choices, one-click unsubscribe."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from matchhub.extensions import db
from matchhub.models import MailCategory, User
from matchhub.models.types import utcnow
from matchhub.platform.links import external_url
from matchhub.platform.mail import send_mail

CONFIRM_MAX_AGE = timedelta(days=7)
# The User column holding each optional category's choice.
PREFERENCE_COLUMNS = {
    MailCategory.MATCHES: "mail_matches",
    MailCategory.REMINDERS: "mail_reminders",
    MailCategory.NEWS: "mail_news",
}
# Notice kinds that are optional by mail; any other kind is essential (account, own work).
KIND_CATEGORIES = {
    "match_interest": MailCategory.MATCHES,
    "match_accepted": MailCategory.MATCHES,
    "match_declined": MailCategory.MATCHES,
    "match_confirmed": MailCategory.MATCHES,
    "match_answer": MailCategory.MATCHES,
    "match_cancelled": MailCategory.MATCHES,
    "reminder": MailCategory.REMINDERS,
    "proposal_reminder": MailCategory.REMINDERS,
    "agreement_renewal": MailCategory.REMINDERS,
    "case": MailCategory.NEWS,
}


def category_for(kind: str) -> MailCategory:
    return KIND_CATEGORIES.get(kind, MailCategory.ESSENTIAL)


def wants_mail(user: User, category: MailCategory) -> bool:
    """An unconfirmed address gets nothing (but its confirmation link, sent directly)."""
    if not user.email or user.email_confirmed_at is None:
        return False
    column = PREFERENCE_COLUMNS.get(category)
    return column is None or bool(getattr(user, column))


def wants_choice(user: User, category: MailCategory) -> bool:
    """The reader's own choice for an optional category."""
    return bool(getattr(user, PREFERENCE_COLUMNS[category]))


def set_preferences(user: User, chosen: set[MailCategory]) -> None:
    """Mail the chosen optional categories and no others."""
    for category, column in PREFERENCE_COLUMNS.items():
        setattr(user, column, category in chosen)
    db.session.commit()


def _unsubscribe_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="mail-unsubscribe")


def unsubscribe_url(user: User, category: MailCategory) -> str:
    """A link that needs no login: the signed token says whose mail and which kind."""
    token = _unsubscribe_serializer().dumps({"u": user.id, "c": str(category)})
    return external_url("mail.unsubscribe", token=token)


def read_unsubscribe_token(token: str) -> tuple[User, MailCategory] | None:
    try:
        data = _unsubscribe_serializer().loads(token)
        category = MailCategory(data["c"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    user = db.session.get(User, data.get("u", 0))
    if user is None or category not in PREFERENCE_COLUMNS:
        return None
    return user, category


def unsubscribe(token: str) -> tuple[User, MailCategory] | None:
    """Stop one kind of mail for the token's user (idempotent); None if the token is bad."""
    found = read_unsubscribe_token(token)
    if found is None:
        return None
    user, category = found
    setattr(user, PREFERENCE_COLUMNS[category], False)
    db.session.commit()
    return found


def _confirm_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="email-confirm")


def queue_confirmation(user: User) -> None:
    """Put the confirmation link in the outbox (the caller commits)."""
    token = _confirm_serializer().dumps({"u": user.id, "e": user.email})
    body = _(
        "Please confirm your email address for matchhub by opening this link within "
        "%(days)d days:\n\n%(link)s\n\nUntil then we send you nothing else by mail. "
        "If you did not sign up, you can ignore this message.",
        days=CONFIRM_MAX_AGE.days,
        link=external_url("mail.confirm", token=token),
    )
    send_mail(user.email, _("Please confirm your email address"), body)


def send_confirmation_again(user: User) -> bool:
    """Queue a new link unless the address is confirmed already."""
    if not user.email or user.email_confirmed_at is not None:
        return False
    queue_confirmation(user)
    db.session.commit()
    return True


def confirm(token: str) -> User | None:
    """Mark the address in a valid token confirmed; None if the link is bad or expired."""
    try:
        data = _confirm_serializer().loads(token, max_age=int(CONFIRM_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    user = db.session.get(User, data.get("u", 0))
    if user is None or not user.email or user.email != data.get("e"):
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.commit()
    return user
