"""Administrative issues: what ward departments ask the public to propose solutions for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from matchhub.desk.desk import (
    ACTING_DEPARTMENT,
    DeskError,
    department_ids,
    departments,
    is_acting_department,
    new_key,
    today,
)
from matchhub.extensions import db
from matchhub.models import DeskIssue, Organization, User
from matchhub.models.types import utcnow
from matchhub.platform import audit


@dataclass
class DeskIssueInput:
    department_id: int | None = None
    title: str = ""
    theme_keys: list[str] = field(default_factory=list)
    background: str = ""
    expectations: str = ""
    deadline: date | None = None
    status: str = "draft"


def issue_input_from(issue: DeskIssue) -> DeskIssueInput:
    return DeskIssueInput(
        issue.organization_id,
        issue.title,
        list(issue.theme_keys),
        issue.background,
        issue.expectations,
        issue.deadline,
        issue.status,
    )


def managed_departments(user: User) -> list[Organization]:
    """The departments this user may publish issues for: all of them for the desk."""
    if user.is_staff:
        return departments()
    ids = department_ids(user)
    return [d for d in departments() if d.id in ids]


def can_manage_issue(user: User, issue: DeskIssue) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or issue.organization_id in department_ids(user)


def save_desk_issue(user: User, data: DeskIssueInput, issue: DeskIssue | None = None) -> DeskIssue:
    """Create or change an administrative issue, audited.

    :raise DeskError: when the user may not act for the department chosen.
    """
    allowed = {d.id for d in managed_departments(user)}
    if data.department_id not in allowed:
        raise DeskError("department")
    created = issue is None
    if issue is None:
        issue = DeskIssue(key=new_key(9), created_by_id=user.id)
        db.session.add(issue)
    before = issue.status
    issue.organization_id = data.department_id
    issue.title = data.title.strip()
    issue.theme_keys = list(data.theme_keys)
    issue.background = data.background.strip()
    issue.expectations = data.expectations.strip()
    issue.deadline = data.deadline
    issue.status = data.status
    if data.status == "open" and issue.published_at is None:
        issue.published_at = utcnow()
    db.session.flush()
    action = "desk_issue.create" if created else "desk_issue.update"
    audit.record(
        user.id, action, issue, {"before": None if created else before, "after": issue.status}
    )
    db.session.commit()
    return issue


def open_issues() -> list[DeskIssue]:
    """Issues taking proposals now, the nearest deadline first."""
    rows = db.session.scalars(
        select(DeskIssue)
        .join(Organization, DeskIssue.organization_id == Organization.id)
        .where(
            *ACTING_DEPARTMENT,
            DeskIssue.is_open,
            or_(DeskIssue.deadline.is_(None), DeskIssue.deadline >= today()),
        )
        .options(selectinload(DeskIssue.department))
        .order_by(DeskIssue.deadline.is_(None), DeskIssue.deadline, DeskIssue.id.desc())
    )
    return list(rows)


def find_desk_issue(key: str, user: User) -> DeskIssue | None:
    """The issue if the public may see it, or the user manages it (drafts, and issues of a
    department the desk has not verified)."""
    issue = db.session.scalar(select(DeskIssue).where(DeskIssue.key == key))
    if issue is None or can_manage_issue(user, issue):
        return issue
    if issue.status == "draft" or not is_acting_department(issue.department):
        return None
    return issue


def takes_proposals(issue: DeskIssue | None) -> bool:
    """Free proposals are always welcome; an issue until it closes or its deadline passes."""
    if issue is None:
        return True
    return issue.status == "open" and (issue.deadline is None or issue.deadline >= today())


def issues_of(org_ids: set[int]) -> list[DeskIssue]:
    if not org_ids:
        return []
    return list(
        db.session.scalars(
            select(DeskIssue)
            .where(DeskIssue.organization_id.in_(list(org_ids)))
            .order_by(DeskIssue.created_at.desc())
        )
    )


def all_issues() -> list[DeskIssue]:
    return list(db.session.scalars(select(DeskIssue).order_by(DeskIssue.created_at.desc())))
