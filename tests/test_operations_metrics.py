"""/metrics as a Prometheus server scrapes it: guarded by a token, parsed by its own parser."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from matchhub.extensions import db
from matchhub.models import OutboxMail
from matchhub.models.types import utcnow
from matchhub.services import matching

from .conftest import app_config

TOKEN = "metrics-token-for-tests"
DATA = Path(__file__).parent / "data"
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
            cwd=Path(__file__).parent.parent,
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
