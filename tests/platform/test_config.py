import pytest

from matchhub import create_app
from matchhub.config import ConfigError, normalise_database_url


def test_refuses_to_start_in_production_with_the_default_secret(monkeypatch, tmp_path):
    monkeypatch.delenv("MATCHHUB_SECRET_KEY", raising=False)
    monkeypatch.delenv("MATCHHUB_DEBUG", raising=False)
    with pytest.raises(ConfigError, match="MATCHHUB_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_production_cookies_are_secure_httponly_and_lax(monkeypatch, tmp_path):
    monkeypatch.setenv("MATCHHUB_SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("MATCHHUB_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    monkeypatch.setenv("MATCHHUB_BASE_URL", "https://matchhub.example.lg.jp")
    monkeypatch.delenv("MATCHHUB_DEBUG", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "a-long-random-production-secret"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_debug_mode_starts_with_the_development_key(monkeypatch, tmp_path):
    monkeypatch.delenv("MATCHHUB_SECRET_KEY", raising=False)
    monkeypatch.setenv("MATCHHUB_DEBUG", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["DEVELOPMENT"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.sqlite", "sqlite:///x.sqlite"),
    ],
)
def test_postgres_urls_use_psycopg3(given, expected):
    assert normalise_database_url(given) == expected


def test_production_refuses_to_start_without_a_base_url(monkeypatch, tmp_path):
    monkeypatch.setenv("MATCHHUB_SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.delenv("MATCHHUB_DEBUG", raising=False)
    monkeypatch.delenv("MATCHHUB_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="MATCHHUB_BASE_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


@pytest.mark.parametrize("url", ["matchhub.example.jp", "ftp://x.example", "https://"])
def test_a_malformed_base_url_is_named_at_start(monkeypatch, tmp_path, url):
    monkeypatch.setenv("MATCHHUB_BASE_URL", url)
    monkeypatch.setenv("MATCHHUB_DEBUG", "1")
    with pytest.raises(ConfigError, match="not an absolute http"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
