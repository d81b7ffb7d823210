"""Log in, log out, register and reset a password."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from matchhub.accounts import accounts, signup
from matchhub.accounts.forms import LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm
from matchhub.extensions import limiter
from matchhub.matching.forms import ClaimForm
from matchhub.models import User
from matchhub.residents import proxy
from matchhub.security import remember_device, start_session, trusted_device_user

bp = Blueprint("auth", __name__, template_folder="templates")
EMAIL_MAX = 254  # RFC 5321


def safe_next(target: str | None) -> str:
    """Only follow redirects to paths on this site."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return url_for("residents.me")


def _login_email_key() -> str:
    """The address's limit key: hashed and of fixed length, so that the limiter's storage
    holds no addresses and cannot be grown by sending huge ones."""
    email = request.form.get("email", "")[:EMAIL_MAX].strip().lower()
    return "login:" + hashlib.sha256(email.encode("utf-8", "replace")).hexdigest()[:32]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@limiter.limit("60 per hour", methods=["POST"], key_func=_login_email_key)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data, trusted_device_user())
        except accounts.AccountError as error:
            form.password.errors.append(str(error))
        else:
            start_session(user)
            target = safe_next(form.next.data)
            if user.is_staff:
                # Coordinators and admins prove a second factor before anything else.
                target = url_for("account.second_factor", next=target)
            flash(_("You are logged in."), "success")
            return remember_device(redirect(target), user.id)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    accounts.end_all_sessions(current_user)
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            signup.register_resident(
                form.display_name.data, form.email.data, form.password.data, form.area.data or ""
            )
        except accounts.AccountError as error:
            getattr(form, error.field or "email").errors.append(str(error))
        else:
            # The same words and the same page whether or not the address had an account.
            flash(
                _(
                    "We have sent a mail to %(email)s. Open the link in it to finish registering.",
                    email=User.normalise_email(form.email.data),
                ),
                "info",
            )
            return redirect(url_for("auth.register_sent"))
    return render_template("auth/register.html", form=form)


@bp.get("/register/sent")
def register_sent():
    return render_template("auth/register_sent.html")


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.send_password_reset(form.email.data)
        flash(
            _("If this address is registered, we have sent a link to choose a new password."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = accounts.user_for_reset_token(token)
    if user is None:
        flash(_("This link has expired or was already used. Please ask for a new one."), "error")
        return redirect(url_for("auth.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(user, form.password.data)
        except accounts.AccountError as error:
            form.password.errors.append(str(error))
        else:
            flash(_("Your password has been changed. Please log in."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/claim", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def claim():
    """Take over an account the desk registered, with the printed one-time code."""
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            user = proxy.claim_account(form.code.data, form.email.data, form.password.data)
        except accounts.AccountError as error:
            getattr(form, error.field or "code").errors.append(str(error))
        else:
            start_session(user)
            flash(_("Your account is yours now. Welcome!"), "success")
            return redirect(url_for("residents.me"))
    return render_template("auth/claim.html", form=form)
