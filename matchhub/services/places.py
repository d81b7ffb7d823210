"""Places: how many of the people an issue asks for are already confirmed."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import Issue, Match
from ..models.matches import SEAT_TAKEN


def taken(issue: Issue) -> int:
    """The places held by a confirmed (or accepted, active, completed) match."""
    return db.session.scalar(
        select(func.count()).where(Match.issue_id == issue.id, Match.status_in(SEAT_TAKEN))
    )
