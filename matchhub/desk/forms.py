"""Forms of the collaboration desk: issues, proposals, the thread, decisions, agreements,
reports and the case search."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import RadioField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from matchhub.platform import files as attachments
from matchhub.platform.files import UploadRejected
from matchhub.platform.forms import (
    FriendlyDateField,
    FriendlyIntegerField,
    MultiCheckboxField,
    choices,
    max_length,
    required,
)

COST_BEARER_LABELS = {
    "proposer": _l("The proposing organization (no cost to the ward)"),
    "third_party": _l("A third party, such as a grant or a sponsor (no cost to the ward)"),
    "shared": _l("Shared between the ward and the proposer"),
    "ward": _l("The ward"),
}
PART_LABELS = {
    "summary": _l("Summary"),
    "idea": _l("The idea"),
    "effect": _l("Expected effect on residents"),
    "roles": _l("Who does what (役割分担)"),
    "schedule": _l("Schedule"),
    "cost": _l("Cost and who bears it"),
    "attachments": _l("Attachments"),
}
DESK_ISSUE_STATUS_LABELS = {
    "draft": _l("Draft: only your department and the desk see it"),
    "open": _l("Open for proposals"),
    "closed": _l("Closed"),
}
PROPOSAL_STATUS_LABELS = {
    "submitted": _l("Submitted: waiting for the desk"),
    "in_dialogue": _l("In dialogue"),
    "accepted": _l("Accepted"),
    "declined": _l("Not accepted"),
    "in_progress": _l("Project under way"),
    "reported": _l("Reported"),
    "published": _l("Published as a case study"),
}
REPORT_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Sent to the desk"),
    "published": _l("Published"),
}
MOVE_LABELS = {
    "dialogue": _l("Start the dialogue"),
    "accept": _l("Accept the proposal"),
    "decline": _l("Decline the proposal"),
    "start": _l("Start the project"),
}
FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "idea": _l("The idea"),
    "effect": _l("Expected effect on residents"),
    "roles": _l("Who does what (役割分担)"),
    "schedule": _l("Schedule"),
    "cost": _l("Cost"),
    "cost_bearer": _l("Who bears the cost"),
}
AGREEMENT_KIND_LABELS = {
    "comprehensive": _l("Comprehensive agreement (包括連携協定)"),
    "individual": _l("Individual agreement (個別協定)"),
}


class CheckedFiles:
    """Every uploaded file must be a PDF or an image (by its content) within the size limit.

    The checked files are left on ``field.checked`` for the service to store.
    """

    def __init__(
        self, images_only: bool = False, max_files: int = attachments.MAX_FILES, needed=False
    ):
        self.images_only = images_only
        self.max_files = max_files
        self.needed = needed

    def __call__(self, form, field) -> None:
        uploads = field.data if isinstance(field.data, list) else [field.data]
        uploads = [f for f in uploads if f is not None and getattr(f, "filename", "")]
        field.checked = []
        if self.needed and not uploads:
            raise ValidationError(_l("Please choose a file."))
        if len(uploads) > self.max_files:
            raise ValidationError(_l("Send at most %(n)d files at once.", n=self.max_files))
        problems = []
        for upload in uploads:
            try:
                field.checked.append(
                    attachments.check(upload.filename, upload.stream, images_only=self.images_only)
                )
            except UploadRejected as error:
                problems.append(str(error))
        if problems:
            field.checked = []
            raise ValidationError(" ".join(problems))


def text(label, limit: int, description=None, optional: bool = False) -> TextAreaField:
    validators = [Optional() if optional else required(), max_length(limit)]
    return TextAreaField(label, validators=validators, description=description)


class DeskIssueForm(FlaskForm):
    department = SelectField(_l("Department in charge"), coerce=int)
    title = StringField(
        _l("Title"),
        validators=[required(), max_length(200)],
        description=_l("The issue in a few words, e.g. 在宅避難者への情報伝達."),
    )
    themes = MultiCheckboxField(_l("Related themes"))
    background = text(
        _l("Background"), 5000, _l("What is happening, and why the ward looks for partners.")
    )
    expectations = text(
        _l("What we expect from proposals"),
        5000,
        _l("What a good proposal achieves, and what the department can offer in return."),
    )
    deadline = FriendlyDateField(
        _l("Deadline for proposals"),
        validators=[Optional()],
        description=_l("Leave empty to take proposals until further notice."),
    )
    status = SelectField(_l("Status"), choices=choices(DESK_ISSUE_STATUS_LABELS.items()))


class ProposalForm(FlaskForm):
    organization = SelectField(_l("Proposing organization"), coerce=int)
    title = StringField(_l("Title of the proposal"), validators=[required(), max_length(200)])
    summary = text(
        _l("Summary"), 1000, _l("Two or three sentences: what you propose, and for whom.")
    )
    idea = text(_l("The idea"), 10000, _l("How it works, and what is new about it."))
    effect = text(
        _l("Expected effect on residents"),
        5000,
        _l("Who benefits and how; figures you expect, if you have them."),
    )
    roles = text(
        _l("Who does what (役割分担)"),
        5000,
        _l("What your organization does, what you ask of the ward, and who else takes part."),
    )
    schedule = text(_l("Schedule"), 3000, _l("e.g. 2027年4月 準備、6月 試行、9月 振り返り."))
    cost = text(_l("Cost"), 3000, _l("The estimated amount and its main items."))
    cost_bearer = RadioField(
        _l("Who bears the cost"),
        choices=choices(COST_BEARER_LABELS.items()),
        default="proposer",
        validators=[required()],
        description=_l(
            "The principle is no cost to the ward. A cost to the ward is possible, "
            "but it is flagged to the desk and needs a budget."
        ),
    )
    note = StringField(
        _l("What changed in this version"),
        validators=[Optional(), max_length(300)],
        description=_l("A line for the record, e.g. 費用の内訳を追加."),
    )
    files = MultipleFileField(_l("Attachments"), validators=[CheckedFiles()])


class FilesForm(FlaskForm):
    files = MultipleFileField(_l("Add files"), validators=[CheckedFiles()])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[required(), max_length(5000)])


class DecisionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason or comment"),
        validators=[Optional(), max_length(3000)],
        description=_l("Required to decline: the proposer reads it."),
    )


class ShareForm(FlaskForm):
    department = SelectField(_l("Department"), coerce=int)


class PublicationForm(FlaskForm):
    parts = MultiCheckboxField(
        _l("Parts that may become public"),
        choices=choices(PART_LABELS.items()),
        description=_l(
            "When the desk publishes the case, the title, your organization's name and the "
            "parts you tick here become public. Everything else stays confidential."
        ),
    )


class AgreementLinkForm(FlaskForm):
    agreement = SelectField(_l("Agreement"))


class SettingForm(FlaskForm):
    days = FriendlyIntegerField(
        _l("Days a proposal may wait for its first answer"),
        validators=[required(), NumberRange(min=1, max=365, message=_l("Enter 1 to 365."))],
    )


class AgreementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(200)])
    kind = RadioField(
        _l("Kind"), choices=choices(AGREEMENT_KIND_LABELS.items()), default="individual"
    )
    partner = SelectField(_l("Partner"), coerce=int)
    departments = MultiCheckboxField(_l("Departments"), coerce=int)
    themes = MultiCheckboxField(_l("Related themes"))
    starts_on = FriendlyDateField(_l("Start"), validators=[required()])
    ends_on = FriendlyDateField(_l("End"), validators=[Optional()])
    renewal_on = FriendlyDateField(
        _l("Renewal date"),
        validators=[Optional()],
        description=_l("The desk and the departments are reminded before it."),
    )
    roles = text(_l("Roles of each side"), 5000, optional=True)
    schedule = text(_l("Schedule"), 3000, optional=True)
    budget_yen = FriendlyIntegerField(
        _l("Budget (yen)"),
        validators=[Optional(), NumberRange(min=0, message=_l("Enter 0 or more."))],
    )
    cost_bearer = RadioField(
        _l("Who pays"), choices=choices(COST_BEARER_LABELS.items()), default="proposer"
    )
    budget_note = text(_l("About the budget"), 2000, optional=True)
    notes = text(_l("Notes"), 5000, optional=True)

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end cannot be before the start."))


class MatchLinkForm(FlaskForm):
    match_id = FriendlyIntegerField(_l("Match number"), validators=[required()])


class ReportForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(200)])
    summary = text(_l("Summary"), 1000, _l("Two or three sentences for the list of cases."))
    what_done = text(_l("What was done"), 10000)
    partners = text(
        _l("With whom"),
        2000,
        _l("The organizations and people who took part (no residents' names)."),
    )
    place = StringField(
        _l("Where"),
        validators=[Optional(), max_length(255)],
        description=_l("A district, a facility or an address, e.g. 高島平地域センター."),
    )
    themes = MultiCheckboxField(_l("Related themes"))
    figures = text(
        _l("Results in figures"),
        2000,
        _l("One per line, as 「label：figure」, e.g. 参加者：120人."),
        optional=True,
    )
    lessons = text(_l("Lessons learned"), 5000, optional=True)


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Photo"), validators=[CheckedFiles(images_only=True, max_files=1, needed=True)]
    )
    description = StringField(
        _l("What the photo shows"),
        validators=[required(), max_length(300)],
        description=_l("Read aloud to people who cannot see it. No faces without consent."),
    )


class PublishForm(FlaskForm):
    agreement = SelectField(_l("Agreement it came from"))


class CaseSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Keywords"), validators=[max_length(200)])
    theme = SelectField(_l("Theme"), validate_choice=False)
    area = SelectField(_l("Area"), validate_choice=False)
    partner_kind = SelectField(_l("Kind of partner"), validate_choice=False)
