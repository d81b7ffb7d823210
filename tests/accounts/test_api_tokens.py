"""Personal access tokens: shown once, stored hashed, scoped, revocable, expiring, rate-limited."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from matchhub.accounts import tokens
from matchhub.extensions import db, limiter
from matchhub.models import ApiToken, AuditEvent
from matchhub.models.types import utcnow
from tests.support.api_world import PASSWORD, build_world


@pytest.fixture
def world(app, runner):
    return build_world(runner)


def _create(client, **form):
    data = {"name": "区ウェブサイト", "scopes": ["read_public"], "days": "30", **form}
    return client.post("/me/tokens", data=data)


def test_token_is_shown_once_and_only_its_hash_is_stored(client, auth, world):
    auth.login("hanako@example.jp", PASSWORD)
    page = _create(client)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    secret = html.split('id="token-secret" type="text" value="')[1].split('"')[0]
    assert secret.startswith("mh_") and len(secret) > 40
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "区ウェブサイト"))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.scopes == ["read_public"]
    assert timedelta(days=29) < token.expires_at - token.created_at <= timedelta(days=30)
    listing = client.get("/me/tokens").get_data(as_text=True)
    assert "区ウェブサイト" in listing and secret not in listing and token.prefix in listing
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )


def test_token_pages_need_a_login(client, world):
    assert client.get("/me/tokens").status_code == 302
    assert client.post("/me/tokens/1/revoke").status_code == 302


def test_the_desk_passes_its_second_factor_before_touching_tokens(client, world):
    client.post("/login", data={"email": "coord@example.jp", "password": PASSWORD})
    response = client.get("/me/tokens")
    assert response.status_code == 302
    assert "/account/2fa" in response.headers["Location"]
    created = client.post("/me/tokens", data={"name": "x", "scopes": ["read_public"]})
    assert created.status_code == 302
    assert db.session.scalar(select(ApiToken).where(ApiToken.name == "x")) is None


def test_a_coordinator_past_the_second_factor_creates_a_decision_token(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    page = _create(client, name="窓口の連携", scopes=["read_personal", "write_decisions"])
    assert page.status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "窓口の連携"))
    assert token.scopes == ["read_personal", "write_decisions"]


def test_residents_are_not_offered_decisions(client, auth, world):
    auth.login("hanako@example.jp", PASSWORD)
    assert "write_decisions" not in client.get("/me/tokens").get_data(as_text=True)
    _create(client, scopes=["write_decisions"])
    assert db.session.scalar(select(ApiToken).where(ApiToken.name == "区ウェブサイト")) is None
    with pytest.raises(tokens.TokenError):
        tokens.create_token(world.hanako.user, "x", ["write_decisions"], 30)


def test_only_known_lifetimes_and_scopes_are_accepted(world):
    with pytest.raises(tokens.TokenError):
        tokens.create_token(world.coordinator, "x", ["read_public"], 10_000)
    with pytest.raises(tokens.TokenError):
        tokens.create_token(world.coordinator, "x", [], 30)
    with pytest.raises(tokens.TokenError):
        tokens.create_token(world.coordinator, " ", ["read_public"], 30)


def test_a_revoked_token_stops_working_at_once(client, auth, world):
    headers = world.bearer(world.resident_token)
    assert client.get("/api/v1/matches", headers=headers).status_code == 200
    auth.login("hanako@example.jp", PASSWORD)
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "mine"))
    assert client.post(f"/me/tokens/{token.id}/revoke").status_code == 302
    response = client.get("/api/v1/matches", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoke"))


def test_nobody_revokes_someone_elses_token(client, auth, world):
    desk_token = db.session.scalar(select(ApiToken).where(ApiToken.name == "desk"))
    auth.login("hanako@example.jp", PASSWORD)
    client.post(f"/me/tokens/{desk_token.id}/revoke")
    db.session.refresh(desk_token)
    assert desk_token.revoked_at is None


def test_revoking_needs_the_forms_csrf_token(csrf_app):
    world = build_world(csrf_app.test_cli_runner())
    client = csrf_app.test_client()
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "mine"))
    assert client.post(f"/me/tokens/{token.id}/revoke").status_code == 400
    db.session.refresh(token)
    assert token.revoked_at is None and world.resident_token


def test_an_expired_token_is_refused_with_its_own_code(client, world):
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "mine"))
    token.created_at = utcnow() - timedelta(days=40)
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/api/v1/issues", headers=world.bearer(world.resident_token))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_expired"


@pytest.mark.parametrize("header", ["Bearer mh_not-a-real-token", "Basic abc", "Bearer", "mh_x"])
def test_a_bad_token_is_a_401_even_where_none_is_needed(client, world, header):
    response = client.get("/api/v1/issues", headers={"Authorization": header})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_scope_and_role_are_both_required(client, world):
    public_only = client.get(
        "/api/v1/helpers", headers=world.bearer(world.coordinator_public_token)
    )
    assert public_only.status_code == 403
    assert public_only.get_json()["error"]["code"] == "insufficient_scope"
    resident = client.get("/api/v1/helpers", headers=world.bearer(world.resident_token))
    assert resident.status_code == 403
    assert resident.get_json()["error"]["code"] == "forbidden"
    body = {"candidate_kind": "helper", "candidate_key": "h-1", "decision": "confirm",
            "reason": "good_fit"}  # fmt: skip
    decision = client.post(
        "/api/v1/issues/i-1/decisions", json=body, headers=world.bearer(world.resident_token)
    )
    assert decision.status_code == 403


def test_last_use_is_noted(client, world):
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "desk"))
    assert token.last_used_at is None
    client.get("/api/v1/me", headers=world.bearer(world.coordinator_token))
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_each_token_has_its_own_rate_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, API_TOKEN_RATE_LIMIT="3/minute")
    with app.app_context():
        limiter.reset()
        world = build_world(app.test_cli_runner())
        client = app.test_client()
        desk, resident = world.bearer(world.coordinator_token), world.bearer(world.resident_token)
        for _ in range(3):
            assert client.get("/api/v1/issues", headers=desk).status_code == 200
        limited = client.get("/api/v1/issues", headers=desk)
        assert limited.status_code == 429
        assert limited.get_json()["error"]["code"] == "rate_limited"
        assert int(limited.headers["Retry-After"]) >= 1
        assert client.get("/api/v1/issues", headers=resident).status_code == 200
        limiter.reset()
