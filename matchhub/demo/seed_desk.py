"""The demo collaboration desk: administrative issues, proposals in every state, agreements
and published case studies (content in matchhub/demo/desk_content.py).

Rows are built directly, with their dates set back in time, so the demo shows waiting
times, a renewal coming up and a year of case studies; loading it twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from matchhub.demo import desk_content as content
from matchhub.desk import desk, proposals
from matchhub.desk.reports import parse_figures
from matchhub.extensions import db
from matchhub.models import (
    Agreement,
    CaseReport,
    DeskIssue,
    Membership,
    Organization,
    Proposal,
    ProposalMessage,
    ProposalShare,
    User,
)
from matchhub.models.types import utcnow
from matchhub.platform.vocabulary import resolve_area


def seed_desk_demo(account) -> None:
    """Add the desk's demo data once; `account(local, name)` makes a demo account."""
    if db.session.scalar(select(DeskIssue.id).limit(1)) is not None:
        return
    orgs = {o.key: o for o in db.session.scalars(select(Organization))}
    if not all(key in orgs for key in ("demo-org", "demo-o-09", "demo-o-21", "demo-o-23")):
        return  # not the shipped demo registry
    coordinator = db.session.scalar(select(User).where(User.is_coordinator.is_(True)))
    people = {
        "desk": coordinator,
        "department": _member(account, orgs, *content.DEPARTMENT_ACCOUNT),
        "company": _member(account, orgs, *content.COMPANY_ACCOUNT),
    }
    db.session.flush()
    issues = {spec["ref"]: _issue(spec, orgs, coordinator) for spec in content.ISSUES}
    agreements = {
        ref: _agreement(spec, orgs, coordinator) for ref, spec in content.AGREEMENTS.items()
    }
    for spec in content.PROPOSALS:
        proposal = _proposal(spec, orgs, issues, people)
        if "report" in spec:  # sent to the desk, waiting to be published
            _case(spec, proposal, orgs, coordinator, published=False)
    for spec in content.PUBLISHED:
        proposal = _proposal({**spec, "status": "published"}, orgs, issues, people)
        proposal.agreement = agreements.get(spec["agreement"])
        _case(spec, proposal, orgs, coordinator)
    db.session.commit()


def _member(account, orgs, local: str, name: str, org_key: str) -> User:
    user = account(local, name)
    db.session.flush()
    if not db.session.scalar(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.organization_id == orgs[org_key].id
        )
    ):
        db.session.add(Membership(user=user, organization=orgs[org_key], role="member"))
    return user


def _days_ago(days: float):
    return utcnow() - timedelta(days=days)


def _issue(spec: dict, orgs: dict, author: User) -> DeskIssue:
    deadline = spec["deadline_days"]
    issue = DeskIssue(
        key=desk.new_key(9),
        department=orgs[spec["department"]],
        created_by_id=author.id,
        title=spec["title"],
        theme_keys=spec["themes"],
        background=spec["background"],
        expectations=spec["expectations"],
        deadline=None if deadline is None else desk.today() + timedelta(days=deadline),
        status=spec["status"],
        published_at=None if spec["status"] == "draft" else _days_ago(120),
        created_at=_days_ago(130),
    )
    db.session.add(issue)
    return issue


def _agreement(spec: dict, orgs: dict, author: User) -> Agreement:
    today = desk.today()
    ends, renewal = spec["ends_in_days"], spec["renewal_in_days"]
    agreement = Agreement(
        key=desk.new_key(9),
        title=spec["title"],
        kind=spec["kind"],
        partner=orgs[spec["partner"]],
        departments=[orgs[k] for k in spec["departments"]],
        theme_keys=spec["themes"],
        starts_on=today - timedelta(days=spec["started_days_ago"]),
        ends_on=None if ends is None else today + timedelta(days=ends),
        renewal_on=None if renewal is None else today + timedelta(days=renewal),
        roles=spec["roles"],
        schedule=spec["schedule"],
        budget_yen=spec["budget_yen"],
        budget_note=spec["budget_note"],
        cost_bearer=spec["cost_bearer"],
        created_by_id=author.id,
    )
    db.session.add(agreement)
    return agreement


def _author(org: Organization, people: dict) -> User | None:
    for user in people.values():
        if any(m.organization_id == org.id for m in user.memberships):
            return user
    member = db.session.scalar(
        select(User).join(Membership).where(Membership.organization_id == org.id)
    )
    return member


def _proposal(spec: dict, orgs: dict, issues: dict, people: dict) -> Proposal:
    org = orgs[spec["org"]]
    author = _author(org, people)
    submitted = _days_ago(spec["days_ago"])
    proposal = Proposal(
        key=desk.new_key(),
        desk_issue=issues.get(spec["issue"]),
        organization=org,
        created_by_id=author.id if author else None,
        status=spec["status"],
        version_number=1,
        submitted_at=submitted,
        status_changed_at=submitted,
        created_at=submitted,
    )
    db.session.add(proposal)
    fields = {name: spec[name] for name in proposals.TEXT_FIELDS}
    first = proposals.write_version(proposal, author, proposals.ProposalInput(**fields))
    first.created_at = submitted
    if "revision" in spec:
        proposal.version_number = 2
        data = proposals.ProposalInput(**{**fields, **spec["revision"]})
        proposals.write_version(proposal, author, data).created_at = _days_ago(spec["days_ago"] - 5)
    if "answered_after_days" in spec or spec["status"] == "published":
        answered = spec.get("answered_after_days", 4)
        proposal.first_response_at = submitted + timedelta(days=answered)
    for key in spec.get("share", []):
        db.session.add(ProposalShare(proposal=proposal, organization_id=orgs[key].id))
    for side, day, body in spec.get("messages", []):
        writer = people["desk"] if side == "desk" else people["department"]
        if side == "proposer":
            writer = author
        db.session.add(
            ProposalMessage(
                proposal=proposal,
                author_id=writer.id if writer else None,
                side=side,
                body=body,
                created_at=submitted + timedelta(days=day),
            )
        )
    if spec["status"] in ("accepted", "declined", "in_progress", "reported", "published"):
        proposal.decided_by_id = people["desk"].id
        proposal.decided_at = proposal.first_response_at
        proposal.decision_reason = spec.get("reason", "")
    if "public_parts" in spec:
        proposal.public_parts = spec["public_parts"]
        proposal.publication_chosen_at = _days_ago(spec["published_days_ago"] + 7)
    return proposal


def _case(
    spec: dict, proposal: Proposal, orgs: dict, coordinator: User, published: bool = True
) -> CaseReport:
    text = spec["report"]
    when = _days_ago(spec.get("published_days_ago", 2))
    named = {proposal.organization, *[orgs[k] for k in spec.get("share", [])]}
    if proposal.agreement is not None:
        named.add(proposal.agreement.partner)
    report = CaseReport(
        key=desk.new_key(),
        proposal=proposal,
        organization=proposal.organization,
        author_id=proposal.created_by_id,
        title=text["title"],
        summary=text["summary"],
        what_done=text["what_done"],
        partners=text["partners"],
        place=text["place"],
        area_id=resolve_area(text["place"]),
        theme_keys=text["themes"],
        figures=parse_figures(text["figures"]),
        lessons=text["lessons"],
        status="published" if published else "submitted",
        submitted_at=when - timedelta(days=10) if published else when,
        published_at=when if published else None,
        published_by_id=coordinator.id if published else None,
        agreement=proposal.agreement,
        organizations=sorted(named, key=lambda o: o.name) if published else [],
        created_at=when - timedelta(days=30),
    )
    db.session.add(report)
    return report
