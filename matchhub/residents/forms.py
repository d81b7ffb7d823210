"""Forms for residents: their profile and declining a match."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField

from matchhub.platform.forms import (
    MultiCheckboxField,
    choices,
    languages_field,
    max_length,
    other_themes_field,
    slots_field,
)


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
