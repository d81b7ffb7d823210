"""The account's API tokens: list, create (the secret shown once) and revoke."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from matchhub.accounts import tokens
from matchhub.matching.forms import MultiCheckboxField
from matchhub.models.types import utcnow
from matchhub.platform.access import second_factor_gate

bp = Blueprint("tokens", __name__, url_prefix="/me/tokens", template_folder="templates")

SCOPE_LABELS = {
    "read_public": _l("Read public information (issues, organizations, case studies)"),
    "read_personal": _l("Read personal information (your matches; for the desk, residents)"),
    "write_decisions": _l("Confirm and reject candidates (the desk only)"),
}


class TokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(message=_l("Please fill in this field.")), Length(max=100)],
        description=_l("What the token is for, e.g. 区ウェブサイトの掲載."),
    )
    scopes = MultiCheckboxField(
        _l("Permissions"),
        validators=[DataRequired(message=_l("Choose at least one permission."))],
        choices=[],
    )
    days = SelectField(_l("Valid for"), choices=[], default=str(tokens.DEFAULT_EXPIRY_DAYS))


class RevokeForm(FlaskForm):
    """Only the CSRF token: the token to revoke is in the address."""


def account_secured(view):
    """Logged in and, for the desk, past the second factor: a token must not be a way round it."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        gate = second_factor_gate() if current_user.is_staff else None
        return gate or view(*args, **kwargs)

    return guarded


def _form() -> TokenForm:
    form = TokenForm()
    form.scopes.choices = [(s, SCOPE_LABELS[s]) for s in tokens.allowed_scopes(current_user)]
    form.days.choices = [(str(d), _("%(num)d days", num=d)) for d in tokens.EXPIRY_DAYS]
    return form


@bp.route("", methods=["GET", "POST"])
@account_secured
def index():
    form = _form()
    if form.validate_on_submit():
        try:
            created = tokens.create_token(
                current_user, form.name.data, list(form.scopes.data), int(form.days.data)
            )
        except tokens.TokenError as error:
            flash(str(error), "error")
        else:
            page = render_template(
                "tokens/created.html", token=created.token, secret=created.secret,
                labels=SCOPE_LABELS,
            )  # fmt: skip
            # The secret is on this page only: keep it out of every cache.
            return page, 200, {"Cache-Control": "no-store"}
    return render_template(
        "tokens/index.html",
        form=form,
        tokens=tokens.tokens_of(current_user),
        labels=SCOPE_LABELS,
        now=utcnow(),
    )


@bp.post("/<int:token_id>/revoke")
@account_secured
def revoke(token_id: int):
    """:raise 404: for a token that is not the user's, so others' tokens stay unseen."""
    if token_id not in {t.id for t in tokens.tokens_of(current_user)}:
        abort(404)
    form = RevokeForm()
    if form.validate_on_submit() and tokens.revoke_token(current_user, token_id):
        flash(_("The token is revoked. Programs using it can no longer connect."), "success")
    else:
        flash(_("That token could not be revoked."), "error")
    return redirect(url_for(".index"))
