"""Proposals: submit and revise (every version kept), attach files, talk, decide, share.

Each function checks what its caller may do, records an audit event, tells the people
concerned, and commits once, so a failure leaves none of it behind.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from matchhub.desk import desk
from matchhub.desk import issues as desk_issues
from matchhub.desk.desk import Access, DeskError
from matchhub.extensions import db
from matchhub.models import (
    COST_BEARERS,
    DeskIssue,
    Organization,
    Proposal,
    ProposalAttachment,
    ProposalMessage,
    ProposalVersion,
    User,
)
from matchhub.models.proposals import (
    AWAITING_DECISION,
    ON_FIRST_DESK_MESSAGE,
    OPEN_FOR_FILES,
    ProposalStatus,
)
from matchhub.models.types import utcnow
from matchhub.organizations import quotas
from matchhub.platform import audit
from matchhub.platform import files as attachments
from matchhub.platform.files import CheckedFile
from matchhub.platform.links import path_for
from matchhub.platform.notifications import notify

FILES = "proposals"
TEXT_FIELDS = ("title", "summary", "idea", "effect", "roles", "schedule", "cost", "cost_bearer")
# Proposers may revise until the desk decides; files may be added while the work goes on.


class ProposalError(DeskError):
    """A step the proposal's state or the user's role does not allow."""


class ConcurrentChange(ProposalError):
    """Someone changed the proposal between reading and writing it."""


@dataclass
class ProposalInput:
    title: str = ""
    summary: str = ""
    idea: str = ""
    effect: str = ""
    roles: str = ""
    schedule: str = ""
    cost: str = ""
    cost_bearer: str = "proposer"
    note: str = ""


def input_from(proposal: Proposal) -> ProposalInput:
    return ProposalInput(**{name: getattr(proposal, name) for name in TEXT_FIELDS})


def path(proposal: Proposal) -> str:
    return path_for("desk.proposal", key=proposal.key)


def _fingerprint(previous: str, data: ProposalInput) -> str:
    content = {name: getattr(data, name).strip() for name in TEXT_FIELDS}
    payload = json.dumps({"previous": previous, **content}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def write_version(proposal: Proposal, user: User | None, data: ProposalInput) -> ProposalVersion:
    previous = proposal.versions[-1].fingerprint if proposal.versions else ""
    for name in TEXT_FIELDS:
        setattr(proposal, name, getattr(data, name).strip())
    version = ProposalVersion(
        proposal=proposal,
        number=proposal.version_number,
        author_id=user.id if user else None,
        note=data.note.strip(),
        fingerprint=_fingerprint(previous, data),
        **{name: getattr(data, name).strip() for name in TEXT_FIELDS},
    )
    db.session.add(version)
    return version


def _attach(proposal: Proposal, user: User, files: list[CheckedFile], stored: list[str]) -> None:
    for checked in files:
        name = attachments.store(FILES, checked)
        stored.append(name)
        db.session.add(
            ProposalAttachment(
                key=desk.new_key(),
                proposal=proposal,
                uploaded_by_id=user.id,
                filename=checked.filename,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                storage_name=name,
                version_number=proposal.version_number,
            )
        )
        audit.record(
            user.id,
            "proposal.attach",
            proposal,
            {"file": checked.filename, "sha256": checked.sha256, "size": checked.size},
        )


def _within_quota(check, org: Organization, files: list[CheckedFile]) -> None:
    try:
        check(org, sum(f.size for f in files))
    except quotas.QuotaExceeded as error:
        raise ProposalError(str(error)) from None


def commit(stored: list[str]) -> None:
    """Commit; on failure remove the files written for rows that never were."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        attachments.discard(FILES, stored)
        raise ConcurrentChange(
            _("Someone else changed this proposal at the same moment. Please look again.")
        ) from None
    except Exception:
        db.session.rollback()
        attachments.discard(FILES, stored)
        raise


def tell(proposal: Proposal, sides: set[str], message, author: User | None) -> None:
    """Notify the proposer's members, the desk and the shared departments, not the author."""
    recipients: dict[int, User] = {}
    if "proposer" in sides:
        recipients |= {u.id: u for u in desk.members({proposal.organization_id})}
    if "department" in sides:
        recipients |= {u.id: u for u in desk.members(desk.shared_department_ids(proposal))}
    if "desk" in sides:
        recipients |= {u.id: u for u in desk.coordinators()}
    for user in recipients.values():
        if author is None or user.id != author.id:
            notify(user, "proposal", message, path(proposal))


