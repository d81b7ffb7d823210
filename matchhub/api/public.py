"""Public resources: issues (with the site's search filters), organizations, case studies."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin

from matchhub.api import public_data as api_public
from matchhub.api import serialise as api_serialise
from matchhub.api.base import ApiError, bp, caller, json_response
from matchhub.api.pagination import CursorError, Page
from matchhub.api.params import Params, invalid_cursor
from matchhub.issues.search import IssueFilters
from matchhub.models import ISSUE_KINDS, ORGANIZATION_KINDS
from matchhub.platform import vocabulary


def page_response(page: Page, serialise) -> object:
    return json_response(
        {"data": [serialise(item) for item in page.items], "next_cursor": page.next_cursor}
    )


def not_found(what: object) -> ApiError:
    return ApiError(404, "not_found", what)


@bp.get("/issues")
def list_issues():
    params = Params()
    area_key = params.text("area", 120)
    filters = IssueFilters(
        q=params.text("q"),
        theme=params.text("theme", 60),
        day=params.choice("day", vocabulary.DAYS),
        time=params.choice("time", vocabulary.TIMES),
        online=bool(params.boolean("online")),
        kind=params.choice("kind", ISSUE_KINDS),
        one_off=bool(params.boolean("one_off")),
    )
    limit, cursor = params.limit(), params.cursor()
    params.check()
    if area_key:
        filters.area_id = api_public.area_id_for(area_key)
        if filters.area_id is None:
            return json_response({"data": [], "next_cursor": None})
    try:
        page = api_public.issue_page(filters, cursor, limit)
    except CursorError:
        raise invalid_cursor() from None
    return page_response(page, api_serialise.issue)


@bp.get("/issues/<key>")
def show_issue(key: str):
    viewer = caller().user or AnonymousUserMixin()
    found = api_public.issue_detail(key, viewer)
    if found is None:
        raise not_found(_l("No issue with this key."))
    issue, seats = found
    return json_response(api_serialise.issue(issue, seats))


@bp.get("/organizations")
def list_organizations():
    params = Params()
    kind = params.choice("kind", ORGANIZATION_KINDS)
    limit, cursor = params.limit(), params.cursor()
    params.check()
    try:
        page = api_public.organization_page(cursor, limit, kind)
    except CursorError:
        raise invalid_cursor() from None
    return page_response(page, api_serialise.organization)


@bp.get("/organizations/<key>")
def show_organization(key: str):
    org = api_public.organization_detail(key)
    if org is None:
        raise not_found(_l("No verified organization with this key."))
    return json_response(api_serialise.organization(org))


@bp.get("/cases")
def list_cases():
    params = Params()
    limit, cursor = params.limit(), params.cursor()
    params.check()
    try:
        page = api_public.case_page(cursor, limit)
    except CursorError:
        raise invalid_cursor() from None
    return page_response(page, api_serialise.case_study)


@bp.get("/cases/<key>")
def show_case(key: str):
    report = api_public.case_detail(key)
    if report is None:
        raise not_found(_l("No published case study with this key."))
    return json_response(api_serialise.case_study(report))
