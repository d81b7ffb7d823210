"""Confirming a proposed team in one action: each member is its own audited decision."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.matching import decisions, places
from matchhub.models import HelperProfile, Issue, User


@dataclass
class TeamOutcome:
    confirmed: list[str] = field(default_factory=list)  # display names
    problems: list[str] = field(default_factory=list)  # why a member was not confirmed


def confirm_team(issue: Issue, keys: list[str], coordinator: User) -> TeamOutcome:
    """Confirm every member; one already decided elsewhere does not stop the others.

    :raise places.PlacesFull: when the team is larger than the places still open.
    """
    profiles = db.session.scalars(select(HelperProfile).where(HelperProfile.key.in_(keys))).all()
    open_places = issue.people_needed - places.taken(issue)
    if len(profiles) > open_places:
        raise places.PlacesFull(
            _(
                "The team has %(n)d people but only %(open)d of %(total)d places are open. "
                "Nothing was changed; confirm members one by one.",
                n=len(profiles),
                open=max(open_places, 0),
                total=issue.people_needed,
            )
        )
    outcome = TeamOutcome()
    reason = _("Proposed team")
    issue_id = issue.id
    for profile_id in [p.id for p in profiles]:
        issue = db.session.get(Issue, issue_id)
        profile = db.session.get(HelperProfile, profile_id)
        try:
            decisions.decide(issue, profile, coordinator, "confirmed", reason)
        except (decisions.AlreadyDecided, places.PlacesFull) as error:
            outcome.problems.append(str(error))
        else:
            outcome.confirmed.append(profile.user.display_name)
    return outcome