def submit(
    user: User,
    org: Organization,
    issue: DeskIssue | None,
    data: ProposalInput,
    files: list[CheckedFile],
) -> Proposal:
    """Send a new proposal (version 1) with its files, and tell the desk."""
    if org.id not in {o.id for o in desk.proposing_organizations(user)}:
        raise ProposalError(_("You can send proposals only for your own organization."))
    if not desk_issues.takes_proposals(issue):
        raise ProposalError(_("This issue is no longer taking proposals."))
    if data.cost_bearer not in COST_BEARERS:
        raise ProposalError(_("Please say who bears the cost."))
    _within_quota(quotas.check_proposal, org, files)
    now = utcnow()
    proposal = Proposal(
        key=desk.new_key(),
        desk_issue=issue,
        organization_id=org.id,
        created_by_id=user.id,
        status=ProposalStatus.SUBMITTED,
        version_number=1,
        submitted_at=now,
        status_changed_at=now,
    )
    db.session.add(proposal)
    version = write_version(proposal, user, data)
    stored: list[str] = []
    db.session.flush()
    _attach(proposal, user, files, stored)
    audit.record(
        user.id, "proposal.submit", proposal, {"version": 1, "fingerprint": version.fingerprint}
    )
    message = _l(
        "A new proposal arrived: 「%(title)s」 from %(org)s.", title=proposal.title, org=org.name
    )
    tell(proposal, {"desk"}, message, user)
    commit(stored)
    return proposal


def revise(proposal: Proposal, user: User, data: ProposalInput, files: list[CheckedFile]) -> bool:
    """Save a new version (if the text changed) and any new files; True if a version was made."""
    if desk.proposal_access(user, proposal) is not Access.PROPOSER:
        raise ProposalError(_("Only the proposing organization can change a proposal."))
    if proposal.status not in AWAITING_DECISION:
        raise ProposalError(_("The desk has decided on this proposal; it can no longer change."))
    if data.cost_bearer not in COST_BEARERS:
        raise ProposalError(_("Please say who bears the cost."))
    changed = any(getattr(data, name).strip() != getattr(proposal, name) for name in TEXT_FIELDS)
    _within_quota(quotas.check_uploads, proposal.organization, files)
    stored: list[str] = []
    if changed:
        proposal.version_number += 1
        version = write_version(proposal, user, data)
        audit.record(
            user.id,
            "proposal.revise",
            proposal,
            {"version": version.number, "fingerprint": version.fingerprint},
        )
        message = _l(
            "The proposal 「%(title)s」 was revised (version %(n)d).",
            title=proposal.title,
            n=proposal.version_number,
        )
        tell(proposal, {"desk", "department"}, message, user)
    _attach(proposal, user, files, stored)
    commit(stored)
    return changed


def add_files(proposal: Proposal, user: User, files: list[CheckedFile]) -> None:
    if desk.proposal_access(user, proposal) is not Access.PROPOSER:
        raise ProposalError(_("Only the proposing organization can add files."))
    if proposal.status not in OPEN_FOR_FILES:
        raise ProposalError(_("Files can no longer be added to this proposal."))
    _within_quota(quotas.check_uploads, proposal.organization, files)
    stored: list[str] = []
    _attach(proposal, user, files, stored)
    tell(
        proposal,
        {"desk", "department"},
        _l("New files were added to the proposal 「%(title)s」.", title=proposal.title),
        user,
    )
    commit(stored)


def find_attachment(proposal: Proposal, key: str) -> ProposalAttachment | None:
    return db.session.scalar(
        select(ProposalAttachment).where(
            ProposalAttachment.proposal_id == proposal.id, ProposalAttachment.key == key
        )
    )


def post_message(proposal: Proposal, user: User, body: str) -> ProposalMessage:
    """Add to the proposal's thread; the desk's or a department's first message answers it.

    Two staff answering at once both mark the proposal answered; the later one's write
    then meets a newer proposal. The message is written again on the fresh proposal (which
    is already answered), so it is never lost.
    """
    for _attempt in range(2):
        try:
            return _post_message(proposal, user, body)
        except ConcurrentChange:
            continue  # the rollback expired the proposal: the next attempt reads it afresh
        except StaleDataError:  # met while flushing, before commit() could translate it
            db.session.rollback()
    return _post_message(proposal, user, body)


def _post_message(proposal: Proposal, user: User, body: str) -> ProposalMessage:
    access = desk.proposal_access(user, proposal)
    sides = {Access.PROPOSER: "proposer", Access.DESK: "desk", Access.DEPARTMENT: "department"}
    if access not in sides:
        raise ProposalError(_("You cannot write in this thread."))
    body = body.strip()
    if not body:
        raise ProposalError(_("Please write a message."))
    side = sides[access]
    message = ProposalMessage(proposal=proposal, author_id=user.id, side=side, body=body)
    db.session.add(message)
    if side != "proposer":
        _answered(proposal)
    db.session.flush()
    audit.record(user.id, "proposal.message", proposal, {"side": side, "message": message.id})
    others = {"proposer", "desk", "department"} - {side}
    tell(
        proposal,
        others,
        _l("New message on the proposal 「%(title)s」.", title=proposal.title),
        user,
    )
    commit([])
    return message


def _answered(proposal: Proposal) -> None:
    now = utcnow()
    if proposal.first_response_at is None:
        proposal.first_response_at = now
    allowed, target = ON_FIRST_DESK_MESSAGE
    if proposal.status in allowed:
        proposal.status, proposal.status_changed_at = target, now
