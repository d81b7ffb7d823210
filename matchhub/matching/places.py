"""Places: how many of the people an issue asks for are confirmed, and the guard on them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import Issue, Match
from matchhub.models.matches import SEAT_TAKEN


class PlacesFull(Exception):
    """Every place is taken; the message says by whom, and that nothing changed."""


def taken(issue: Issue) -> int:
    """The places held by a confirmed (or accepted, active, completed) match."""
    return db.session.scalar(
        select(func.count()).where(Match.issue_id == issue.id, Match.status_in(SEAT_TAKEN))
    )


def lock(issue_id: int) -> None:
    """Serialise confirmations for one issue until the transaction ends.

    PostgreSQL locks the issue's row; SQLite ignores FOR UPDATE, but there the decision's
    first write already holds the database's single write lock.
    """
    db.session.execute(select(Issue.id).where(Issue.id == issue_id).with_for_update())


def check_not_overfilled(issue: Issue, over_capacity_reason: str) -> None:
    """After a confirmation is written: refuse it when it takes a place that is not there.

    :raise PlacesFull: unless the coordinator chose to go over the planned number.
    """
    if over_capacity_reason or taken(issue) <= issue.people_needed:
        return
    last = db.session.scalar(
        select(Match)
        .where(Match.issue_id == issue.id, Match.status_in(SEAT_TAKEN))
        .where(Match.decided_by_id.is_not(None))
        .order_by(Match.decided_at.desc())
        .limit(1)
    )
    raise PlacesFull(
        _(
            "All %(total)d places of 「%(title)s」 are already confirmed (the latest by "
            "%(who)s). Nothing was changed. To confirm more people, choose “over the planned "
            "number” and write the reason.",
            total=issue.people_needed,
            title=issue.title,
            who=last.decided_by.display_name
            if last and last.decided_by
            else _("another coordinator"),
        )
    )
