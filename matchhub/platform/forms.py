"""Form fields and helpers every domain's forms share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from matchhub.platform.vocabulary import LANGUAGE_LABELS, SLOT_LABELS


def required():
    return DataRequired(message=_l("Please fill in this field."))


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
