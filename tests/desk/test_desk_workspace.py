"""The desk's side: administrative issues, response-time targets and reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matchhub.desk import desk, proposal_review, proposals
from matchhub.desk import issues as desk_issues
from matchhub.desk.proposals import ProposalInput
from matchhub.extensions import db
from matchhub.models import AuditEvent, DeskIssue, Notification, Proposal
from matchhub.models.types import utcnow
from tests.support.desk_world import build_world, client_for


@pytest.fixture
def world(app):
    return build_world()


def _proposal(world, days_ago: float = 0, answered_after: float | None = None) -> Proposal:
    data = ProposalInput(
        title=f"提案 {days_ago}",
        summary="要約",
        idea="中身",
        effect="効果",
        roles="役割",
        schedule="予定",
        cost="なし",
    )
    found = proposals.submit(world.proposer, world.company, None, data, [])
    found.submitted_at = utcnow() - timedelta(days=days_ago)
    if answered_after is not None:
        found.first_response_at = found.submitted_at + timedelta(days=answered_after)
    db.session.commit()
    return found


def _issue_form(world, **overrides) -> dict:
    data = {
        "department": str(world.department.id),
        "title": "在宅避難者への情報伝達",
        "themes": ["disaster_prevention"],
        "background": "在宅避難者に情報が届きにくい。",
        "expectations": "紙とデジタルの両方で届く仕組み。",
        "deadline": (date.today() + timedelta(days=30)).isoformat(),
        "status": "open",
    }
    data.update(overrides)
    return data


def test_a_department_publishes_an_issue_that_everyone_can_read(app, world):
    client = client_for(app, world.department_member)
    response = client.post("/desk/issues/new", data=_issue_form(world))
    issue = db.session.scalar(select(DeskIssue))
    assert response.headers["Location"].endswith(f"/desk/issues/{issue.key}")
    assert issue.department == world.department and issue.published_at is not None
    index = client_for(app, None).get("/desk").get_data(as_text=True)
    assert "在宅避難者への情報伝達" in index and world.department.name in index
    page = client_for(app, None).get(f"/desk/issues/{issue.key}").get_data(as_text=True)
    assert "紙とデジタルの両方で届く仕組み。" in page
    assert f"/desk/proposals/new?issue={issue.key}" in client_for(app, world.proposer).get(
        f"/desk/issues/{issue.key}"
    ).get_data(as_text=True)


def test_only_its_departments_and_the_desk_publish_issues(app, world):
    for user in (world.resident, world.proposer):
        assert client_for(app, user).get("/desk/issues/new").status_code == 403
    other = client_for(app, world.other_department_member)
    other.post("/desk/issues/new", data=_issue_form(world))  # not their department
    assert db.session.scalar(select(DeskIssue)) is None
    client_for(app, world.coordinator).post("/desk/issues/new", data=_issue_form(world))
    assert db.session.scalar(select(DeskIssue)) is not None


def test_drafts_stay_hidden_and_closed_issues_take_no_proposals(app, world):
    draft = desk_issues.save_desk_issue(
        world.department_member,
        desk_issues.DeskIssueInput(
            world.department.id, "下書きの課題", [], "背景", "期待", None, "draft"
        ),
    )
    assert client_for(app, None).get(f"/desk/issues/{draft.key}").status_code == 404
    assert (
        client_for(app, world.department_member).get(f"/desk/issues/{draft.key}").status_code == 200
    )
    closed = desk_issues.save_desk_issue(
        world.department_member,
        desk_issues.DeskIssueInput(
            world.department.id,
            "締め切った課題",
            [],
            "背景",
            "期待",
            date.today() - timedelta(days=1),
            "open",
        ),
    )
    assert closed not in desk_issues.open_issues()
    proposer = client_for(app, world.proposer)
    assert proposer.get(f"/desk/proposals/new?issue={closed.key}").status_code == 404
    assert proposer.get("/desk/proposals/new").status_code == 200  # free proposals: always


def test_the_desk_sees_proposals_waiting_longer_than_the_target(app, world):
    late = _proposal(world, days_ago=20)
    recent = _proposal(world, days_ago=3)
    _proposal(world, days_ago=30, answered_after=2)
    assert desk.first_answer_days() == 14
    assert desk.waiting_for_first_answer() == [late]
    page = client_for(app, world.coordinator).get("/desk/workspace").get_data(as_text=True)
    assert late.title in page
    assert desk.waiting_for_first_answer(days=2) == [late, recent]


def test_median_time_to_first_response(app, world):
    assert desk.median_first_response_days() is None
    for after in (1, 2, 10):
        _proposal(world, days_ago=40, answered_after=after)
    _proposal(world, days_ago=5)  # not answered: not counted
    assert desk.median_first_response_days() == 2.0
    now = utcnow()
    assert desk.median_first_response_days(now - timedelta(days=10), now) is None


def test_only_an_admin_changes_the_first_answer_target_and_it_is_audited(app, world):
    coordinator = client_for(app, world.coordinator)
    assert coordinator.post("/desk/workspace/settings", data={"days": "7"}).status_code == 403
    client_for(app, world.admin).post("/desk/workspace/settings", data={"days": "7"})
    assert desk.first_answer_days() == 7
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "setting.update"))
    assert event.details == {"before": 14, "after": 7} and event.actor_id == world.admin.id


def test_waiting_proposals_are_reminded_once_per_period(app, world, runner):
    late = _proposal(world, days_ago=20)
    assert proposal_review.remind_waiting_proposals() == 1
    assert proposal_review.remind_waiting_proposals() == 0
    reminders = db.session.scalars(
        select(Notification).where(Notification.kind == "proposal_reminder")
    ).all()
    assert [(n.user_id, n.link) for n in reminders] == [
        (world.coordinator.id, f"/desk/proposals/{late.key}")
    ]
    result = runner.invoke(args=["desk-remind"])
    assert result.exit_code == 0 and "proposals waiting: 0" in result.output


def test_the_workspace_is_for_the_desk_only(app, world):
    for user in (world.proposer, world.department_member, world.resident):
        assert client_for(app, user).get("/desk/workspace").status_code == 403
    assert client_for(app, None).get("/desk/workspace").status_code == 302
