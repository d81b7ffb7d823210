"""SQLAlchemy models, one module per aggregate."""

from matchhub.models.accounts import ClaimCode, RecoveryCode, Setting, User
from matchhub.models.agreements import AGREEMENT_KINDS, Agreement
from matchhub.models.audit import AuditEvent, Notification
from matchhub.models.cases import REPORT_STATUSES, CasePhoto, CaseReport
from matchhub.models.issues import ISSUE_KINDS, ISSUE_STATUSES, Issue, Judgment
from matchhub.models.mail import MailCategory, MailStatus, OutboxMail
from matchhub.models.matches import MATCH_SOURCES, MATCH_STATUSES, Impression, Match
from matchhub.models.organizations import (
    DESK_GRANTED_KINDS,
    MEMBER_ROLES,
    ORGANIZATION_KINDS,
    SELF_DECLARED_KINDS,
    Invitation,
    Membership,
    Organization,
)
from matchhub.models.profiles import HelperProfile
from matchhub.models.proposals import (
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
from matchhub.models.taxonomy import ActivityField, Area, Skill, Theme
from matchhub.models.tokens import TOKEN_SCOPES, ApiToken
from matchhub.ranking.slots import SLOTS

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
