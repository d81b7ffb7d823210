"""The JSON API: public resources, filters, cursors, errors, and the desk's resources."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.issues.search import IssueFilters, search_issues
from matchhub.models import AuditEvent, Match
from tests.support.api_world import PASSWORD, add_issue, add_match, build_world, personal_keys


@pytest.fixture
def world(app, runner):
    return build_world(runner)


def test_open_issues_are_listed_without_a_token_in_readable_utf8(client, world):
    response = client.get("/api/v1/issues")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "子ども食堂の調理ボランティア".encode() in response.data  # not \\u escapes
    body = response.get_json()
    assert [i["key"] for i in body["data"]] == ["i-1"]
    assert body["next_cursor"] is None
    issue = body["data"][0]
    assert issue["organization"] == {"key": "org-1", "name": "NPO法人 はすねの森", "kind": "npo"}
    assert issue["starts_on"] == "2026-12-05"
    assert issue["created_at"].endswith("+00:00") and "T" in issue["created_at"]


def test_drafts_are_not_listed_and_not_shown(client, world):
    add_issue(world.org, "i-draft", status="draft")
    keys = [i["key"] for i in client.get("/api/v1/issues").get_json()["data"]]
    assert "i-draft" not in keys
    response = client.get("/api/v1/issues/i-draft")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_issue_detail_counts_seats_taken(client, world):
    add_match(world.issue, world.hanako, status="accepted")
    body = client.get("/api/v1/issues/i-1").get_json()
    assert body["seats_taken"] == 1
    assert body["people_needed"] == 3


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("kind=probono", IssueFilters(kind="probono")),
        ("online=true", IssueFilters(online=True)),
        ("q=ｴｸｾﾙ", IssueFilters(q="ｴｸｾﾙ")),
        ("theme=bousai", IssueFilters(theme="bousai")),
        ("day=weekday&time=evening", IssueFilters(day="weekday", time="evening")),
        ("one_off=true", IssueFilters(one_off=True)),
    ],
)
def test_issue_filters_find_what_the_site_search_finds(client, world, query, filters):
    add_issue(world.org, "i-excel", kind="probono", title="名簿をエクセルで整理",
              skills=["エクセル"], skill_keys=["excel"], online=True,
              availability=["weekday_evening"])  # fmt: skip
    add_issue(world.org, "i-oneday", starts_on=world.issue.starts_on,
              ends_on=world.issue.starts_on)  # fmt: skip
    site = {i.key for i in search_issues(filters, per_page=100).items}
    api = {i["key"] for i in client.get(f"/api/v1/issues?{query}").get_json()["data"]}
    assert api == site
    assert api  # each filter finds something, so the comparison means something


def test_area_filter_takes_area_keys_and_includes_districts(client, world):
    assert [i["key"] for i in client.get("/api/v1/issues?area=t").get_json()["data"]] == ["i-1"]
    assert client.get("/api/v1/issues?area=t/takashimadaira").get_json()["data"] == []
    assert client.get("/api/v1/issues?area=nowhere").get_json()["data"] == []


def test_cursor_pages_through_every_issue_once_newest_first(client, world):
    for n in range(5):
        add_issue(world.org, f"i-extra-{n}")
    seen, url = [], "/api/v1/issues?limit=2"
    while url:
        body = client.get(url).get_json()
        assert len(body["data"]) <= 2
        seen += [i["key"] for i in body["data"]]
        url = f"/api/v1/issues?limit=2&cursor={body['next_cursor']}" if body["next_cursor"] else ""
    assert seen == [f"i-extra-{n}" for n in reversed(range(5))] + ["i-1"]


def test_forged_or_foreign_cursors_are_refused(client, world, app):
    from matchhub.api.pagination import encode_cursor

    forged = client.get("/api/v1/issues?cursor=WzEwXQ.bad")
    assert forged.status_code == 422
    assert forged.get_json()["error"]["details"]["cursor"]
    with app.test_request_context():
        foreign = encode_cursor("organizations", 1)
    assert client.get(f"/api/v1/issues?cursor={foreign}").status_code == 422


def test_invalid_parameters_are_all_named_in_one_422(client, world):
    response = client.get("/api/v1/issues?kind=party&limit=0&online=maybe&colour=red")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["details"]) == {"colour"}  # unknown names are refused first
    error = client.get("/api/v1/issues?kind=party&limit=0&online=maybe").get_json()["error"]
    assert set(error["details"]) == {"kind", "limit", "online"}


def test_error_messages_follow_accept_language(client, world):
    english = client.get("/api/v1/issues/nope").get_json()["error"]
    japanese = client.get("/api/v1/issues/nope", headers={"Accept-Language": "ja"}).get_json()
    assert english["code"] == japanese["error"]["code"] == "not_found"
    assert english["message"] == "No issue with this key."
    assert japanese["error"]["message"] != english["message"]


def test_unknown_addresses_and_methods_answer_in_json(client, world):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"
    wrong = client.delete("/api/v1/issues")
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    odd = client.open("/api/v1/issues", method="BREW")
    assert odd.status_code == 405


def test_organizations_show_public_fields_only(client, world):
    body = client.get("/api/v1/organizations").get_json()
    assert [o["key"] for o in body["data"]] == ["org-1"]
    org = body["data"][0]
    assert "email" not in org and "area_text" not in org
    assert "info@example.org" not in client.get("/api/v1/organizations/org-1").get_data(True)
    world.org.verified_at = None
    db.session.commit()
    assert client.get("/api/v1/organizations/org-1").status_code == 404


def test_public_responses_hold_no_personal_field(client, world):
    add_match(world.issue, world.hanako, status="confirmed")
    for path in ("/api/v1/issues", "/api/v1/issues/i-1", "/api/v1/organizations", "/api/v1/cases"):
        assert personal_keys(client.get(path).get_json()) == set(), path


def test_helpers_need_a_token(client, world):
    response = client.get("/api/v1/helpers")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_candidates_come_ranked_with_components_and_reasons(client, world):
    response = client.get(
        "/api/v1/issues/i-1/candidates?top=5", headers=world.bearer(world.coordinator_token)
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["issue"] == "i-1"
    first = body["data"][0]
    assert first["key"] == "h-1" and first["kind"] == "helper"
    assert set(first["components"]) >= {"theme", "area", "availability"}
    assert first["reasons"] and all(isinstance(r, str) for r in first["reasons"])
    scores = [c["score"] for c in body["data"]]
    assert scores == sorted(scores, reverse=True)


def test_coordinator_confirms_through_the_api_with_the_sites_rules_and_audit(client, world):
    headers = world.bearer(world.coordinator_token)
    body = {"candidate_kind": "helper", "candidate_key": "h-1", "decision": "confirm",
            "reason": "good_fit", "note": "土曜に確認済み"}  # fmt: skip
    response = client.post("/api/v1/issues/i-1/decisions", json=body, headers=headers)
    assert response.status_code == 201
    match = response.get_json()
    assert match["status"] == "confirmed" and match["candidate"]["key"] == "h-1"
    stored = db.session.scalar(select(Match).where(Match.issue_id == world.issue.id))
    assert stored.status == "confirmed" and stored.decided_by_id == world.coordinator.id
    # As the site stores it: the reason's label in the coordinator's language, then the note.
    assert stored.decision_reason == match["decision_reason"]
    assert stored.decision_reason.endswith(": 土曜に確認済み") and len(stored.decision_reason) > 9
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"match.confirm", "api.decision"} <= actions
    again = client.post("/api/v1/issues/i-1/decisions", json=body, headers=headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_decided"


def test_a_proposed_match_is_decided_in_place(client, world):
    add_match(world.issue, world.hanako, source="interest", interested_at=world.issue.created_at)
    body = {"candidate_kind": "helper", "candidate_key": "h-1", "decision": "reject",
            "reason": "schedule"}  # fmt: skip
    response = client.post(
        "/api/v1/issues/i-1/decisions", json=body, headers=world.bearer(world.coordinator_token)
    )
    assert response.status_code == 200
    assert response.get_json()["status"] == "rejected"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"candidate_kind": "helper", "candidate_key": "h-1", "decision": "reject",
          "reason": "good_fit"}, {"reason"}),
        ({"candidate_kind": "person", "candidate_key": "", "decision": "maybe"},
         {"candidate_kind", "candidate_key", "decision", "reason"}),
        ({"candidate_kind": "helper", "candidate_key": "h-1", "decision": "confirm",
          "reason": "good_fit", "extra": 1}, {"extra"}),
    ],
)  # fmt: skip
def test_decision_bodies_are_validated_field_by_field(client, world, body, fields):
    response = client.post(
        "/api/v1/issues/i-1/decisions", json=body, headers=world.bearer(world.coordinator_token)
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["details"]) == fields
    assert db.session.scalar(select(Match)) is None


def test_a_body_that_is_not_json_is_a_422(client, world):
    response = client.post(
        "/api/v1/issues/i-1/decisions", data="decision=confirm",
        headers=world.bearer(world.coordinator_token),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_body"


def test_deciding_an_unknown_candidate_is_a_404(client, world):
    body = {"candidate_kind": "helper", "candidate_key": "h-404", "decision": "confirm",
            "reason": "good_fit"}  # fmt: skip
    response = client.post(
        "/api/v1/issues/i-1/decisions", json=body, headers=world.bearer(world.coordinator_token)
    )
    assert response.status_code == 404


def test_resident_sees_only_their_own_matches(client, world):
    own = add_match(world.issue, world.hanako, status="confirmed", decision_reason="desk note")
    other = add_match(world.issue, world.ichiro, status="rejected")
    headers = world.bearer(world.resident_token)
    body = client.get("/api/v1/matches", headers=headers).get_json()
    assert [m["id"] for m in body["data"]] == [own.id]
    assert "decision_reason" not in body["data"][0]
    assert client.get(f"/api/v1/matches/{other.id}", headers=headers).status_code == 404
    desk = client.get("/api/v1/matches", headers=world.bearer(world.coordinator_token))
    assert {m["id"] for m in desk.get_json()["data"]} == {own.id, other.id}


def test_staff_reads_of_residents_are_audited(client, world):
    client.get("/api/v1/helpers/h-1", headers=world.bearer(world.coordinator_token))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api.helpers.view"))
    assert event.actor_id == world.coordinator.id and event.object_id == "h-1"
    assert event.details["via"] == "api"


def test_helpers_are_listed_for_coordinators_without_email(client, world):
    body = client.get("/api/v1/helpers", headers=world.bearer(world.coordinator_token)).get_json()
    assert [h["key"] for h in body["data"]] == ["h-1", "h-2"]
    assert body["data"][0]["display_name"] == "山田 花子"
    assert "email" not in body["data"][0]


def test_session_cookie_never_authenticates_the_api(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    assert client.get("/coordinator/").status_code == 200  # the site session works
    response = client.get("/api/v1/helpers")
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers
    assert client.get("/api/v1/matches").status_code == 401
    assert client.get("/coordinator/").status_code == 200  # and is left alone


def test_api_posts_need_no_csrf_token_because_cookies_are_ignored(csrf_app):
    world = build_world(csrf_app.test_cli_runner())
    body = {"candidate_kind": "helper", "candidate_key": "h-1", "decision": "confirm",
            "reason": "good_fit"}  # fmt: skip
    response = csrf_app.test_client().post(
        "/api/v1/issues/i-1/decisions", json=body, headers=world.bearer(world.coordinator_token)
    )
    assert response.status_code == 201


def test_each_resident_in_a_candidate_list_sees_the_read_in_who_viewed_them(client, world):
    from matchhub.residents.privacy import who_viewed

    client.get("/api/v1/issues/i-1/candidates", headers=world.bearer(world.coordinator_token))
    seen = who_viewed("h-1")
    assert [v["what"] for v in seen] == ["api.candidates.view"]
    assert seen[0]["who"] == "窓口 一郎"
