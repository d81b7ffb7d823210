"""Matches: a pairing of an issue with a helper or an organization, and its life."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .issues import _in
from .types import JSONList, UTCDateTime, utcnow

MATCH_SOURCES = ("ranking", "interest", "coordinator")
MATCH_STATUSES = (
    "proposed",
    "confirmed",
    "rejected",
    "accepted",
    "declined",
    "active",
    "completed",
    "cancelled",
)


class Match(db.Model):
    __tablename__ = "matches"
    __table_args__ = (
        UniqueConstraint("issue_id", "helper_id"),
        UniqueConstraint("issue_id", "organization_id"),
        CheckConstraint(_in("status", MATCH_STATUSES), name="status"),
        CheckConstraint("(helper_id IS NULL) <> (organization_id IS NULL)", name="one_candidate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    helper_id: Mapped[int | None] = mapped_column(ForeignKey("helper_profiles.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    # How the pairing came up: the ranking engine, the resident's own interest, or by hand.
    source: Mapped[str] = mapped_column(String(20), default="ranking")
    interested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[float | None] = mapped_column(Float)
    components: Mapped[dict] = mapped_column(JSONList, default=dict)
    reasons: Mapped[list[str]] = mapped_column(JSONList, default=list)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    # When the status last changed, so reminders can find matches stuck in one state.
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # The organization's first answer to the resident (interest or confirmation).
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hours: Mapped[float | None] = mapped_column(Float)
    report: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking: a concurrent decision on a stale row fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    issue: Mapped[Issue] = relationship()  # noqa: F821
    helper: Mapped[HelperProfile | None] = relationship()  # noqa: F821
    organization: Mapped[Organization | None] = relationship()  # noqa: F821
    decided_by: Mapped[User | None] = relationship()  # noqa: F821


class Impression(db.Model):
    """A candidate shown to a coordinator at a rank: what learning must correct for."""

    __tablename__ = "impressions"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    candidate_kind: Mapped[str] = mapped_column(String(20))
    candidate_key: Mapped[str] = mapped_column(String(120))
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    components: Mapped[dict] = mapped_column(JSONList, default=dict)
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
