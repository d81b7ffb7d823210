"""One's own account: change the password, set up and pass the second factor."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.accounts import accounts, second_factor_guard
from matchhub.accounts import second_factor as totp
from matchhub.accounts.auth import safe_next
from matchhub.accounts.forms import PasswordChangeForm, SecondFactorForm
from matchhub.extensions import limiter
from matchhub.security import mark_second_factor_passed, start_session

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except accounts.AccountError as error:
            getattr(form, error.field or "password").errors.append(str(error))
        else:
            # Every other copy of the session has ended; this browser continues on a new one.
            was_verified = current_user.is_staff
            start_session(current_user._get_current_object())
            if was_verified:
                mark_second_factor_passed()
            flash(_("Your password has been changed. Other devices are logged out."), "success")
            return redirect(url_for("residents.me"))
    return render_template("account/password.html", form=form)


@bp.route("/2fa", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def second_factor():
    if not totp.is_enabled(current_user):
        return redirect(url_for(".setup_second_factor", next=request.args.get("next", "")))
    form = SecondFactorForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        problem = second_factor_guard.attempt(current_user, form.code.data)
        if problem is None:
            mark_second_factor_passed()
            return redirect(safe_next(form.next.data))
        form.code.errors.append(problem)
    return render_template("account/second_factor.html", form=form)


@bp.route("/2fa/setup", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def setup_second_factor():
    if totp.is_enabled(current_user):
        return redirect(url_for(".second_factor", next=request.args.get("next", "")))
    # The secret waits in the session until a first code proves the phone has it.
    secret = session.setdefault("totp_pending", totp.new_secret())
    form = SecondFactorForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        codes = totp.confirm_setup(current_user, secret, form.code.data)
        if codes is not None:
            session.pop("totp_pending", None)
            mark_second_factor_passed()
            page = render_template(
                "account/recovery_codes.html", codes=codes, next=safe_next(form.next.data)
            )
            return page, 200, {"Cache-Control": "no-store"}
        form.code.errors.append(_("This code is not correct. Check the time on your phone."))
    uri = totp.provisioning_uri(current_user, secret)
    return render_template(
        "account/second_factor_setup.html",
        form=form,
        secret=secret,
        qr=totp.qr_data_uri(uri),
    )
