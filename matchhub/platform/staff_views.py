"""Every time staff see a resident (in a candidate list or a search), one event in the
append-only audit log: the resident's 「who viewed me」 list is read from there."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert

from matchhub.extensions import db
from matchhub.models import AuditEvent, HelperProfile, Issue, User
from matchhub.models.types import utcnow

ACTION = "resident.view"


def record(viewer_id: int, seen: Iterable[tuple[str, dict]]) -> None:
    """Add one event per (profile key, details); does not commit."""
    now = utcnow()
    rows = [
        {
            "actor_id": viewer_id,
            "action": ACTION,
            "object_type": "HelperProfile",
            "object_id": key,
            "details": details,
            "created_at": now,
        }
        for key, details in seen
    ]
    if rows:
        db.session.execute(insert(AuditEvent), rows)


def record_search(viewer: User, issue: Issue, found: list) -> None:
    """Residents found by a coordinator's search on an issue's page."""
    record(
        viewer.id,
        (
            (item.key, {"where": "search", "issue": issue.key})
            for item in found
            if isinstance(item, HelperProfile)
        ),
    )
    db.session.commit()


def describe(details: dict) -> str:
    """What the viewer saw, for the 「who viewed」 list."""
    if details.get("where") == "search":
        return f"search on issue {details.get('issue')}"
    if "rank" in details:
        return f"candidate list of issue {details.get('issue')} (rank {details['rank']})"
    return ACTION
