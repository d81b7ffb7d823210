"""Values admins change at run time, with defaults from municipal plans."""

from __future__ import annotations

from matchhub.extensions import db
from matchhub.models import Setting

DEFAULTS: dict[str, int] = {
    # Targets of the desk (per year unless named per month).
    "target.matches_per_year": 100,
    "target.postings_per_month": 200,
    "target.new_participants_per_year": 500,
    "target.case_studies_per_year": 30,
    # The ward's plan: 5,000 people using matchhub in a month.
    "target.active_users_per_month": 5000,
    # Days an organization has to answer interest or a confirmed match.
    "answer_within_days": 3,
    # Days a match may sit in one state before a reminder goes out.
    "remind_after_days": 7,
    # Days the desk has to give a first answer to a proposal, and notice before a renewal.
    "desk.first_answer_days": 14,
    "desk.renewal_notice_days": 60,
}


def get(key: str) -> int:
    """The current value of a setting, or its default."""
    row = db.session.get(Setting, key)
    if row is not None and isinstance(row.value, dict) and "value" in row.value:
        return int(row.value["value"])
    return DEFAULTS[key]


def put(key: str, value: int, user_id: int | None) -> None:
    """Change a setting in the current transaction (the caller commits and audits)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    row = db.session.get(Setting, key) or Setting(key=key)
    row.value = {"value": int(value)}
    row.updated_by_id = user_id
    db.session.add(row)


def get_json(key: str) -> dict | None:
    """A structured setting (such as applied ranking weights), or None when unset."""
    row = db.session.get(Setting, key)
    return dict(row.value) if row is not None and isinstance(row.value, dict) else None


def put_json(key: str, value: dict, user_id: int | None) -> None:
    """Store a structured setting in the current transaction (the caller commits and audits)."""
    row = db.session.get(Setting, key) or Setting(key=key)
    row.value = dict(value)
    row.updated_by_id = user_id
    db.session.add(row)
