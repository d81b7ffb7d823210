"""Outgoing mail: the outbox a sender works through, its states and the kinds of mail."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matchhub.extensions import db
from matchhub.models.issues import _in
from matchhub.models.types import UTCDateTime, utcnow


class MailStatus(StrEnum):
    """pending: waiting to be sent (or retried); sent; failed: gave up after N tries."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class MailCategory(StrEnum):
    """Why a mail is sent; every category but ESSENTIAL can be turned off by its reader."""

    ESSENTIAL = "essential"  # account mail, invitations, decisions about one's own work
    MATCHES = "matches"  # match proposals and their answers
    REMINDERS = "reminders"
    NEWS = "news"  # news near you: published case studies and reports

    @classmethod
    def optional(cls) -> tuple[MailCategory, ...]:
        return (cls.MATCHES, cls.REMINDERS, cls.NEWS)


class OutboxMail(db.Model):
    """One message, written in the transaction of the event that caused it.

    Count pending mail with ``status = 'pending'`` and dead letters with
    ``status = 'failed'``.
    """

    __tablename__ = "outbox_mail"
    __table_args__ = (
        CheckConstraint(_in("status", tuple(MailStatus)), name="status"),
        Index("ix_outbox_mail_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20), default=MailCategory.ESSENTIAL)
    message_id: Mapped[str | None] = mapped_column(String(255))
    # RFC 8058 one-click address for non-essential mail; None for essential mail.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Why the last try failed: a code explained in the reader's language (services.mail.
    # transport.ERRORS) and the server's own words.
    error_code: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(Text)
    # A sender owns the row until claimed_until; a crashed sender's claim simply expires.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
