"""Two coordinators confirming the same candidate at the same moment, 100 times over."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.matching import decisions
from matchhub.models import AuditEvent, HelperProfile, Issue, Match, Notification, User

DATA = Path(__file__).parents[1] / "data"
ROUNDS = 100


def _race(app, issue_id: int, profile_ids: list[int], coordinator_id: int, barrier, log) -> None:
    """One coordinator's side: every round, wait for the other, then confirm."""
    with app.app_context():
        for n, profile_id in enumerate(profile_ids):
            issue = db.session.get(Issue, issue_id)
            profile = db.session.get(HelperProfile, profile_id)
            coordinator = db.session.get(User, coordinator_id)
            barrier.wait(timeout=30)
            start = time.monotonic()
            try:
                decisions.decide(issue, profile, coordinator, "confirmed", "同じ地区")
                outcome = "confirmed"
            except decisions.AlreadyDecided:
                outcome = "already"
            except Exception as error:  # noqa: BLE001 - a failed round is reported, not raised
                outcome = f"error: {error!r}"
            log.append((n, coordinator_id, outcome, start, time.monotonic()))
            db.session.remove()


def test_two_coordinators_racing_100_times_make_100_matches_and_no_duplicate(app, runner):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    first, second = (
        User(email=f"race-c{n}@example.jp", display_name=f"協働 {n}", is_coordinator=True)
        for n in (1, 2)
    )
    db.session.add_all([first, second])
    issue = db.session.scalar(select(Issue).where(Issue.key == "i-1"))
    issue.people_needed = ROUNDS  # every round fills a place the issue asks for
    helpers = [
        HelperProfile(
            key=f"race-{n}",
            user=User(email=f"race{n}@example.jp", display_name=f"区民 {n}"),
            themes=["子ども食堂"],
        )
        for n in range(ROUNDS)
    ]
    db.session.add_all(helpers)
    db.session.flush()
    # Half the pairs already exist as a resident's interest (the UPDATE path), half do not
    # (the INSERT path, where the unique constraint settles the race).
    db.session.add_all(
        Match(issue_id=issue.id, helper_id=h.id, source="interest") for h in helpers[1::2]
    )
    db.session.commit()
    ids = [h.id for h in helpers]
    coordinators = {first.id, second.id}
    barrier, log = threading.Barrier(2), []
    threads = [
        threading.Thread(target=_race, args=(app, issue.id, ids, c, barrier, log))
        for c in coordinators
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - started

    rounds: dict[int, dict[str, int]] = {}
    spans: dict[int, list[tuple[float, float]]] = {}
    for n, coordinator_id, outcome, start, end in log:
        rounds.setdefault(n, {})[outcome] = coordinator_id
        spans.setdefault(n, []).append((start, end))
    assert len(log) == 2 * ROUNDS
    assert all(sorted(r) == ["already", "confirmed"] for r in rounds.values()), rounds
    winners = {ids[n]: r["confirmed"] for n, r in rounds.items()}

    db.session.expire_all()
    matches = db.session.scalars(select(Match).where(Match.helper_id.in_(ids))).all()
    assert len(matches) == ROUNDS
    assert {m.helper_id for m in matches} == set(ids)
    for match in matches:
        # No lost update: the loser neither overwrote the winner's decision nor bumped the row.
        assert match.status == "confirmed"
        assert match.decided_by_id == winners[match.helper_id]
        assert match.version == (2 if match.source == "interest" else 1)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.confirm")
    ).all()
    assert len(events) == ROUNDS
    by_match = {m.id: m for m in matches}
    assert sorted(int(e.object_id) for e in events) == sorted(by_match)
    assert all(e.actor_id == by_match[int(e.object_id)].decided_by_id for e in events)
    told = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .join(HelperProfile, HelperProfile.user_id == Notification.user_id)
        .where(HelperProfile.id.in_(ids), Notification.kind == "match_confirmed")
    )
    assert told == ROUNDS
    # The two decisions of a round really ran at the same time (else nothing was tested).
    overlapping = sum(max(a for a, _ in s) < min(b for _, b in s) for s in spans.values())
    assert overlapping >= ROUNDS // 2
    slowest = max(end - start for *_, start, end in log)
    print(
        f"\n[{db.engine.dialect.name}] {ROUNDS} rounds x 2 coordinators in {elapsed:.1f} s; "
        f"{overlapping} rounds with both decisions in flight together; slowest decision "
        f"{slowest * 1000:.0f} ms; {len(matches)} matches, {len(events)} audit events, "
        "0 duplicates"
    )
