"""Links handed to people are built from MATCHHUB_BASE_URL; other Hosts are refused."""

from __future__ import annotations

from tests.support.accounts import AuthActions, make_user

SITE = "https://matchhub.city.example.lg.jp"


def test_a_request_for_an_untrusted_host_gets_a_plain_400_page(make_app):
    app = make_app(TRUSTED_HOSTS=["matchhub.city.example.lg.jp"], BASE_URL=SITE)
    page = app.test_client().get("/", headers={"Host": "evil.example"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "そのアドレスには応答しません" in html
    assert f'href="{SITE}"' in html


def test_an_api_request_for_an_untrusted_host_gets_an_error_object(make_app):
    app = make_app(TRUSTED_HOSTS=["matchhub.city.example.lg.jp"])
    answer = app.test_client().get("/api/v1/issues", headers={"Host": "evil.example"})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "untrusted_host"


def test_the_trusted_host_is_served(make_app):
    app = make_app(TRUSTED_HOSTS=["matchhub.city.example.lg.jp"])
    page = app.test_client().get("/", headers={"Host": "matchhub.city.example.lg.jp"})
    assert page.status_code == 200


def test_pages_tell_browsers_to_use_https_outside_debug(make_app):
    answer = make_app().test_client().get("/")
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_debug_pages_do_not_pin_https(make_app):
    answer = make_app(DEVELOPMENT=True).test_client().get("/")
    assert "Strict-Transport-Security" not in answer.headers


def test_printed_claim_code_names_the_configured_site_not_the_request_host(make_app):
    app = make_app(BASE_URL=SITE)
    with app.app_context():
        make_user("coord@example.jp", is_coordinator=True)
        client = app.test_client()
        client.environ_base["HTTP_HOST"] = "evil.example"
        AuthActions(client).login("coord@example.jp", "correct horse battery")
        page = client.post(
            "/coordinator/residents/new",
            data={
                "display_name": "高島 トメ",
                "area": "",
                "themes": "防災",
                "availability": ["weekday_morning"],
                "languages": "ja",
                "paper_consent": "y",
                "consent_date": "2026-11-20",
            },
        )
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    assert f"{SITE}/claim" in html
    assert "evil.example" not in html
