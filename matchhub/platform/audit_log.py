"""Reading the audit log: filters, pages and the CSV export auditors take away."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from matchhub.extensions import db
from matchhub.models import AuditEvent, User
from matchhub.platform.csv_safety import safe_row

PER_PAGE = 50
CSV_BATCH = 1000
CSV_HEADERS = (
    "id",
    "time",
    "actor_id",
    "actor",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "reason",
    "details",
)


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    target: str = ""
    since: date | None = None
    until: date | None = None


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _local_midnight(day: date) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _query(filters: AuditFilter):
    statement = (
        select(AuditEvent).outerjoin(AuditEvent.actor).options(contains_eager(AuditEvent.actor))
    )
    if filters.actor.strip():
        pattern = _like(filters.actor.strip())
        statement = statement.where(
            or_(
                User.display_name.ilike(pattern, escape="\\"),
                User.email.ilike(pattern, escape="\\"),
            )
        )
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.target.strip():
        pattern = _like(filters.target.strip())
        statement = statement.where(
            or_(
                AuditEvent.object_type.ilike(pattern, escape="\\"),
                AuditEvent.object_id.ilike(pattern, escape="\\"),
            )
        )
    if filters.since:
        statement = statement.where(AuditEvent.created_at >= _local_midnight(filters.since))
    if filters.until:
        end = _local_midnight(filters.until + timedelta(days=1))
        statement = statement.where(AuditEvent.created_at < end)
    return statement.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def page(filters: AuditFilter, number: int):
    """One page of events, newest first, each with its actor loaded."""
    return db.paginate(_query(filters), page=number, per_page=PER_PAGE, error_out=False, count=True)


def actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def csv_lines(filters: AuditFilter) -> Iterator[bytes]:
    """The filtered log as CSV in UTF-8 with a byte order mark (Excel), streamed in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    yield buffer.getvalue().encode("utf-8-sig")
    events = db.session.scalars(_query(filters).execution_options(yield_per=CSV_BATCH))
    for event in events:
        actor = event.actor
        buffer.seek(0)
        buffer.truncate()
        details = dict(event.details or {})
        writer.writerow(
            safe_row(
                (
                    event.id,
                    event.created_at.isoformat(),
                    event.actor_id or "",
                    actor.display_name if actor else "",
                    (actor.email or "") if actor else "",
                    event.action,
                    event.object_type,
                    event.object_id or "",
                    details.get("reason", ""),
                    json.dumps(details, ensure_ascii=False, sort_keys=True),
                )
            )
        )
        yield buffer.getvalue().encode("utf-8")
