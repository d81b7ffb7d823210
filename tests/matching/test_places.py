"""Places are a constraint: an issue never gets more people confirmed than it asks for,
unless the coordinator chooses to go over the planned number with a reason."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.matching import decisions, places
from matchhub.models import AuditEvent, HelperProfile, Issue, Match, User
from tests.matching import test_coordinator
from tests.matching.test_coordinator import PASSWORD, add_user

world = test_coordinator.world  # the small registry, a coordinator and a resident


def _residents(n: int) -> list[HelperProfile]:
    helpers = [
        HelperProfile(
            key=f"place-{i}",
            user=User(email=f"place{i}@example.jp", display_name=f"区民 {i}"),
            themes=["子ども食堂"],
        )
        for i in range(n)
    ]
    db.session.add_all(helpers)
    db.session.commit()
    return helpers


def _confirm(client, key: str, **extra):
    data = {"candidate_kind": "helper", "candidate_key": key, "decision": "confirm", "reason": ""}
    return client.post("/coordinator/issues/i-1/decisions", data={**data, **extra})


def _confirmed() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Match).where(Match.status == "confirmed")
    )


def test_confirming_beyond_the_places_is_refused_naming_who_filled_them(client, auth, world):
    world["issue"].people_needed = 1
    db.session.commit()
    _residents(2)
    auth.login("coord@example.jp", PASSWORD)
    _confirm(client, "place-0")
    page = client.get(_confirm(client, "place-1").headers["Location"])
    html = page.get_data(as_text=True)
    assert "すべて確定済み" in html and "coord" in html and "何も変更していません" in html
    assert _confirmed() == 1
    assert "1人中1人確定" in html


def test_over_the_planned_number_needs_a_reason_and_is_audited(client, auth, world):
    world["issue"].people_needed = 1
    db.session.commit()
    _residents(2)
    auth.login("coord@example.jp", PASSWORD)
    _confirm(client, "place-0")
    page = client.get(_confirm(client, "place-1", over_capacity="y").headers["Location"])
    assert "理由" in page.get_data(as_text=True)
    assert _confirmed() == 1
    _confirm(client, "place-1", over_capacity="y", note="調理の人手が足りないため")
    assert _confirmed() == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.over_capacity"))
    assert event is not None and "調理の人手が足りないため" in str(event.details)


def test_racing_confirmations_never_fill_more_places_than_asked(app, world):
    world["issue"].people_needed = 2
    db.session.commit()
    helpers = _residents(6)
    coordinators = [add_user(f"race{n}@example.jp", is_coordinator=True) for n in range(6)]
    issue_id = world["issue"].id
    pairs = [(h.id, c.id) for h, c in zip(helpers, coordinators, strict=True)]
    barrier, outcomes = threading.Barrier(len(pairs)), []

    def confirm(helper_id: int, coordinator_id: int) -> None:
        with app.app_context():
            issue = db.session.get(Issue, issue_id)
            helper = db.session.get(HelperProfile, helper_id)
            coordinator = db.session.get(User, coordinator_id)
            barrier.wait(timeout=30)
            try:
                decisions.decide(issue, helper, coordinator, "confirmed", "")
                outcomes.append("confirmed")
            except places.PlacesFull:
                outcomes.append("full")
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                outcomes.append(repr(error))
            db.session.remove()

    threads = [threading.Thread(target=confirm, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["confirmed"] * 2 + ["full"] * 4, outcomes
    db.session.expire_all()
    assert _confirmed() == 2


def _team(client, keys):
    data = {"member": keys, "next": "/coordinator/"}
    return client.post("/coordinator/issues/i-1/team", data=data)


def test_a_proposed_team_is_confirmed_in_one_action_each_member_audited(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    html = client.get("/coordinator/").get_data(as_text=True)
    assert "チーム全員を確定する" in html
    _team(client, ["h-1", "h-2"])
    assert _confirmed() == 2
    audited = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.confirm")
    ).all()
    assert len(audited) == 2


def test_a_team_larger_than_the_open_places_changes_nothing(client, auth, world):
    world["issue"].people_needed = 1
    db.session.commit()
    auth.login("coord@example.jp", PASSWORD)
    page = client.get(_team(client, ["h-1", "h-2"]).headers["Location"])
    assert "何も変更していません" in page.get_data(as_text=True)
    assert _confirmed() == 0
