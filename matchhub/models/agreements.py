"""Agreements (包括連携協定・個別協定) between the ward and its partners."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.issues import _in
from matchhub.models.proposals import COST_BEARERS
from matchhub.models.types import JSONList, UTCDateTime, utcnow

AGREEMENT_KINDS = ("comprehensive", "individual")

agreement_departments = Table(
    "agreement_departments",
    db.metadata,
    Column("agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True),
)

agreement_matches = Table(
    "agreement_matches",
    db.metadata,
    Column("agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    Column("match_id", ForeignKey("matches.id"), primary_key=True),
)


class Agreement(db.Model):
    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint(_in("kind", AGREEMENT_KINDS), name="kind"),
        CheckConstraint(_in("cost_bearer", COST_BEARERS), name="cost_bearer"),
        CheckConstraint("budget_yen IS NULL OR budget_yen >= 0", name="budget_yen"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="individual")
    partner_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    theme_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    renewal_on: Mapped[date | None] = mapped_column(Date, index=True)
    roles: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(Text, default="")
    budget_yen: Mapped[int | None] = mapped_column(Integer)
    budget_note: Mapped[str] = mapped_column(Text, default="")
    cost_bearer: Mapped[str] = mapped_column(String(20), default="proposer")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The renewal date a reminder already went out for, so each is sent once.
    reminded_for: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    partner: Mapped[Organization] = relationship()  # noqa: F821
    departments: Mapped[list[Organization]] = relationship(  # noqa: F821
        secondary=agreement_departments, order_by="Organization.name"
    )
    matches: Mapped[list[Match]] = relationship(  # noqa: F821
        secondary=agreement_matches, order_by="Match.id"
    )
    proposals: Mapped[list[Proposal]] = relationship(  # noqa: F821
        back_populates="agreement", order_by="Proposal.submitted_at"
    )

    @property
    def costs_the_ward(self) -> bool:
        return self.cost_bearer in ("shared", "ward")
