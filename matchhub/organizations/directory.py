"""Finding any helper or organization by what a coordinator remembers of them."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import HelperProfile, Organization, User


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_helpers(query: str, limit: int = 20) -> list[HelperProfile]:
    """Residents whose name, email, key, area or notes contain the words."""
    words = query.split()
    if not words:
        return []
    statement = (
        select(HelperProfile)
        .join(User, HelperProfile.user_id == User.id)
        .options(selectinload(HelperProfile.user), selectinload(HelperProfile.area))
    )
    for word in words:
        pattern = _like(word)
        statement = statement.where(
            or_(
                User.display_name.ilike(pattern, escape="\\"),
                User.email.ilike(pattern, escape="\\"),
                HelperProfile.key.ilike(pattern, escape="\\"),
                HelperProfile.area_text.ilike(pattern, escape="\\"),
                HelperProfile.bio.ilike(pattern, escape="\\"),
            )
        )
    return list(db.session.scalars(statement.order_by(HelperProfile.id).limit(limit)))


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
