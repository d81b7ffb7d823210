"""Bounded input: request size, JSON depth, huge ids and pages, NUL characters, and the
login limiter's key. Every case gets a clear answer, never a 500, on both engines."""

from __future__ import annotations

import json

import pytest
from flask import url_for
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import Organization
from tests.support.accounts import AuthActions, make_user
from tests.support.authz_world import build, url_values
from tests.test_authorization_matrix import DEMO_PASSWORD as PASSWORD
from tests.test_authorization_matrix import routes

HUGE = 99999999999999999999


@pytest.fixture
def world_app(make_app, tmp_path):
    app = make_app(DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        yield app, build()


def _clients(app, world) -> dict:
    clients = {}
    for actor in ("anonymous", "member_a", "coordinator"):
        clients[actor] = app.test_client()
        if actor != "anonymous":
            AuthActions(clients[actor]).login(world.emails[actor], PASSWORD)
    return clients


def test_huge_ids_and_page_numbers_are_404_on_every_route(world_app):
    app, world = world_app
    clients = _clients(app, world)
    answers = {}
    for rule, method in routes(app):
        if method != "GET" or rule.endpoint.startswith("ops."):
            continue  # the probes answer 503 by design while the app is not ready
        values = url_values(rule.endpoint, set(rule.arguments), world.values)
        ints = {name for name, conv in rule._converters.items() if conv.regex == r"\d+"}
        for name in ints:
            values[name] = 1
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        for name in ints:  # put the huge number where the id was
            url = url.replace(f"/{values[name]}", f"/{HUGE}", 1)
        for actor, client in clients.items():
            if ints:
                answers[(url, actor)] = client.get(url).status_code
            paged = client.get(url, query_string={"page": HUGE})
            answers[(url + "?page", actor)] = paged.status_code
            db.session.rollback()
    assert [key for key, status in answers.items() if status >= 500] == []
    assert all(status == 404 for (url, _), status in answers.items() if str(HUGE) in url)
    paged = {
        key: s
        for key, s in answers.items()
        if key[0] in ("/issues?page", "/cases?page", "/me/notifications?page", "/coordinator/?page")
    }
    assert paged and all(s in (302, 403, 404) for s in paged.values()), sorted(paged.items())


def test_a_nul_character_is_refused_with_a_message_on_every_route(world_app):
    app, world = world_app
    clients = _clients(app, world)
    answers = {}
    for rule, method in routes(app):
        values = url_values(rule.endpoint, set(rule.arguments), world.values)
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        for actor, client in clients.items():
            if method == "GET":
                response = client.get(url, query_string={"q": "防災\x00"})
            else:
                response = client.open(url, method=method, data={"title": "a\x00b", "name": "\x00"})
            answers[(method, url, actor)] = response
            db.session.rollback()
    assert [key for key, r in answers.items() if r.status_code >= 500] == []
    refused = [r for (method, url, _), r in answers.items() if method == "GET"]
    assert all(r.status_code in (302, 400, 401, 403, 404, 405, 422) for r in refused)
    page = clients["anonymous"].get("/issues", query_string={"q": "防災\x00"})
    assert page.status_code == 400
    assert "制御文字" in page.get_data(as_text=True)


def test_a_nul_character_in_a_form_keeps_the_database_as_it_was(app, client):
    make_user("owner@example.jp")
    AuthActions(client).login("owner@example.jp", "correct horse battery")
    page = client.post(
        "/organizations/new",
        data={"name": "NPO\x00法人", "kind": "npo", "description": "紹介"},
    )
    assert page.status_code == 400
    assert "制御文字" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 0


def test_an_oversized_form_gets_a_clear_413_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=64 * 1024)
    page = app.test_client().post("/login", data={"email": "a" * 100_000, "password": "x"})
    assert page.status_code == 413
    html = page.get_data(as_text=True)
    assert "一度に送れる量" in html and "64 KB" in html


def test_an_oversized_api_body_gets_an_error_object(make_app, tmp_path):
    app = make_app(MAX_CONTENT_LENGTH=64 * 1024, DESK_UPLOAD_FOLDER=str(tmp_path / "up"))
    with app.app_context():
        world = build()
        headers = {"Authorization": f"Bearer {_token(app, world)}"}
        answer = app.test_client().post(
            f"/api/v1/issues/{world.values['issue']}/decisions",
            data='{"note": "' + "x" * 100_000 + '"}',
            headers=headers,
            content_type="application/json",
        )
    assert answer.status_code == 413
    assert answer.get_json()["error"]["code"] == "payload_too_large"


