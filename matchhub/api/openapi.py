"""The OpenAPI 3.1 description, served at /api/v1/openapi.json, and the API's own 404/405."""

from __future__ import annotations

import re

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from matchhub import models
from matchhub.api import pagination as api_pagination
from matchhub.api.base import ApiError, bp, json_response
from matchhub.api.params import invalid
from matchhub.api.spec_schemas import NO_NUL, SCHEMAS, ref
from matchhub.platform import vocabulary

VERSION = "1.0.0"
PUBLIC = [{}, {"bearerAuth": []}]
TOKEN = [{"bearerAuth": []}]
ERROR_TEXT = {
    "401": "No valid token: missing (where required), unknown, revoked or expired.",
    "403": "The token lacks the scope, or its user the role.",
    "404": "Not found, or not visible to this caller.",
    "409": "Already decided: nothing was changed.",
    "422": "Invalid parameters or body; `details` names each field.",
    "429": "Rate limit reached (per token, or per address without one).",
}
DESCRIPTION = """The JSON API of matchhub, a municipal collaboration desk.

Authenticate with a personal access token, created at /me/tokens:
`Authorization: Bearer mh_…`. Cookies are ignored. Scopes: **read_public** (issues,
organizations, case studies; also open without a token, at a lower rate limit),
**read_personal** (helpers and candidates for coordinators; matches: all for coordinators,
their own for residents), **write_decisions** (coordinators confirm or reject candidates).

Lists are paged with an opaque `cursor` (`next_cursor` of the previous page) and `limit`.
Errors are `{"error": {"code", "message"}}`; messages follow Accept-Language (en, ja)."""


def _string(max_length: int, **extra) -> dict:
    return {"type": "string", "maxLength": max_length, "pattern": NO_NUL, **extra}


def query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


def path_key(description: str) -> dict:
    return {"name": "key", "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "minLength": 1, "maxLength": 120,
                       "pattern": "^[^/\\u0000]+$"}}  # fmt: skip


PAGING = [
    query("cursor", _string(500), "The `next_cursor` of the previous page."),
    query("limit", {"type": "integer", "minimum": 1, "maximum": api_pagination.MAX_LIMIT,
                    "default": api_pagination.DEFAULT_LIMIT}),
]  # fmt: skip
ISSUE_FILTERS = [
    query("q", _string(200), "Keywords, read as the site reads them (ｴｸｾﾙ finds エクセル)."),
    query("theme", _string(60), "A theme key."),
    query("area", _string(120), "An area key; a ward includes its districts."),
    query("day", {"type": "string", "enum": list(vocabulary.DAYS)}),
    query("time", {"type": "string", "enum": list(vocabulary.TIMES)}),
    query("online", {"type": "boolean"}, "Only issues one can join online."),
    query("kind", {"type": "string", "enum": list(models.ISSUE_KINDS)}),
    query("one_off", {"type": "boolean"}, "Only one-day activities (単発)."),
]


def operation(op_id: str, summary: str, tag: str, ok: dict | str, *, security=PUBLIC,
              parameters=(), errors=("401", "429"), scope: str | None = None,
              body: str | None = None, ok_status: str = "200") -> dict:  # fmt: skip
    """One operation; `ok` is a schema name, or a full response object."""
    content = {"application/json": {"schema": ref(ok)}} if isinstance(ok, str) else ok
    responses = {ok_status: {"description": "OK", "content": content}}
    if body and ok_status == "201":
        responses["200"] = {"description": "An existing proposal was decided.",
                            "content": content}  # fmt: skip
    for status in errors:
        responses[status] = {
            "description": ERROR_TEXT[status],
            "content": {"application/json": {"schema": ref("Error")}},
        }
    out = {"operationId": op_id, "summary": summary, "tags": [tag], "security": security,
           "parameters": list(parameters), "responses": responses}  # fmt: skip
    if scope:
        out["x-required-scope"] = scope
    if body:
        out["requestBody"] = {"required": True,
                              "content": {"application/json": {"schema": ref(body)}}}  # fmt: skip
    return out


def _desk(op_id: str, summary: str, ok: str, parameters=(), scope="read_personal", **kw) -> dict:
    errors = kw.pop("errors", ("401", "403", "404", "422", "429"))
    return operation(op_id, summary, "desk", ok, security=TOKEN, parameters=parameters,
                     errors=errors, scope=scope, **kw)  # fmt: skip


def _csv(op_id: str, summary: str) -> dict:
    ok = {"text/csv": {"schema": {"type": "string"}}}
    return operation(op_id, summary, "open data", ok)


