"""Issues an organization posts: write, publish (once verified), close and reopen."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import Issue, Match, Organization, User
from matchhub.models.matches import CONTACT_SHARED
from matchhub.organizations.organizations import is_member
from matchhub.platform import audit
from matchhub.platform.taxonomy import current_index
from matchhub.platform.vocabulary import split_entries, theme_names

# A helper in one of these states has a seat on the issue.


class IssueError(ValueError):
    """A step the issue's state or its organization does not allow; translated."""


@dataclass
class IssueInput:
    """The issue form, as plain values."""

    title: str = ""
    kind: str = "volunteer"
    description: str = ""
    theme_keys: list[str] = field(default_factory=list)
    other_themes: str = ""
    skills_text: str = ""
    area_text: str = ""
    online: bool = False
    availability: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    people_needed: int = 1
    starts_on: date | None = None
    ends_on: date | None = None


def input_from(issue: Issue) -> IssueInput:
    ticked = set(theme_names(issue.theme_keys))
    return IssueInput(
        title=issue.title,
        kind=issue.kind,
        description=issue.description,
        theme_keys=list(issue.theme_keys),
        other_themes="、".join(t for t in issue.themes if t not in ticked),
        skills_text="\n".join(issue.skills),
        area_text=issue.area_text,
        online=issue.online,
        availability=list(issue.availability),
        languages=list(issue.languages),
        people_needed=issue.people_needed,
        starts_on=issue.starts_on,
        ends_on=issue.ends_on,
    )


def _apply(issue: Issue, data: IssueInput) -> None:
    index = current_index()
    others = split_entries(data.other_themes)
    issue.title = data.title.strip()
    issue.kind = data.kind
    issue.description = data.description.strip()
    issue.themes = theme_names(data.theme_keys) + others
    issue.theme_keys = list(dict.fromkeys([*data.theme_keys, *index.theme_keys(others)]))
    issue.skills = split_entries(data.skills_text)
    issue.skill_keys = index.skill_keys(issue.skills)
    issue.area_text = data.area_text.strip()
    issue.area_id = index.resolve_area(issue.area_text)
    issue.online = data.online
    issue.availability = list(data.availability)
    issue.languages = list(data.languages)
    issue.people_needed = data.people_needed
    issue.starts_on, issue.ends_on = data.starts_on, data.ends_on


def create_issue(org: Organization, user: User, data: IssueInput) -> Issue:
    """Write a new issue as a draft of this organization."""
    issue = Issue(key=f"issue-{secrets.token_hex(5)}", organization=org, status="draft")
    _apply(issue, data)
    db.session.add(issue)
    db.session.flush()
    audit.record(user.id, "issue.create", issue, {"organization": org.key})
    db.session.commit()
    return issue


def update_issue(issue: Issue, user: User, data: IssueInput) -> None:
    _apply(issue, data)
    audit.record(user.id, "issue.update", issue)
    db.session.commit()


def can_publish(org: Organization) -> bool:
    """Only issues of organizations the desk has verified are shown to residents."""
    return org.is_verified


def publish_issue(issue: Issue, user: User) -> None:
    """Open a draft or a closed issue to residents.

    :raise IssueError: while the organization is not verified, or if already open.
    """
    if not can_publish(issue.organization):
        raise IssueError(
            _("Your organization is not verified yet, so its issues stay drafts for now.")
        )
    if issue.is_open:
        raise IssueError(_("This issue is already open."))
    before = issue.status
    issue.status = "open"
    audit.record(user.id, "issue.reopen" if before == "closed" else "issue.publish", issue)
    db.session.commit()


def close_issue(issue: Issue, user: User) -> None:
    """Stop taking part requests; matches already made go on.

    :raise IssueError: when the issue is not open.
    """
    if not issue.is_open:
        raise IssueError(_("Only an open issue can be closed."))
    issue.status = "closed"
    audit.record(user.id, "issue.close", issue)
    db.session.commit()


def member_issue(org: Organization, key: str) -> Issue | None:
    """One of this organization's issues."""
    return db.session.scalar(select(Issue).where(Issue.key == key, Issue.organization_id == org.id))


def visible_issue(key: str, user: User) -> Issue | None:
    """An issue as this user may see it: open and closed ones for all, drafts for members."""
    issue = db.session.scalar(select(Issue).where(Issue.key == key))
    if issue is None:
        return None
    if issue.status == "draft" and not is_member(user, issue.organization):
        return None
    return issue


def issues_of(org: Organization) -> list[Issue]:
    return list(
        db.session.scalars(
            select(Issue)
            .where(Issue.organization_id == org.id)
            .order_by(Issue.status != "open", Issue.created_at.desc(), Issue.id.desc())
        )
    )


def seats_taken(issue: Issue) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Match)
        .where(Match.issue_id == issue.id, Match.status_in(CONTACT_SHARED))
    )


def is_one_off(issue: Issue) -> bool:
    """An activity on a single day (単発)."""
    return issue.starts_on is not None and issue.ends_on == issue.starts_on
