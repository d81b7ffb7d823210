"""The admin mail page: what waits in the outbox, what failed and why; send again."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matchhub.platform.access import admin_required
from matchhub.platform.mail import outbox
from matchhub.platform.mail.sender import send_again
from matchhub.platform.mail.transport import explain

bp = Blueprint("mail_admin", __name__, url_prefix="/admin/mail", template_folder="templates")


@bp.route("")
@admin_required
def index():
    view = outbox.overview(current_user._get_current_object())
    return render_template("mail/admin.html", view=view, explain=explain)


@bp.route("/<int:mail_id>/send-again", methods=["POST"])
@admin_required
def resend(mail_id: int):
    """:raise 404: for a mail that does not exist or was sent already."""
    if send_again(mail_id, current_user._get_current_object()) is None:
        abort(404)
    flash(_("The mail will be sent again within a minute."), "success")
    return redirect(url_for(".index"))
