"""Organizations and the people who act for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.types import JSONList, UTCDateTime, utcnow

ORGANIZATION_KINDS = (
    "npo",
    "company",
    "university",
    "neighborhood_association",
    "municipal_department",
    "social_welfare_council",
    "other",
)
# Kinds only the desk grants (they carry official weight); the others are self-declared.
DESK_GRANTED_KINDS = ("municipal_department", "social_welfare_council")
SELF_DECLARED_KINDS = tuple(k for k in ORGANIZATION_KINDS if k not in DESK_GRANTED_KINDS)
MEMBER_ROLES = ("owner", "member")


VERIFICATION_STATES = ("waiting", "verified", "refused")


class Organization(db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in ORGANIZATION_KINDS) + ")", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    area_text: Mapped[str] = mapped_column(String(255), default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    themes: Mapped[list[str]] = mapped_column(JSONList, default=list)
    theme_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    offers: Mapped[list[str]] = mapped_column(JSONList, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Indexed: the ranking index checks max(updated_at) on every ranked page.
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )

    area: Mapped[Area | None] = relationship()  # noqa: F821
    memberships: Mapped[list[Membership]] = relationship(back_populates="organization")

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def verification_state(self) -> str:
        """One of VERIFICATION_STATES (labels in platform/vocabulary.py)."""
        if self.refused_at is not None:
            return "refused"
        return "verified" if self.verified_at is not None else "waiting"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organization_id"),
        CheckConstraint("role IN ('owner', 'member')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")  # noqa: F821
    organization: Mapped[Organization] = relationship(back_populates="memberships")


class Invitation(db.Model):
    """A member's invitation of a colleague, redeemed once through a mailed link."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    # Only a hash is stored, so a database leak does not hand out memberships.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organization: Mapped[Organization] = relationship()
