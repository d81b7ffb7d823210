"""SQLAlchemy models, one module per aggregate."""

from .accounts import ClaimCode, Setting, User
from .audit import AuditEvent, Notification, OutboxMail
from .issues import ISSUE_KINDS, ISSUE_STATUSES, Issue, Judgment
from .matches import MATCH_SOURCES, MATCH_STATUSES, Impression, Match
from .organizations import (
    MEMBER_ROLES,
    ORGANIZATION_KINDS,
    Invitation,
    Membership,
    Organization,
)
from .profiles import SLOTS, HelperProfile
from .taxonomy import ActivityField, Area, Skill, Theme

__all__ = [
    "ISSUE_KINDS",
    "ISSUE_STATUSES",
    "MATCH_SOURCES",
    "MATCH_STATUSES",
    "MEMBER_ROLES",
    "ORGANIZATION_KINDS",
    "SLOTS",
    "ActivityField",
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
    "OutboxMail",
    "Setting",
    "Skill",
    "Theme",
    "User",
]
