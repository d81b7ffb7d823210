"""An outbox row as an Internet message, with the headers mail systems expect."""

from __future__ import annotations

from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from matchhub.models import OutboxMail
from matchhub.models.types import utcnow


def sender_address(config: Mapping) -> str:
    """MAIL_SENDER, shown as "matchhub" when it has no display name of its own."""
    name, address = parseaddr(config["MAIL_SENDER"])
    return formataddr((name or "matchhub", address))


def build_message(mail: OutboxMail, config: Mapping) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender_address(config)
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = mail.message_id
    # RFC 3834: autoresponders must not answer, so no vacation replies pile up.
    message["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe_url:
        # RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click".
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body)
    return message
