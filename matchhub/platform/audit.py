"""Writing the audit log, in the caller's transaction."""

from __future__ import annotations

from matchhub.extensions import db
from matchhub.models import AuditEvent


def record(actor_id: int | None, action: str, obj, details: dict | None = None) -> AuditEvent:
    """Add an audit event for `action` on `obj` to the current transaction (no commit)."""
    if hasattr(obj, "_get_current_object"):  # current_user: record the user, not its proxy
        obj = obj._get_current_object()
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=_object_id(obj),
        details=details or {},
    )
    db.session.add(event)
    return event


def _object_id(obj) -> str | None:
    if obj is None:
        return None
    key = getattr(obj, "key", None)
    return str(key if key is not None else getattr(obj, "id", ""))
