"""The one-time page where a new coordinator or admin chooses a password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from matchhub.accounts.forms import ResetPasswordForm
from matchhub.admin import staff
from matchhub.extensions import limiter
from matchhub.security import start_session

bp = Blueprint("staff_setup", __name__, template_folder="templates")


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def setup(token: str):
    user = staff.user_for_setup_token(token)
    if user is None:
        flash(
            _(
                "This setup link has expired or was already used. "
                "Ask an administrator for a new one."
            ),
            "error",
        )
        return redirect(url_for("auth.login"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            staff.complete_setup(user, form.password.data)
        except staff.StaffError as error:
            form.password.errors.append(str(error))
        else:
            start_session(user)
            flash(_("Your password is set. Now set up your second factor."), "success")
            return redirect(
                url_for("account.setup_second_factor", next=url_for("coordinator.queue_page"))
            )
    return render_template("admin/setup.html", form=form, user=user)
