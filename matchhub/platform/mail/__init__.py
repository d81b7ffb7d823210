"""Outgoing mail is written to the outbox, in the caller's transaction; never sent here.

A sender (`flask mail send`, or a thread in development: sender.py, worker.py) delivers
it later, so a slow or broken mail server never holds up a request or undoes a change.
"""

from __future__ import annotations

import logging
from email.utils import make_msgid, parseaddr

from flask import current_app
from flask_babel import gettext as _

from matchhub.extensions import db
from matchhub.models import MailCategory, OutboxMail
from matchhub.platform.links import absolute

log = logging.getLogger(__name__)
# Japanese mail clients show about this many characters of a subject on a phone.
SUBJECT_LENGTH = 38


def short_subject(text: str) -> str:
    """The first line of ``text``, cut to fit a phone's subject line."""
    first_line = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(first_line) > SUBJECT_LENGTH:
        first_line = first_line[: SUBJECT_LENGTH - 1] + "…"
    return first_line


def signature() -> str:
    """The closing lines of every message, with the desk's contact."""
    configured = current_app.config.get("MAIL_SIGNATURE")
    if configured:
        return configured
    return _(
        "This message was sent automatically by matchhub; replies are not read.\n"
        "Contact: the collaboration desk, %(url)s",
        url=absolute("/desk"),
    )


def send_mail(
    recipient: str,
    subject: str,
    body: str,
    category: str = MailCategory.ESSENTIAL,
    unsubscribe_url: str | None = None,
) -> OutboxMail:
    """Put a message in the outbox (not committed: the caller's transaction decides).

    Non-essential mail carries ``unsubscribe_url`` (RFC 8058) in its headers and text.
    """
    text = body.rstrip()
    if unsubscribe_url:
        stop = _("To stop receiving this kind of mail, open:\n%(url)s", url=unsubscribe_url)
        text += "\n\n" + stop
    text += "\n\n--\n" + signature()
    domain = parseaddr(current_app.config["MAIL_SENDER"])[1].rpartition("@")[2] or None
    mail = OutboxMail(
        recipient=recipient,
        subject=short_subject(subject),
        body=text,
        category=str(category),
        unsubscribe_url=unsubscribe_url,
        message_id=make_msgid(domain=domain),
    )
    db.session.add(mail)
    db.session.flush()
    log.info("mail %d queued (%s): %s", mail.id, category, mail.subject)
    return mail
