"""Export the registry in the exchange format, whole or as open data."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.exchange.records import LIST_FIELDS
from matchhub.extensions import db
from matchhub.models import Area, HelperProfile, Issue, Judgment, Organization
from matchhub.platform.csv_safety import safe_cell

# Fields that identify or describe a person; left out of open data.
PERSONAL = {"display_name", "email", "bio", "consent_date", "consent_method"}
# The profile form stores online where the exchange says web.
EXCHANGE_CONSENT = {"online": "web"}
CSV_COLUMNS = {
    "area": ["key", "name", "kana", "parent", "lat", "lon", "aliases"],
    "organization": [
        "key",
        "name",
        "kind",
        "themes",
        "area",
        "area_key",
        "description",
        "offers",
        "email",
        "verified",
        "verified_at",
    ],
    "helper": [
        "key",
        "display_name",
        "email",
        "themes",
        "skills",
        "area",
        "area_key",
        "availability",
        "online_ok",
        "languages",
        "bio",
        "consent_date",
        "consent_method",
        "active",
    ],
    "issue": [
        "key",
        "org",
        "title",
        "description",
        "kind",
        "themes",
        "skills",
        "area",
        "area_key",
        "online",
        "availability",
        "languages",
        "people_needed",
        "starts_on",
        "ends_on",
        "status",
    ],
    "judgment": ["issue", "helper", "grade"],
}


def records(open_data: bool = False, judgments: bool = False) -> Iterator[dict]:
    """Yield every record in reference order (areas first, judgments last)."""
    for area in db.session.scalars(
        select(Area).options(selectinload(Area.parent)).order_by(Area.id)
    ):
        yield {
            "type": "area",
            "key": area.key,
            "name": area.name,
            "kana": area.kana,
            "parent": area.parent.key if area.parent else None,
            "lat": area.lat,
            "lon": area.lon,
            "aliases": area.aliases,
        }
    orgs = select(Organization).options(selectinload(Organization.area)).order_by(Organization.id)
    for org in db.session.scalars(orgs):
        record = {
            "type": "organization",
            "key": org.key,
            "name": org.name,
            "kind": org.kind,
            "themes": org.themes,
            "area": org.area_text,
            "area_key": org.area.key if org.area else None,
            "description": org.description,
            "offers": org.offers,
            "email": org.email,
            "verified": org.is_verified,
            "verified_at": _moment(org.verified_at),
        }
        yield _without_personal(record) if open_data else record
    helpers = select(HelperProfile).options(
        selectinload(HelperProfile.user), selectinload(HelperProfile.area)
    )
    for profile in db.session.scalars(helpers.order_by(HelperProfile.id)):
        record = {
            "type": "helper",
            "key": profile.key,
            "display_name": profile.user.display_name,
            "email": profile.user.email,
            "themes": profile.themes,
            "skills": profile.skills,
            "area": profile.area.name if open_data and profile.area else profile.area_text,
            "area_key": profile.area.key if profile.area else None,
            "availability": profile.availability,
            "online_ok": profile.online_ok,
            "languages": profile.languages,
            "bio": profile.bio,
            "consent_date": _moment(profile.consented_at),
            "consent_method": EXCHANGE_CONSENT.get(profile.consent_method, profile.consent_method),
            "active": profile.active,
        }
        yield _without_personal(record) if open_data else record
    issues = select(Issue).options(selectinload(Issue.organization), selectinload(Issue.area))
    for issue in db.session.scalars(issues.order_by(Issue.id)):
        yield {
            "type": "issue",
            "key": issue.key,
            "org": issue.organization.key,
            "title": issue.title,
            "description": issue.description,
            "kind": issue.kind,
            "themes": issue.themes,
            "skills": issue.skills,
            "area": issue.area_text,
            "area_key": issue.area.key if issue.area else None,
            "online": issue.online,
            "availability": issue.availability,
            "languages": issue.languages,
            "people_needed": issue.people_needed,
            "starts_on": issue.starts_on.isoformat() if issue.starts_on else None,
            "ends_on": issue.ends_on.isoformat() if issue.ends_on else None,
            "status": issue.status,
        }
    if judgments:
        for j in db.session.scalars(select(Judgment).order_by(Judgment.id)):
            yield {
                "type": "judgment",
                "issue": j.issue_key,
                "helper": j.helper_key,
                "grade": j.grade,
            }


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def _without_personal(record: dict) -> dict:
    if record["type"] == "organization":
        return {k: v for k, v in record.items() if k != "email"}
    return {k: v for k, v in record.items() if k not in PERSONAL}


def write_jsonl(out: TextIO, **options) -> int:
    """Write records as JSON Lines; return how many."""
    count = 0
    for record in records(**options):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(directory: Path, **options) -> dict[str, int]:
    """Write one CSV per record type, with a BOM so Excel reads it as UTF-8."""
    directory.mkdir(parents=True, exist_ok=True)
    open_data = options.get("open_data", False)
    files: dict[str, tuple[TextIO, csv.DictWriter]] = {}
    counts: dict[str, int] = {}
    try:
        for record in records(**options):
            kind = record.pop("type")
            if kind not in files:
                columns = [c for c in CSV_COLUMNS[kind] if not (open_data and c in PERSONAL)]
                if open_data and kind == "organization":
                    columns.remove("email")
                handle = (directory / f"{kind}s.csv").open("w", encoding="utf-8-sig", newline="")
                writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                files[kind] = (handle, writer)
            files[kind][1].writerow({k: safe_cell(_cell(k, v)) for k, v in record.items()})
            counts[kind] = counts.get(kind, 0) + 1
    finally:
        for handle, _ in files.values():
            handle.close()
    return counts


def _cell(name: str, value) -> str:
    if name in LIST_FIELDS:
        return ";".join(value or [])
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
