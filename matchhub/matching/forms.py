"""Forms of the coordinator's workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

REJECT_CHOICES = [
    ("too_far", _l("Too far from the place")),
    ("skills", _l("Skills do not fit")),
    ("schedule", _l("Days and times do not fit")),
    ("already_busy", _l("Already busy with other activities")),
    ("other", _l("Other reason")),
]
CONFIRM_CHOICES = [
    ("good_fit", _l("Good fit")),
    ("resident_asked", _l("The resident asked to take part")),
    ("known_to_desk", _l("Known to the desk")),
    ("other", _l("Other reason")),
]


class DecisionForm(FlaskForm):
    candidate_kind = HiddenField(validators=[InputRequired()])
    candidate_key = HiddenField(validators=[InputRequired()])
    decision = HiddenField(validators=[InputRequired()])
    reason = StringField(
        _l("Reason"),
        validators=[AnyOf([""] + [value for value, _label in CONFIRM_CHOICES + REJECT_CHOICES])],
    )
    note = StringField(_l("Note (optional)"), validators=[Length(max=500)])
    # Going over the planned number of people is a choice, with the note as reason.
    over_capacity = BooleanField(_l("Over the planned number"))


class VerificationForm(FlaskForm):
    decision = HiddenField(validators=[InputRequired()])
    reason = TextAreaField(
        _l("Reason"),
        validators=[Length(max=1000)],
        description=_l("Required when refusing; the organization sees it."),
    )
    # Only the desk grants the department and social welfare council kinds, when verifying.
    kind = SelectField(_l("Kind of organization"), validate_choice=False)


class KindForm(FlaskForm):
    kind = SelectField(_l("Kind of organization"), validate_choice=False)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProxyRegistrationForm(FlaskForm):
    display_name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Please fill in this field.")), Length(max=100)],
    )
    area = StringField(
        _l("Where they live or want to help"),
        validators=[Length(max=255)],
        description=_l("A district, an address or a nearby station, e.g. 高島平 or 成増駅."),
    )
    themes = StringField(
        _l("Themes they care about"),
        validators=[Length(max=500)],
        description=_l("Separate with 、 or commas, e.g. 子ども食堂、防災."),
    )
    skills = StringField(
        _l("Skills and qualifications"),
        validators=[Length(max=500)],
        description=_l("As they say them, e.g. 運転免許、エクセル、介護福祉士."),
    )
    availability = MultiCheckboxField(_l("When they are free"), choices=[])
    online_ok = BooleanField(_l("Can take part online"))
    languages = StringField(
        _l("Languages"),
        default="ja",
        validators=[Length(max=100)],
        description=_l("ISO codes separated by commas, e.g. ja, en, vi; jsl for sign language."),
    )
    bio = TextAreaField(_l("Notes in their words"), validators=[Length(max=2000)])
    paper_consent = BooleanField(
        _l("The resident signed the paper consent form"),
        validators=[DataRequired(message=_l("A signed consent form is required."))],
    )
    consent_date = DateField(
        _l("Date on the consent form"),
        validators=[DataRequired(message=_l("Please enter the date like 2026-12-01."))],
    )


class AnswerForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the resident"),
        validators=[DataRequired(message=_l("Please fill in this field.")), Length(max=1000)],
    )


class CompletionForm(FlaskForm):
    hours = StringField(_l("Hours of activity"), validators=[Optional(), Length(max=10)])
    report = TextAreaField(
        _l("Short report"),
        validators=[DataRequired(message=_l("Please fill in this field.")), Length(max=2000)],
    )


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[DataRequired(message=_l("Please fill in this field.")), Length(max=1000)],
    )


class ClaimForm(FlaskForm):
    code = StringField(
        _l("Code from the desk"),
        validators=[DataRequired(message=_l("Please fill in this field.")), Length(max=40)],
        description=_l("12 letters and digits, e.g. ABCD-EFGH-JKLM. Dashes and spaces are fine."),
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(message=_l("Please fill in this field.")),
            Email(
                message=_l("Please enter an email address like name@example.jp."),
                check_deliverability=False,
            ),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Please fill in this field.")), Length(max=128)],
        description=_l("At least 8 characters. A phrase you can remember works well."),
    )


class WeightsForm(FlaskForm):
    """Applying the proposed weights: what was seen, a reason, and an explicit yes."""

    seen = HiddenField(validators=[InputRequired()])
    reason = TextAreaField(
        _l("Why apply these weights"), validators=[DataRequired(), Length(max=500)]
    )
    confirm = BooleanField(
        _l("I compared the current and proposed weights and want to apply the proposal"),
        validators=[DataRequired()],
    )


class TeamForm(FlaskForm):
    """Confirming a proposed team; the members' keys come as repeated `member` fields."""


class RevertWeightsForm(FlaskForm):
    """Using an earlier weight set again (-1: the defaults)."""

    entry = HiddenField(validators=[InputRequired()])
