"""Mail for its readers: confirm the address, choose notices, unsubscribe in one click."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.accounts.forms import LoginForm
from matchhub.accounts.mail_forms import MailPreferencesForm
from matchhub.extensions import csrf, limiter
from matchhub.models import MailCategory, User
from matchhub.platform.mail import preferences

bp = Blueprint("mail", __name__, template_folder="templates")
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


def _page(template: str, reader: User | None, status: int, **context):
    """A page opened from a mail speaks the mail's language unless the visitor chose one."""
    if reader is None or "locale" in session or current_user.is_authenticated:
        return render_template(template, **context), status
    with force_locale(reader.locale):
        return render_template(template, **context), status


@bp.route("/mail/confirm/<token>")
def confirm(token: str):
    """Confirm the address; a visitor who is not logged in gets the login form, filled in.

    The link does not log anyone in by itself: mail scanners and link previews open it, it
    can be forwarded, and an attacker could send their own account's link to a victim, who
    would then type personal details into the attacker's account (login CSRF). Typing the
    password just chosen, on this same page, costs one step and closes all three.
    """
    user = preferences.confirm(token)
    login_form = None
    if user is not None and not current_user.is_authenticated:
        login_form = LoginForm(email=user.email, next=url_for("residents.me"), formdata=None)
    status = 200 if user else 400
    return _page("mail/confirmed.html", user, status, user=user, login_form=login_form)


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST without a session; the signed token is the proof
def unsubscribe(token: str):
    """GET shows a button (link scanners must not unsubscribe); POST stops the mail."""
    done = request.method == "POST"
    if done:
        found = preferences.unsubscribe(token)
    else:
        found = preferences.read_unsubscribe_token(token)
    reader = found[0] if found else None
    return _page("mail/unsubscribe.html", reader, 200 if found else 400, found=found, done=done)
