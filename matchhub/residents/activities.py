"""The resident's side of a match: interest («参加したい»), then accept or decline.

Contact details cross only when both sides have said yes: the desk confirmed the match
and the resident accepted it. Until then each side sees the other without them.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from matchhub.extensions import db
from matchhub.matching.matching import score_pair
from matchhub.models import Issue, Match, User
from matchhub.models.matches import CONTACT_SHARED, FINISHED, RESIDENT_ANSWERS
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.links import path_for
from matchhub.platform.notifications import notify, notify_members

PER_PAGE = 20
# Once a match reaches one of these, each side sees the other's contact details.
# A pairing in one of these is over for this issue: interest cannot revive it.


class ActivityError(ValueError):
    """A step the match's state does not allow; the message is for the resident."""


class Interest(StrEnum):
    """What came of pressing «参加したい»."""

    RECORDED = "recorded"
    ALREADY = "already"
    UNAVAILABLE = "unavailable"


def contact_shared(match: Match) -> bool:
    return match.status in CONTACT_SHARED


def _org_link(issue: Issue) -> str:
    return path_for("issues.manage", org_key=issue.organization.key, key=issue.key)


def express_interest(issue: Issue, user: User) -> Interest:
    """Record that this resident wants to take part, once; it goes to the desk's queue.

    :raise ActivityError: when the issue is not open or the profile is not ready.
    """
    profile = user.helper_profile
    if profile is None or profile.consented_at is None:
        raise ActivityError(_("Please fill in your profile and agree to the privacy policy first."))
    if not profile.active:
        raise ActivityError(_("Your profile is paused. Resume it to take part."))
    if not issue.is_open:
        raise ActivityError(_("This issue is not taking part requests now."))
    match = db.session.scalar(
        select(Match).where(Match.issue_id == issue.id, Match.helper_id == profile.id)
    )
    if match is not None and match.interested_at is not None:
        return Interest.ALREADY
    if match is not None and match.status in FINISHED:
        return Interest.UNAVAILABLE
    ranked = score_pair(issue, profile)
    now = utcnow()
    try:
        with db.session.begin_nested():
            if match is None:
                match = Match(issue_id=issue.id, helper_id=profile.id, source="interest")
                match.status, match.status_changed_at = "proposed", now
                db.session.add(match)
            match.interested_at = now
            if ranked is not None:
                match.score, match.components = ranked.score, ranked.components
                match.reasons = ranked.reasons
    except (IntegrityError, StaleDataError):
        # A second click raced the first one: the first one counts.
        db.session.rollback()
        return Interest.ALREADY
    audit.record(user.id, "match.interest", match, {"issue": issue.key, "score": match.score})
    notify_members(
        issue.organization,
        "match_interest",
        _l("A resident would like to take part in 「%(title)s」.", title=issue.title),
        _org_link(issue),
    )
    db.session.commit()
    return Interest.RECORDED


def interest_in(issue: Issue, user: User) -> Match | None:
    """This resident's match for this issue, if any."""
    if not user.is_authenticated or user.helper_profile is None:
        return None
    return db.session.scalar(
        select(Match).where(Match.issue_id == issue.id, Match.helper_id == user.helper_profile.id)
    )


def activities_page(user: User, page: int) -> Pagination | None:
    """The resident's matches they know about: their interest and everything the desk decided.

    Candidates the ranking or a coordinator merely proposed stay with the desk until
    confirmed, so they are not listed.
    """
    profile = user.helper_profile
    if profile is None:
        return None
    query = (
        select(Match)
        .where(
            Match.helper_id == profile.id,
            or_(Match.interested_at.is_not(None), Match.status.not_in(("proposed", "rejected"))),
        )
        .options(selectinload(Match.issue).selectinload(Issue.organization))
        .order_by(Match.status_changed_at.desc(), Match.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def resident_match(user: User, match_id: int) -> Match | None:
    """One of this resident's matches (None for anyone else's)."""
    match = db.session.get(Match, match_id)
    profile = user.helper_profile
    if match is None or profile is None or match.helper_id != profile.id:
        return None
    return match


def _answer(match: Match, user: User, answer: str, reason: str = "") -> None:
    allowed, status = RESIDENT_ANSWERS[answer]
    if match.status not in allowed:
        raise ActivityError(_("This match is not waiting for your answer."))
    before = match.status
    match.status = status
    match.status_changed_at = utcnow()
    audit.record(
        user.id,
        f"match.{answer}",
        match,
        {"before": before, "after": status.value, "reason": reason or None},
    )
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise ActivityError(_("This match changed meanwhile. Please look at it again.")) from None


def accept_match(match: Match, user: User) -> None:
    """The resident takes part: contact details now cross both ways.

    :raise ActivityError: when the match is not waiting for the resident's answer.
    """
    _answer(match, user, "accept")
    issue = match.issue
    notify_members(
        issue.organization,
        "match_accepted",
        _l(
            "%(name)s will take part in 「%(title)s」. You can now see their contact details.",
            name=user.display_name,
            title=issue.title,
        ),
        _org_link(issue),
    )
    if match.decided_by is not None:
        notify(
            match.decided_by,
            "match_accepted",
            _l("A resident accepted the match for 「%(title)s」.", title=issue.title),
            path_for("coordinator.issue_page", key=issue.key),
        )
    db.session.commit()


def decline_match(match: Match, user: User, reason: str) -> None:
    """The resident will not take part; the organization and the desk are told why.

    :raise ActivityError: when the match is not waiting for the resident's answer.
    """
    _answer(match, user, "decline", reason.strip())
    issue = match.issue
    notify_members(
        issue.organization,
        "match_declined",
        _l("A resident declined the match for 「%(title)s」.", title=issue.title),
        _org_link(issue),
    )
    if match.decided_by is not None:
        notify(
            match.decided_by,
            "match_declined",
            _l(
                "A resident declined the match for 「%(title)s」. Reason: %(reason)s",
                title=issue.title,
                reason=reason.strip() or "-",
            ),
            path_for("coordinator.issue_page", key=issue.key),
        )
    db.session.commit()
