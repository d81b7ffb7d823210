"""Behind a proxy: forwarded addresses are trusted for exactly MATCHHUB_PROXY_HOPS proxies,
and gunicorn warns when several workers keep the rate limits each in its own memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from matchhub.deployment import rate_limit_warning

ROOT = Path(__file__).resolve().parents[2]


def _reset_requests(app, forwarded_for: str, count: int) -> list[int]:
    client = app.test_client()
    return [
        client.post(
            "/reset", data={"email": "x@example.jp"}, headers={"X-Forwarded-For": forwarded_for}
        ).status_code
        for _ in range(count)
    ]


def test_behind_one_proxy_each_client_has_its_own_limit(make_app):
    app = make_app(PROXY_HOPS=1, RATELIMIT_ENABLED=True)
    assert _reset_requests(app, "203.0.113.7", 6)[-1] == 429
    assert _reset_requests(app, "198.51.100.9", 1) == [302]


def test_without_proxy_hops_a_forged_forwarded_header_changes_nothing(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    assert _reset_requests(app, "203.0.113.7", 6)[-1] == 429
    assert _reset_requests(app, "198.51.100.9", 1) == [429]


def test_behind_a_proxy_the_https_scheme_comes_from_the_proxy(make_app):
    app = make_app(PROXY_HOPS=1)
    page = app.test_client().get("/me", headers={"X-Forwarded-Proto": "https"})
    assert page.headers["Location"].startswith(("https://", "/"))
    assert app.test_client().get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


@pytest.mark.parametrize(
    ("workers", "storage", "warns"),
    [
        (1, None, False),
        (4, None, True),
        (4, "memory://", True),
        (4, "redis://127.0.0.1:6379", False),
    ],
)
def test_several_workers_with_limits_in_memory_are_warned_about(workers, storage, warns):
    warning = rate_limit_warning(workers, storage)
    assert (warning is not None) == warns
    if warns:
        assert "MATCHHUB_RATELIMIT_STORAGE_URL" in warning and f"{workers} times" in warning


def _gunicorn_log(tmp_path, **env) -> str:
    """Start gunicorn with two workers on a free port, read its log until a worker boots."""
    environment = {
        **os.environ,
        "MATCHHUB_DEBUG": "1",
        "MATCHHUB_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite",
        **env,
    }
    if "MATCHHUB_RATELIMIT_STORAGE_URL" not in env:
        environment.pop("MATCHHUB_RATELIMIT_STORAGE_URL", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-c",
            "python:matchhub.gunicorn_conf",
            "-w",
            "2",
            "-b",
            "127.0.0.1:0",
            "matchhub:create_app()",
        ],
        cwd=ROOT,
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if "Booting worker" in line:
                break
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown, workers included
        process.wait(timeout=60)
        process.stderr.close()
    return "".join(lines)


def test_gunicorn_warns_at_start_when_workers_keep_limits_in_memory(tmp_path):
    log = _gunicorn_log(tmp_path)
    assert "MATCHHUB_RATELIMIT_STORAGE_URL" in log and "2 times as loose" in log


def test_gunicorn_starts_quietly_with_a_shared_limit_store(tmp_path):
    log = _gunicorn_log(tmp_path, MATCHHUB_RATELIMIT_STORAGE_URL="redis://127.0.0.1:6379")
    assert "Booting worker" in log and "times as loose" not in log
