"""Administration (/admin): staff accounts, the ward's vocabulary and map, the audit log.

Every page here is for administrators who passed their second factor; a new admin page
is a child blueprint registered below and a link in templates/admin/_nav.html.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, url_for
from flask_login import current_user

from matchhub.admin import audit_log, users, vocabulary
from matchhub.platform.access import second_factor_gate

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
bp.register_blueprint(users.bp)
bp.register_blueprint(vocabulary.bp)
bp.register_blueprint(audit_log.bp)


@bp.before_request
def administrators_only():
    """:raise 403: for anyone logged in who is not an administrator."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return second_factor_gate()


@bp.route("/")
def index():
    return redirect(url_for("admin.users.index"))
