"""Outgoing mail: always recorded in the outbox, sent when a server is configured."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from ..extensions import db
from ..models import OutboxMail
from ..models.types import utcnow

log = logging.getLogger(__name__)


def send_mail(recipient: str, subject: str, body: str) -> OutboxMail:
    """Queue a message in the outbox and deliver it if MATCHHUB_MAIL_SERVER is set."""
    mail = OutboxMail(recipient=recipient, subject=subject, body=body)
    db.session.add(mail)
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        log.info("mail to %s (not sent, no mail server): %s\n%s", recipient, subject, body)
        return mail
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(server, current_app.config["MAIL_PORT"], timeout=10) as smtp:
        smtp.send_message(message)
    mail.sent_at = utcnow()
    return mail
