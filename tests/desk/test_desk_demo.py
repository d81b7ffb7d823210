"""The demo municipality's collaboration desk: issues, proposals in several states, an
agreement and published case studies, loaded once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from matchhub.demo.seed import seed_demo
from matchhub.desk import desk
from matchhub.extensions import db
from matchhub.models import Agreement, CaseReport, DeskIssue, Proposal, User
from tests.support.desk_world import client_for


def test_the_demo_desk_has_every_state_and_three_published_cases(app):
    seed_demo()
    states = Counter(db.session.scalars(select(Proposal.status)))
    assert {"submitted", "in_dialogue", "accepted", "declined", "published"} <= set(states)
    assert db.session.scalar(select(func.count()).select_from(Agreement)) >= 1
    published = db.session.scalars(select(CaseReport).where(CaseReport.status == "published"))
    assert len(list(published)) >= 3
    assert {i.status for i in db.session.scalars(select(DeskIssue))} >= {"open", "draft"}
    assert desk.waiting_for_first_answer()  # one proposal is waiting too long
    assert desk.median_first_response_days() is not None
    seed_demo()  # a second load changes nothing
    assert sum(Counter(db.session.scalars(select(Proposal.status))).values()) == sum(
        states.values()
    )


def test_the_demo_company_and_department_see_only_their_proposals(app):
    seed_demo()
    for local, expected in (("company", "デジタル回覧板"), ("department", "デジタル回覧板")):
        user = db.session.scalar(select(User).where(User.email == f"{local}@demo.matchhub.jp"))
        visible = desk.proposals_of(user) + desk.shared_with(user)
        assert any(expected in p.title for p in visible)
        others = [p for p in db.session.scalars(select(Proposal)) if p not in visible]
        client = client_for(app, None)
        client.post("/login", data={"email": user.email, "password": "matchhub-demo"})
        for proposal in others:
            if proposal.status != "published":
                assert client.get(f"/desk/proposals/{proposal.key}").status_code == 404
