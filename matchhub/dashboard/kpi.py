"""The desk's figures against the targets admins set (issue 6, the targets dashboard).

A fiscal year's figures: matches made, postings, new participants and case studies
against their targets, with the monthly series, the breakdowns by NPO-law activity field
and by area, and how long residents wait for a match and for an organization's answer.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from matchhub.dashboard import kpi_queries as q
from matchhub.dashboard.fiscal import JST, Period, period
from matchhub.desk import cases
from matchhub.extensions import db
from matchhub.models import Setting, User
from matchhub.models.types import utcnow
from matchhub.platform import audit, settings
from matchhub.ranking.taxonomy import load_default_taxonomy

TARGET_KEYS = (
    "target.matches_per_year",
    "target.postings_per_month",
    "target.new_participants_per_year",
    "target.case_studies_per_year",
    "target.active_users_per_month",
    "answer_within_days",
)
# Upper bounds, in days, of the bins of time from posting to first match; the last is open.
WAIT_BINS = (7, 14, 30, 60)


@dataclass(frozen=True)
class Progress:
    """A result against its target, and where an even pace would have it by now."""

    value: int
    target: int
    expected: float

    @property
    def percent(self) -> int:
        return round(100 * self.value / self.target) if self.target > 0 else 0

    @property
    def shortfall(self) -> int:
        """How many short of an even pace (0 when on track)."""
        return max(0, math.ceil(self.expected - self.value - 1e-9))


@dataclass(frozen=True)
class Durations:
    """Waiting times, in days."""

    days: tuple[float, ...]

    @property
    def median(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    def histogram(self) -> list[tuple[int | None, int]]:
        """(upper bound in days, count) per bin; None is the open bin past the last bound."""
        counts = [0] * (len(WAIT_BINS) + 1)
        for value in self.days:
            counts[next((i for i, b in enumerate(WAIT_BINS) if value <= b), len(WAIT_BINS))] += 1
        return list(zip([*WAIT_BINS, None], counts, strict=True))


@dataclass(frozen=True)
class Answers:
    """How fast organizations answer residents, and how many wait too long right now."""

    waits: Durations
    deadline_days: int
    overdue: int

    @property
    def within_deadline(self) -> int:
        return sum(1 for d in self.waits.days if d <= self.deadline_days)


@dataclass(frozen=True)
class Category:
    """One bar of a breakdown: an activity field or an area (key None: not classified)."""

    key: str | None
    name: str
    name_en: str
    count: int
    number: int | None = None
    short_name: str = ""


@dataclass(frozen=True)
class Dashboard:
    period: Period
    targets: dict[str, int]
    matches: Progress
    postings: Progress
    new_participants: Progress
    case_studies: Progress
    matches_by_month: list[tuple[date, int]]
    postings_by_month: list[tuple[date, int]]
    active_users_by_month: list[tuple[date, int]]
    new_participants_by_month: list[tuple[date, int]]
    matches_by_field: list[Category]
    matches_by_area: list[Category]
    time_to_first_match: Durations
    answers: Answers
    matches_awaiting_resident: int = 0  # confirmed by the desk, not yet accepted
    active_users: Progress | None = None  # in the latest month, against the monthly target


def targets() -> dict[str, int]:
    return {key: settings.get(key) for key in TARGET_KEYS}


def _calendar_days(start: datetime, end: datetime) -> int:
    """Days between two moments as people count them on the calendar in Japan."""
    return max(0, (end.astimezone(JST).date() - start.astimezone(JST).date()).days)


def _fields(start: datetime, end: datetime) -> list[Category]:
    rows, unclassified = q.matches_by_field(start, end)
    # The law's names are long; charts use the short names shipped with the taxonomy.
    short = {f.key: f.short_name for f in load_default_taxonomy().fields}
    out = [
        Category(f.key, f.name, f.name_en, n, f.number, short.get(f.key) or f.name) for f, n in rows
    ]
    out.sort(key=lambda c: (-c.count, c.number or 0))
    if unclassified:
        out.append(Category(None, "", "", unclassified))
    return out


def _areas(start: datetime, end: datetime) -> list[Category]:
    rows = q.matches_by_area(start, end)
    out = [Category(a.key, a.name, a.name, n, None, a.name) for a, n in rows if a is not None]
    out.sort(key=lambda c: (-c.count, c.name))
    out += [Category(None, "", "", n) for a, n in rows if a is None]
    return out


def dashboard(fiscal_year: int | None = None, now: datetime | None = None) -> Dashboard:
    """Every figure of the dashboard for one fiscal year (default: the current one)."""
    now = now or utcnow()
    span = period(fiscal_year, now)
    start, end = span.start, span.end
    goal = targets()
    postings = q.postings_by_month(span.months)
    active = q.active_users_by_month(span.months)
    matches = q.count_matches(start, end)
    joined = q.count_new_participants(start, end)
    answer_waits = q.answer_waits(start, end)
    deadline = goal["answer_within_days"]
    return Dashboard(
        period=span,
        targets=goal,
        matches=_progress(matches, goal["target.matches_per_year"], span.elapsed),
        matches_awaiting_resident=q.count_awaiting_resident(start, end),
        active_users=_progress(
            active[-1][1], goal["target.active_users_per_month"], span.latest_month_elapsed
        ),
        postings=_progress(
            postings[-1][1], goal["target.postings_per_month"], span.latest_month_elapsed
        ),
        new_participants=_progress(joined, goal["target.new_participants_per_year"], span.elapsed),
        case_studies=_progress(
            cases.published_count(start, end), goal["target.case_studies_per_year"], span.elapsed
        ),
        matches_by_month=q.matches_by_month(span.months),
        postings_by_month=postings,
        active_users_by_month=active,
        new_participants_by_month=q.new_participants_by_month(span.months),
        matches_by_field=_fields(start, end),
        matches_by_area=_areas(start, end),
        time_to_first_match=Durations(
            tuple(float(_calendar_days(a, b)) for a, b in q.first_match_waits(start, end))
        ),
        answers=Answers(
            waits=Durations(tuple((b - a) / timedelta(days=1) for a, b in answer_waits)),
            deadline_days=deadline,
            # Overdue once more than `deadline` whole days have passed, as the queue counts.
            overdue=q.count_overdue(now - timedelta(days=deadline + 1)),
        ),
    )


def _progress(value: int, target: int, elapsed: float) -> Progress:
    return Progress(int(value), int(target), target * elapsed)


def update_targets(values: Mapping[str, int], actor: User) -> list[str]:
    """Change the desk's targets, audit each change (before → after) and commit.

    :return: the keys that changed.
    :raise KeyError: for a key that is not a target.
    """
    unknown = set(values) - set(TARGET_KEYS)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    before = targets()
    changed = []
    for key, value in values.items():
        if int(value) == before[key]:
            continue
        settings.put(key, int(value), actor.id)
        db.session.flush()
        audit.record(
            actor.id,
            "setting.update",
            db.session.get(Setting, key),
            {"key": key, "before": before[key], "after": int(value)},
        )
        changed.append(key)
    db.session.commit()
    return changed
