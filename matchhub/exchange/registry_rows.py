"""One registry row to one exchange record, with a reason for every cell it cannot read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from matchhub.exchange.records import LIST_FIELDS
from matchhub.exchange.registry_values import (
    N_,
    CellProblem,
    Reason,
    consent_moment,
    parse_availability,
    parse_consent_method,
    parse_email,
    parse_flag,
    parse_languages,
    parse_list,
    text,
)
from matchhub.models.types import utcnow
from matchhub.platform.csv_safety import restored_cell

# (column header, reason, whether the line is skipped)
CellIssue = tuple[str, Reason, bool]


def typed(value) -> str:
    """A cell as typed (no normalisation: the ranker reads ｴｸｾﾙ and エクセル alike)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _consent(value):
    """A date, or ○ for consent given on an unknown day (then today, with a warning)."""
    if isinstance(value, str) and value.strip() in ("○", "〇", "◯", "はい", "済"):
        return "given"
    if isinstance(value, str) and value.strip() in ("×", "いいえ", "未", "-"):
        return None
    return consent_moment(value)


HELPER_CELLS: dict[str, Callable] = {
    "key": text,
    "display_name": typed,
    "email": parse_email,
    "area": typed,
    "themes": parse_list,
    "skills": parse_list,
    "availability": parse_availability,
    "online_ok": parse_flag,
    "languages": parse_languages,
    "bio": typed,
    "consent_date": _consent,
    "consent_method": parse_consent_method,
    "active": parse_flag,
}


def convert(
    kind: str, cells: list, fields: dict[int, str], headers: list[str]
) -> tuple[dict | None, list[CellIssue]]:
    """The record a row holds, or None when a cell makes the line unusable."""
    record: dict = {"type": kind}
    issues: list[CellIssue] = []
    for index, name in fields.items():
        value = cells[index] if index < len(cells) else None
        column = headers[index]
        if isinstance(value, str) and value != restored_cell(value):
            # Neutralised by our own CSV writer ('=…): a text that starts like a formula.
            value = restored_cell(value)
        elif isinstance(value, str) and value.startswith("=") and len(value) > 1:
            # Read-only openpyxl gives a formula's text, not its value.
            message = N_("A formula (%(formula)s): paste the value instead.")
            issues.append((column, Reason(message, {"formula": value[:40]}), True))
            continue
        try:
            record[name] = _cell(kind, name, value)
        except CellProblem as problem:
            issues.append((column, problem.reason, True))
    if kind == "helper":
        issues += _helper_rules(record, fields, headers)
    if any(skipped for _, _, skipped in issues):
        return None, issues
    return record, issues


def _cell(kind: str, name: str, value):
    if kind == "helper" and name in HELPER_CELLS:
        return HELPER_CELLS[name](value)
    if name in LIST_FIELDS:
        return [part.strip() for part in typed(value).split(";") if part.strip()]
    return typed(value) or None


def _helper_rules(record: dict, fields: dict[int, str], headers: list[str]) -> list[CellIssue]:
    column = {name: headers[i] for i, name in fields.items()}
    issues: list[CellIssue] = []
    for name in ("key", "display_name"):
        if name in column and not record.get(name):
            issues.append((column[name], Reason(N_("This required cell is empty.")), True))
    if record.get("languages", "") is None:
        # An empty cell in a registry means Japanese; in our own export, no language.
        if column["languages"] == "languages":
            record["languages"] = []
        else:
            del record["languages"]
    if record.get("consent_date") == "given":
        record["consent_date"] = utcnow()
        reason = Reason(N_("Consent marked without a date: today's date was recorded."))
        issues.append((column["consent_date"], reason, False))
    if "consent_date" in record and not record["consent_date"]:
        # An empty cell says nothing: consent given on the web since is not withdrawn.
        record.pop("consent_date")
        record.pop("consent_method", None)
    return issues
