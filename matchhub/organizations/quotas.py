"""How much one organization may send: proposals and their files per day, invitations per
hour. An organization the desk has not verified gets a fifth of it (at least one), since
anyone can register one; the figures are settings (MATCHHUB_QUOTA_*)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import Invitation, Organization, Proposal, ProposalAttachment
from matchhub.models.types import utcnow
from matchhub.platform.files import readable_size

DAY, HOUR = timedelta(days=1), timedelta(hours=1)
UNVERIFIED_SHARE = 5


class QuotaExceeded(ValueError):
    """The organization reached a quota; the message says which and until when."""


def allowance(org: Organization, name: str) -> int:
    """The organization's quota `name`: the setting, or a fifth of it while unverified."""
    full = int(current_app.config[name])
    return full if org.is_verified else max(1, full // UNVERIFIED_SHARE)


def check_proposal(org: Organization, new_bytes: int) -> None:
    """:raise QuotaExceeded: when one more proposal, or these files, is more than today's share."""
    since = utcnow() - DAY
    sent = db.session.scalar(
        select(func.count())
        .select_from(Proposal)
        .where(Proposal.organization_id == org.id, Proposal.submitted_at >= since)
    )
    limit = allowance(org, "QUOTA_PROPOSALS_PER_DAY")
    if sent >= limit:
        raise QuotaExceeded(
            _(
                "Your organization has sent %(limit)d proposals in the last 24 hours, the most "
                "allowed. Please send this one tomorrow, or ask the desk.",
                limit=limit,
            )
        )
    check_uploads(org, new_bytes)


def check_uploads(org: Organization, new_bytes: int) -> None:
    """:raise QuotaExceeded: when these files would pass the day's upload allowance."""
    if new_bytes <= 0:
        return
    uploaded = db.session.scalar(
        select(func.coalesce(func.sum(ProposalAttachment.size), 0))
        .join(Proposal, ProposalAttachment.proposal_id == Proposal.id)
        .where(Proposal.organization_id == org.id, ProposalAttachment.created_at >= utcnow() - DAY)
    )
    limit = allowance(org, "QUOTA_UPLOAD_BYTES_PER_DAY")
    if uploaded + new_bytes > limit:
        raise QuotaExceeded(
            _(
                "Your organization may upload %(limit)s of files in 24 hours and has %(left)s "
                "left. Please send smaller files or wait until tomorrow.",
                limit=readable_size(limit),
                left=readable_size(max(limit - uploaded, 0)),
            )
        )


def check_invitation(org: Organization) -> None:
    """:raise QuotaExceeded: when the organization sent its hour's share of invitations."""
    sent = db.session.scalar(
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.organization_id == org.id, Invitation.created_at >= utcnow() - HOUR)
    )
    limit = allowance(org, "QUOTA_INVITATIONS_PER_HOUR")
    if sent >= limit:
        raise QuotaExceeded(
            _(
                "Your organization has sent %(limit)d invitations in the last hour, the most "
                "allowed. Please wait a little before inviting more people.",
                limit=limit,
            )
        )
