"""Import the exchange format: upsert by key, report bad lines, go on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matchhub.exchange import bulk_copy
from matchhub.exchange.records import Line, RecordError, check, read_file
from matchhub.exchange.registry_values import N_, Reason
from matchhub.extensions import db
from matchhub.models import Area, HelperProfile, Issue, Judgment, Organization, User
from matchhub.models.types import utcnow
from matchhub.platform.freshness import bump_taxonomy_version
from matchhub.platform.metrics import records_imported
from matchhub.platform.taxonomy import TaxonomyIndex, current_index

BATCH_SIZE = 1000
NEW_PROFILE = {"active": True, "consented_at": None, "consent_method": None}
# The exchange says web where the profile form has always stored online.
STORED_CONSENT = {"web": "online"}
# References must exist before the records that use them.
ORDER = ("area", "organization", "helper", "issue", "judgment")


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.skipped


def import_files(paths: Iterable[Path]) -> ImportReport:
    """Import every file; each batch of records commits on its own.

    Helpers, the bulk of a registry, are streamed in a second reading of the files once
    the areas they refer to are loaded; the other records are few and kept in memory.
    """
    paths = [Path(p) for p in paths]
    report = ImportReport()
    by_type: dict[str, list[tuple[Line, dict]]] = defaultdict(list)
    helpers = False
    for line, record in _checked(paths, report):
        if record["type"] == "helper":
            helpers = True
        else:
            by_type[record["type"]].append((line, record))
    for kind in ORDER:
        records = by_type.get(kind, [])
        if kind == "area":
            records = parents_first(records)
        if kind == "helper" and helpers:
            _stream_helpers(paths, report)
        for start in range(0, len(records), BATCH_SIZE):
            _import_batch(kind, records[start : start + BATCH_SIZE], report)
        if kind == "area" and records:
            bump_taxonomy_version()
            db.session.commit()
    records_imported(report.created, report.updated, report.unchanged, len(report.skipped))
    return report


def _checked(paths: list[Path], report: ImportReport | None):
    """(line, checked record) for each usable line; problems go to the report when given."""
    for path in paths:
        for line in read_file(path):
            where = f"{line.source}:{line.number}"
            if line.error:
                if report is not None:
                    report.skipped.append(f"{where}: {line.error}")
                continue
            try:
                record = check(line.record)
            except RecordError as error:
                if report is not None:
                    report.skipped.append(f"{where}: {error}")
                continue
            yield line, record


def _stream_helpers(paths: list[Path], report: ImportReport) -> None:
    batch: list[tuple[Line, dict]] = []
    for line, record in _checked(paths, None):
        if record["type"] != "helper":
            continue
        batch.append((line, record))
        if len(batch) >= BATCH_SIZE:
            _import_batch("helper", batch, report)
            batch = []
    if batch:
        _import_batch("helper", batch, report)


def parents_first(records: list[tuple[Line, dict]]) -> list[tuple[Line, dict]]:
    keys = {r["key"] for _, r in records}

    def depth(record: dict, seen: int = 0) -> int:
        parent = record.get("parent")
        if not parent or parent not in keys or seen > 20:
            return seen
        return depth(by_key[parent], seen + 1)

    by_key = {r["key"]: r for _, r in records}
    return sorted(records, key=lambda item: depth(item[1]))


def _import_batch(kind: str, batch: list[tuple[Line, dict]], report: ImportReport) -> None:
    for line, outcome, message in load_batch(kind, batch):
        where = f"{line.source}:{line.number}"
        if outcome == "skipped":
            report.skipped.append(f"{where}: {message}")
            continue
        getattr(report, outcome)[kind] += 1
        if message:
            report.warnings.append(f"{where}: {message}")


def load_batch(kind: str, batch: list[tuple[Line, dict]], dry_run: bool = False) -> list:
    """Load a batch in one transaction; if it fails, load it record by record.

    Returns (line, outcome, message) per record. A dry run rolls everything back.
    """
    loader = LOADERS[kind]
    index = current_index()
    finish = db.session.rollback if dry_run else db.session.commit
    try:
        outcomes = loader(batch, index)
        finish()
    except (IntegrityError, RecordError):
        db.session.rollback()
        outcomes = []
        for item in batch:
            try:
                with db.session.begin_nested():
                    outcomes.extend(loader([item], index))
            except (IntegrityError, RecordError) as error:
                outcomes.append((item[0], "skipped", _explain(error)))
        finish()
    return outcomes


def _explain(error: Exception) -> str | Reason:
    if isinstance(error, IntegrityError):
        return Reason(N_("Conflicts with a record already stored (duplicate email or key)."))
    return str(error)


def _existing(model, keys: list[str], column=None) -> dict:
    column = column if column is not None else model.key
    if not keys:
        return {}
    return {
        getattr(o, column.key): o for o in db.session.scalars(select(model).where(column.in_(keys)))
    }


def _assign(obj, values: dict) -> bool:
    """Set attributes that differ; say whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert(model, key: str, existing: dict, values: dict):
    obj = existing.get(key)
    if obj is None:
        obj = model(key=key, **values)
        db.session.add(obj)
        existing[key] = obj
        return obj, "created"
    return obj, "updated" if _assign(obj, values) else "unchanged"


