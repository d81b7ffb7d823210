"""The collaboration desk: administrative issues, and the confidential proposals sent to them.

Everything a URL names here is found by a random key (``secrets.token_urlsafe``), never
by its sequential id, so that counting up reveals nothing (idea protection).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
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
from matchhub.models.files import StoredFile
from matchhub.models.issues import _in
from matchhub.models.types import JSONList, UTCDateTime, utcnow

DESK_ISSUE_STATUSES = ("draft", "open", "closed")


class ProposalStatus(StrEnum):
    """Where a proposal stands; its groups and the desk's moves are named once, below."""

    SUBMITTED = "submitted"
    IN_DIALOGUE = "in_dialogue"  # the desk answered and is discussing it
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"  # the project has started
    REPORTED = "reported"  # its implementation report was submitted
    PUBLISHED = "published"  # published as a case study


P = ProposalStatus
PROPOSAL_STATUSES = tuple(s.value for s in ProposalStatus)
# The desk has not decided yet: the authors may still revise it.
AWAITING_DECISION = frozenset({P.SUBMITTED, P.IN_DIALOGUE})
# Not closed: files may still be attached.
OPEN_FOR_FILES = frozenset({P.SUBMITTED, P.IN_DIALOGUE, P.ACCEPTED, P.IN_PROGRESS})
# The desk's decisions: from which states to which.
DESK_MOVES = {
    "dialogue": ({P.SUBMITTED}, P.IN_DIALOGUE),
    "accept": (AWAITING_DECISION, P.ACCEPTED),
    "decline": (AWAITING_DECISION, P.DECLINED),
    "start": ({P.ACCEPTED}, P.IN_PROGRESS),
}
# What follows by itself: the desk's first message, the report, the case's publication.
ON_FIRST_DESK_MESSAGE = ({P.SUBMITTED}, P.IN_DIALOGUE)
ON_REPORT = ({P.IN_PROGRESS}, P.REPORTED)
# Who pays: the principle is no cost to the ward, so "shared" and "ward" are flagged.
COST_BEARERS = ("proposer", "third_party", "shared", "ward")
WARD_COST_BEARERS = ("shared", "ward")
# The parts of a proposal its authors may make public when the case is published.
PROPOSAL_PARTS = ("summary", "idea", "effect", "roles", "schedule", "cost", "attachments")
MESSAGE_SIDES = ("proposer", "desk", "department")
ATTACHMENT_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")


class DeskIssue(db.Model):
    """An administrative issue a ward department publishes and asks proposals for."""

    __tablename__ = "desk_issues"
    __table_args__ = (CheckConstraint(_in("status", DESK_ISSUE_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    # The department in charge (an organization of kind municipal_department).
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    theme_keys: Mapped[list[str]] = mapped_column(JSONList, default=list)
    background: Mapped[str] = mapped_column(Text, default="")
    expectations: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    department: Mapped[Organization] = relationship()  # noqa: F821

    @hybrid_property
    def is_open(self) -> bool:
        """Published and taking proposals (in Python and in queries)."""
        return self.status == "open"


class Proposal(db.Model):
    """A proposal from an organization, against an issue or free (自由提案)."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(_in("status", PROPOSAL_STATUSES), name="status"),
        CheckConstraint(_in("cost_bearer", COST_BEARERS), name="cost_bearer"),
        CheckConstraint("version_number >= 1", name="version_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    # None for a free proposal (自由提案).
    desk_issue_id: Mapped[int | None] = mapped_column(ForeignKey("desk_issues.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The current text; every version, this one included, is kept in proposal_versions.
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    idea: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    roles: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[str] = mapped_column(Text, default="")
    cost_bearer: Mapped[str] = mapped_column(String(20), default="proposer")
    version_number: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # The desk's or a department's first answer: the response-time target counts to it.
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What the proposer agreed to make public once the case is published.
    public_parts: Mapped[list[str]] = mapped_column(JSONList, default=list)
    publication_chosen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic locking: two decisions on the same proposal cannot both win.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": lock_version}

    desk_issue: Mapped[DeskIssue | None] = relationship()
    organization: Mapped[Organization] = relationship()  # noqa: F821
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    agreement: Mapped[Agreement | None] = relationship(back_populates="proposals")  # noqa: F821
    versions: Mapped[list[ProposalVersion]] = relationship(
        back_populates="proposal", order_by="ProposalVersion.number"
    )
    messages: Mapped[list[ProposalMessage]] = relationship(
        back_populates="proposal", order_by="ProposalMessage.id"
    )
    attachments: Mapped[list[ProposalAttachment]] = relationship(
        back_populates="proposal", order_by="ProposalAttachment.id"
    )
    shares: Mapped[list[ProposalShare]] = relationship(
        back_populates="proposal", order_by="ProposalShare.id"
    )

    @property
    def costs_the_ward(self) -> bool:
        return self.cost_bearer in WARD_COST_BEARERS


class ProposalVersion(db.Model):
    """One version of a proposal as it was sent: kept for ever, so priority can be shown."""

    __tablename__ = "proposal_versions"
    __table_args__ = (
        UniqueConstraint("proposal_id", "number"),
        CheckConstraint(_in("cost_bearer", COST_BEARERS), name="cost_bearer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    idea: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    roles: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[str] = mapped_column(Text, default="")
    cost_bearer: Mapped[str] = mapped_column(String(20), default="proposer")
    note: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 over this version's text and the previous fingerprint: a chain that shows
    # no earlier version was rewritten afterwards.
    fingerprint: Mapped[str] = mapped_column(String(64))

    proposal: Mapped[Proposal] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship()  # noqa: F821


class ProposalMessage(db.Model):
    __tablename__ = "proposal_messages"
    __table_args__ = (CheckConstraint(_in("side", MESSAGE_SIDES), name="side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    side: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()  # noqa: F821


class ProposalAttachment(StoredFile, db.Model):
    """A PDF or an image sent with a proposal, stored outside the web root."""

    __tablename__ = "proposal_attachments"
    __table_args__ = (
        CheckConstraint(_in("content_type", ATTACHMENT_TYPES), name="content_type"),
        CheckConstraint("size > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    # The version of the proposal current when the file was added.
    version_number: Mapped[int] = mapped_column(Integer, default=1)

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()  # noqa: F821


class ProposalShare(db.Model):
    """The desk's decision to let a department see a proposal."""

    __tablename__ = "proposal_shares"
    __table_args__ = (UniqueConstraint("proposal_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="shares")
    department: Mapped[Organization] = relationship()  # noqa: F821
