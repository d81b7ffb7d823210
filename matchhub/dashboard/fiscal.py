"""Japanese fiscal years (年度, 1 April to 31 March) and months on the clock in Japan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from matchhub.models.types import utcnow

# Japan keeps no daylight saving time: its clock is UTC + 9 hours all year round, so the
# same fixed shift buckets timestamps by Japanese month in SQL too.
JST = timezone(timedelta(hours=9), "JST")
JST_OFFSET_HOURS = 9


def local_midnight(day: date) -> datetime:
    """The start of `day` in Japan, as an aware datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=JST)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def month_key(month: date) -> str:
    """The month as SQL buckets it: 'YYYY-MM'."""
    return f"{month.year:04d}-{month.month:02d}"


def fiscal_year_of(moment: datetime) -> int:
    """The fiscal year a moment falls in: 2025 for 1 April 2025 to 31 March 2026 in Japan."""
    local = moment.astimezone(JST)
    return local.year if local.month >= 4 else local.year - 1


@dataclass(frozen=True)
class Period:
    """A fiscal year as seen at `as_of`, and the twelve months its charts show."""

    fiscal_year: int
    start: datetime
    end: datetime
    as_of: datetime
    months: tuple[date, ...]

    @property
    def elapsed(self) -> float:
        """Share of the fiscal year gone by: 1.0 for a past year."""
        return (self.as_of - self.start) / (self.end - self.start)

    @property
    def latest_month(self) -> date:
        return self.months[-1]

    @property
    def latest_month_elapsed(self) -> float:
        """Share of the latest month gone by: below 1.0 only for the month under way."""
        start = local_midnight(self.latest_month)
        end = local_midnight(next_month(self.latest_month))
        return min(1.0, (self.as_of - start) / (end - start))

    @property
    def window(self) -> tuple[datetime, datetime]:
        """Start and (exclusive) end of the twelve months."""
        return local_midnight(self.months[0]), local_midnight(next_month(self.months[-1]))


def period(fiscal_year: int | None = None, now: datetime | None = None) -> Period:
    """Fiscal year `fiscal_year` (default: the current one) as seen at `now`.

    The months are the twelve ending with the latest month reached: April to March for a
    past year, the last twelve months for the year under way.
    """
    now = now or utcnow()
    year = fiscal_year_of(now) if fiscal_year is None else fiscal_year
    start, end = local_midnight(date(year, 4, 1)), local_midnight(date(year + 1, 4, 1))
    as_of = min(max(now, start), end)
    last = (as_of - timedelta(microseconds=1)).astimezone(JST).date().replace(day=1)
    months = [last]
    while len(months) < 12:
        months.insert(0, previous_month(months[0]))
    return Period(year, start, end, as_of, tuple(months))