def _area_warning(text: str, area_id: int | None) -> Reason | None:
    if text and area_id is None:
        return Reason(
            N_("Area “%(area)s” did not match any known area; stored as typed."), {"area": text}
        )
    return None


def _load_areas(batch, index: TaxonomyIndex):
    existing = _existing(Area, [r["key"] for _, r in batch])
    parents = _existing(Area, [r["parent"] for _, r in batch if r.get("parent")])
    outcomes = []
    for line, r in batch:
        parent = parents.get(r.get("parent")) or existing.get(r.get("parent"))
        if r.get("parent") and parent is None:
            raise RecordError(f"parent area {r['parent']!r} is not defined")
        values = {
            "name": r["name"],
            "kana": r.get("kana"),
            "lat": r.get("lat"),
            "lon": r.get("lon"),
            "aliases": r.get("aliases", []),
            "parent": parent,
        }
        _, outcome = _upsert(Area, r["key"], existing, values)
        outcomes.append((line, outcome, None))
    return outcomes


def _load_organizations(batch, index: TaxonomyIndex):
    existing = _existing(Organization, [r["key"] for _, r in batch])
    outcomes = []
    for line, r in batch:
        area_text = r.get("area") or ""
        area_id = index.resolve_area(area_text)
        values = {
            "name": r["name"],
            "kind": r["kind"],
            "area_text": area_text,
            "area_id": area_id,
            "themes": r.get("themes", []),
            "theme_keys": index.theme_keys(r.get("themes", [])),
            "offers": r.get("offers", []),
            "description": r.get("description") or "",
            "email": r.get("email"),
        }
        if "verified" in r:
            # Verified only when the file says so; the file's date is kept when it has one.
            verified_at = existing[r["key"]].verified_at if r["key"] in existing else None
            values["verified_at"] = (
                (r.get("verified_at") or verified_at or utcnow()) if r["verified"] else None
            )
        org, outcome = _upsert(Organization, r["key"], existing, values)
        outcomes.append((line, outcome, _area_warning(area_text, area_id)))
    return outcomes


def _helper_values(r: dict, index: TaxonomyIndex) -> dict:
    area_text = r.get("area") or ""
    return {
        "area_text": area_text,
        "area_id": index.resolve_area(area_text),
        "themes": r.get("themes", []),
        "theme_keys": index.theme_keys(r.get("themes", [])),
        "skills": r.get("skills", []),
        "skill_keys": index.skill_keys(r.get("skills", [])),
        "availability": r.get("availability", []),
        "online_ok": bool(r.get("online_ok")),
        # A file that does not say which languages means Japanese; an empty list stays empty.
        "languages": r["languages"] if r.get("languages") is not None else ["ja"],
        "bio": r.get("bio") or "",
        **_consent_values(r),
    }


def _consent_values(r: dict) -> dict:
    """Consent and activity when the file carries them (older files do not: left as stored)."""
    values = {}
    if "consent_date" in r:
        values["consented_at"] = r["consent_date"]
        method = r.get("consent_method")
        values["consent_method"] = STORED_CONSENT.get(method, method)
    if r.get("active") is not None:
        values["active"] = r["active"]
    return values


