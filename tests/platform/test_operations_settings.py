"""Every setting an operator needs comes from the environment, is documented, and a
malformed one is named in one line at start, never as a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from matchhub import create_app
from matchhub.config import ConfigError
from matchhub.platform import files as attachments

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"


def _names_read_in_config() -> set[str]:
    return set(
        re.findall(
            r'"(MATCHHUB_[A-Z0-9_]+)"', (ROOT / "matchhub/config.py").read_text(encoding="utf-8")
        )
    )


def test_every_setting_read_in_config_is_documented_with_a_default():
    table = {
        match.group(1): match.group(2)
        for match in re.finditer(
            r"^\| `(MATCHHUB_[A-Z0-9_]+)` \| ([^|]+) \|",
            OPERATIONS.read_text(encoding="utf-8"),
            re.M,
        )
    }
    names = _names_read_in_config()
    assert len(names) >= 15
    assert names - table.keys() == set()
    assert all(default.strip() for default in table.values())


@pytest.fixture
def environment(monkeypatch, tmp_path):
    for name in _names_read_in_config():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MATCHHUB_DEBUG", "1")
    monkeypatch.setenv("MATCHHUB_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    return monkeypatch


def test_operator_settings_reach_the_app(environment, tmp_path):
    environment.setenv("MATCHHUB_UPLOAD_FOLDER", str(tmp_path / "files"))
    environment.setenv("MATCHHUB_MAX_UPLOAD_BYTES", "2_000_000")
    environment.setenv("MATCHHUB_API_RATE_LIMIT", "1000 per hour")
    environment.setenv("MATCHHUB_STAFF_SECOND_FACTOR", "off")
    environment.setenv("MATCHHUB_LOG_LEVEL", "warning")
    environment.setenv("MATCHHUB_METRICS_TOKEN", "t0ken")
    app = create_app()
    with app.app_context():
        assert attachments.folder("proposals") == tmp_path / "files" / "proposals"
        assert attachments.max_bytes() == 2_000_000
    assert app.config["API_TOKEN_RATE_LIMIT"] == "1000 per hour"
    assert app.config["STAFF_SECOND_FACTOR"] is False
    assert app.config["LOG_LEVEL"] == "WARNING"
    assert app.config["METRICS_TOKEN"] == "t0ken"


def test_defaults_keep_second_factor_on_and_log_info(environment):
    app = create_app()
    assert app.config["STAFF_SECOND_FACTOR"] is True
    assert app.config["LOG_LEVEL"] == "INFO"
    assert app.config["DESK_MAX_UPLOAD_BYTES"] == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("MATCHHUB_MAIL_PORT", "twenty-five", "MATCHHUB_MAIL_PORT must be a whole number"),
        ("MATCHHUB_MAX_UPLOAD_BYTES", "-1", "MATCHHUB_MAX_UPLOAD_BYTES must be a whole number"),
        ("MATCHHUB_LOG_FORMAT", "xml", "MATCHHUB_LOG_FORMAT must be one of json, text"),
        ("MATCHHUB_LOG_LEVEL", "loud", "MATCHHUB_LOG_LEVEL must be one of DEBUG"),
        ("MATCHHUB_API_RATE_LIMIT", "lots", "MATCHHUB_API_RATE_LIMIT must be a rate limit"),
        ("MATCHHUB_STAFF_SECOND_FACTOR", "maybe", "MATCHHUB_STAFF_SECOND_FACTOR must be one of"),
    ],
)
def test_a_malformed_setting_is_named_at_start(environment, name, value, expected):
    environment.setenv(name, value)
    with pytest.raises(ConfigError, match=expected):
        create_app()


def _run(argv: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        argv,
        env={**os.environ, "MATCHHUB_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )


def test_the_flask_command_prints_one_line_and_no_traceback():
    flask = str(Path(sys.executable).with_name("flask"))
    result = _run([flask, "--app", "matchhub", "routes"], MATCHHUB_MAIL_PORT="abc")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "Error: MATCHHUB_MAIL_PORT must be a whole number of at least 1, not 'abc'."
    )


def test_gunicorn_stops_before_starting_workers_with_one_line(tmp_path):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = _run(
        [
            gunicorn,
            "-c",
            "python:matchhub.gunicorn_conf",
            "-b",
            "127.0.0.1:0",
            "matchhub:create_app()",
        ],
        MATCHHUB_LOG_FORMAT="xml",
        MATCHHUB_DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}",
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "matchhub: MATCHHUB_LOG_FORMAT must be one of json, text, not 'xml'." in result.stderr
    assert "Booting worker" not in result.stderr
