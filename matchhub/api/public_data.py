"""What the API shows everyone: open issues, verified organizations, published case studies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.api.pagination import Page, keyset_page
from matchhub.desk import cases
from matchhub.extensions import db
from matchhub.issues import issues
from matchhub.issues import search as issue_search
from matchhub.issues.search import IssueFilters
from matchhub.models import Area, CaseReport, Issue, Organization, User


def area_id_for(key: str) -> int | None:
    """The id of the area with this key, or None."""
    return db.session.scalar(select(Area.id).where(Area.key == key))


def issue_page(filters: IssueFilters, cursor: str | None, limit: int) -> Page:
    """Open issues, newest first, one page after the cursor.

    :raise CursorError: for a cursor this list did not hand out.
    """
    query = issue_search.matching_issues(filters).options(
        selectinload(Issue.organization), selectinload(Issue.area)
    )
    return keyset_page(query, Issue.id, "issues", cursor, limit)


def issue_detail(key: str, viewer: User) -> tuple[Issue, int] | None:
    """An open or closed issue (a draft only for its organization's members), and seats taken."""
    item = issues.visible_issue(key, viewer)
    if item is None:
        return None
    return item, issues.seats_taken(item)


def _public_organizations():
    return (
        select(Organization)
        .where(Organization.verified_at.is_not(None))
        .options(selectinload(Organization.area))
    )


def organization_page(cursor: str | None, limit: int, kind: str = "") -> Page:
    """Verified organizations in the order they joined.

    :raise CursorError: for a cursor this list did not hand out.
    """
    query = _public_organizations()
    if kind:
        query = query.where(Organization.kind == kind)
    return keyset_page(query, Organization.id, "organizations", cursor, limit, descending=False)


def organization_detail(key: str) -> Organization | None:
    return db.session.scalar(_public_organizations().where(Organization.key == key))


def _published_cases():
    return (
        select(CaseReport)
        .where(CaseReport.is_published)
        .options(
            selectinload(CaseReport.organization),
            selectinload(CaseReport.organizations),
            selectinload(CaseReport.area),
        )
    )


def case_page(cursor: str | None, limit: int) -> Page:
    """Published case studies, latest first.

    :raise CursorError: for a cursor this list did not hand out.
    """
    return keyset_page(_published_cases(), CaseReport.id, "cases", cursor, limit)


def case_detail(key: str) -> CaseReport | None:
    return cases.published(key)
