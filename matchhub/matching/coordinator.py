"""The coordinator's workspace: the queue, decisions, verification and desk registration."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from matchhub.extensions import db
from matchhub.matching import decisions, learning, places, queue, team_confirmation
from matchhub.matching.forms import (
    CONFIRM_CHOICES,
    REJECT_CHOICES,
    DecisionForm,
    KindForm,
    ProxyRegistrationForm,
    RevertWeightsForm,
    TeamForm,
    VerificationForm,
    WeightsForm,
)
from matchhub.models import (
    ISSUE_KINDS,
    SLOTS,
    ActivityField,
    Area,
    HelperProfile,
    Issue,
    Organization,
)
from matchhub.organizations import directory, verification
from matchhub.platform import staff_views, vocabulary
from matchhub.platform.access import staff_required
from matchhub.platform.bounded_input import page_number
from matchhub.platform.links import external_url
from matchhub.ranking.learn import COMPONENTS
from matchhub.ranking.score import DEFAULT_WEIGHTS
from matchhub.residents import proxy

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator", template_folder="templates")
PER_PAGE = 10


def _issue_or_404(key: str) -> Issue:
    return db.first_or_404(select(Issue).where(Issue.key == key))


def _filter_choices() -> dict:
    wards = db.session.scalars(select(Area).where(Area.parent_id.is_not(None)).order_by(Area.id))
    fields = db.session.scalars(select(ActivityField).order_by(ActivityField.number))
    return {"areas": list(wards), "fields": list(fields), "kinds": ISSUE_KINDS}


def _card_texts() -> dict:
    """What every candidate card repeats, translated once for the page (50 cards a page)."""
    return {
        "confirm_choices": [(value, str(label)) for value, label in CONFIRM_CHOICES],
        "reject_choices": [(value, str(label)) for value, label in REJECT_CHOICES],
        "component_labels": _component_labels(),
        "org_kind_labels": {k: str(v) for k, v in vocabulary.ORGANIZATION_KIND_LABELS.items()},
    }


def _component_labels() -> dict[str, str]:
    return {name: str(label) for name, label in vocabulary.COMPONENT_LABELS.items()}


@bp.get("/")
@staff_required
def queue_page():
    filters = queue.QueueFilters(
        area=request.args.get("area", ""),
        field=request.args.get("field", ""),
        kind=request.args.get("kind", "") if request.args.get("kind") in ISSUE_KINDS else "",
    )
    page = page_number()
    entries, total = queue.build_queue(filters, page, PER_PAGE)
    queue.log_impressions(entries, current_user.id)
    return render_template(
        "coordinator/queue.html",
        entries=entries,
        total=total,
        page=page,
        pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        filters=filters,
        **_card_texts(),
        **_filter_choices(),
    )


@bp.get("/issues/<key>")
@staff_required
def issue_page(key: str):
    issue = _issue_or_404(key)
    candidates = queue.candidates_with_interest(issue, 20)
    entry = queue.QueueEntry(issue, 0.0, 0, 0, None, candidates)
    queue.log_impressions([entry], current_user.id)
    q = request.args.get("q", "").strip()
    by_hand = issue.kind in ("resource", "partnership")
    found = (
        (directory.search_organizations(q) if by_hand else directory.search_helpers(q)) if q else []
    )
    staff_views.record_search(current_user, issue, found)
    return render_template(
        "coordinator/issue.html",
        issue=issue,
        places_taken=places.taken(issue),
        candidates=candidates,
        q=q,
        found=found,
        form=DecisionForm(),
        **_card_texts(),
    )


def _candidate(kind: str, key: str) -> HelperProfile | Organization:
    model = {"helper": HelperProfile, "organization": Organization}.get(kind)
    if model is None:
        abort(400)
    return db.first_or_404(select(model).where(model.key == key))


@bp.post("/issues/<key>/decisions")
@staff_required
def decide(key: str):
    issue = _issue_or_404(key)
    form = DecisionForm()
    back = request.form.get("next", "")
    target = back if back.startswith("/coordinator") else url_for(".issue_page", key=key)
    if not form.validate_on_submit() or form.decision.data not in ("confirm", "reject", "propose"):
        flash(_("The decision could not be read. Please try again."), "error")
        return redirect(target)
    candidate = _candidate(form.candidate_kind.data, form.candidate_key.data)
    labels = dict(CONFIRM_CHOICES + REJECT_CHOICES)
    reason = str(labels.get(form.reason.data, ""))
    if form.note.data:
        reason = f"{reason}: {form.note.data.strip()}" if reason else form.note.data.strip()
    status = "rejected" if form.decision.data == "reject" else "confirmed"
    source = "coordinator" if form.decision.data == "propose" else "ranking"
    over_reason = (form.note.data or "").strip() if form.over_capacity.data else ""
    if form.over_capacity.data and not over_reason:
        flash(_("Write in the note why more people than planned are needed."), "error")
        return redirect(target)
    try:
        decisions.decide(issue, candidate, current_user, status, reason, source, over_reason)
    except (decisions.AlreadyDecided, places.PlacesFull) as error:
        flash(str(error), "error")
    else:
        name = (
            candidate.name if isinstance(candidate, Organization) else candidate.user.display_name
        )
        if status == "confirmed":
            flash(
                _("Confirmed %(name)s for 「%(title)s」.", name=name, title=issue.title), "success"
            )
        else:
            flash(
                _("Rejected %(name)s for 「%(title)s」.", name=name, title=issue.title), "success"
            )
    return redirect(target)


@bp.post("/issues/<key>/team")
@staff_required
def confirm_team(key: str):
    """The proposed team, confirmed in one action (each member audited on its own)."""
    issue = _issue_or_404(key)
    form = TeamForm()
    back = request.form.get("next", "")
    target = back if back.startswith("/coordinator") else url_for(".issue_page", key=key)
    members = [m for m in request.form.getlist("member") if m][:20]
    if not form.validate_on_submit() or not members:
        flash(_("The decision could not be read. Please try again."), "error")
        return redirect(target)
    try:
        outcome = team_confirmation.confirm_team(issue, members, current_user)
    except places.PlacesFull as error:
        flash(str(error), "error")
        return redirect(target)
    if outcome.confirmed:
        names = "、".join(outcome.confirmed)
        flash(_("Confirmed %(name)s for 「%(title)s」.", name=names, title=issue.title), "success")
    for problem in outcome.problems:
        flash(problem, "error")
    return redirect(target)


@bp.get("/organizations")
@staff_required
def organizations_page():
    return render_template(
        "coordinator/organizations.html",
        pending=verification.pending_organizations(),
        everyone=verification.all_organizations(),
        form=VerificationForm(),
        kind_form=KindForm(),
        kinds=vocabulary.ORGANIZATION_KIND_LABELS,
        verification_labels=vocabulary.VERIFICATION_STATE_LABELS,
    )


@bp.post("/organizations/<key>/verification")
@staff_required
def verify_organization(key: str):
    org = db.first_or_404(select(Organization).where(Organization.key == key))
    form = VerificationForm()
    if not form.validate_on_submit() or form.decision.data not in ("verify", "refuse"):
        flash(_("The decision could not be read. Please try again."), "error")
        return redirect(url_for(".organizations_page"))
    try:
        if form.decision.data == "verify":
            if form.kind.data:
                verification.set_kind(org, current_user, form.kind.data)
            verification.verify(org, current_user)
            flash(_("「%(name)s」 is verified.", name=org.name), "success")
        else:
            verification.refuse(org, current_user, form.reason.data or "")
            flash(_("「%(name)s」 was refused.", name=org.name), "success")
    except verification.VerificationError as error:
        flash(str(error), "error")
    return redirect(url_for(".organizations_page"))


@bp.post("/organizations/<key>/kind")
@staff_required
def set_organization_kind(key: str):
    """The desk says what kind an organization is (the only way to become a department)."""
    org = db.first_or_404(select(Organization).where(Organization.key == key))
    form = KindForm()
    if not form.validate_on_submit():
        flash(_("The decision could not be read. Please try again."), "error")
        return redirect(url_for(".organizations_page"))
    try:
        verification.set_kind(org, current_user, form.kind.data or "")
    except verification.VerificationError as error:
        flash(str(error), "error")
    else:
        flash(_("「%(name)s」 is saved.", name=org.name), "success")
    return redirect(url_for(".organizations_page", _anchor="all-organizations"))


def _split(text: str | None) -> list[str]:
    for mark in ("、", "，", "；", ";", "\n"):
        text = (text or "").replace(mark, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


@bp.route("/residents/new", methods=["GET", "POST"])
@staff_required
def register_resident():
    form = ProxyRegistrationForm()
    form.availability.choices = [
        SelectChoice(slot, str(vocabulary.SLOT_LABELS[slot])) for slot in SLOTS
    ]
    if form.validate_on_submit():
        registration = proxy.register_by_proxy(
            current_user,
            form.display_name.data,
            form.area.data or "",
            _split(form.themes.data),
            _split(form.skills.data),
            form.availability.data or [],
            form.online_ok.data,
            [code.lower() for code in _split(form.languages.data)],
            form.bio.data or "",
            form.consent_date.data,
        )
        response = render_template(
            "coordinator/resident_code.html",
            profile=registration.profile,
            code=proxy.format_code(registration.code),
            claim_url=external_url("auth.claim"),
        )
        return response, 200, {"Cache-Control": "no-store"}
    return render_template("coordinator/resident_new.html", form=form)


@bp.get("/weights")
@staff_required
def weights_page():
    return _weights_page(WeightsForm())


def _weights_page(form: WeightsForm, proposal: learning.WeightsProposal | None = None):
    proposal = proposal or learning.propose_weights()
    form.seen.data = proposal.fingerprint()
    return render_template(
        "coordinator/weights.html",
        proposal=proposal,
        history=learning.weight_history(),
        using_defaults=proposal.current == DEFAULT_WEIGHTS,
        components=COMPONENTS,
        component_labels=_component_labels(),
        form=form,
        revert_form=RevertWeightsForm(),
    )


@bp.post("/weights")
@staff_required
def apply_weights():
    form = WeightsForm()
    proposal = learning.propose_weights()
    if not form.validate_on_submit():
        flash(_("Tick the confirmation and write why, then apply again."), "error")
        return _weights_page(form, proposal), 400
    try:
        learning.apply_weights(proposal, form.seen.data, current_user, form.reason.data.strip())
    except (learning.StaleProposal, ValueError) as error:
        flash(str(error), "error")
    else:
        flash(_("The new weights are in use from now on."), "success")
    return redirect(url_for(".weights_page"))


@bp.post("/weights/revert")
@staff_required
def revert_weights():
    form = RevertWeightsForm()
    try:
        if not form.validate_on_submit():
            raise LookupError(form.entry.data)
        learning.revert_to(int(form.entry.data), current_user)
    except (LookupError, ValueError):
        flash(_("That weight set could not be found. Nothing was changed."), "error")
    else:
        flash(_("The earlier weights are in use again."), "success")
    return redirect(url_for(".weights_page"))
