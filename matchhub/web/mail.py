"""Mail for its readers: confirm the address, choose notices, unsubscribe in one click."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import csrf, limiter
from ..models import MailCategory
from ..services.mail import preferences
from .mail_forms import MailPreferencesForm

bp = Blueprint("mail", __name__)
FIELDS = {
    "matches": MailCategory.MATCHES,
    "reminders": MailCategory.REMINDERS,
    "news": MailCategory.NEWS,
}


@bp.route("/account/mail", methods=["GET", "POST"])
@login_required
def settings():
    user = current_user._get_current_object()
    form = MailPreferencesForm(
        data={name: preferences.wants_choice(user, c) for name, c in FIELDS.items()}
    )
    if form.validate_on_submit():
        chosen = {c for name, c in FIELDS.items() if getattr(form, name).data}
        preferences.set_preferences(user, chosen)
        flash(_("Your mail settings are saved."), "success")
        return redirect(url_for(".settings"))
    return render_template("mail/settings.html", form=form)


@bp.route("/account/mail/confirmation", methods=["POST"])
@login_required
@limiter.limit("5 per hour")
def send_confirmation():
    if preferences.send_confirmation_again(current_user._get_current_object()):
        flash(_("We have sent a new confirmation link to %(email)s.", email=current_user.email))
    return redirect(url_for(".settings"))


@bp.route("/mail/confirm/<token>")
def confirm(token: str):
    user = preferences.confirm(token)
    status = 200 if user is not None else 400
    return render_template("mail/confirmed.html", user=user), status


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST without a session; the signed token is the proof
def unsubscribe(token: str):
    """GET shows a button (link scanners must not unsubscribe); POST stops the mail."""
    if request.method == "GET":
        found = preferences.read_unsubscribe_token(token)
        return render_template("mail/unsubscribe.html", found=found, done=False), (
            200 if found else 400
        )
    found = preferences.unsubscribe(token)
    return render_template("mail/unsubscribe.html", found=found, done=True), (200 if found else 400)
