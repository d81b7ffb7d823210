"""Reading and checking records of the exchange format (JSON Lines or CSV)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from matchhub.models import ISSUE_KINDS, ORGANIZATION_KINDS, SLOTS
from matchhub.platform.csv_safety import restored_cell

RECORD_TYPES = ("area", "organization", "helper", "issue", "judgment")
LIST_FIELDS = {"aliases", "themes", "skills", "availability", "languages", "offers"}
BOOL_FIELDS = {"online_ok", "online", "verified", "active"}
MOMENT_FIELDS = {"consent_date", "verified_at"}
CONSENT_METHODS = ("paper", "web", "desk")
FLOAT_FIELDS = {"lat", "lon"}
INT_FIELDS = {"people_needed", "grade"}
REQUIRED = {
    "area": ("key", "name"),
    "organization": ("key", "name", "kind"),
    "helper": ("key",),
    "issue": ("key", "org", "title"),
    "judgment": ("issue", "helper", "grade"),
}
TRUE_WORDS = {"true", "1", "yes", "y", "はい", "○", "可", "ok"}
FALSE_WORDS = {"false", "0", "no", "n", "いいえ", "×", "不可", ""}


class RecordError(ValueError):
    """A record that cannot be loaded; the message says why."""


@dataclass(frozen=True)
class Line:
    """One record with where it came from."""

    source: str
    number: int
    record: dict | None
    error: str | None = None


def read_file(path: Path) -> Iterator[Line]:
    """Yield the lines of a JSON Lines or CSV file, parse errors included."""
    if path.suffix.lower() == ".csv":
        yield from _read_csv(path)
    else:
        yield from _read_jsonl(path)


def _read_jsonl(path: Path) -> Iterator[Line]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                yield Line(path.name, number, None, f"not valid JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                yield Line(path.name, number, None, "a line must hold one JSON object")
                continue
            yield Line(path.name, number, record)


def _csv_type(path: Path) -> str | None:
    stem = path.stem.lower().rstrip("s")
    return stem if stem in RECORD_TYPES else None


def _read_csv(path: Path) -> Iterator[Line]:
    default_type = _csv_type(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        # Line numbers count the header, as a spreadsheet shows them.
        for number, row in enumerate(reader, start=2):
            record = {k.strip(): v for k, v in row.items() if k is not None}
            if None in row:
                yield Line(path.name, number, None, "more cells than the header has columns")
                continue
            record.setdefault("type", default_type or "")
            if not record["type"]:
                yield Line(
                    path.name,
                    number,
                    None,
                    "no 'type' column, and the file name does not say the record type",
                )
                continue
            yield Line(path.name, number, _from_csv_cells(record))


def _from_csv_cells(row: dict) -> dict:
    record: dict = {}
    for key, value in row.items():
        value = restored_cell((value or "").strip())
        if key in LIST_FIELDS:
            record[key] = [part.strip() for part in value.split(";") if part.strip()]
        elif value == "":
            record[key] = None
        else:
            record[key] = value
    return record


def check(record: dict) -> dict:
    """Return a cleaned copy of a record, converting types.

    :raise RecordError: when the record is unusable.
    """
    kind = record.get("type")
    if kind not in RECORD_TYPES:
        raise RecordError(
            f"unknown record type {kind!r} (expected one of {', '.join(RECORD_TYPES)})"
        )
    clean = dict(record)
    for name in REQUIRED[kind]:
        if clean.get(name) in (None, ""):
            raise RecordError(f"{kind} record without {name!r}")
    for name in ("key", "org", "issue", "helper", "parent"):
        if name in clean and clean[name] is not None:
            clean[name] = str(clean[name]).strip()
    for name in LIST_FIELDS & clean.keys():
        clean[name] = _as_list(name, clean[name])
    for name in BOOL_FIELDS & clean.keys():
        clean[name] = _as_bool(name, clean[name])
    for name in FLOAT_FIELDS & clean.keys():
        clean[name] = _as_number(name, clean[name], float)
    for name in INT_FIELDS & clean.keys():
        clean[name] = _as_number(name, clean[name], int)
    for name in ("starts_on", "ends_on"):
        if name in clean:
            clean[name] = _as_date(name, clean[name])
    for name in MOMENT_FIELDS & clean.keys():
        clean[name] = _as_moment(name, clean[name])
    _check_codes(kind, clean)
    return clean


def _as_moment(name: str, value) -> datetime | None:
    from matchhub.exchange.registry_values import CellProblem, consent_moment

    try:
        return consent_moment(value)
    except CellProblem:
        raise RecordError(f"{name!r} must be a date like 2026-12-05, not {value!r}") from None


def _as_list(name: str, value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in value.replace("；", ";").split(";")]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise RecordError(f"{name!r} must be a list of strings")
    return [str(v).strip() for v in value if str(v).strip()]


def _as_bool(name: str, value) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RecordError(f"{name!r} must be true or false, not {value!r}")


def _as_number(name: str, value, kind: type):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError(f"{name!r} must be a number, not {value!r}")
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise RecordError(f"{name!r} must be a number, not {value!r}") from None
    if kind is int and isinstance(value, float) and value != number:
        raise RecordError(f"{name!r} must be a whole number, not {value!r}")
    return number


def _as_date(name: str, value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        raise RecordError(f"{name!r} must be a date like 2026-12-05, not {value!r}") from None


def _check_codes(kind: str, clean: dict) -> None:
    if kind == "organization" and clean["kind"] not in ORGANIZATION_KINDS:
        raise RecordError(
            f"unknown organization kind {clean['kind']!r} "
            f"(expected one of {', '.join(ORGANIZATION_KINDS)})"
        )
    if kind == "issue" and clean.get("kind", "volunteer") not in ISSUE_KINDS:
        raise RecordError(
            f"unknown issue kind {clean['kind']!r} (expected one of {', '.join(ISSUE_KINDS)})"
        )
    unknown = [s for s in clean.get("availability", []) if s not in SLOTS]
    if unknown:
        raise RecordError(
            f"unknown availability slot {unknown[0]!r} (expected one of {', '.join(SLOTS)})"
        )
    if clean.get("consent_method") not in (None, *CONSENT_METHODS):
        raise RecordError(
            f"unknown consent method {clean['consent_method']!r} "
            f"(expected one of {', '.join(CONSENT_METHODS)})"
        )
    if kind == "issue" and (clean.get("people_needed") or 1) < 1:
        raise RecordError("'people_needed' must be at least 1")
    if kind == "judgment" and clean["grade"] not in (0, 1, 2, 3):
        raise RecordError(f"'grade' must be 0, 1, 2 or 3, not {clean['grade']!r}")
    for name in ("lat", "lon"):
        limit = 90 if name == "lat" else 180
        if clean.get(name) is not None and not -limit <= clean[name] <= limit:
            raise RecordError(f"{name!r} is out of range: {clean[name]}")
