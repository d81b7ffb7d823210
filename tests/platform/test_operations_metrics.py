"""/metrics as a Prometheus server scrapes it: guarded by a token, parsed by its own parser."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from matchhub.extensions import db
from matchhub.matching import matching
from matchhub.models import OutboxMail
from matchhub.models.types import utcnow
from tests.support.app import app_config

TOKEN = "metrics-token-for-tests"
DATA = Path(__file__).parents[1] / "data"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


def _samples(client) -> dict[tuple, float]:
    """Every sample of one scrape, keyed by name and sorted labels."""
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


@pytest.fixture
def metered(make_app):
    app = make_app(METRICS_TOKEN=TOKEN)
    with app.app_context():
        yield app


def test_metrics_are_off_without_a_token_and_refused_with_a_wrong_one(make_app, metered):
    assert make_app().test_client().get("/metrics").status_code == 404
    client = metered.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guessed"})
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"].startswith("Bearer")
    assert "matchhub_" not in wrong.get_data(as_text=True)


def test_request_latency_is_counted_per_endpoint(metered):
    client = metered.test_client()
    key = (
        "matchhub_request_duration_seconds_count",
        (("endpoint", "auth.login"), ("method", "GET")),
    )
    before = _samples(client).get(key, 0)
    for _ in range(3):
        client.get("/login")
    assert _samples(client)[key] == before + 3
    status = (
        "matchhub_requests_total",
        (("endpoint", "auth.login"), ("method", "GET"), ("status", "200")),
    )
    assert _samples(client)[status] >= 3


def test_outbox_depth_counts_mail_not_sent_yet(metered):
    db.session.add_all(
        [OutboxMail(recipient=f"r{n}@example.jp", subject="件名", body="本文") for n in range(3)]
        + [OutboxMail(recipient="sent@example.jp", subject="件名", body="本文", sent_at=utcnow())]
    )
    db.session.commit()
    assert _samples(metered.test_client())[("matchhub_outbox_pending", ())] == 3


def test_ranking_index_build_time_and_age_are_shown(metered):
    client = metered.test_client()
    builds = ("matchhub_ranking_index_build_seconds_count", ())
    before = _samples(client).get(builds, 0)
    metered.extensions.pop(matching.CACHE_KEY, None)
    with metered.test_request_context():
        matching.current_ranker()
    after = _samples(client)
    assert after[builds] == before + 1
    assert 0 <= after[("matchhub_ranking_index_age_seconds", ())] < 3600


def test_imports_are_counted_by_kind_and_outcome(metered, runner):
    client = metered.test_client()
    created = ("matchhub_imported_records_total", (("kind", "helper"), ("outcome", "created")))
    same = ("matchhub_imported_records_total", (("kind", "helper"), ("outcome", "unchanged")))
    before = _samples(client)
    runner = metered.test_cli_runner()
    assert runner.invoke(args=["import", str(DATA / "small.jsonl")]).exit_code == 0
    assert runner.invoke(args=["import", str(DATA / "small.jsonl")]).exit_code == 0
    after = _samples(client)
    assert after[created] == before.get(created, 0) + 2
    assert after[same] == before.get(same, 0) + 2


WORKER = textwrap.dedent(
    """
    import sys
    from matchhub import create_app
    from matchhub.extensions import db
    app = create_app({config!r})
    with app.app_context():
        if sys.argv[1] == "setup":
            db.create_all()
        client = app.test_client()
        client.get("/login")
        if sys.argv[1] == "scrape":
            print(client.get("/metrics", headers={{"Authorization": "Bearer {token}"}}).text)
    """
)


def test_every_gunicorn_workers_counts_add_up_in_one_scrape(tmp_path):
    """Three processes share PROMETHEUS_MULTIPROC_DIR, as gunicorn workers do."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    config = app_config(f"sqlite:///{tmp_path / 'shared.sqlite'}", METRICS_TOKEN=TOKEN)
    script = WORKER.format(config=config, token=TOKEN)
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script, role],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[2],
        ).stdout
        for role in ("setup", "worker", "scrape")
    ]
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(outputs[-1])
        for sample in family.samples
    }
    key = (
        "matchhub_request_duration_seconds_count",
        (("endpoint", "auth.login"), ("method", "GET")),
    )
    assert samples[key] == 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_under_gunicorn_two_workers_are_ready_and_counted_together(tmp_path):
    """The real server with the shipped config: warm-up, readiness, one scrape for both."""
    bin_dir = Path(sys.executable).parent
    database = f"sqlite:///{tmp_path / 'served.sqlite'}"
    env = {
        **os.environ,
        "MATCHHUB_SECRET_KEY": "a-long-random-secret-for-this-test",
        "MATCHHUB_BASE_URL": "https://matchhub.example.jp",
        "MATCHHUB_DATABASE_URL": database,
        "MATCHHUB_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
    }
    env.pop("MATCHHUB_DEBUG", None)
    root = Path(__file__).parents[2]
    upgrade = [str(bin_dir / "flask"), "--app", "matchhub", "db", "upgrade"]
    subprocess.run(upgrade, env=env, cwd=root, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "-c",
            "python:matchhub.gunicorn_conf",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "matchhub:create_app()",
        ],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, body = _get(f"{base}/readyz")
            except OSError:
                status, body = None, ""
            if status == 200:
                break
            assert server.poll() is None and time.monotonic() < deadline, (status, body)
            time.sleep(0.2)
        assert json.loads(body)["checks"] == {
            "database": "ok",
            "migrations": "ok",
            "ranking_index": "ok",
        }
        for _ in range(20):
            assert _get(f"{base}/healthz")[0] == 200
        status, text = _get(f"{base}/metrics", TOKEN)
        assert status == 200
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }
        key = (
            "matchhub_requests_total",
            (("endpoint", "ops.healthz"), ("method", "GET"), ("status", "200")),
        )
        assert samples[key] == 20
        built = [k for k in samples if k[0] == "matchhub_ranking_index_built_timestamp_seconds"]
        assert len(built) == 2  # one index per worker, each built before it served
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors
