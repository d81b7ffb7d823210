"""Forms of the administration pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    FloatField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from matchhub.admin.staff import MAX_REASON
from matchhub.platform.forms import choices

ROLE_CHOICES = [("coordinator", _l("Coordinator")), ("admin", _l("Administrator"))]


def required():
    return DataRequired(message=_l("Please fill in this field."))


def reason_field():
    return TextAreaField(
        _l("Reason"),
        validators=[required(), Length(max=MAX_REASON)],
        description=_l("Kept in the audit log with your name."),
        render_kw={"rows": 2},
    )


class StaffCreateForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[required(), Email(message=_l("Enter a valid email address.")), Length(max=254)],
    )
    name = StringField(_l("Name"), validators=[required(), Length(max=100)])
    role = SelectField(_l("Role"), choices=choices(ROLE_CHOICES), validators=[InputRequired()])
    reason = reason_field()


class RoleChangeForm(FlaskForm):
    role = SelectField(_l("Role"), choices=choices(ROLE_CHOICES), validators=[InputRequired()])
    change = SelectField(
        _l("Change"),
        choices=choices([("grant", _l("Give this role")), ("revoke", _l("Take this role away"))]),
        validators=[InputRequired()],
    )
    reason = reason_field()


class ReasonForm(FlaskForm):
    reason = reason_field()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def aliases_field(label, description):
    return TextAreaField(
        label, validators=[Length(max=5000)], description=description, render_kw={"rows": 8}
    )


class ThemeForm(FlaskForm):
    name = StringField(_l("Name (Japanese)"), validators=[required(), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[required(), Length(max=120)])
    aliases = aliases_field(
        _l("Other words for it"), _l("One per line, as people type them: 子ども食堂, こども食堂.")
    )
    fields = MultiCheckboxField(_l("NPO-law activity fields"), choices=[])
    sample = StringField(
        _l("Sample text"),
        validators=[Length(max=300)],
        description=_l("Typed text to try: see what it is understood as, before and after."),
    )


class SkillForm(FlaskForm):
    name = StringField(_l("Name (Japanese)"), validators=[required(), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[required(), Length(max=120)])
    category = StringField(_l("Category"), validators=[required(), Length(max=60)])
    aliases = aliases_field(
        _l("Other words for it"), _l("One per line, as people type them: エクセル, ｴｸｾﾙ.")
    )
    sample = ThemeForm.sample


class AreaForm(FlaskForm):
    name = StringField(_l("Area name"), validators=[required(), Length(max=120)])
    kana = StringField(_l("Reading (kana)"), validators=[Optional(), Length(max=120)])
    parent = SelectField(_l("Inside"), choices=[], validators=[Optional()])
    lat = FloatField(
        _l("Centre latitude"),
        validators=[Optional(), NumberRange(-90, 90, message=_l("Between -90 and 90."))],
    )
    lon = FloatField(
        _l("Centre longitude"),
        validators=[Optional(), NumberRange(-180, 180, message=_l("Between -180 and 180."))],
    )
    aliases = aliases_field(
        _l("Towns, stations and facilities in it"),
        _l("One per line: 高島平二丁目, 高島平駅, 高島平区民館."),
    )
    sample = ThemeForm.sample


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Who (name or email)"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("Action"), choices=[], validators=[Optional()])
    target = StringField(_l("Object (type or key)"), validators=[Optional(), Length(max=120)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])


KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


def key_field():
    from wtforms.validators import Regexp

    return StringField(
        _l("Key"),
        validators=[
            required(),
            Length(max=60),
            Regexp(KEY_PATTERN, message=_l("Lower-case letters, digits, - and _ only.")),
        ],
        description=_l("A short name that never changes, used in files and links: kodomo."),
    )


class NewThemeForm(ThemeForm):
    key = key_field()


class NewSkillForm(SkillForm):
    key = key_field()


class NewAreaForm(AreaForm):
    key = key_field()
