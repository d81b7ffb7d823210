"""Two coordinators confirming the same pair at the same moment make exactly one match."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.matching import decisions
from matchhub.models import AuditEvent, HelperProfile, Issue, Match, User

DATA = Path(__file__).parents[1] / "data"
COORDINATORS = 4
ROUNDS = 6


def _confirm_together(app, issue_id: int, profile_id: int, coordinator_ids: list[int]):
    barrier = threading.Barrier(len(coordinator_ids))
    outcomes: list[str] = []

    def worker(coordinator_id: int) -> None:
        with app.app_context():
            issue = db.session.get(Issue, issue_id)
            profile = db.session.get(HelperProfile, profile_id)
            coordinator = db.session.get(User, coordinator_id)
            barrier.wait()
            try:
                decisions.decide(issue, profile, coordinator, "confirmed", "good fit")
                outcomes.append("confirmed")
            except decisions.AlreadyDecided:
                outcomes.append("already")
            except Exception as error:  # noqa: BLE001 - reported as a failed outcome
                outcomes.append(f"error: {error!r}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(c,)) for c in coordinator_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_confirmations_make_exactly_one_match(app, runner):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    coordinators = []
    for n in range(COORDINATORS):
        user = User(email=f"c{n}@example.jp", display_name=f"c{n}", is_coordinator=True)
        db.session.add(user)
        coordinators.append(user)
    issue = db.session.scalar(select(Issue).where(Issue.key == "i-1"))
    issue.people_needed = ROUNDS  # every round fills a place the issue asks for
    helpers = []
    for n in range(ROUNDS):
        helper = HelperProfile(
            key=f"race-{n}", user=User(display_name=f"race {n}"), themes=["子ども食堂"]
        )
        db.session.add(helper)
        helpers.append(helper)
    db.session.commit()
    ids = [c.id for c in coordinators]
    for n, helper in enumerate(helpers):
        if n % 2:
            # Half the rounds race on a pair that already exists as the resident's interest.
            db.session.add(Match(issue_id=issue.id, helper_id=helper.id, source="interest"))
            db.session.commit()
        outcomes = _confirm_together(app, issue.id, helper.id, ids)
        assert sorted(outcomes) == ["already"] * (COORDINATORS - 1) + ["confirmed"], outcomes
    db.session.expire_all()
    matches = db.session.scalars(select(Match).where(Match.helper_id.in_([h.id for h in helpers])))
    assert [m.status for m in matches] == ["confirmed"] * ROUNDS
    confirms = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "match.confirm")
    )
    assert confirms == ROUNDS
