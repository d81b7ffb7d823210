"""A resident's data rights: download everything, delete the account; staff's view log."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select

from matchhub.accounts.accounts import AccountError
from matchhub.accounts.forms import DeleteAccountForm
from matchhub.extensions import db
from matchhub.models import HelperProfile
from matchhub.platform.access import staff_required
from matchhub.residents import privacy

bp = Blueprint("my_data", __name__, template_folder="templates")


@bp.get("/me/data.json")
@login_required
def download():
    body = json.dumps(privacy.export_my_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="matchhub-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/me/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            privacy.delete_account(current_user._get_current_object(), form.password.data or "")
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            logout_user()
            flash(_("Your account and your personal data have been deleted."), "success")
            return redirect(url_for("main.home"))
    return render_template("account/delete.html", form=form)


@bp.get("/coordinator/residents/<key>/views")
@staff_required
def views(key: str):
    profile = db.first_or_404(select(HelperProfile).where(HelperProfile.key == key))
    return render_template(
        "account/views.html", profile=profile, views=privacy.who_viewed(profile.key)
    )
