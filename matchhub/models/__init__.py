"""SQLAlchemy models, one module per aggregate."""

from .accounts import User
from .audit import AuditEvent, Notification, OutboxMail
from .issues import ISSUE_KINDS, ISSUE_STATUSES, Issue, Judgment
from .matches import MATCH_STATUSES, Match
from .organizations import MEMBER_ROLES, ORGANIZATION_KINDS, Membership, Organization
from .profiles import SLOTS, HelperProfile
from .taxonomy import ActivityField, Area, Skill, Theme

__all__ = [
    "ISSUE_KINDS",
    "ISSUE_STATUSES",
    "MATCH_STATUSES",
    "MEMBER_ROLES",
    "ORGANIZATION_KINDS",
    "SLOTS",
    "ActivityField",
    "Area",
    "AuditEvent",
    "HelperProfile",
    "Issue",
    "Judgment",
    "Match",
    "Membership",
    "Notification",
    "Organization",
    "OutboxMail",
    "Skill",
    "Theme",
    "User",
]
