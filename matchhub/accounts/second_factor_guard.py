"""Guessing second-factor codes: a per-account count of wrong codes, a growing pause, and
a notice to the account holder, whose password an attacker evidently has.

The count is read from the audit log (every wrong code is recorded there anyway), so it
holds across workers and hosts, and needs no column of its own.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from matchhub.accounts import second_factor as totp
from matchhub.extensions import db
from matchhub.models import AuditEvent, User
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.notifications import notify

FREE_FAILURES = 3
FIRST_PAUSE = timedelta(seconds=30)
MAX_PAUSE = timedelta(minutes=15)
WINDOW = timedelta(days=1)
FAILED, PASSED = "account.2fa_failed", "account.2fa_passed"


def _failures(user: User) -> tuple[int, datetime | None]:
    """Wrong codes since the last right one (within a day), and when the latest came."""
    last_pass = db.session.scalar(
        select(func.max(AuditEvent.created_at)).where(
            AuditEvent.actor_id == user.id, AuditEvent.action == PASSED
        )
    )
    since = max(filter(None, [last_pass, utcnow() - WINDOW]))
    count, latest = db.session.execute(
        select(func.count(), func.max(AuditEvent.created_at)).where(
            AuditEvent.actor_id == user.id,
            AuditEvent.action == FAILED,
            AuditEvent.created_at > since,
        )
    ).one()
    return count, latest


def remaining_pause(count: int, latest: datetime | None, now: datetime) -> timedelta:
    """After `count` wrong codes, the latest at `latest`: 30 s, then doubling, at most 15 min."""
    if count < FREE_FAILURES or latest is None:
        return timedelta(0)
    wait = min(FIRST_PAUSE * 2 ** min(count - FREE_FAILURES, 10), MAX_PAUSE)
    return max(latest + wait - now, timedelta(0))


def pause(user: User) -> timedelta:
    """How long the account must wait before its next code is even checked."""
    return remaining_pause(*_failures(user), utcnow())


def attempt(user: User, code: str) -> str | None:
    """Check a code within the account's limits: None if it was right, else the message."""
    wait = pause(user)
    if wait:
        return _(
            "Too many wrong codes. Please wait %(seconds)d seconds and try again.",
            seconds=math.ceil(wait.total_seconds()),
        )
    if totp.verify(user, code):
        audit.record(user.id, PASSED, user, {})
        db.session.commit()
        return None
    audit.record(user.id, FAILED, user, {})
    count = _failures(user)[0] + 1
    if count == FREE_FAILURES or (count > FREE_FAILURES and count % 10 == 0):
        notify(
            user,
            "security",
            _l(
                "Wrong second-factor codes were entered %(n)d times for your account after "
                "its password was accepted. If this was not you, change your password now "
                "and tell the desk.",
                n=count,
            ),
            "/account/password",
        )
    db.session.commit()
    return _("This code is not correct or was already used.")
