"""The register of agreements: kept by the desk, seen by its departments, reminded before
renewal, and listing what came out of each agreement."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matchhub.desk import agreements, desk
from matchhub.desk.agreements import AgreementInput
from matchhub.extensions import db
from matchhub.models import Agreement, AuditEvent, Match, Notification
from tests.support.desk_world import build_world, client_for
from tests.support.factories import issue as make_issue


@pytest.fixture
def world(app):
    return build_world()


def _form(world, **overrides) -> dict:
    data = {
        "title": "災害時における物資輸送等の協力に関する協定",
        "kind": "individual",
        "partner": str(world.company.id),
        "departments": [str(world.department.id)],
        "themes": ["disaster_prevention"],
        "starts_on": "2025-04-01",
        "ends_on": "2028-03-31",
        "renewal_on": "2028-01-31",
        "roles": "車両と運転手の提供",
        "schedule": "年1回の合同訓練",
        "budget_yen": "0",
        "cost_bearer": "proposer",
        "budget_note": "災害時の実費は別途協議（内部メモ）",
        "notes": "",
    }
    data.update(overrides)
    return data


def _agreement(world, renewal_in: int | None = 30) -> Agreement:
    today = desk.today()
    return agreements.save(
        world.coordinator,
        AgreementInput(
            title="包括連携に関する協定",
            kind="comprehensive",
            partner_id=world.npo.id,
            department_ids=[world.department.id],
            starts_on=today - timedelta(days=700),
            renewal_on=None if renewal_in is None else today + timedelta(days=renewal_in),
        ),
    )


def test_the_desk_registers_an_agreement_and_the_change_is_audited(app, world):
    client = client_for(app, world.coordinator)
    response = client.post("/desk/agreements/new", data=_form(world))
    found = db.session.scalar(select(Agreement))
    assert response.headers["Location"].endswith(f"/desk/agreements/{found.key}")
    assert found.partner == world.company and found.departments == [world.department]
    assert found.renewal_on == date(2028, 1, 31) and found.budget_yen == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "agreement.create"))
    page = client.get(f"/desk/agreements/{found.key}").get_data(as_text=True)
    assert "災害時の実費は別途協議（内部メモ）" in page


def test_an_end_before_the_start_is_refused(app, world):
    client = client_for(app, world.coordinator)
    response = client.post("/desk/agreements/new", data=_form(world, ends_on="2024-01-01"))
    assert response.status_code == 200
    assert db.session.scalar(select(Agreement)) is None


def test_the_register_is_for_the_desk_and_the_signing_departments(app, world):
    found = _agreement(world)
    url = f"/desk/agreements/{found.key}"
    assert client_for(app, world.department_member).get(url).status_code == 200
    for user in (world.other_department_member, world.proposer, world.resident):
        assert client_for(app, user).get(url).status_code == 404
    for user in (world.department_member, world.proposer):
        assert client_for(app, user).get("/desk/agreements").status_code == 403
        assert client_for(app, user).get("/desk/agreements/new").status_code == 403


def test_the_public_page_shows_the_agreement_but_not_the_internal_notes(app, world):
    client = client_for(app, world.coordinator)
    client.post("/desk/agreements/new", data=_form(world))
    found = db.session.scalar(select(Agreement))
    page = client_for(app, None).get(f"/cases/agreements/{found.key}").get_data(as_text=True)
    assert found.title in page and world.company.name in page
    assert "災害時の実費は別途協議（内部メモ）" not in page


def test_renewals_are_reminded_once_to_the_desk_and_the_departments(app, world, runner):
    soon = _agreement(world, renewal_in=30)
    _agreement(world, renewal_in=200)
    assert agreements.due_for_renewal() == [soon]
    assert agreements.send_renewal_reminders() == 1
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "agreement_renewal")
    ).all()
    assert sorted(told) == sorted([world.coordinator.id, world.department_member.id])
    assert agreements.send_renewal_reminders() == 0
    result = runner.invoke(args=["desk-remind"])
    assert result.exit_code == 0 and "agreements up for renewal: 0" in result.output
    # A new renewal date is reminded of again.
    data = agreements.input_from(soon)
    data.renewal_on = desk.today() + timedelta(days=10)
    agreements.save(world.coordinator, data, soon)
    assert agreements.send_renewal_reminders() == 1


def test_the_agreement_page_lists_what_came_out_of_it(app, world):
    found = _agreement(world)
    issue = make_issue(world.npo, key="walk")
    match = Match(issue=issue, organization=world.company, status="completed")
    db.session.add(match)
    db.session.commit()
    client = client_for(app, world.coordinator)
    client.post(f"/desk/agreements/{found.key}/matches", data={"match_id": str(match.id)})
    assert found.matches == [match]
    page = client.get(f"/desk/agreements/{found.key}").get_data(as_text=True)
    assert issue.title in page
    client.post(f"/desk/agreements/{found.key}/matches/{match.id}/remove")
    assert found.matches == []
