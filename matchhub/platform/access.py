"""Route guards by role."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user, login_required

from matchhub.security import second_factor_passed


def staff_required(view):
    """Coordinators and admins only; anyone else logged in gets 403.

    :raise 403: for a logged-in user who is neither coordinator nor admin.
    """

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_staff:
            abort(403)
        return second_factor_gate() or view(*args, **kwargs)

    return guarded


def second_factor_gate():
    """Send a staff session that has not proved its second factor to do so first."""
    if current_app.config.get("STAFF_SECOND_FACTOR", True) and not second_factor_passed():
        return redirect(url_for("account.second_factor", next=request.full_path.rstrip("?")))
    return None


def admin_required(view):
    """Admins only.

    :raise 403: for a logged-in user who is not an admin.
    """

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return second_factor_gate() or view(*args, **kwargs)

    return guarded
