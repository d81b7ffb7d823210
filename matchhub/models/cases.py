"""Implementation reports (実施報告書) and the case studies the desk publishes from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.files import StoredFile
from matchhub.models.issues import _in
from matchhub.models.types import JSONList, UTCDateTime, utcnow

REPORT_STATUSES = ("draft", "submitted", "published")
PHOTO_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")

# The organizations a published case names and links to (partners and departments).
case_organizations = Table(
    "case_organizations",
    db.metadata,
    Column("report_id", ForeignKey("case_reports.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True),
)


class CaseReport(db.Model):
    """A report on a finished project or volunteer match; once published, a case study."""

    __tablename__ = "case_reports"
    __table_args__ = (
        CheckConstraint(_in("status", REPORT_STATUSES), name="status"),
        CheckConstraint("(proposal_id IS NULL) <> (match_id IS NULL)", name="one_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), unique=True)
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id"), unique=True)
    # The organization (or department) that wrote it.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    what_done: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(255), default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    theme_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    # Results in figures: [{"label": "参加者", "value": "120人"}, ...]
    figures: Mapped[list[dict]] = mapped_column(JSONList, default=list)
    lessons: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal | None] = relationship()  # noqa: F821
    match: Mapped[Match | None] = relationship()  # noqa: F821
    organization: Mapped[Organization] = relationship()  # noqa: F821
    area: Mapped[Area | None] = relationship()  # noqa: F821
    agreement: Mapped[Agreement | None] = relationship()  # noqa: F821
    organizations: Mapped[list[Organization]] = relationship(  # noqa: F821
        secondary=case_organizations, order_by="Organization.name"
    )
    photos: Mapped[list[CasePhoto]] = relationship(back_populates="report", order_by="CasePhoto.id")

    @hybrid_property
    def is_published(self) -> bool:
        """A public case study (in Python and in queries)."""
        return self.status == "published"


class CasePhoto(StoredFile, db.Model):
    """A photo of a report, with the description that stands in for it (alt text)."""

    __tablename__ = "case_photos"
    __table_args__ = (
        CheckConstraint(_in("content_type", PHOTO_TYPES), name="content_type"),
        CheckConstraint("size > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("case_reports.id"), index=True)
    description: Mapped[str] = mapped_column(String(300))

    report: Mapped[CaseReport] = relationship(back_populates="photos")
