"""Who was told what: in-app notices with an unread count, and the same notices by mail.

notify() does not commit: the service that changed something commits the change, its
audit event and its notices together, so a failure leaves none of them behind.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, update

from matchhub.extensions import db
from matchhub.models import MailCategory, Membership, Notification, Organization, User
from matchhub.models.types import utcnow
from matchhub.platform.links import absolute
from matchhub.platform.mail import send_mail
from matchhub.platform.mail.preferences import category_for, unsubscribe_url, wants_mail

PER_PAGE = 20


def notify(user: User, kind: str, message: object, link: str | None = None) -> Notification:
    """Tell a user something in the app, and by mail when their address is confirmed and
    they want this kind of notice by mail (the mail goes through the outbox).

    ``message`` may be a lazy string (``_l("…%(x)s", x=…)``): it is rendered in the
    recipient's language, not the sender's. ``link`` is a path on this site.
    """
    category = category_for(kind)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = str(message)
        if wants_mail(user, category):
            url = absolute(link)
            body = text + (_("\n\nSee the details here:\n%(url)s", url=url) if url else "")
            optional = category != MailCategory.ESSENTIAL
            send_mail(
                user.email,
                text,
                body,
                category,
                unsubscribe_url(user, category) if optional else None,
            )
    note = Notification(user_id=user.id, kind=kind, message=text, link=link)
    db.session.add(note)
    return note


def notify_members(org: Organization, kind: str, message: object, link: str | None) -> None:
    """Notify every member of an organization."""
    for user in db.session.scalars(
        select(User).join(Membership).where(Membership.organization_id == org.id)
    ):
        notify(user, kind, message, link)


def notify_coordinators(kind: str, message: object, link: str | None) -> None:
    """Notify every coordinator of the desk."""
    for user in db.session.scalars(select(User).where(User.is_coordinator.is_(True))):
        notify(user, kind, message, link)


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_page(user: User, page: int) -> Pagination:
    """A user's notices, newest first."""
    query = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def open_notification(user: User, notification_id: int) -> Notification | None:
    """Mark one of the user's notices as read and hand it back (None if not theirs)."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user.id:
        return None
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.commit()
    return note


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
