"""Forms: accounts, residents' profiles, organizations, issues and the issue search."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..services.accounts import MAX_PASSWORD
from ..services.vocabulary import (
    LANGUAGE_LABELS,
    SLOT_LABELS,
)


def required():
    return DataRequired(message=_l("Please fill in this field."))


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


# ---- Shared widgets for the taxonomy ----


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes with one name; the view supplies the choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        known = {str(choice.value) for choice in self.choices or ()}
        if any(str(value) not in known for value in self.data or ()):
            raise ValidationError(_l("Please choose from the list."))


class FriendlyDateField(DateField):
    """A date field whose error says what to type, in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Please enter a date like 2027-04-01.")) from None


class FriendlyIntegerField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Please enter a whole number, like 3.")) from None


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def max_length(n: int):
    return Length(max=n, message=_l("Use at most %(max)d characters."))


def slots_field(label, description=None):
    return MultiCheckboxField(label, choices=choices(SLOT_LABELS.items()), description=description)


def languages_field(label, description=None):
    return MultiCheckboxField(
        label, choices=choices(LANGUAGE_LABELS.items()), description=description
    )


def other_themes_field():
    """Themes the list lacks, typed freely; the ranker reads them as it reads the list."""
    return StringField(
        _l("Other themes, in your own words"),
        validators=[max_length(500)],
        description=_l("Separate several with 「、」, e.g. 防災、まちの清掃."),
    )


# ---- Residents ----


class ProfileForm(FlaskForm):
    area = StringField(
        _l("Where you live or want to help"),
        validators=[max_length(255)],
        description=_l("A district, an address or a nearby station, e.g. 高島平 or 成増駅."),
    )
    themes = MultiCheckboxField(
        _l("Themes you care about"),
        description=_l("Tick as many as you like. They are grouped by field of activity."),
    )
    other_themes = other_themes_field()
    skills = TextAreaField(
        _l("What you can do"),
        validators=[max_length(2000)],
        description=_l(
            "Skills, qualifications or experience, one per line or separated by 「、」. "
            "Write them as you like, e.g. ｴｸｾﾙ, 普通免許, 介護福祉士（実務5年）."
        ),
    )
    availability = slots_field(
        _l("When you are free"), _l("Tick every time of the week that usually suits you.")
    )
    online_ok = BooleanField(_l("I can also take part online"))
    languages = languages_field(_l("Languages you can use"))
    bio = TextAreaField(
        _l("A few words about yourself"),
        validators=[max_length(1000)],
        description=_l("Optional. Shown to organizations only after you agree to a match."),
    )
    consent = BooleanField(_l("I have read the privacy policy and agree to it"))
    check = SubmitField(_l("Check what you understood"))
    save = SubmitField(_l("Save my profile"))


class DeclineForm(FlaskForm):
    reason = SelectField(
        _l("Why you cannot take part"),
        choices=choices(
            [
                ("schedule", _l("The dates or times do not suit me")),
                ("distance", _l("It is too far for me")),
                ("content", _l("The activity is not what I expected")),
                ("health", _l("My health or family situation")),
                ("other", _l("Another reason")),
            ]
        ),
    )
    details = TextAreaField(
        _l("Anything you would like to add"),
        validators=[max_length(500)],
        description=_l("Optional. The organization and the desk read this."),
    )
