"""The dashboard's figures as people read them: a chart, a data table and a CSV each.

The table and the CSV are written from the same rows, so the download always says what
the page says, in the language of the page.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _

from matchhub.dashboard import charts
from matchhub.dashboard.kpi import WAIT_BINS, Category, Dashboard
from matchhub.platform.csv_safety import safe_cell

SLUGS = (
    "kpis",
    "matches-by-month",
    "postings-by-month",
    "active-users-by-month",
    "new-participants-by-month",
    "matches-by-field",
    "matches-by-area",
    "time-to-first-match",
)


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    chart: charts.Chart | None = None
    # One sentence for the chart's <desc>, and a note printed under the figure.
    summary: str = ""
    note: str = ""
    target_label: str = ""


def month_label(month: date, short: bool = False) -> str:
    return format_skeleton("MMM" if short else "yMMM", month, locale=get_locale())


def fiscal_year_label(year: int) -> str:
    return _("FY%(year)d", year=year)


def format_number(value: float | None) -> str:
    """A count or a number of days as the tables show it: 12, 2.5 (one decimal at most)."""
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0")


def _summary(rows: list[tuple[str, int]]) -> str:
    total = sum(v for _, v in rows)
    if not total:
        return _("Nothing to show for this period yet.")
    label, value = max(rows, key=lambda r: r[1])
    return _(
        "Total %(total)d. Highest: %(label)s, with %(value)d.",
        total=total,
        label=label,
        value=value,
    )


def _monthly(slug, title, header, series, target=None, target_label="", year=None) -> Figure:
    rows = [(month_label(m), n) for m, n in series]
    chart = charts.columns([(month_label(m, short=True), n) for m, n in series], target)
    if year is not None:  # a chart of months says which fiscal year they belong to
        title = _("%(title)s (%(year)s)", title=title, year=fiscal_year_label(year))
    return Figure(
        slug,
        title,
        (_("Month"), header),
        tuple((label, str(n)) for label, n in rows),
        chart,
        _summary(rows),
        target_label=target_label,
    )


def _category_label(category: Category, none_label: str, short: bool) -> str:
    if category.key is None:
        return none_label
    if str(get_locale()) != "ja":
        return category.name_en
    if category.number is not None and not short:
        return f"{category.number}. {category.name}"
    return category.short_name if short else category.name


def _categories(slug, title, header, categories, none_label, note="") -> Figure:
    rows = [(_category_label(c, none_label, short=False), c.count) for c in categories]
    chart = charts.bars([(_category_label(c, none_label, short=True), c.count) for c in categories])
    return Figure(
        slug,
        title,
        (header, _("Matches")),
        tuple((label, str(n)) for label, n in rows),
        chart,
        _summary(rows),
        note,
    )


def _bin_label(upper: int | None, index: int) -> str:
    if upper is None:
        return _("%(days)d days or more", days=WAIT_BINS[-1] + 1)
    low = 0 if index == 0 else WAIT_BINS[index - 1] + 1
    return _("%(low)d to %(high)d days", low=low, high=upper)


def _kpi_rows(board: Dashboard) -> tuple[tuple[str, ...], ...]:
    latest = month_label(board.period.latest_month)
    answers = board.answers
    dash = "—"

    def progress(p) -> tuple[str, str, str]:
        return str(p.value), str(p.target), f"{p.percent}%"

    return (
        (_("Matches made in the fiscal year"), *progress(board.matches)),
        (
            _("Confirmed by the desk, waiting for the resident's answer"),
            str(board.matches_awaiting_resident),
            dash,
            dash,
        ),
        (_("Postings in %(month)s", month=latest), *progress(board.postings)),
        (_("New participants in the fiscal year"), *progress(board.new_participants)),
        (_("Case studies published in the fiscal year"), *progress(board.case_studies)),
        (
            _("Active users in %(month)s", month=latest),
            *progress(board.active_users),
        ),
        (
            _("Median days from posting to first match"),
            format_number(board.time_to_first_match.median),
            dash,
            dash,
        ),
        (
            _("Median days to an organization's first answer"),
            format_number(answers.waits.median),
            str(answers.deadline_days),
            dash,
        ),
        (_("First answers in the fiscal year"), str(len(answers.waits.days)), dash, dash),
        (
            _("Answered within %(days)d days", days=answers.deadline_days),
            str(answers.within_deadline),
            dash,
            f"{round(100 * answers.within_deadline / len(answers.waits.days))}%"
            if answers.waits.days
            else dash,
        ),
        (_("Waiting longer than the answer deadline, now"), str(answers.overdue), "0", dash),
    )


def build(board: Dashboard) -> dict[str, Figure]:
    """Every figure of the dashboard, by slug, in the order the page shows them."""
    goal = board.targets
    per_month = _("Target per month")
    pace = _("Monthly share of the yearly target")
    waits = [
        (_bin_label(upper, i), n)
        for i, (upper, n) in enumerate(board.time_to_first_match.histogram())
    ]
    figures = [
        Figure(
            "kpis",
            _("Targets at a glance"),
            (_("Indicator"), _("Result"), _("Target"), _("Progress")),
            _kpi_rows(board),
        ),
        _monthly(
            "matches-by-month",
            _("Matches made per month"),
            _("Matches made"),
            board.matches_by_month,
            goal["target.matches_per_year"] / 12,
            pace,
            year=board.period.fiscal_year,
        ),
        _monthly(
            "postings-by-month",
            _("Postings per month"),
            _("Postings"),
            board.postings_by_month,
            goal["target.postings_per_month"],
            per_month,
            year=board.period.fiscal_year,
        ),
        _monthly(
            "active-users-by-month",
            _("Active users per month"),
            _("Active users"),
            board.active_users_by_month,
            year=board.period.fiscal_year,
        ),
        _monthly(
            "new-participants-by-month",
            _("New participants per month"),
            _("New participants"),
            board.new_participants_by_month,
            goal["target.new_participants_per_year"] / 12,
            pace,
            year=board.period.fiscal_year,
        ),
        _categories(
            "matches-by-field",
            _("Matches by activity field (NPO law)"),
            _("Activity field"),
            board.matches_by_field,
            _("No activity field"),
            _("A match counts once in each field its issue's themes belong to."),
        ),
        _categories(
            "matches-by-area",
            _("Matches by area"),
            _("Area"),
            board.matches_by_area,
            _("No area (online or not given)"),
        ),
        Figure(
            "time-to-first-match",
            _("Days from posting to first match"),
            (_("Days"), _("Number of issues")),
            tuple((label, str(n)) for label, n in waits),
            charts.bars(waits),
            _summary(waits),
            _("Issues whose first match was confirmed in the fiscal year, in calendar days."),
        ),
    ]
    return {f.slug: f for f in figures}


def to_csv(figure: Figure) -> bytes:
    """The figure's table as CSV in UTF-8 with a byte order mark, as Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in figure.headers])
    writer.writerows([safe_cell(c) for c in row] for row in figure.rows)
    return buffer.getvalue().encode("utf-8-sig")
