"""One log line per request, with an id a resident can read off the error page."""

from __future__ import annotations

import json

import pytest

from tests.support.accounts import make_user


def _lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def _access(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "matchhub.access"]


@pytest.fixture
def json_app(make_app):
    app = make_app(LOG_FORMAT="json", LOG_LEVEL="INFO")
    with app.app_context():
        yield app


def test_each_request_is_one_json_line_with_its_id_template_status_and_user(json_app, capsys):
    user = make_user()
    client = json_app.test_client()
    client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    capsys.readouterr()
    response = client.get("/issues/no-such-issue")
    (line,) = _access(_lines(capsys.readouterr().err))
    assert response.headers["X-Request-ID"] == line["request_id"]
    assert line["method"] == "GET"
    assert line["path"] == "/issues/<key>"  # the template: keys and tokens stay out of logs
    assert line["status"] == 404
    assert line["user_id"] == user.id
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"


def test_an_error_page_shows_the_id_logged_with_the_error(json_app, capsys):
    def broken():
        raise RuntimeError("the printer is on fire")

    json_app.add_url_rule("/broken", view_func=broken)
    response = json_app.test_client().get("/broken")
    lines = _lines(capsys.readouterr().err)
    request_id = response.headers["X-Request-ID"]
    assert response.status_code == 500
    assert request_id in response.get_data(as_text=True)
    assert "the printer is on fire" not in response.get_data(as_text=True)
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == request_id
    assert "the printer is on fire" in error["exc_info"]
    assert _access(lines)[0]["request_id"] == request_id


def test_the_error_page_in_japanese_asks_to_quote_the_number(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert "お問い合わせの際は、この番号をお伝えください" in page
    assert response.headers["X-Request-ID"] in page


def test_a_proxys_request_id_is_kept_only_when_trusted(make_app):
    given = "3f2b9c0e7d1a4b5c8e9f0a1b2c3d4e5f"
    untrusting = make_app().test_client()
    assert (
        untrusting.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"] != given
    )
    trusting = make_app(TRUST_REQUEST_ID=True).test_client()
    assert (
        trusting.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given
    )
    forged = "<script>alert(1)</script>"
    echoed = trusting.get("/healthz", headers={"X-Request-ID": forged}).headers["X-Request-ID"]
    assert echoed != forged and echoed.isalnum()


def test_info_is_written_by_default_and_warning_level_hides_it(make_app, capsys):
    make_app(LOG_FORMAT="json").test_client().get("/healthz")
    assert len(_access(_lines(capsys.readouterr().err))) == 1
    make_app(LOG_FORMAT="json", LOG_LEVEL="WARNING").test_client().get("/healthz")
    assert _access(_lines(capsys.readouterr().err)) == []


def test_text_format_is_one_readable_line(make_app, capsys):
    response = make_app(LOG_FORMAT="text").test_client().get("/healthz")
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "matchhub.access" in line]
    assert f"INFO [{response.headers['X-Request-ID']}] matchhub.access: GET /healthz 200" in line
