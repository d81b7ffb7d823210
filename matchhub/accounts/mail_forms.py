"""Forms for mail: which notices come by mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class MailPreferencesForm(FlaskForm):
    matches = BooleanField(
        _l("Match proposals"),
        description=_l("When an activity is proposed to you, and answers about your matches."),
    )
    reminders = BooleanField(
        _l("Reminders"), description=_l("When something waits for your answer or report.")
    )
    news = BooleanField(
        _l("News near you"), description=_l("Case studies and news from your area.")
    )
