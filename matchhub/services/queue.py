"""The coordinator's queue: open issues by urgency, each with its best candidates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    ActivityField,
    Area,
    HelperProfile,
    Impression,
    Issue,
    Match,
    Organization,
    Theme,
)
from ..models.taxonomy import theme_fields as theme_fields_table
from ..models.types import utcnow
from . import settings
from .matching import Ranked, TeamProposal, candidates_for, score_candidate, team_for

FILLED = ("confirmed", "accepted", "active", "completed")
# A resident's own interest is half of a match: it lifts their score by this much.
INTEREST_BONUS = 0.15


@dataclass(frozen=True)
class QueueFilters:
    area: str = ""
    field: str = ""
    kind: str = ""


@dataclass
class QueueCandidate:
    item: HelperProfile | Organization
    kind: str
    score: float
    engine_score: float
    components: dict[str, float]
    reasons: list[str]
    interested_at: datetime | None = None
    overdue: bool = False


@dataclass
class QueueEntry:
    issue: Issue
    urgency: float
    seats_left: int
    days_waiting: int
    days_to_start: int | None
    candidates: list[QueueCandidate] = field(default_factory=list)
    overdue_answers: int = 0
    team: TeamProposal | None = None


def urgency(issue: Issue, seats_left: int, today: date) -> tuple[float, int, int | None]:
    """Higher when the start is near, seats are empty and the issue has waited long."""
    waiting = max((today - issue.created_at.date()).days, 0)
    to_start = (issue.starts_on - today).days if issue.starts_on else None
    start_pressure = 0.3 if to_start is None else math.exp(-max(to_start, 0) / 14)
    unfilled = seats_left / max(issue.people_needed, 1)
    score = 0.5 * start_pressure + 0.3 * unfilled + 0.2 * min(waiting / 30, 1.0)
    return round(score, 4), waiting, to_start


def _open_issues(filters: QueueFilters):
    """What urgency needs of every open issue: a few columns, not whole issues."""
    columns = [Issue.id, Issue.people_needed, Issue.created_at, Issue.starts_on]
    if filters.field:
        columns.append(Issue.theme_keys)
    query = select(*columns).where(Issue.status == "open")
    if filters.kind:
        query = query.where(Issue.kind == filters.kind)
    if filters.area:
        area_ids = select(Area.id).where(
            (Area.key == filters.area)
            | Area.parent_id.in_(select(Area.id).where(Area.key == filters.area))
        )
        query = query.where(Issue.area_id.in_(area_ids))
    issues = db.session.execute(query).all()
    if filters.field:
        themes = set(
            db.session.scalars(
                select(Theme.key)
                .join(theme_fields_table, theme_fields_table.c.theme_id == Theme.id)
                .join(ActivityField, ActivityField.id == theme_fields_table.c.field_id)
                .where(ActivityField.key == filters.field)
            )
        )
        issues = [i for i in issues if themes & set(i.theme_keys)]
    return issues


def _filled_counts(issue_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Match.issue_id, func.count())
        .where(Match.issue_id.in_(issue_ids), Match.status.in_(FILLED))
        .group_by(Match.issue_id)
    )
    return {issue_id: count for issue_id, count in rows}


def build_queue(
    filters: QueueFilters, page: int = 1, per_page: int = 10, top: int = 5
) -> tuple[list[QueueEntry], int]:
    """One page of the queue, most urgent first, and the number of issues in it."""
    today = utcnow().date()
    issues = _open_issues(filters)
    filled = _filled_counts([i.id for i in issues])
    entries = []
    for issue in issues:
        seats = max(issue.people_needed - filled.get(issue.id, 0), 0)
        if seats == 0:
            continue
        value, waiting, to_start = urgency(issue, seats, today)
        entries.append(QueueEntry(issue, value, seats, waiting, to_start))
    entries.sort(key=lambda e: (-e.urgency, e.issue.id))
    page_entries = entries[(page - 1) * per_page : page * per_page]
    # Whole issues, with what the page shows of them, for this page only.
    whole = {
        i.id: i
        for i in db.session.scalars(
            select(Issue)
            .where(Issue.id.in_([e.issue.id for e in page_entries]))
            .options(selectinload(Issue.area), selectinload(Issue.organization))
        )
    }
    for entry in page_entries:
        entry.issue = whole[entry.issue.id]
        entry.candidates = candidates_with_interest(entry.issue, max(top, entry.seats_left * 2))
        entry.overdue_answers = sum(c.overdue for c in entry.candidates)
        entry.team = team_for(entry.issue, entry.candidates)
        entry.candidates = entry.candidates[:top]
    return page_entries, len(entries)


def candidates_with_interest(issue: Issue, top: int) -> list[QueueCandidate]:
    """The engine's best candidates merged with residents who asked to take part."""
    deadline_days = settings.get("answer_within_days")
    now = utcnow()
    ranked = {r.item.key: r for r in candidates_for(issue, top)}
    interested = db.session.scalars(
        select(Match)
        .where(Match.issue_id == issue.id, Match.status == "proposed")
        .where(Match.interested_at.is_not(None))
        .options(selectinload(Match.helper))
    ).all()
    out: dict[str, QueueCandidate] = {}
    for match in interested:
        profile = match.helper
        scored: Ranked | None = ranked.pop(profile.key, None) or score_candidate(issue, profile)
        base = scored.score if scored else (match.score or 0.0)
        waited = (now - match.interested_at).days
        out[profile.key] = QueueCandidate(
            profile,
            "helper",
            round(min(base + INTEREST_BONUS, 1.0), 4),
            base,
            scored.components if scored else dict(match.components or {}),
            scored.reasons if scored else list(match.reasons or []),
            match.interested_at,
            overdue=match.first_response_at is None and waited > deadline_days,
        )
    for key, r in ranked.items():
        kind = "helper" if isinstance(r.item, HelperProfile) else "organization"
        out[key] = QueueCandidate(r.item, kind, r.score, r.score, r.components, r.reasons)
    return sorted(out.values(), key=lambda c: -c.score)


def log_impressions(entries: list[QueueEntry], viewer_id: int) -> None:
    """Record each candidate shown, with its rank, so learning can correct for position."""
    rows = [
        {
            "issue_id": entry.issue.id,
            "viewer_id": viewer_id,
            "candidate_kind": c.kind,
            "candidate_key": c.item.key,
            "rank": rank,
            "score": c.score,
            "components": c.components,
            "shown_at": utcnow(),
        }
        for entry in entries
        for rank, c in enumerate(entry.candidates, start=1)
    ]
    if rows:
        db.session.execute(insert(Impression), rows)
    # The page is rendered next from the objects just ranked: expiring them would reload
    # every issue, helper and user one query at a time.
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
