"""A resident's own pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

bp = Blueprint("residents", __name__)


@bp.get("/me")
@login_required
def me():
    return render_template("residents/me.html", profile=current_user.helper_profile)
