"""Forms for organizations: registering, inviting colleagues, posting issues; and the search."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, NumberRange, Optional, ValidationError

from matchhub.models import SELF_DECLARED_KINDS
from matchhub.platform.forms import (
    FriendlyDateField,
    FriendlyIntegerField,
    MultiCheckboxField,
    choices,
    languages_field,
    max_length,
    other_themes_field,
    required,
    slots_field,
)
from matchhub.platform.vocabulary import (
    DAY_LABELS,
    ISSUE_KIND_LABELS,
    ORGANIZATION_KIND_LABELS,
    TIME_LABELS,
)

# ---- Organizations ----


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name of the organization"), validators=[required(), max_length(200)])
    # Offered: the self-declared kinds (the view adds a desk-granted kind the organization
    # already has); the service refuses the others whatever is posted.
    kind = SelectField(
        _l("Kind of organization"),
        choices=choices((k, ORGANIZATION_KIND_LABELS[k]) for k in SELF_DECLARED_KINDS),
        validate_choice=False,
        description=_l(
            "A ward department or the social welfare council: choose “Other”. The collaboration "
            "desk sets the kind when it verifies you."
        ),
    )
    area = StringField(
        _l("Where you are active"),
        validators=[max_length(255)],
        description=_l("A district or an address, e.g. 仲宿 or 板橋区仲宿54-3."),
    )
    themes = MultiCheckboxField(_l("Themes you work on"))
    other_themes = other_themes_field()
    offers = TextAreaField(
        _l("What you can offer others"),
        validators=[max_length(2000)],
        description=_l("Space, equipment, know-how…, one per line, e.g. 会議室（10名程度）."),
    )
    description = TextAreaField(
        _l("About the organization"), validators=[required(), max_length(5000)]
    )
    email = EmailField(
        _l("Contact email address"),
        validators=[
            Optional(),
            Email(
                message=_l("Please enter an email address like name@example.jp."),
                check_deliverability=False,
            ),
        ],
        description=_l("Shown to a resident only after they agree to a match with you."),
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Your colleague's email address"),
        validators=[
            required(),
            Email(
                message=_l("Please enter an email address like name@example.jp."),
                check_deliverability=False,
            ),
        ],
    )


class IssueForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[required(), max_length(200)],
        description=_l("Say what help you need in a few words, e.g. 子ども食堂の調理スタッフ."),
    )
    kind = SelectField(_l("What you are looking for"), choices=choices(ISSUE_KIND_LABELS.items()))
    description = TextAreaField(
        _l("What, where and how"),
        validators=[required(), max_length(5000)],
        description=_l("What people will do, how often, and anything they should know."),
    )
    themes = MultiCheckboxField(_l("Themes"))
    other_themes = other_themes_field()
    skills = TextAreaField(
        _l("Skills that help"),
        validators=[max_length(2000)],
        description=_l("One per line or separated by 「、」. Leave empty if anyone can help."),
    )
    area = StringField(
        _l("Where"),
        validators=[max_length(255)],
        description=_l("A district, an address or a station. Leave empty if only online."),
    )
    online = BooleanField(_l("People can take part online"))
    availability = slots_field(_l("When"), _l("Tick the times of the week the activity runs."))
    languages = languages_field(
        _l("Languages people must use"), _l("Leave empty if Japanese is enough.")
    )
    people_needed = FriendlyIntegerField(
        _l("How many people"),
        default=1,
        validators=[
            InputRequired(message=_l("Please fill in this field.")),
            NumberRange(min=1, max=999, message=_l("Enter a number from 1 to 999.")),
        ],
    )
    starts_on = FriendlyDateField(_l("First day"), validators=[Optional()])
    ends_on = FriendlyDateField(
        _l("Last day"),
        validators=[Optional()],
        description=_l("For a one-day activity (単発), enter the same day as the first day."),
    )

    def validate_area(self, field):
        if not (field.data or "").strip() and not self.online.data:
            raise ValidationError(_l("Say where the activity is, or tick “online”."))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


# ---- Finding issues (GET, so no CSRF token) ----


class IssueSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Keywords"), validators=[max_length(200)])
    theme = SelectField(_l("Theme"), validate_choice=False)
    area = SelectField(_l("Area"), validate_choice=False)
    day = SelectField(
        _l("Day"),
        choices=choices([("", _l("Any day")), *DAY_LABELS.items()]),
        validate_choice=False,
    )
    time = SelectField(
        _l("Time"),
        choices=choices([("", _l("Any time")), *TIME_LABELS.items()]),
        validate_choice=False,
    )
    kind = SelectField(
        _l("Kind"),
        choices=choices([("", _l("Any kind")), *ISSUE_KIND_LABELS.items()]),
        validate_choice=False,
    )
    online = BooleanField(_l("Online only"))
    one_off = BooleanField(_l("One day only (単発)"))
