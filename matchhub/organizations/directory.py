"""Finding any helper or organization by what a coordinator remembers of them."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import HelperProfile, Organization, User
from matchhub.ranking.normalize import compact


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_helpers(query: str, limit: int = 20) -> list[HelperProfile]:
    """Residents whose name, email, key, area or notes contain the words, however typed.

    Width, case, hiragana/katakana and spaces are folded on both sides, so 「板橋はなこ」,
    「ﾊﾅｺ」 and 「はなこ」 all find 板橋 はなこ. The fold runs in Python over the few
    columns searched (a desk's registry is thousands of rows, not millions).
    """
    words = [compact(word) for word in query.split()]
    words = [word for word in words if word]
    if not words:
        return []
    rows = db.session.execute(
        select(
            HelperProfile.id,
            User.display_name,
            User.email,
            HelperProfile.key,
            HelperProfile.area_text,
            HelperProfile.bio,
        )
        .join(User, HelperProfile.user_id == User.id)
        .order_by(HelperProfile.id)
    )
    found: list[int] = []
    for profile_id, *fields in rows:
        text = compact(" ".join(field or "" for field in fields))
        if all(word in text for word in words):
            found.append(profile_id)
            if len(found) == limit:
                break
    if not found:
        return []
    profiles = db.session.scalars(
        select(HelperProfile)
        .where(HelperProfile.id.in_(found))
        .options(selectinload(HelperProfile.user), selectinload(HelperProfile.area))
        .order_by(HelperProfile.id)
    )
    return list(profiles)


def search_organizations(query: str, limit: int = 20) -> list[Organization]:
    """Organizations whose name, key, area or description contain the words."""
    words = query.split()
    if not words:
        return []
    statement = select(Organization).options(selectinload(Organization.area))
    for word in words:
        pattern = _like(word)
        statement = statement.where(
            or_(
                Organization.name.ilike(pattern, escape="\\"),
                Organization.key.ilike(pattern, escape="\\"),
                Organization.area_text.ilike(pattern, escape="\\"),
                Organization.description.ilike(pattern, escape="\\"),
            )
        )
    return list(db.session.scalars(statement.order_by(Organization.id).limit(limit)))
