"""Residents' helper profiles: what they care about, can do, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.types import JSONList, UTCDateTime, utcnow


class HelperProfile(db.Model):
    __tablename__ = "helper_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    area_text: Mapped[str] = mapped_column(String(255), default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    # What the resident typed, kept verbatim, and what the taxonomy understood of it.
    themes: Mapped[list[str]] = mapped_column(JSONList, default=list)
    theme_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    skills: Mapped[list[str]] = mapped_column(JSONList, default=list)
    skill_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    availability: Mapped[list[str]] = mapped_column(JSONList, default=list)
    online_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[list[str]] = mapped_column(JSONList, default=list)
    bio: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # "online" when the resident ticked the box; "paper" when a coordinator recorded a signed form.
    consent_method: Mapped[str | None] = mapped_column(String(20))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Indexed: the ranking index checks max(updated_at) on every ranked page.
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )

    user: Mapped[User] = relationship(  # noqa: F821
        back_populates="helper_profile", foreign_keys=[user_id]
    )
    area: Mapped[Area | None] = relationship()  # noqa: F821
