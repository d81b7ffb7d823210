"""A match after the desk confirmed it: the organization answers, starts, completes or
cancels it; reminders go out for matches that sit still."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import Match, Notification, User
from matchhub.models.matches import AWAITING_ANSWER, ORGANIZATION_MOVES, WAITING_TO_START
from matchhub.models.types import utcnow
from matchhub.platform import audit, settings
from matchhub.platform.links import path_for


class LifecycleError(ValueError):
    """A move that this match's state does not allow; the message is for the user."""


def _resident(match: Match) -> User | None:
    return match.helper.user if match.helper is not None else None


def _tell_resident(match: Match, kind: str, message) -> None:
    from matchhub.platform.notifications import notify

    resident = _resident(match)
    if resident is not None:
        with force_locale(resident.locale):
            notify(resident, kind, message(), path_for("activities.index"))


def answer(match: Match, user: User, message: str) -> None:
    """The organization's answer to interest or to a confirmed match (its first counts)."""
    if match.status not in AWAITING_ANSWER:
        raise LifecycleError(_("This match is closed; there is nothing to answer."))
    if match.first_response_at is None:
        match.first_response_at = utcnow()
    audit.record(user.id, "match.answer", match, {"message": message})
    title = match.issue.title
    _tell_resident(
        match,
        "match_answer",
        lambda: _("「%(title)s」: %(message)s", title=title, message=message),
    )
    db.session.commit()


def move(
    match: Match,
    user: User,
    action: str,
    *,
    hours: float | None = None,
    report: str = "",
    reason: str = "",
) -> None:
    """Start, complete (with hours and a report) or cancel (with a reason) a match.

    :raise LifecycleError: when the match's state does not allow it.
    """
    allowed, target = ORGANIZATION_MOVES[action]
    if match.status not in allowed:
        raise LifecycleError(_("This match cannot be changed that way in its current state."))
    before = match.status
    match.status = target
    match.status_changed_at = utcnow()
    if match.first_response_at is None:
        match.first_response_at = match.status_changed_at
    if action == "complete":
        match.hours, match.report = hours, report.strip()
    if action == "cancel":
        match.decision_reason = reason.strip()
    audit.record(
        user.id,
        f"match.{action}",
        match,
        {"before": before, "after": target, "hours": hours, "reason": reason.strip()},
    )
    title = match.issue.title
    messages = {
        "start": lambda: _("「%(title)s」 has started. Thank you for taking part!", title=title),
        "complete": lambda: _("「%(title)s」 is complete. Thank you for your help!", title=title),
        "cancel": lambda: _(
            "「%(title)s」 was cancelled. Reason: %(reason)s", title=title, reason=reason.strip()
        ),
    }
    _tell_resident(match, f"match_{action}", messages[action])
    db.session.commit()


def stuck_matches(days: int) -> list[Match]:
    """Matches that have sat in a waiting state longer than `days`."""
    limit = utcnow() - timedelta(days=days)
    return list(
        db.session.scalars(
            select(Match)
            .where(Match.status_in(WAITING_TO_START), Match.status_changed_at < limit)
            .options(selectinload(Match.issue), selectinload(Match.helper))
        )
    )


def unanswered_matches(days: int) -> list[Match]:
    """Interest and confirmed matches the organization has not answered within `days`."""
    limit = utcnow() - timedelta(days=days)
    waiting_interest = (Match.status == "proposed") & (Match.interested_at < limit)
    waiting_confirmed = Match.status_in(WAITING_TO_START) & (Match.decided_at < limit)
    return list(
        db.session.scalars(
            select(Match)
            .where(Match.first_response_at.is_(None), waiting_interest | waiting_confirmed)
            .options(selectinload(Match.issue))
        )
    )


def send_reminders(remind_after: int | None = None) -> dict[str, int]:
    """Remind residents and organizations of what waits for them, once per period each."""
    from matchhub.platform.notifications import notify

    remind_after = remind_after or settings.get("remind_after_days")
    answer_within = settings.get("answer_within_days")
    sent = {"resident": 0, "organization": 0}
    for match in stuck_matches(remind_after):
        resident = _resident(match)
        if match.status != "confirmed" or resident is None:
            continue
        if _not_reminded(resident, remind_after, _link(match)):
            message = _l(
                "Reminder: please tell us whether you will take part in 「%(title)s」.",
                title=match.issue.title,
            )
            notify(resident, "reminder", message, _link(match))
            sent["resident"] += 1
    for match in unanswered_matches(answer_within):
        for membership in match.issue.organization.memberships:
            if _not_reminded(membership.user, answer_within, _org_link(match)):
                message = _l(
                    "Reminder: a resident is waiting for your answer on 「%(title)s」.",
                    title=match.issue.title,
                )
                notify(membership.user, "reminder", message, _org_link(match))
                sent["organization"] += 1
    db.session.commit()
    return sent


def _link(match: Match) -> str:
    return path_for("activities.index", _anchor=f"match-{match.id}")


def _org_link(match: Match) -> str:
    return path_for("org_matches.show", match_id=match.id)


def _not_reminded(user: User, days: int, link: str) -> bool:
    since = utcnow() - timedelta(days=days)
    return not db.session.scalar(
        select(Notification.id).where(
            Notification.user_id == user.id,
            Notification.kind == "reminder",
            Notification.link == link,
            Notification.created_at >= since,
        )
    )
