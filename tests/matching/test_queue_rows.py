"""The coordinator's queue as compact rows: one confirm and one reject per candidate."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from matchhub.extensions import db
from matchhub.matching.queue import QueueCandidate, QueueFilters, build_queue, in_desk_order
from matchhub.models import AuditEvent, HelperProfile, Match
from matchhub.models.types import utcnow
from tests.matching import test_coordinator
from tests.matching.test_coordinator import PASSWORD, decide

world = test_coordinator.world  # the same small registry, coordinator and resident


def _rows(html: str) -> list[str]:
    """Each candidate's row, up to the end of its form."""
    rows = re.split(r"<li class=\"candidate[^\"]*\" data-candidate", html)[1:]
    return [row[: row.index("</form>")] for row in rows]


def _interest(issue, profile, days=1) -> None:
    db.session.add(
        Match(
            issue=issue,
            helper=profile,
            status="proposed",
            source="interest",
            interested_at=utcnow() - timedelta(days=days),
        )
    )
    db.session.commit()


def test_each_candidate_row_has_one_confirm_and_one_reject_and_the_reason_waits(
    client, auth, world
):
    auth.login("coord@example.jp", PASSWORD)
    html = client.get("/coordinator/").get_data(as_text=True)
    rows = _rows(html)
    assert rows
    for row in rows:
        assert row.count('name="decision" value="confirm"') == 1
        assert row.count('name="decision" value="reject"') == 1
        assert row.count("<form") == 1 and row.count('type="submit"') == 2
        # The reason and the note are inside a closed <details>, after both buttons.
        more = row.index('<details class="candidate__more">')
        assert row.index('name="reason"') > more and row.index('name="note"') > more
        assert row.index('value="reject"') < more
    # Numbered once: the list's own numbers are switched off and the row shows its rank.
    assert "candidate__rank" in html and "1.</span>" not in html


def test_a_confirmation_needs_no_reason_when_none_is_chosen(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    page = decide(client, reason="")
    assert page.status_code == 302
    match = db.session.scalar(select(Match))
    assert match.status == "confirmed"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.confirm"))


def test_a_resident_who_asked_comes_first_among_equally_good_candidates():
    def candidate(key: str, score: float, asked: bool) -> QueueCandidate:
        item = SimpleNamespace(key=key)
        return QueueCandidate(item, "helper", score, score, {}, [], utcnow() if asked else None)

    ordered = in_desk_order(
        [candidate("a", 0.6, False), candidate("b", 0.601, True), candidate("c", 0.9, False)]
    )
    assert [c.item.key for c in ordered] == ["c", "b", "a"]
    assert [
        c.item.key for c in in_desk_order([candidate("d", 0.5, True), candidate("e", 0.7, False)])
    ] == ["e", "d"]


def test_a_resident_who_asked_is_shown_in_the_queue_even_below_the_top(app, world):
    ichiro = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-2"))
    _interest(world["issue"], ichiro)
    entries, _ = build_queue(QueueFilters(), per_page=10, top=1)
    entry = next(e for e in entries if e.issue.key == "i-1")
    keys = [c.item.key for c in entry.candidates]
    assert "h-2" in keys
    assert next(c for c in entry.candidates if c.item.key == "h-2").interested_at is not None


def test_the_queue_and_the_issue_page_say_how_many_places_are_confirmed(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    needed = world["issue"].people_needed
    assert f"{needed}人中0人確定" in client.get("/coordinator/").get_data(as_text=True)
    decide(client)
    assert f"{needed}人中1人確定" in client.get("/coordinator/issues/i-1").get_data(as_text=True)
