"""What the admin mail page shows: mail waiting or given up, and the latest reason."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import MailStatus, OutboxMail, User
from matchhub.platform import audit

SHOWN = 100


@dataclass
class OutboxOverview:
    counts: dict[str, int]
    pending: list[OutboxMail]
    failed: list[OutboxMail]
    server: str | None  # host:port (security), None when no server is configured
    problem: OutboxMail | None  # the waiting mail with the most recent server problem


def counts() -> dict[str, int]:
    """Mail per status (pending, sent, failed), zeros included."""
    rows = db.session.execute(
        select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
    ).all()
    found = {status: n for status, n in rows}
    return {str(status): found.get(status, 0) for status in MailStatus}


def overview(viewer: User) -> OutboxOverview:
    """What waits and what failed; the view is audited (recipients are personal data)."""

    def listed(status: MailStatus) -> list[OutboxMail]:
        query = (
            select(OutboxMail)
            .where(OutboxMail.status == status)
            .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
            .limit(SHOWN)
        )
        return list(db.session.scalars(query))

    config = current_app.config
    pending = listed(MailStatus.PENDING)
    server = None
    if config.get("MAIL_SERVER"):
        server = f"{config['MAIL_SERVER']}:{config['MAIL_PORT']} ({config['MAIL_SECURITY']})"
    problem = next((m for m in pending if m.error_code and m.error_code != "rejected"), None)
    failed = listed(MailStatus.FAILED)
    audit.record(viewer.id, "mail.outbox.view", None, {"shown": len(pending) + len(failed)})
    db.session.commit()
    return OutboxOverview(counts(), pending, failed, server, problem)
