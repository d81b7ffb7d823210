"""SQLAlchemy models, one module per aggregate."""

from ..ranking.slots import SLOTS
from .accounts import ClaimCode, RecoveryCode, Setting, User
from .agreements import AGREEMENT_KINDS, Agreement
from .audit import AuditEvent, Notification
from .cases import REPORT_STATUSES, CasePhoto, CaseReport
from .issues import ISSUE_KINDS, ISSUE_STATUSES, Issue, Judgment
from .mail import MailCategory, MailStatus, OutboxMail
from .matches import MATCH_SOURCES, MATCH_STATUSES, Impression, Match
from .organizations import (
    DESK_GRANTED_KINDS,
    MEMBER_ROLES,
    ORGANIZATION_KINDS,
    SELF_DECLARED_KINDS,
    Invitation,
    Membership,
    Organization,
)
from .profiles import HelperProfile
from .proposals import (
    COST_BEARERS,
    PROPOSAL_PARTS,
    PROPOSAL_STATUSES,
    DeskIssue,
    Proposal,
    ProposalAttachment,
    ProposalMessage,
    ProposalShare,
    ProposalVersion,
)
from .taxonomy import ActivityField, Area, Skill, Theme
from .tokens import TOKEN_SCOPES, ApiToken

__all__ = [
    "AGREEMENT_KINDS",
    "COST_BEARERS",
    "PROPOSAL_PARTS",
    "PROPOSAL_STATUSES",
    "REPORT_STATUSES",
    "Agreement",
    "CasePhoto",
    "CaseReport",
    "DeskIssue",
    "Proposal",
    "ProposalAttachment",
    "ProposalMessage",
    "ProposalShare",
    "ProposalVersion",
    "ISSUE_KINDS",
    "ISSUE_STATUSES",
    "MATCH_SOURCES",
    "MATCH_STATUSES",
    "MEMBER_ROLES",
    "DESK_GRANTED_KINDS",
    "ORGANIZATION_KINDS",
    "SELF_DECLARED_KINDS",
    "SLOTS",
    "TOKEN_SCOPES",
    "ActivityField",
    "ApiToken",
    "Area",
    "AuditEvent",
    "ClaimCode",
    "HelperProfile",
    "Impression",
    "Invitation",
    "Issue",
    "Judgment",
    "Match",
    "Membership",
    "Notification",
    "Organization",
    "RecoveryCode",
    "OutboxMail",
    "MailCategory",
    "MailStatus",
    "Setting",
    "Skill",
    "Theme",
    "User",
]
