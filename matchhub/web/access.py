"""Route guards by role."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def staff_required(view):
    """Coordinators and admins only; anyone else logged in gets 403.

    :raise 403: for a logged-in user who is neither coordinator nor admin.
    """

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def admin_required(view):
    """Admins only.

    :raise 403: for a logged-in user who is not an admin.
    """

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded
