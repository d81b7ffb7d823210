"""Open data for a municipal catalogue: issues, case studies and statistics as CSV.

UTF-8 with a BOM (Excel opens it as UTF-8), one header row naming each column in Japanese
and English, lists joined with ';'. No personal field: no e-mail, no resident's name or
biography, no typed address of an organization. docs/api.md documents every column.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.dashboard.fiscal import JST
from matchhub.extensions import db
from matchhub.models import Area, CaseReport, Issue, Match, Theme
from matchhub.models.matches import SEAT_TAKEN
from matchhub.platform.csv_safety import safe_row

# Cells counting matches (residents' participation) below this are not published.
SUPPRESS_BELOW = 3
UNCLASSIFIED = "（未分類）"
NO_AREA = "（地域未設定）"

ISSUE_COLUMNS = [
    ("課題キー", "key"),
    ("状態", "status"),
    ("種類", "kind"),
    ("件名", "title"),
    ("内容", "description"),
    ("団体キー", "organization_key"),
    ("団体名", "organization_name"),
    ("団体種別", "organization_kind"),
    ("テーマ", "themes"),
    ("テーマキー", "theme_keys"),
    ("スキル", "skills"),
    ("地域キー", "area_key"),
    ("地域", "area_name"),
    ("オンライン可", "online"),
    ("活動時間帯", "availability"),
    ("対応言語", "languages"),
    ("募集人数", "people_needed"),
    ("開始日", "starts_on"),
    ("終了日", "ends_on"),
    ("登録日", "created_on"),
    ("更新日時", "updated_at"),
]
CASE_COLUMNS = [
    ("事例キー", "key"),
    ("件名", "title"),
    ("概要", "summary"),
    ("実施内容", "what_done"),
    ("協力者", "partners"),
    ("実施場所", "place"),
    ("地域キー", "area_key"),
    ("地域", "area_name"),
    ("テーマキー", "theme_keys"),
    ("成果", "figures"),
    ("得られた学び", "lessons"),
    ("報告団体キー", "organization_key"),
    ("報告団体", "organization_name"),
    ("関係団体", "organizations"),
    ("公開日", "published_on"),
]
STATS_COLUMNS = [
    ("年月", "month"),
    ("指標", "measure"),
    ("テーマキー", "theme_key"),
    ("テーマ", "theme"),
    ("地域キー", "area_key"),
    ("地域", "area"),
    ("件数", "count"),
    ("秘匿", "suppressed"),
]


def header(columns: list[tuple[str, str]]) -> list[str]:
    return [f"{ja} ({en})" for ja, en in columns]


def _csv(columns: list[tuple[str, str]], rows: Iterable[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row(header(columns)))
    for row in rows:
        writer.writerow(safe_row(_cell(row.get(en)) for _ja, en in columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def issues_csv() -> bytes:
    """Open and closed issues (never drafts), oldest first."""
    query = (
        select(Issue)
        .where(Issue.status != "draft")
        .options(selectinload(Issue.organization), selectinload(Issue.area))
        .order_by(Issue.id)
    )
    rows = (
        {
            "key": i.key,
            "status": i.status,
            "kind": i.kind,
            "title": i.title,
            "description": i.description,
            "organization_key": i.organization.key,
            "organization_name": i.organization.name,
            "organization_kind": i.organization.kind,
            "themes": i.themes,
            "theme_keys": i.theme_keys,
            "skills": i.skills,
            "area_key": i.area.key if i.area else None,
            "area_name": i.area.name if i.area else None,
            "online": i.online,
            "availability": i.availability,
            "languages": i.languages,
            "people_needed": i.people_needed,
            "starts_on": i.starts_on,
            "ends_on": i.ends_on,
            "created_on": iso_date(i.created_at),
            "updated_at": i.updated_at.isoformat(timespec="seconds"),
        }
        for i in db.session.scalars(query)
    )
    return _csv(ISSUE_COLUMNS, rows)


def cases_csv() -> bytes:
    """Published case studies, oldest first."""
    query = (
        select(CaseReport)
        .where(CaseReport.is_published)
        .options(
            selectinload(CaseReport.organization),
            selectinload(CaseReport.organizations),
            selectinload(CaseReport.area),
        )
        .order_by(CaseReport.id)
    )
    rows = (
        {
            "key": c.key,
            "title": c.title,
            "summary": c.summary,
            "what_done": c.what_done,
            "partners": c.partners,
            "place": c.place,
            "area_key": c.area.key if c.area else None,
            "area_name": c.area.name if c.area else None,
            "theme_keys": c.theme_keys,
            "figures": [
                f"{f.get('label', '')}: {f.get('value', '')}"
                for f in c.figures or []
                if isinstance(f, dict)
            ],
            "lessons": c.lessons,
            "organization_key": c.organization.key,
            "organization_name": c.organization.name,
            "organizations": [o.name for o in c.organizations],
            "published_on": iso_date(c.published_at),
        }
        for c in db.session.scalars(query)
    )
    return _csv(CASE_COLUMNS, rows)


def iso_date(moment: datetime | None) -> str | None:
    """The day a moment fell on in Japan."""
    return moment.astimezone(JST).date().isoformat() if moment else None


def _month(moment: datetime) -> str:
    return moment.astimezone(JST).strftime("%Y-%m")


def _cells(measure: str, rows: Iterable[tuple[datetime | None, list, int | None]]) -> Counter:
    """Count each item once per theme it carries, by Japanese month and area."""
    counts: Counter = Counter()
    for moment, theme_keys, area_id in rows:
        if moment is None:
            continue
        for theme in sorted(set(theme_keys or [])) or [""]:
            counts[(_month(moment), measure, theme, area_id)] += 1
    return counts


def stats_csv() -> bytes:
    """Counts by month, theme and area: issues posted, matches confirmed, cases published.

    Match cells of 1 or 2 are suppressed (count left empty, suppressed=true): they count
    residents. Issues and cases are published one by one in the other files, so their
    counts reveal nothing more and are given whole.
    """
    counts = _cells(
        "issues_posted",
        db.session.execute(
            select(Issue.created_at, Issue.theme_keys, Issue.area_id).where(Issue.status != "draft")
        ),
    )
    counts += _cells(
        "matches_confirmed",
        db.session.execute(
            select(Match.decided_at, Issue.theme_keys, Issue.area_id)
            .join(Issue, Match.issue_id == Issue.id)
            .where(Match.status_in(SEAT_TAKEN))
        ),
    )
    counts += _cells(
        "cases_published",
        db.session.execute(
            select(CaseReport.published_at, CaseReport.theme_keys, CaseReport.area_id).where(
                CaseReport.is_published
            )
        ),
    )
    themes = dict(db.session.execute(select(Theme.key, Theme.name)).all())
    areas = {a.id: a for a in db.session.scalars(select(Area))}
    rows = []
    for (month, measure, theme, area_id), count in sorted(
        counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], str(kv[0][3] or ""))
    ):
        area = areas.get(area_id)
        hidden = measure == "matches_confirmed" and count < SUPPRESS_BELOW
        rows.append(
            {
                "month": month,
                "measure": measure,
                "theme_key": theme,
                "theme": themes.get(theme, theme) if theme else UNCLASSIFIED,
                "area_key": area.key if area else "",
                "area": area.name if area else NO_AREA,
                "count": None if hidden else count,
                "suppressed": hidden,
            }
        )
    return _csv(STATS_COLUMNS, rows)
