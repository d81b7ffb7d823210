"""Forms shared by the account pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..services.accounts import MAX_PASSWORD


def _required():
    return DataRequired(message=_l("Please fill in this field."))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[_required()])
    password = PasswordField(_l("Password"), validators=[_required()])
    remember = BooleanField(_l("Stay logged in on this device"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Name"),
        validators=[_required(), Length(max=100, message=_l("Use at most 100 characters."))],
        description=_l("The name organizations see once you agree to a match."),
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            _required(),
            Email(
                message=_l("Please enter an email address like name@example.jp."),
                check_deliverability=False,
            ),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[_required(), Length(max=MAX_PASSWORD)],
        description=_l("At least 8 characters. A phrase you can remember works well."),
    )
    area = StringField(
        _l("Where you live or want to help"),
        validators=[Length(max=255, message=_l("Use at most 255 characters."))],
        description=_l("A district, an address or a nearby station, e.g. 高島平 or 成増駅."),
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[_required()])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[_required(), Length(max=MAX_PASSWORD)],
        description=_l("At least 8 characters. A phrase you can remember works well."),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[_required(), EqualTo("password", message=_l("The two passwords differ."))],
    )