def test_the_size_limit_is_read_from_the_environment(monkeypatch, tmp_path):
    from matchhub import create_app
    from matchhub.config import DEFAULT_MAX_CONTENT_LENGTH, ConfigError

    monkeypatch.setenv("MATCHHUB_DEBUG", "1")
    db_url = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"}
    assert create_app(db_url).config["MAX_CONTENT_LENGTH"] == DEFAULT_MAX_CONTENT_LENGTH
    monkeypatch.setenv("MATCHHUB_MAX_CONTENT_LENGTH", "2048")
    assert create_app(db_url).config["MAX_CONTENT_LENGTH"] == 2048
    monkeypatch.setenv("MATCHHUB_MAX_CONTENT_LENGTH", "lots")
    with pytest.raises(ConfigError, match="MATCHHUB_MAX_CONTENT_LENGTH must be a whole number"):
        create_app(db_url)


def test_a_desk_upload_may_exceed_the_global_limit(make_app, tmp_path):
    """The desk's files have their own, larger limit (DESK_MAX_UPLOAD_BYTES)."""
    from tests.support.desk_world import PDF, build_world, client_for, proposal_form, upload

    app = make_app(MAX_CONTENT_LENGTH=64 * 1024, DESK_UPLOAD_FOLDER=str(tmp_path / "up"))
    with app.app_context():
        world = build_world()
        client = client_for(app, world.proposer)
        data = proposal_form(organization=str(world.company.id))
        data["files"] = [upload("企画書.pdf", PDF + b"%" * 200_000)]
        response = client.post("/desk/proposals/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302


def _token(app, world):
    from matchhub.accounts.tokens import create_token
    from matchhub.models import User

    coordinator = db.session.scalar(select(User).where(User.email == world.emails["coordinator"]))
    return create_token(coordinator, "t", ["read_public", "write_decisions"], 30).secret


def test_deeply_nested_json_is_refused_with_422(world_app):
    app, world = world_app
    headers = {"Authorization": f"Bearer {_token(app, world)}"}
    issue = world.values["issue"]
    deep = '{"decision": ' + "[" * 50_000 + "]" * 50_000 + "}"
    answer = app.test_client().post(
        f"/api/v1/issues/{issue}/decisions",
        data=deep,
        headers=headers,
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "invalid_body"
    nul = json.dumps({"decision": "confirm", "reason": ["ok\x00"]})
    answer = app.test_client().post(
        f"/api/v1/issues/{issue}/decisions",
        data=nul,
        headers=headers,
        content_type="application/json",
    )
    assert answer.status_code == 422


def test_the_login_limiter_key_is_hashed_and_bounded(app):
    from matchhub.accounts.auth import _login_email_key

    with app.test_request_context("/login", method="POST", data={"email": "a" * 500_000}):
        key = _login_email_key()
    with app.test_request_context("/login", method="POST", data={"email": " Taro@Example.jp "}):
        same = _login_email_key()
    with app.test_request_context("/login", method="POST", data={"email": "taro@example.jp"}):
        assert _login_email_key() == same
    assert len(key) == len(same) == len("login:") + 32
    assert "taro" not in same


def test_a_huge_match_number_on_an_agreement_is_a_message_not_a_500(world_app):
    app, world = world_app
    coordinator = _clients(app, world)["coordinator"]
    page = coordinator.post(
        f"/desk/agreements/{world.values['agreement']}/matches",
        data={"match_id": str(HUGE)},
        follow_redirects=True,
    )
    assert page.status_code == 200
    assert "その番号のマッチングはありません" in page.get_data(as_text=True)


def test_a_huge_message_on_a_proposal_is_told_apart_from_large_files(make_app, tmp_path):
    from tests.support.desk_world import build_world, client_for, proposal_form

    app = make_app(MAX_CONTENT_LENGTH=64 * 1024, DESK_UPLOAD_FOLDER=str(tmp_path / "up"))
    with app.app_context():
        world = build_world()
        client = client_for(app, world.proposer)
        client.post("/desk/proposals/new", data=proposal_form(organization=str(world.company.id)))
        from matchhub.models import Proposal

        key = db.session.scalar(select(Proposal.key))
        page = client.post(f"/desk/proposals/{key}/messages", data={"body": "あ" * 100_000})
    assert page.status_code == 413
    assert "一度に送れる量" in page.get_data(as_text=True)
