"""What the API shows the desk (helpers, candidates, matches) and what it lets the desk do.

Every read of residents' data by staff is written to the audit log, as on the site, and
decisions go through services.decisions, so the API and the pages keep the same rules.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.api.pagination import Page, keyset_page
from matchhub.extensions import db
from matchhub.matching import decisions
from matchhub.matching.queue import QueueCandidate, candidates_with_interest
from matchhub.models import ApiToken, HelperProfile, Issue, Match, Organization, User
from matchhub.platform import audit


def _viewed(viewer: User, action: str, profiles, details: dict | None = None) -> None:
    """One audit event per resident seen, so each shows in their 「who viewed me」 list."""
    seen = {p.id: p for p in profiles if isinstance(p, HelperProfile)}
    for profile in seen.values():
        audit.record(viewer.id, action, profile, {"via": "api", **(details or {})})
    db.session.commit()


def _helpers():
    return select(HelperProfile).options(
        selectinload(HelperProfile.user), selectinload(HelperProfile.area)
    )


def helper_page(viewer: User, cursor: str | None, limit: int, active: bool | None) -> Page:
    """Residents' helper profiles in the order they signed up, the read audited.

    :raise CursorError: for a cursor this list did not hand out.
    """
    query = _helpers()
    if active is not None:
        query = query.where(HelperProfile.active.is_(active))
    page = keyset_page(query, HelperProfile.id, "helpers", cursor, limit, descending=False)
    _viewed(viewer, "api.helpers.list", page.items)
    return page


def helper_detail(viewer: User, key: str) -> HelperProfile | None:
    profile = db.session.scalar(_helpers().where(HelperProfile.key == key))
    if profile is not None:
        _viewed(viewer, "api.helpers.view", [profile])
    return profile


def issue_by_key(key: str) -> Issue | None:
    return db.session.scalar(
        select(Issue)
        .where(Issue.key == key)
        .options(selectinload(Issue.area), selectinload(Issue.organization))
    )


def candidates(viewer: User, issue: Issue, top: int) -> list[QueueCandidate]:
    """The coordinator's candidates for an issue: the ranking merged with residents' interest."""
    rows = candidates_with_interest(issue, top)
    _viewed(viewer, "api.candidates.view", [r.item for r in rows], {"issue": issue.key})
    return rows


def _matches():
    return select(Match).options(
        selectinload(Match.issue),
        selectinload(Match.helper).selectinload(HelperProfile.user),
        selectinload(Match.organization),
    )


def _own(viewer: User):
    """Matches the viewer may read: every match for the desk, a resident's own otherwise."""
    query = _matches()
    if viewer.is_staff:
        return query
    profile_id = select(HelperProfile.id).where(HelperProfile.user_id == viewer.id)
    return query.where(Match.helper_id.in_(profile_id.scalar_subquery()))


def match_page(
    viewer: User, cursor: str | None, limit: int, status: str = "", issue_key: str = ""
) -> Page:
    """Matches, latest first, as the viewer may see them.

    :raise CursorError: for a cursor this list did not hand out.
    """
    query = _own(viewer)
    if status:
        query = query.where(Match.status == status)
    if issue_key:
        query = query.where(Match.issue_id.in_(select(Issue.id).where(Issue.key == issue_key)))
    page = keyset_page(query, Match.id, "matches", cursor, limit)
    if viewer.is_staff:
        _viewed(viewer, "api.matches.list", [m.helper for m in page.items])
    return page


def match_detail(viewer: User, match_id: int) -> Match | None:
    found = db.session.scalar(_own(viewer).where(Match.id == match_id))
    if found is not None and viewer.is_staff:
        _viewed(viewer, "api.matches.view", [found.helper], {"match": found.id})
    return found


def candidate_by_key(kind: str, key: str) -> HelperProfile | Organization | None:
    model = HelperProfile if kind == "helper" else Organization
    return db.session.scalar(select(model).where(model.key == key))


def decide(
    issue: Issue,
    candidate: HelperProfile | Organization,
    coordinator: User,
    token: ApiToken,
    status: str,
    reason: str,
    source: str,
) -> decisions.Decision:
    """Confirm or reject through the site's own decision, then note which token did it.

    :raise AlreadyDecided: when this pair was already decided (nothing is changed).
    """
    decision = decisions.decide(issue, candidate, coordinator, status, reason, source)
    audit.record(
        coordinator.id,
        "api.decision",
        decision.match,
        {"token": token.id, "status": status, "candidate": candidate.key, "issue": issue.key},
    )
    db.session.commit()
    return decision
