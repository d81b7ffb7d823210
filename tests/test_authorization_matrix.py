"""Every route × method × actor against a table of expected outcomes (ASVS V4).

Codes: A allowed (anything but the refusals below), L sent to log in, F 403, N 404
(the object's existence is not revealed), U 401 (the API takes tokens, never cookies),
M 405. A route without an entry in tests/authz_expected.py fails the suite; run with
MATCHHUB_AUTHZ_RECORD=1 to print the observed table for review when routes change.
"""

from __future__ import annotations

import os

import pytest

from matchhub.extensions import db
from tests.support.accounts import AuthActions
from tests.support.authz_expected import EXPECTED
from tests.support.authz_own_organization import OWN_ACTORS, OWN_EXPECTED, attempt, build_own
from tests.support.authz_world import ACTORS, build, url_values

SKIPPED_ENDPOINTS = {"static"}
DEMO_PASSWORD = "matchhub-demo"  # the demo accounts' password


def classify(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/login" in location:
        return "L"
    return {401: "U", 403: "F", 404: "N", 405: "M"}.get(response.status_code, "A")


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}) or ["GET"]:
            yield rule, method


@pytest.fixture
def matrix_app(make_app, engine_name, tmp_path):
    # Who may do what is decided in Python, the same on both engines: SQLite keeps it quick.
    if engine_name != "sqlite":
        pytest.skip("the authorization matrix runs on SQLite")
    app = make_app(DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        yield app


def test_every_route_method_and_actor_meets_the_table(matrix_app):
    world = build()
    clients = {}
    for actor in ACTORS:
        clients[actor] = matrix_app.test_client()
        if actor != "anonymous":
            AuthActions(clients[actor]).login(world.emails[actor], DEMO_PASSWORD)
    observed: dict[tuple[str, str], str] = {}
    for rule, method in routes(matrix_app):
        values = url_values(rule.endpoint, set(rule.arguments), world.values)
        with matrix_app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        codes = []
        for actor in ACTORS:
            client = clients[actor]
            response = client.open(url, method=method, data={})
            codes.append(classify(response))
            if method == "POST" and actor != "anonymous":
                # A POST may have logged the actor out or changed their session.
                client.post("/logout")
                clients[actor] = client = matrix_app.test_client()
                AuthActions(client).login(world.emails[actor], DEMO_PASSWORD)
            db.session.rollback()
        observed[(method, rule.rule)] = " ".join(codes)
    if os.environ.get("MATCHHUB_AUTHZ_RECORD"):
        width = max(len(rule) for _, rule in observed)
        print("\nEXPECTED = {")
        for (method, rule), codes in sorted(observed.items(), key=lambda i: (i[0][1], i[0][0])):
            print(f'    ("{method}", "{rule}"): {" " * (width - len(rule))}"{codes}",')
        print("}")
    missing = sorted(set(observed) - set(EXPECTED))
    assert missing == [], f"routes without an entry in tests/authz_expected.py: {missing}"
    mismatches = {
        key: (EXPECTED[key], codes) for key, codes in observed.items() if EXPECTED[key] != codes
    }
    assert mismatches == {}, f"{len(observed)} routes checked; expected → observed"


# Observation, not state: reading a page may log who saw what.
LOG_TABLES = {"audit_events", "impressions"}


def _state() -> dict[str, list]:
    from sqlalchemy import text

    return {
        table.name: sorted(
            repr(tuple(row)) for row in db.session.execute(text(f'SELECT * FROM "{table.name}"'))
        )
        for table in db.metadata.sorted_tables
        if table.name not in LOG_TABLES
    }


def test_no_get_changes_state_for_any_actor(matrix_app):
    world = build()
    clients = {}
    for actor in ACTORS:
        clients[actor] = matrix_app.test_client()
        if actor != "anonymous":
            AuthActions(clients[actor]).login(world.emails[actor], DEMO_PASSWORD)
    before = _state()
    for rule, method in routes(matrix_app):
        if method != "GET":
            continue
        values = url_values(rule.endpoint, set(rule.arguments), world.values)
        with matrix_app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for client in clients.values():
            client.get(url)
    db.session.rollback()
    after = _state()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []


def test_every_form_post_is_refused_without_a_valid_csrf_token(make_app, tmp_path):
    app = make_app(WTF_CSRF_ENABLED=True, DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        world = build()
        mine, theirs = app.test_client(), app.test_client()
        page = theirs.get("/login").get_data(as_text=True)
        foreign = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        checked = 0
        for rule, method in routes(app):
            if method != "POST" or rule.endpoint.startswith("api."):
                continue  # the API takes no cookies, so it needs no CSRF token
            values = url_values(rule.endpoint, set(rule.arguments), world.values)
            with app.test_request_context():
                from flask import url_for

                url = url_for(rule.endpoint, **values)
            assert mine.post(url, data={}).status_code == 400, url
            assert mine.post(url, data={"csrf_token": foreign}).status_code == 400, url
            checked += 1
        assert checked > 50


@pytest.mark.parametrize("action", sorted(OWN_EXPECTED))
def test_what_each_actor_may_do_to_their_own_organization(matrix_app, action):
    world = build()
    own = build_own(world.emails)
    observed = []
    for actor in OWN_ACTORS:
        email, key = own[actor]
        client = matrix_app.test_client()
        AuthActions(client).login(email, DEMO_PASSWORD)
        observed.append("Y" if attempt(action, client, key, actor) else "-")
        db.session.rollback()
    assert " ".join(observed) == OWN_EXPECTED[action]
