"""Forms for accounts: login, sign-up, password reset and change, the second factor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from matchhub.accounts.accounts import MAX_PASSWORD
from matchhub.platform.forms import required


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


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[required()])
    password = PasswordField(_l("Password"), validators=[required()])
    next = HiddenField()


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Name"),
        validators=[required(), Length(max=100, message=_l("Use at most 100 characters."))],
        description=_l("The name organizations see once you agree to a match."),
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            required(),
            Email(
                message=_l("Please enter an email address like name@example.jp."),
                check_deliverability=False,
            ),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[required(), Length(max=MAX_PASSWORD)],
        description=_l("At least 8 characters. A phrase you can remember works well."),
    )
    area = StringField(
        _l("Where you live or want to help"),
        validators=[Length(max=255, message=_l("Use at most 255 characters."))],
        description=_l("A district, an address or a nearby station, e.g. 高島平 or 成増駅."),
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[required()])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[required(), Length(max=MAX_PASSWORD)],
        description=_l("At least 8 characters. A phrase you can remember works well."),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
    )
