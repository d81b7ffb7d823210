"""The coordinator's queue: the most urgent issue first, filled issues out, filters."""

from __future__ import annotations

from datetime import timedelta

from matchhub.extensions import db
from matchhub.matching.queue import QueueFilters, build_queue
from matchhub.models import Match
from matchhub.models.types import utcnow
from tests.support import factories as f


def order(**filters) -> list[str]:
    entries, total = build_queue(QueueFilters(**filters), per_page=50)
    assert total == len(entries)
    return [e.issue.key for e in entries]


def test_issues_starting_soon_with_empty_seats_come_first(app):
    f.seed_ward()
    org = f.organization()
    today = utcnow().date()
    f.issue(org, key="later", starts_on=today + timedelta(days=60), people_needed=1)
    f.issue(org, key="no-date", starts_on=None, ends_on=None, people_needed=1)
    f.issue(org, key="soon", starts_on=today + timedelta(days=3), people_needed=1)
    half = f.issue(org, key="half-filled", starts_on=today + timedelta(days=3), people_needed=2)
    full = f.issue(org, key="full", starts_on=today + timedelta(days=1), people_needed=1)
    helper = f.resident("h@example.jp").helper_profile
    for issue in (half, full):
        db.session.add(Match(issue=issue, helper=helper, status="accepted"))
    db.session.commit()

    assert order() == ["soon", "half-filled", "no-date", "later"]
    entries, _ = build_queue(QueueFilters(), per_page=50)
    assert {e.issue.key: e.seats_left for e in entries}["half-filled"] == 1
    assert {e.issue.key: e.days_to_start for e in entries}["no-date"] is None


def test_the_queue_pages_and_filters(app):
    f.seed_ward()
    org = f.organization()
    today = utcnow().date()
    for n in range(12):
        f.issue(org, key=f"i-{n:02d}", starts_on=today + timedelta(days=n), people_needed=1)
    f.issue(org, key="room", kind="resource", starts_on=today, area_id=f.area("成増").id)

    first, total = build_queue(QueueFilters(), page=1, per_page=10)
    second, _ = build_queue(QueueFilters(), page=2, per_page=10)
    assert total == 13 and len(first) == 10 and len(second) == 3
    assert [e.issue.key for e in first][:2] == ["i-00", "room"]  # same urgency: older first
    assert order(kind="resource") == ["room"]
    assert order(area="itabashi/narimasu") == ["room"]
    assert "room" in order(area="itabashi") and len(order(area="itabashi")) == 13