def _load_helpers(batch, index: TaxonomyIndex):
    """Update known helpers through the ORM; insert new ones in bulk (most of a first import)."""
    existing = _existing(HelperProfile, [r["key"] for _, r in batch])
    emails = [User.normalise_email(r["email"]) for _, r in batch if r.get("email")]
    users = _existing(User, emails, User.email)
    outcomes, new_users, new_profiles = [], [], []
    claimed: dict[str, str] = {}
    for line, r in batch:
        email = User.normalise_email(r["email"]) if r.get("email") else None
        values = _helper_values(r, index)
        warning = _area_warning(values["area_text"], values["area_id"])
        profile = existing.get(r["key"])
        owner = claimed.get(email) if email else None
        if profile is None and email in users:
            other = users[email].helper_profile
            owner = other.key if other is not None else None
        if owner is not None and owner != r["key"]:
            reason = N_("The email %(email)s already belongs to helper %(owner)s.")
            outcomes.append((line, "skipped", Reason(reason, {"email": email, "owner": owner})))
            continue
        if email:
            claimed[email] = r["key"]
        if profile is not None:
            user_values = {"email": email, "display_name": r.get("display_name") or r["key"]}
            changed = _assign(profile.user, user_values) | _assign(profile, values)
            outcomes.append((line, "updated" if changed else "unchanged", warning))
        elif email in users:
            db.session.add(HelperProfile(key=r["key"], user=users[email], **values))
            outcomes.append((line, "created", warning))
        else:
            new_users.append({"email": email, "display_name": r.get("display_name") or r["key"]})
            new_profiles.append({"key": r["key"], **values})
            outcomes.append((line, "created", warning))
    if new_users:
        defaults = {
            "locale": "ja",
            "large_text": False,
            "is_coordinator": False,
            "is_admin": False,
            "session_version": 1,
            "failed_logins": 0,
            "created_at": utcnow(),
        }
        ids = bulk_copy.insert_returning_ids(User.__table__, [{**defaults, **u} for u in new_users])
        now = utcnow()
        bulk_copy.copy_rows(
            HelperProfile.__table__,
            [
                {**NEW_PROFILE, **p, "user_id": uid, "created_at": now, "updated_at": now}
                for p, uid in zip(new_profiles, ids, strict=True)
            ],
        )
    return outcomes


def _load_issues(batch, index: TaxonomyIndex):
    existing = _existing(Issue, [r["key"] for _, r in batch])
    orgs = _existing(Organization, [r["org"] for _, r in batch])
    outcomes = []
    for line, r in batch:
        org = orgs.get(r["org"])
        if org is None:
            outcomes.append((line, "skipped", f"organization {r['org']!r} is not defined"))
            continue
        area_text = r.get("area") or ""
        area_id = index.resolve_place(area_text, r.get("description") or "")
        values = {
            "organization": org,
            "kind": r.get("kind") or "volunteer",
            "title": r["title"],
            "description": r.get("description") or "",
            "themes": r.get("themes", []),
            "theme_keys": index.theme_keys(r.get("themes", [])),
            "skills": r.get("skills", []),
            "skill_keys": index.skill_keys(r.get("skills", [])),
            "area_text": area_text,
            "area_id": area_id,
            "online": bool(r.get("online")),
            "availability": r.get("availability", []),
            "languages": r.get("languages", []),
            "people_needed": r.get("people_needed") or 1,
            "starts_on": r.get("starts_on"),
            "ends_on": r.get("ends_on"),
            "status": r.get("status") if r.get("status") in ("draft", "open", "closed") else "open",
        }
        _, outcome = _upsert(Issue, r["key"], existing, values)
        warning = None if values["online"] else _area_warning(area_text, area_id)
        outcomes.append((line, outcome, warning))
    return outcomes


def _load_judgments(batch, index: TaxonomyIndex):
    issues = {r["issue"] for _, r in batch}
    existing = {
        (j.issue_key, j.helper_key): j
        for j in db.session.scalars(select(Judgment).where(Judgment.issue_key.in_(issues)))
    }
    outcomes = []
    for line, r in batch:
        judgment = existing.get((r["issue"], r["helper"]))
        if judgment is None:
            judgment = Judgment(issue_key=r["issue"], helper_key=r["helper"], grade=r["grade"])
            db.session.add(judgment)
            existing[(r["issue"], r["helper"])] = judgment
            outcomes.append((line, "created", None))
        else:
            changed = _assign(judgment, {"grade": r["grade"]})
            outcomes.append((line, "updated" if changed else "unchanged", None))
    return outcomes


LOADERS = {
    "area": _load_areas,
    "organization": _load_organizations,
    "helper": _load_helpers,
    "issue": _load_issues,
    "judgment": _load_judgments,
}