ISSUE_KEY = path_key("The issue's key.")
PATHS = {
    "/issues": {"get": operation("listIssues", "Open issues, newest first", "public",
                                 "IssuePage", parameters=[*ISSUE_FILTERS, *PAGING],
                                 errors=("401", "422", "429"))},
    "/issues/{key}": {"get": operation("getIssue", "One issue", "public", "Issue",
                                       parameters=[ISSUE_KEY], errors=("401", "404", "429"))},
    "/issues/{key}/candidates": {"get": _desk(
        "listCandidates", "Ranked candidates with components and reasons (coordinators)",
        "CandidateList", [ISSUE_KEY, query("top", {"type": "integer", "minimum": 1,
                                                   "maximum": 50, "default": 10})])},
    "/issues/{key}/decisions": {"post": _desk(
        "decideCandidate", "Confirm or reject a candidate (coordinators)", "Match",
        [ISSUE_KEY], scope="write_decisions", body="DecisionRequest", ok_status="201",
        errors=("401", "403", "404", "409", "422", "429"))},
    "/organizations": {"get": operation(
        "listOrganizations", "Verified organizations", "public", "OrganizationPage",
        parameters=[query("kind", {"type": "string", "enum": list(models.ORGANIZATION_KINDS)}),
                    *PAGING], errors=("401", "422", "429"))},
    "/organizations/{key}": {"get": operation(
        "getOrganization", "One verified organization", "public", "Organization",
        parameters=[path_key("The organization's key.")], errors=("401", "404", "429"))},
    "/cases": {"get": operation("listCases", "Published case studies, latest first", "public",
                                "CaseStudyPage", parameters=PAGING,
                                errors=("401", "422", "429"))},
    "/cases/{key}": {"get": operation("getCase", "One published case study", "public",
                                      "CaseStudy", parameters=[path_key("The case's key.")],
                                      errors=("401", "404", "429"))},
    "/helpers": {"get": _desk("listHelpers", "Residents' helper profiles (coordinators)",
                              "HelperPage", [query("active", {"type": "boolean"}), *PAGING])},
    "/helpers/{key}": {"get": _desk("getHelper", "One helper profile (coordinators)", "Helper",
                                    [path_key("The helper's key.")])},
    "/matches": {"get": _desk(
        "listMatches", "Matches: all for coordinators, a resident's own otherwise", "MatchPage",
        [query("status", {"type": "string", "enum": list(models.MATCH_STATUSES)}),
         query("issue", _string(120), "An issue key."), *PAGING])},
    "/matches/{match_id}": {"get": _desk("getMatch", "One match", "Match", [
        {"name": "match_id", "in": "path", "required": True,
         "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647}}])},
    "/me": {"get": operation("getMe", "The calling token", "tokens", "Me", security=TOKEN)},
    "/open/issues.csv": {"get": _csv("openIssues", "Open data: issues (CSV)")},
    "/open/cases.csv": {"get": _csv("openCases", "Open data: case studies (CSV)")},
    "/open/stats.csv": {"get": _csv("openStats", "Open data: counts by month, theme, area")},
    "/openapi.json": {"get": operation("getOpenApi", "This description", "meta",
                                       {"application/json": {"schema": {"type": "object"}}})},
}  # fmt: skip


def document() -> dict:
    """The OpenAPI 3.1 document of /api/v1."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "matchhub API", "version": VERSION, "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": name} for name in ("public", "desk", "tokens", "open data", "meta")],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A personal access token (mh_…)."}
            },
        },
    }  # fmt: skip


@bp.get("/openapi.json")
def openapi_json():
    return json_response(document())


def spec_path(rule: str) -> str:
    """The OpenAPI path of a Flask rule: /api/v1/issues/<key> -> /issues/{key}."""
    path = rule.removeprefix(bp.url_prefix or "")
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path) or "/"


@bp.before_request
def reject_unknown_query_parameters() -> None:
    """A parameter the description does not name is a mistake worth telling the client about.

    :raise ApiError: 422 naming each unknown parameter.
    """
    rule = request.url_rule
    if rule is None or rule.endpoint == "api.fallback" or not request.args:
        return
    operation = PATHS.get(spec_path(rule.rule), {}).get(request.method.lower())
    if operation is None:
        return
    known = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    unknown = sorted(set(request.args) - known)
    if unknown:
        raise invalid({name: _l("Unknown parameter.") for name in unknown})


def fallback(rest: str = ""):
    """Answer unknown API addresses and methods in JSON, not with the site's HTML pages.

    :raise 405: when the address exists for other methods. :raise 404: otherwise.
    """
    allowed = _allowed_methods(request.path)
    if allowed:
        raise ApiError(405, "method_not_allowed", _l("This method is not allowed here."),
                       headers={"Allow": ", ".join(sorted(allowed))})  # fmt: skip
    raise ApiError(404, "not_found", _l("There is nothing at this address."))


@bp.record_once
def _add_fallback(state) -> None:
    # Werkzeug rules without methods take every method, even ones no route names.
    for rule, defaults in (("/", {"rest": ""}), ("/<path:rest>", None)):
        state.app.url_map.add(
            Rule(bp.url_prefix + rule, endpoint="api.fallback", defaults=defaults, methods=None)
        )
    state.app.view_functions["api.fallback"] = fallback


def _allowed_methods(path: str) -> set[str]:
    adapter = current_app.url_map.bind("localhost")
    allowed = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _values = adapter.match(path, method=method)
        except HTTPException:
            continue
        if endpoint != "api.fallback":
            allowed.add(method)
    if "GET" in allowed:
        allowed |= {"HEAD", "OPTIONS"}
    return allowed
