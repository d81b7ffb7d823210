"""Issues organizations post, and coordinators' graded judgments of candidates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.types import JSONList, UTCDateTime, utcnow

ISSUE_KINDS = ("volunteer", "probono", "resource", "partnership")
ISSUE_STATUSES = ("draft", "open", "closed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Issue(db.Model):
    __tablename__ = "issues"
    __table_args__ = (
        CheckConstraint(_in("kind", ISSUE_KINDS), name="kind"),
        CheckConstraint(_in("status", ISSUE_STATUSES), name="status"),
        CheckConstraint("people_needed >= 1", name="people_needed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="volunteer")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSONList, default=list)
    theme_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    skills: Mapped[list[str]] = mapped_column(JSONList, default=list)
    skill_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    area_text: Mapped[str] = mapped_column(String(255), default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    availability: Mapped[list[str]] = mapped_column(JSONList, default=list)
    languages: Mapped[list[str]] = mapped_column(JSONList, default=list)
    people_needed: Mapped[int] = mapped_column(Integer, default=1)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Indexed: the ranking index checks max(updated_at) on every ranked page.
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )

    organization: Mapped[Organization] = relationship()  # noqa: F821
    area: Mapped[Area | None] = relationship()  # noqa: F821

    @hybrid_property
    def is_open(self) -> bool:
        """Published and taking part requests (in Python and in queries)."""
        return self.status == "open"


class Judgment(db.Model):
    """A graded fit of a helper for an issue, kept for the evaluate command."""

    __tablename__ = "judgments"
    __table_args__ = (
        UniqueConstraint("issue_key", "helper_key"),
        CheckConstraint("grade BETWEEN 0 AND 3", name="grade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_key: Mapped[str] = mapped_column(String(120), index=True)
    helper_key: Mapped[str] = mapped_column(String(120))
    grade: Mapped[int] = mapped_column(Integer)
