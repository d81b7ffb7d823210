"""A resident's helper profile: fill it in, pause it, delete it; and the larger-text setting."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import HelperProfile, Match, User
from matchhub.models.matches import UNDER_WAY, MatchStatus
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.links import path_for
from matchhub.platform.notifications import notify_members
from matchhub.platform.taxonomy import current_index
from matchhub.platform.vocabulary import split_entries, theme_names

# Matches still under way when a resident deletes their profile: they are cancelled.


class ProfileError(ValueError):
    """A problem with what the resident submitted; the message is translated."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class ProfileInput:
    """The profile form, as plain values."""

    area_text: str = ""
    theme_keys: list[str] = field(default_factory=list)
    other_themes: str = ""
    skills_text: str = ""
    availability: list[str] = field(default_factory=list)
    online_ok: bool = False
    languages: list[str] = field(default_factory=list)
    bio: str = ""
    consent: bool = False


def new_profile_key() -> str:
    return f"h-{secrets.token_hex(6)}"


def profile_of(user: User) -> HelperProfile:
    """The user's helper profile, created empty (and not yet consented) if missing."""
    if user.helper_profile is None:
        user.helper_profile = HelperProfile(key=new_profile_key(), active=False)
        db.session.flush()
    return user.helper_profile


def typed_other_themes(profile: HelperProfile) -> list[str]:
    """Themes the resident typed that are not simply the names of ticked themes."""
    ticked = set(theme_names(profile.theme_keys))
    return [t for t in profile.themes if t not in ticked]


def input_from(profile: HelperProfile) -> ProfileInput:
    """The stored profile as form values."""
    return ProfileInput(
        area_text=profile.area_text,
        theme_keys=list(profile.theme_keys),
        other_themes="、".join(typed_other_themes(profile)),
        skills_text="\n".join(profile.skills),
        availability=list(profile.availability),
        online_ok=profile.online_ok,
        languages=list(profile.languages or ["ja"]),
        bio=profile.bio,
        consent=profile.consented_at is not None,
    )


def save_profile(user: User, data: ProfileInput) -> HelperProfile:
    """Store the profile with what the taxonomy understood of it.

    :raise ProfileError: when the privacy policy has not been agreed to yet.
    """
    profile = profile_of(user)
    first_consent = profile.consented_at is None
    if first_consent and not data.consent:
        raise ProfileError(
            _("Please read the privacy policy and tick the box to agree."), "consent"
        )
    index = current_index()
    others = split_entries(data.other_themes)
    profile.themes = theme_names(data.theme_keys) + others
    profile.theme_keys = list(dict.fromkeys([*data.theme_keys, *index.theme_keys(others)]))
    profile.skills = split_entries(data.skills_text)
    profile.skill_keys = index.skill_keys(profile.skills)
    profile.area_text = data.area_text.strip()
    profile.area_id = index.resolve_area(profile.area_text)
    profile.availability = list(data.availability)
    profile.online_ok = data.online_ok
    profile.languages = list(data.languages) or ["ja"]
    profile.bio = data.bio.strip()
    if first_consent:
        profile.consented_at = utcnow()
        profile.consent_method = "online"
        profile.active = True
    audit.record(
        user.id,
        "profile.consent" if first_consent else "profile.update",
        profile,
        {"themes": profile.theme_keys, "skills": profile.skill_keys, "area": profile.area_id},
    )
    db.session.commit()
    return profile


def set_active(user: User, active: bool) -> HelperProfile:
    """Pause the profile (not suggested to anyone) or make it findable again.

    :raise ProfileError: when resuming a profile that was never agreed to.
    """
    profile = profile_of(user)
    if active and profile.consented_at is None:
        raise ProfileError(_("Please fill in your profile and agree to the privacy policy first."))
    profile.active = active
    audit.record(user.id, "profile.resume" if active else "profile.pause", profile)
    db.session.commit()
    return profile


def delete_profile(user: User) -> None:
    """Erase what the profile says about the resident; keep finished matches anonymous.

    Interest not yet decided is withdrawn, matches under way are cancelled (and their
    organizations told), and the profile is emptied and paused. Completed, rejected and
    declined matches stay, without anything about the person, for the desk's figures.
    """
    profile = user.helper_profile
    if profile is None:
        return
    for match in db.session.scalars(select(Match).where(Match.helper_id == profile.id)):
        if match.status == MatchStatus.PROPOSED:
            db.session.delete(match)
        elif match.status in UNDER_WAY:
            match.status = MatchStatus.CANCELLED
            match.status_changed_at = utcnow()
            match.decision_reason = "区民がプロフィールを削除しました"
            notify_members(
                match.issue.organization,
                "match_cancelled",
                _l(
                    "A resident withdrew from 「%(title)s」 and deleted their profile.",
                    title=match.issue.title,
                ),
                path_for(
                    "issues.manage", org_key=match.issue.organization.key, key=match.issue.key
                ),
            )
    profile.area_text, profile.area_id = "", None
    profile.themes, profile.theme_keys, profile.skills, profile.skill_keys = [], [], [], []
    profile.availability, profile.languages = [], ["ja"]
    profile.online_ok, profile.bio = False, ""
    profile.active = False
    profile.consented_at, profile.consent_method = None, None
    audit.record(user.id, "profile.delete", profile)
    db.session.commit()


def set_large_text(user: User, on: bool) -> None:
    """Remember the larger-text setting for this user on every device."""
    user.large_text = on
    db.session.commit()
