"""What every template can use: labels for every vocabulary a person sees, the reader's
settings (unread notices, larger text) and the `fitting` filter. Set up once by the factory."""

from __future__ import annotations

import re

from flask import session
from flask_login import current_user

from matchhub.desk import forms as desk_labels
from matchhub.platform import notifications, vocabulary

NO_SKILLS_MET = re.compile(r"(^|\D)0/\d")

LABELS = {
    "day_labels": vocabulary.DAY_LABELS,
    "time_labels": vocabulary.TIME_LABELS,
    "slot_labels": vocabulary.SLOT_LABELS,
    "language_labels": vocabulary.LANGUAGE_LABELS,
    "kind_labels": vocabulary.ISSUE_KIND_LABELS,
    "org_kind_labels": vocabulary.ORGANIZATION_KIND_LABELS,
    "match_status_labels": vocabulary.MATCH_STATUS_LABELS,
    "cost_bearer_labels": desk_labels.COST_BEARER_LABELS,
    "part_labels": desk_labels.PART_LABELS,
    "desk_issue_status_labels": desk_labels.DESK_ISSUE_STATUS_LABELS,
    "agreement_kind_labels": desk_labels.AGREEMENT_KIND_LABELS,
    "proposal_status_labels": desk_labels.PROPOSAL_STATUS_LABELS,
    "report_status_labels": desk_labels.REPORT_STATUS_LABELS,
    "move_labels": desk_labels.MOVE_LABELS,
    "field_labels": desk_labels.FIELD_LABELS,
}


def reader_settings() -> dict:
    """The unread count for the header, the larger-text setting, and every label table."""
    if current_user.is_authenticated:
        unread, large = notifications.unread_count(current_user), current_user.large_text
    else:
        unread, large = 0, bool(session.get("large_text"))
    return {"unread_notices": unread, "large_text": large, **LABELS}


def fitting_reasons(reasons: list[str]) -> list[str]:
    """Reasons that speak for a fit: 「必要なスキル 0/2」 says nothing in its favour."""
    return [r for r in reasons or () if not NO_SKILLS_MET.search(r)]


def init_app(app) -> None:
    app.context_processor(reader_settings)
    app.add_template_filter(fitting_reasons, "fitting")
