"""The coordinator's queue: open issues by urgency, each with its best candidates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload, selectinload

from matchhub.extensions import db
from matchhub.matching.matching import (
    Ranked,
    TeamProposal,
    candidates_for,
    score_candidate,
    settled_keys_by_issue,
    team_for,
)
from matchhub.models import (
    ActivityField,
    Area,
    HelperProfile,
    Impression,
    Issue,
    Match,
    Organization,
    Theme,
)
from matchhub.models.matches import SEAT_TAKEN
from matchhub.models.taxonomy import theme_fields as theme_fields_table
from matchhub.models.types import utcnow
from matchhub.platform import settings, staff_views
from matchhub.platform.freshness import cached, registry_stamp

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


@dataclass(frozen=True)
class _OpenIssues:
    """What urgency and the filters need of every open issue, as arrays."""

    ids: np.ndarray
    people: np.ndarray
    created: np.ndarray  # day numbers (date.toordinal)
    starts: np.ndarray  # day numbers; NaN when no start date is set
    kinds: np.ndarray
    area_ids: np.ndarray  # -1 when the issue has no area
    theme_keys: tuple[frozenset[str], ...]


def open_issues() -> _OpenIssues:
    """Read once per change of the issues in this process, not once per queue page."""
    written = registry_stamp().issues
    return cached("queue:open-issues", written, _load_open_issues, latest_write=written)


def _load_open_issues() -> _OpenIssues:
    rows = db.session.execute(
        select(
            Issue.id,
            Issue.people_needed,
            Issue.created_at,
            Issue.starts_on,
            Issue.kind,
            Issue.area_id,
            Issue.theme_keys,
        ).where(Issue.is_open)
    ).all()
    return _OpenIssues(
        ids=np.array([r.id for r in rows], dtype=np.int64),
        people=np.array([r.people_needed for r in rows], dtype=np.int64),
        created=np.array([r.created_at.date().toordinal() for r in rows], dtype=np.float64),
        starts=np.array(
            [r.starts_on.toordinal() if r.starts_on else np.nan for r in rows], dtype=np.float64
        ),
        kinds=np.array([r.kind for r in rows], dtype=object),
        area_ids=np.array([r.area_id or -1 for r in rows], dtype=np.int64),
        theme_keys=tuple(frozenset(r.theme_keys) for r in rows),
    )


def _selected(issues: _OpenIssues, filters: QueueFilters) -> np.ndarray:
    """Positions of the open issues the filters let through."""
    keep = np.ones(len(issues.ids), dtype=bool)
    if filters.kind:
        keep &= issues.kinds == filters.kind
    if filters.area:
        area_ids = db.session.scalars(
            select(Area.id).where(
                (Area.key == filters.area)
                | Area.parent_id.in_(select(Area.id).where(Area.key == filters.area))
            )
        ).all()
        keep &= np.isin(issues.area_ids, area_ids)
    if filters.field:
        themes = set(
            db.session.scalars(
                select(Theme.key)
                .join(theme_fields_table, theme_fields_table.c.theme_id == Theme.id)
                .join(ActivityField, ActivityField.id == theme_fields_table.c.field_id)
                .where(ActivityField.key == filters.field)
            )
        )
        keep &= np.array([bool(themes & keys) for keys in issues.theme_keys], dtype=bool)
    return np.flatnonzero(keep)


def _filled_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(Match.issue_id, func.count())
        .join(Issue, Issue.id == Match.issue_id)
        .where(Issue.is_open, Match.status_in(SEAT_TAKEN))
        .group_by(Match.issue_id)
    )
    return {issue_id: count for issue_id, count in rows}


def urgencies(
    people: np.ndarray, seats_left: np.ndarray, waiting: np.ndarray, to_start: np.ndarray
) -> np.ndarray:
    """Higher when the start is near, seats are empty and the issue has waited long.

    `to_start` is NaN for an issue without a start date.
    """
    soon = np.exp(-np.maximum(np.nan_to_num(to_start, nan=0.0), 0) / 14)
    start_pressure = np.where(np.isnan(to_start), 0.3, soon)
    unfilled = seats_left / np.maximum(people, 1)
    score = 0.5 * start_pressure + 0.3 * unfilled + 0.2 * np.minimum(waiting / 30, 1.0)
    return np.round(score, 4)


def build_queue(
    filters: QueueFilters, page: int = 1, per_page: int = 10, top: int = 3
) -> tuple[list[QueueEntry], int]:
    """One page of the queue, most urgent first, and the number of issues in it."""
    today = utcnow().date().toordinal()
    issues = open_issues()
    at = _selected(issues, filters)
    filled = _filled_counts()
    people = issues.people[at]
    seats = np.maximum(people - np.array([filled.get(int(i), 0) for i in issues.ids[at]]), 0)
    at, people, seats = at[seats > 0], people[seats > 0], seats[seats > 0]
    waiting = np.maximum(today - issues.created[at], 0)
    to_start = issues.starts[at] - today
    scores = urgencies(people, seats, waiting, to_start)
    order = np.lexsort((issues.ids[at], -scores))  # most urgent first, then oldest id
    shown = order[(page - 1) * per_page : page * per_page]
    # Whole issues, with what the page shows of them, for this page only.
    whole = {
        i.id: i
        for i in db.session.scalars(
            select(Issue)
            .where(Issue.id.in_([int(issues.ids[at[n]]) for n in shown]))
            .options(selectinload(Issue.area), selectinload(Issue.organization))
        )
    }
    ids = [int(issues.ids[at[n]]) for n in shown]
    settled = settled_keys_by_issue(ids)
    interested = _interest_by_issue(ids)
    deadline_days = settings.get("answer_within_days")
    entries = []
    for n in shown:
        days_to_start = None if np.isnan(to_start[n]) else int(to_start[n])
        entry = QueueEntry(
            whole[int(issues.ids[at[n]])],
            float(scores[n]),
            int(seats[n]),
            int(waiting[n]),
            days_to_start,
        )
        entry.candidates = candidates_with_interest(
            entry.issue,
            max(top, entry.seats_left * 2),
            settled=settled.get(entry.issue.id, set()),
            interested=interested.get(entry.issue.id, []),
            deadline_days=deadline_days,
        )
        entry.overdue_answers = sum(c.overdue for c in entry.candidates)
        entry.team = team_for(entry.issue, entry.candidates)
        # The best few, and every resident who asked to take part, one click away.
        entry.candidates = [
            c for n, c in enumerate(entry.candidates) if n < top or c.interested_at is not None
        ]
        entries.append(entry)
    return entries, len(order)


def candidates_with_interest(
    issue: Issue,
    top: int,
    *,
    settled: set[str] | None = None,
    interested: list[Match] | None = None,
    deadline_days: int | None = None,
) -> list[QueueCandidate]:
    """The engine's best candidates merged with residents who asked to take part.

    A queue page passes what it read for all its issues at once.
    """
    if deadline_days is None:
        deadline_days = settings.get("answer_within_days")
    if interested is None:
        interested = _interest_by_issue([issue.id]).get(issue.id, [])
    now = utcnow()
    ranked = {r.item.key: r for r in candidates_for(issue, top, settled=settled)}
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
    return in_desk_order(out.values())


def in_desk_order(candidates: Iterable[QueueCandidate]) -> list[QueueCandidate]:
    """Best first; among equally good ones (the same score as shown, to two places),
    residents who asked to take part come first."""
    return sorted(candidates, key=lambda c: (-round(c.score, 2), c.interested_at is None))


def _interest_by_issue(issue_ids: list[int]) -> dict[int, list[Match]]:
    """Residents' own «参加したい», not yet decided on, per issue."""
    matches = db.session.scalars(
        select(Match)
        .where(Match.issue_id.in_(issue_ids), Match.status == "proposed")
        .where(Match.interested_at.is_not(None))
        .options(
            selectinload(Match.helper).options(
                joinedload(HelperProfile.user), joinedload(HelperProfile.area)
            )
        )
    )
    by_issue: dict[int, list[Match]] = {}
    for match in matches:
        by_issue.setdefault(match.issue_id, []).append(match)
    return by_issue


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
    staff_views.record(
        viewer_id,
        (
            (c.item.key, {"where": "candidates", "issue": entry.issue.key, "rank": rank})
            for entry in entries
            for rank, c in enumerate(entry.candidates, start=1)
            if c.kind == "helper"
        ),
    )
    # The page is rendered next from the objects just ranked: expiring them would reload
    # every issue, helper and user one query at a time.
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
