"""Matches: a pairing of an issue with a helper or an organization, and its life."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.issues import _in
from matchhub.models.types import JSONList, UTCDateTime, utcnow

MATCH_SOURCES = ("ranking", "interest", "coordinator")


class MatchStatus(StrEnum):
    """Where a match stands. Its groups and who may move it are named once, below."""

    PROPOSED = "proposed"  # ranked or asked for, waiting for the desk
    CONFIRMED = "confirmed"  # the desk said yes; the resident has not answered
    REJECTED = "rejected"  # the desk said no
    ACCEPTED = "accepted"  # the resident said yes: contact details are shared
    DECLINED = "declined"  # the resident said no
    ACTIVE = "active"  # the organization started the activity
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = MatchStatus
MATCH_STATUSES = tuple(s.value for s in MatchStatus)

# The desk has decided it: never proposed again for the same issue.
SETTLED = frozenset(MatchStatus) - {S.PROPOSED}
# The desk said yes, whatever happened after (what the learned weights learn from).
DESK_APPROVED = SETTLED - {S.REJECTED}
# Holds one of the places a need asks for.
SEAT_TAKEN = frozenset({S.CONFIRMED, S.ACCEPTED, S.ACTIVE, S.COMPLETED})
# Counted as a match made in the desk's targets: the resident accepted the pairing.
COUNTED_AS_MATCH = frozenset({S.ACCEPTED, S.ACTIVE, S.COMPLETED})
# Confirmed by the desk and waiting for the resident's answer (shown beside matches made).
AWAITING_RESIDENT = frozenset({S.CONFIRMED})
# The resident agreed: the organization may see their contact details.
CONTACT_SHARED = frozenset({S.ACCEPTED, S.ACTIVE, S.COMPLETED})
# Confirmed and not yet over.
UNDER_WAY = frozenset({S.CONFIRMED, S.ACCEPTED, S.ACTIVE})
# Still open: the organization can answer or cancel it.
AWAITING_ANSWER = frozenset({S.PROPOSED, S.CONFIRMED, S.ACCEPTED, S.ACTIVE})
FINISHED = frozenset({S.REJECTED, S.DECLINED, S.CANCELLED, S.COMPLETED})
# Confirmed or accepted, but the activity has not started (reminders chase these).
WAITING_TO_START = frozenset({S.CONFIRMED, S.ACCEPTED})
# The resident is taken up by it now.
BUSY = frozenset({S.ACCEPTED, S.ACTIVE})

# Who may move a match from which states to which: one table per actor.
DESK_DECISIONS = {"confirm": ({S.PROPOSED}, S.CONFIRMED), "reject": ({S.PROPOSED}, S.REJECTED)}
RESIDENT_ANSWERS = {"accept": ({S.CONFIRMED}, S.ACCEPTED), "decline": ({S.CONFIRMED}, S.DECLINED)}
ORGANIZATION_MOVES = {
    "start": ({S.ACCEPTED}, S.ACTIVE),
    "complete": ({S.ACTIVE}, S.COMPLETED),
    "cancel": (AWAITING_ANSWER, S.CANCELLED),
}


def in_group(group: frozenset[MatchStatus]) -> tuple[str, ...]:
    """A group as plain values for SQL ``IN``, in a stable order."""
    return tuple(sorted(s.value for s in group))


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

    @classmethod
    def status_in(cls, group: frozenset[MatchStatus]):
        """SQL: the match's status is one of the group's."""
        return cls.status.in_(in_group(group))

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
