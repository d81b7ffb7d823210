"""Finding accounts for the administrators' list of users."""

from __future__ import annotations

from sqlalchemy import or_, select

from matchhub.extensions import db
from matchhub.models import User

PER_PAGE = 30


def search_users(query: str, page: int, staff_only: bool = False):
    """Accounts whose name or email contains `query`, staff first, then by name."""
    statement = select(User)
    text = (query or "").strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            or_(
                User.display_name.ilike(pattern, escape="\\"),
                User.email.ilike(pattern, escape="\\"),
            )
        )
    if staff_only:
        statement = statement.where(or_(User.is_admin.is_(True), User.is_coordinator.is_(True)))
    statement = statement.order_by(
        User.is_admin.desc(), User.is_coordinator.desc(), User.display_name, User.id
    )
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def user_or_none(user_id: int) -> User | None:
    return db.session.get(User, user_id)
