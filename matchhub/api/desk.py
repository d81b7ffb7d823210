"""The desk's resources: helpers, candidates, matches, and decisions on candidates."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from matchhub.api import desk_data as api_desk
from matchhub.api import serialise as api_serialise
from matchhub.api.base import ApiError, api_locale, bp, caller, json_response, require, unauthorized
from matchhub.api.pagination import CursorError
from matchhub.api.params import Params, invalid, invalid_cursor, json_object
from matchhub.api.public import not_found, page_response
from matchhub.matching.decisions import AlreadyDecided
from matchhub.matching.forms import CONFIRM_CHOICES, REJECT_CHOICES
from matchhub.matching.places import PlacesFull
from matchhub.models import MATCH_STATUSES

# decision -> (match status, how the pairing came up), as on the coordinator's page.
DECISIONS = {
    "confirm": ("confirmed", "ranking"),
    "reject": ("rejected", "ranking"),
    "propose": ("confirmed", "coordinator"),
}
REASONS = {
    "confirm": dict(CONFIRM_CHOICES),
    "propose": dict(CONFIRM_CHOICES),
    "reject": dict(REJECT_CHOICES),
}
MAX_TOP = 50
MAX_ID = 2**31 - 1


@bp.get("/helpers")
@require("read_personal", staff=True)
def list_helpers():
    params = Params()
    active = params.boolean("active")
    limit, cursor = params.limit(), params.cursor()
    params.check()
    try:
        page = api_desk.helper_page(caller().user, cursor, limit, active)
    except CursorError:
        raise invalid_cursor() from None
    return page_response(page, api_serialise.helper)


@bp.get("/helpers/<key>")
@require("read_personal", staff=True)
def show_helper(key: str):
    profile = api_desk.helper_detail(caller().user, key)
    if profile is None:
        raise not_found(_l("No helper with this key."))
    return json_response(api_serialise.helper(profile))


@bp.get("/issues/<key>/candidates")
@require("read_personal", staff=True)
def list_candidates(key: str):
    params = Params()
    top = params.integer("top", 10, 1, MAX_TOP)
    params.check()
    issue = api_desk.issue_by_key(key)
    if issue is None:
        raise not_found(_l("No issue with this key."))
    rows = api_desk.candidates(caller().user, issue, top)
    return json_response({"issue": issue.key, "data": [api_serialise.candidate(r) for r in rows]})


@bp.get("/matches")
@require("read_personal")
def list_matches():
    params = Params()
    status = params.choice("status", MATCH_STATUSES)
    issue_key = params.text("issue", 120)
    limit, cursor = params.limit(), params.cursor()
    params.check()
    viewer = caller().user
    try:
        page = api_desk.match_page(viewer, cursor, limit, status, issue_key)
    except CursorError:
        raise invalid_cursor() from None
    return page_response(page, lambda m: api_serialise.match(m, viewer.is_staff))


@bp.get("/matches/<match_id>")
@require("read_personal")
def show_match(match_id: str):
    # Parsed here, not by an int converter: a converter's refusal escapes the API's JSON 404.
    viewer = caller().user
    digits = match_id.isascii() and match_id.isdigit() and len(match_id) <= 10
    number = int(match_id) if digits else 0
    found = api_desk.match_detail(viewer, number) if 0 < number <= MAX_ID else None
    if found is None:
        raise not_found(_l("No match with this id that you may see."))
    return json_response(api_serialise.match(found, viewer.is_staff))


def _decision_body() -> tuple[str, str, str, str, str]:
    """(decision, candidate kind, candidate key, reason code, note) from the JSON body.

    :raise ApiError: 422 naming every field that is missing or wrong.
    """
    body = json_object({"candidate_kind", "candidate_key", "decision", "reason", "note"})
    errors: dict[str, object] = {}
    values = {}
    for name in ("candidate_kind", "candidate_key", "decision", "reason", "note"):
        value = body.get(name, "" if name == "note" else None)
        if not isinstance(value, str):
            errors[name] = _l("Required, as a string.")
        values[name] = value if isinstance(value, str) else ""
    if values["candidate_kind"] and values["candidate_kind"] not in ("helper", "organization"):
        errors["candidate_kind"] = _l("One of: %(values)s.", values="helper, organization")
    if not 1 <= len(values["candidate_key"]) <= 120:
        errors.setdefault("candidate_key", _l("From 1 to 120 characters."))
    decision = values["decision"]
    if decision not in DECISIONS:
        errors.setdefault("decision", _l("One of: %(values)s.", values=", ".join(DECISIONS)))
    elif values["reason"] not in REASONS[decision]:
        errors.setdefault("reason", _l("One of: %(values)s.", values=", ".join(REASONS[decision])))
    if len(values["note"]) > 500:
        errors["note"] = _l("At most %(num)d characters.", num=500)
    if errors:
        raise invalid(errors)
    return (
        decision,
        values["candidate_kind"],
        values["candidate_key"],
        values["reason"],
        values["note"].strip(),
    )


@bp.post("/issues/<key>/decisions")
@require("write_decisions", staff=True)
def decide(key: str):
    decision, kind, candidate_key, reason_code, note = _decision_body()
    issue = api_desk.issue_by_key(key)
    if issue is None:
        raise not_found(_l("No issue with this key."))
    candidate = api_desk.candidate_by_key(kind, candidate_key)
    if candidate is None:
        raise not_found(_l("No candidate with this kind and key."))
    coordinator = caller().user
    # The reason is stored as the coordinator reads it on the site: the label, then the note.
    with force_locale(coordinator.locale):
        reason = str(REASONS[decision][reason_code])
    reason = f"{reason}: {note}" if note else reason
    status, source = DECISIONS[decision]
    try:
        with force_locale(api_locale()):
            result = api_desk.decide(
                issue, candidate, coordinator, caller().token, status, reason, source
            )
    except AlreadyDecided as error:
        raise ApiError(409, "already_decided", str(error)) from None
    except PlacesFull as error:
        raise ApiError(409, "places_full", str(error)) from None
    body = api_serialise.match(result.match, for_staff=True)
    return json_response(body, 201 if result.created else 200)


@bp.get("/me")
def whoami():
    """The calling token: its scopes and expiry, and whether its user is on the desk."""
    token = caller().token
    if token is None:
        raise unauthorized("missing")
    return json_response(
        {
            "token": {
                "name": token.name,
                "scopes": list(token.scopes),
                "created_at": api_serialise.iso(token.created_at),
                "expires_at": api_serialise.iso(token.expires_at),
            },
            "coordinator": token.user.is_staff,
        }
    )
