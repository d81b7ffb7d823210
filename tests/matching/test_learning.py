import json
import random
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.matching import learning, matching
from matchhub.matching.exposure import exposure_prior
from matchhub.models import AuditEvent, HelperProfile, Impression, Issue, Match, User
from matchhub.models.types import utcnow
from matchhub.security import hash_password

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "correct horse battery"
ISSUES = 4


@pytest.fixture
def registry(app, runner):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    coordinator = User(
        email="coord@example.jp",
        display_name="coord",
        is_coordinator=True,
        password_hash=hash_password(PASSWORD),
    )
    db.session.add(coordinator)
    db.session.commit()
    return coordinator


def _record_near_preference(coordinator: User, decisions: int = 60) -> None:
    """Decisions of a desk that confirms near candidates and rejects far ones."""
    rng = random.Random(5)
    first = db.session.scalar(select(Issue).where(Issue.key == "i-1"))
    # Several issues, so the held-out comparison has issues to measure its noise on.
    issues = [first] + [
        Issue(key=f"li-{k}", title=f"issue {k}", organization_id=first.organization_id)
        for k in range(1, ISSUES)
    ]
    db.session.add_all(issues)
    db.session.flush()
    start = utcnow() - timedelta(days=150)
    for n in range(decisions):
        issue = issues[n % ISSUES]
        area = rng.random()
        profile = HelperProfile(key=f"d-{n}", user=User(display_name=f"d{n}"))
        db.session.add(profile)
        db.session.flush()
        db.session.add(
            Match(
                issue_id=issue.id,
                helper_id=profile.id,
                status="confirmed" if area > 0.5 else "rejected",
                components={
                    "theme": rng.random(),
                    "skills": rng.random(),
                    "area": area,
                    "availability": rng.random(),
                    "language": 0.5,
                },
                decided_by_id=coordinator.id,
                decided_at=start + timedelta(days=n * 2.5),
            )
        )
    db.session.commit()


def test_weights_page_shows_current_and_proposed_and_applies_them_audited(client, auth, registry):
    _record_near_preference(registry, 120)
    auth.login("coord@example.jp", PASSWORD)
    page = client.get("/coordinator/weights")
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html[-3000:]
    assert "NDCG@10" in html and "適用" in html
    proposal = learning.propose_weights()
    assert proposal.proposed.weights.area > proposal.current.area
    assert proposal.refusal == "" and proposal.comparison.better
    # Without the confirmation and a reason nothing is applied.
    client.post("/coordinator/weights", data={"seen": proposal.fingerprint()})
    assert learning.current_weights() == proposal.current
    client.post(
        "/coordinator/weights",
        data={"seen": proposal.fingerprint(), "confirm": "y", "reason": "近さを重視する運用"},
    )
    assert learning.current_weights() == proposal.proposed.weights
    assert matching.current_ranker().weights == proposal.proposed.weights
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "ranking.weights_apply")
    )
    assert event.details["before"]["area"] == pytest.approx(0.2)
    assert event.details["after"]["area"] == pytest.approx(proposal.proposed.weights.area)


def test_weights_are_not_applied_without_enough_decisions(client, auth, registry):
    auth.login("coord@example.jp", PASSWORD)
    html = client.get("/coordinator/weights").get_data(as_text=True)
    assert "まだ判断の数が少ない" in html
    client.post("/coordinator/weights")
    applied = select(AuditEvent).where(AuditEvent.action == "ranking.weights_apply")
    assert db.session.scalar(applied) is None


def test_evaluate_decisions_replays_in_time_order(runner, registry):
    _record_near_preference(registry)
    result = runner.invoke(args=["evaluate", "--decisions", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["decisions"] == 60 and figures["months"] >= 4
    assert figures["learned_ndcg"] >= figures["default_ndcg"]


def test_a_helper_shown_everywhere_without_confirmation_moves_down(registry):
    first = db.session.scalar(select(Issue).where(Issue.key == "i-1"))
    for n in range(10):
        other = Issue(
            key=f"x-{n}", organization=first.organization, title=f"募集 {n}", status="open"
        )
        db.session.add(other)
        db.session.flush()
        db.session.add(
            Impression(
                issue_id=other.id,
                candidate_kind="helper",
                candidate_key="h-1",
                rank=1,
                score=0.9,
                shown_at=utcnow(),
            )
        )
    db.session.commit()
    ranker = matching.current_ranker()
    prior = exposure_prior(ranker)
    assert prior[ranker.helpers.position["h-1"]] == pytest.approx(-0.08)
    # Never shown to anyone: a small lift, so newcomers get their chance.
    assert prior[ranker.helpers.position["h-2"]] == pytest.approx(0.03)
    fair = {r.item.key: r.score for r in matching.candidates_for(first, 5)}
    plain = {r.item.key: r.score for r in matching.candidates_for(first, 5, fair=False)}
    assert fair["h-1"] == pytest.approx(plain["h-1"] - 0.08, abs=1e-3)
