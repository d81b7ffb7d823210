"""The dashboard's SQL: counts grouped in the database, the same on SQLite and PostgreSQL.

Two things differ between the engines and are kept here: bucketing a timestamp by
Japanese month, and unnesting the JSON lists of theme keys.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Interval, case, distinct, func, literal_column, select, true, union_all
from sqlalchemy.sql.elements import ColumnElement

from matchhub.dashboard.fiscal import JST_OFFSET_HOURS, local_midnight, month_key, next_month
from matchhub.extensions import db
from matchhub.models import (
    ActivityField,
    Area,
    AuditEvent,
    HelperProfile,
    Issue,
    Match,
    Membership,
    Theme,
    User,
)
from matchhub.models.matches import AWAITING_ANSWER, AWAITING_RESIDENT, COUNTED_AS_MATCH
from matchhub.models.taxonomy import theme_fields

# A match counts as made once a coordinator confirmed it, whatever happened after.
# The states in which an organization still owes the resident an answer (as in the queue).


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def month_bucket(column) -> ColumnElement[str]:
    """'YYYY-MM' of a UTC timestamp column, on the clock in Japan.

    Literals rather than bound parameters, so that PostgreSQL sees the expression in
    SELECT and in GROUP BY as one and the same.
    """
    if _dialect() == "postgresql":
        shifted = column + literal_column(f"interval '{JST_OFFSET_HOURS} hours'", Interval)
        return func.to_char(shifted, literal_column("'YYYY-MM'"))
    return func.strftime(
        literal_column("'%Y-%m'"), column, literal_column(f"'+{JST_OFFSET_HOURS} hours'")
    )


def json_strings(column):
    """The strings of a JSON list column as a table (one row per item, column `value`)."""
    if _dialect() == "postgresql":
        # A JSON null or scalar would make jsonb_array_elements_text fail: treat as empty.
        safe = case(
            (func.jsonb_typeof(column) == "array", column),
            else_=literal_column("'[]'::jsonb"),
        )
        return func.jsonb_array_elements_text(safe).table_valued("value")
    return func.json_each(column).table_valued("value")


def _not_staff():
    return ~(User.is_coordinator | User.is_admin)


def monthly(column, months: tuple[date, ...], *where, count=None) -> list[tuple[date, int]]:
    """Rows per Japanese month over `months` (zero for a month without any)."""
    bucket = month_bucket(column)
    start, end = local_midnight(months[0]), local_midnight(next_month(months[-1]))
    stmt = (
        select(bucket, count if count is not None else func.count())
        .where(*where, column >= start, column < end)
        .group_by(bucket)
    )
    found = {key: int(n) for key, n in db.session.execute(stmt)}
    return [(m, found.get(month_key(m), 0)) for m in months]


def confirmed_between(start: datetime, end: datetime) -> list:
    return [Match.status_in(COUNTED_AS_MATCH), Match.decided_at >= start, Match.decided_at < end]


def count_matches(start: datetime, end: datetime) -> int:
    return db.session.scalar(select(func.count(Match.id)).where(*confirmed_between(start, end)))


def count_awaiting_resident(start: datetime, end: datetime) -> int:
    """Confirmed by the desk in the period, the resident has not answered yet."""
    return db.session.scalar(
        select(func.count(Match.id)).where(
            Match.status_in(AWAITING_RESIDENT), Match.decided_at >= start, Match.decided_at < end
        )
    )


def matches_by_field(start: datetime, end: datetime) -> tuple[list[tuple], int]:
    """((field, count) rows, matches in no field): a match counts once in each field."""
    items = json_strings(Issue.theme_keys)
    joined = (
        select()
        .select_from(Match)
        .join(Issue, Issue.id == Match.issue_id)
        .join(items, true())
        .join(Theme, Theme.key == items.c.value)
        .join(theme_fields, theme_fields.c.theme_id == Theme.id)
        .join(ActivityField, ActivityField.id == theme_fields.c.field_id)
        .where(*confirmed_between(start, end))
    )
    per_field = joined.add_columns(ActivityField, func.count(distinct(Match.id))).group_by(
        ActivityField.id
    )
    rows = [(field, int(n)) for field, n in db.session.execute(per_field)]
    classified = db.session.scalar(joined.add_columns(func.count(distinct(Match.id))))
    return rows, count_matches(start, end) - int(classified or 0)


def matches_by_area(start: datetime, end: datetime) -> list[tuple[Area | None, int]]:
    """Matches per area of the issue (None: the issue names no area)."""
    counts = (
        select(Issue.area_id, func.count(Match.id).label("n"))
        .join(Issue, Issue.id == Match.issue_id)
        .where(*confirmed_between(start, end))
        .group_by(Issue.area_id)
        .subquery()
    )
    stmt = select(Area, counts.c.n).select_from(counts).outerjoin(Area, Area.id == counts.c.area_id)
    return [(area, int(n)) for area, n in db.session.execute(stmt)]


def postings_by_month(months: tuple[date, ...]) -> list[tuple[date, int]]:
    """Issues put up for everyone to see (drafts left out), by the month they were written."""
    return monthly(Issue.created_at, months, Issue.status != "draft")


def matches_by_month(months: tuple[date, ...]) -> list[tuple[date, int]]:
    return monthly(Match.decided_at, months, Match.status_in(COUNTED_AS_MATCH))


def _first_joined():
    """Each non-staff participant and when they first joined: a helper profile or a membership."""
    joined = union_all(
        select(HelperProfile.user_id.label("user_id"), HelperProfile.created_at.label("at")),
        select(Membership.user_id.label("user_id"), Membership.created_at.label("at")),
    ).subquery()
    return (
        select(joined.c.user_id, func.min(joined.c.at).label("at"))
        .join(User, User.id == joined.c.user_id)
        .where(_not_staff())
        .group_by(joined.c.user_id)
        .subquery()
    )


def count_new_participants(start: datetime, end: datetime) -> int:
    first = _first_joined()
    stmt = select(func.count()).select_from(first).where(first.c.at >= start, first.c.at < end)
    return db.session.scalar(stmt)


def new_participants_by_month(months: tuple[date, ...]) -> list[tuple[date, int]]:
    first = _first_joined()
    return monthly(first.c.at, months)


def active_users_by_month(months: tuple[date, ...]) -> list[tuple[date, int]]:
    """Distinct residents and organization members who did something recorded in each month.

    A user is active in a month when, in that month, they
    - appear as the actor of an audit event (every recorded action: answers, postings,
      decisions on their own matches, profile changes as the app audits them),
    - expressed interest in an issue (Match.interested_at, through their helper profile),
    - registered (User.created_at), or
    - last logged in (User.last_seen_at).
    Coordinators and admins are left out: the figure is about the people the desk serves.
    Logins leave only the latest date behind, so a user who only logs in and reads counts
    in the month of their latest visit; earlier months count only recorded actions.
    """
    acts = union_all(
        select(AuditEvent.actor_id.label("user_id"), AuditEvent.created_at.label("at")).where(
            AuditEvent.actor_id.is_not(None)
        ),
        select(HelperProfile.user_id, Match.interested_at)
        .join(Match, Match.helper_id == HelperProfile.id)
        .where(Match.interested_at.is_not(None)),
        select(User.id, User.created_at),
        select(User.id, User.last_seen_at).where(User.last_seen_at.is_not(None)),
    ).subquery()
    people = (
        select(acts.c.user_id, acts.c.at)
        .join(User, User.id == acts.c.user_id)
        .where(_not_staff())
        .subquery()
    )
    return monthly(people.c.at, months, count=func.count(distinct(people.c.user_id)))


def first_match_waits(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """(posted, first confirmed match) of each issue whose first match fell in the period."""
    first = (
        select(Match.issue_id, func.min(Match.decided_at).label("first_at"))
        .where(Match.status_in(COUNTED_AS_MATCH), Match.decided_at.is_not(None))
        .group_by(Match.issue_id)
        .subquery()
    )
    stmt = (
        select(Issue.created_at, first.c.first_at)
        .join(first, first.c.issue_id == Issue.id)
        .where(first.c.first_at >= start, first.c.first_at < end)
    )
    return [(posted, matched) for posted, matched in db.session.execute(stmt)]


def _waiting_since():
    # Interest comes before any decision, so the clock starts at whichever came first.
    return func.coalesce(Match.interested_at, Match.decided_at)


def answer_waits(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """(waiting since, first answer) of matches first answered in the period."""
    since = _waiting_since()
    stmt = select(since, Match.first_response_at).where(
        since.is_not(None), Match.first_response_at >= start, Match.first_response_at < end
    )
    return [(a, b) for a, b in db.session.execute(stmt)]


def count_overdue(cutoff: datetime) -> int:
    """Matches still waiting for the organization's first answer since before `cutoff`."""
    since = _waiting_since()
    stmt = select(func.count(Match.id)).where(
        Match.status_in(AWAITING_ANSWER), Match.first_response_at.is_(None), since <= cutoff
    )
    return db.session.scalar(stmt)
