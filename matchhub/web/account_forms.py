"""Forms for one's own account: password change and the second factor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..services.accounts import MAX_PASSWORD


def _required():
    return DataRequired(message=_l("Please fill in this field."))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[_required()])
    password = PasswordField(
        _l("New password"),
        validators=[_required(), Length(max=MAX_PASSWORD)],
        description=_l("At least 8 characters. A phrase you can remember works well."),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[_required(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class SecondFactorForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[_required(), Length(max=40)],
        description=_l("The 6 digits from your authenticator app, or one of your recovery codes."),
    )
    next = HiddenField()


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        description=_l(
            "To be sure it is you. Accounts made at the desk have none: leave it empty."
        ),
    )
    confirm = BooleanField(
        _l("I understand that my account and personal data are deleted and cannot be restored"),
        validators=[DataRequired(message=_l("Please tick the box to confirm."))],
    )
