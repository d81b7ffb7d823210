"""Working through the outbox: claim due mail, send it, retry with backoff, give up.

Two senders never send one mail twice: a sender first claims rows in one statement
(PostgreSQL skips rows another sender has locked, FOR UPDATE SKIP LOCKED; SQLite takes
the database's write lock), commits the claim, then talks to the server. A claim that
is never finished (a crashed sender) expires after CLAIM_LEASE.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from matchhub.extensions import db
from matchhub.models import MailStatus, OutboxMail, User
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.mail.message import build_message
from matchhub.platform.mail.transport import Connection, MailRejected, MailServerError

log = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=10)
BATCH = 50
MAX_BACKOFF = timedelta(hours=6)


@dataclass
class SendReport:
    sent: int = 0
    retry_later: int = 0
    failed: int = 0
    waiting: int = 0  # claimed but kept back, because the server could not be used
    error: MailServerError | None = None


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th … failed try (at most 6 hours)."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def _claim(limit: int) -> tuple[str, list[OutboxMail]]:
    token, now = secrets.token_hex(16), utcnow()
    free = or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now)
    due = (
        select(OutboxMail.id)
        .where(OutboxMail.status == MailStatus.PENDING, OutboxMail.next_attempt_at <= now, free)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # rendered on PostgreSQL, ignored by SQLite
    )
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id.in_(due.scalar_subquery()), free)
        .values(claim_token=token, claimed_until=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    mails = db.session.scalars(
        select(OutboxMail).where(OutboxMail.claim_token == token).order_by(OutboxMail.id)
    ).all()
    return token, list(mails)


def _release(mails: list[OutboxMail], error: MailServerError) -> None:
    """Hand mail back untouched but for the reason; a server problem is not its fault."""
    for mail in mails:
        mail.claim_token = mail.claimed_until = None
        mail.error_code, mail.last_error = error.code, error.detail
    db.session.commit()


def _sent(mail: OutboxMail) -> None:
    mail.status, mail.sent_at = MailStatus.SENT, utcnow()
    mail.attempts += 1
    mail.claim_token = mail.claimed_until = mail.error_code = mail.last_error = None
    db.session.commit()


def _refused(mail: OutboxMail, error: MailRejected, report: SendReport) -> None:
    mail.attempts += 1
    mail.claim_token = mail.claimed_until = None
    mail.error_code, mail.last_error = error.code, error.detail
    if mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        mail.status = MailStatus.FAILED
        report.failed += 1
    else:
        mail.next_attempt_at = utcnow() + backoff(mail.attempts)
        report.retry_later += 1
    db.session.commit()


def _log_instead(mails: list[OutboxMail], report: SendReport) -> None:
    """Development without a mail server: the log is where mail goes."""
    for mail in mails:
        message = build_message(mail, current_app.config)
        headers = "\n".join(f"{name}: {value}" for name, value in message.items())
        log.info(
            "mail %d (no mail server, written here instead)\n%s\n\n%s",
            mail.id,
            headers,
            mail.body,
        )
        _sent(mail)
        report.sent += 1


def send_due(limit: int = BATCH) -> SendReport:
    """Send the mail that is due now; say what happened."""
    report = SendReport()
    config = current_app.config
    if not config.get("MAIL_SERVER") and not config.get("DEVELOPMENT"):
        report.error = MailServerError("no_server", "MATCHHUB_MAIL_SERVER is not set")
        report.waiting = pending_count()
        return report
    _, mails = _claim(limit)
    if not mails:
        return report
    if not config.get("MAIL_SERVER"):
        _log_instead(mails, report)
        return report
    try:
        with Connection(config) as connection:
            for mail in mails:
                try:
                    connection.send(build_message(mail, config))
                except MailRejected as error:
                    _refused(mail, error, report)
                else:
                    _sent(mail)
                    report.sent += 1
    except MailServerError as error:
        # Mail already handled has given up its claim; the rest goes back as it was.
        left = [mail for mail in mails if mail.claim_token is not None]
        _release(left, error)
        report.error, report.waiting = error, len(left)
        log.warning("mail server problem, %d mail(s) wait: %s", len(left), error)
    return report


def pending_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutboxMail).where(OutboxMail.status == MailStatus.PENDING)
    )


def send_again(mail_id: int, admin: User) -> OutboxMail | None:
    """Put a failed or waiting mail back at the front of the queue (an admin's decision)."""
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None or mail.status == MailStatus.SENT:
        return None
    mail.status, mail.attempts, mail.next_attempt_at = MailStatus.PENDING, 0, utcnow()
    mail.claim_token = mail.claimed_until = None
    audit.record(admin.id, "mail.send_again", mail, {"recipient": mail.recipient})
    db.session.commit()
    return mail
