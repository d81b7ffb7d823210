"""A gunicorn worker builds its index and caches before gunicorn hands it a request."""

from __future__ import annotations

from types import SimpleNamespace
from unittest.mock import Mock

from matchhub import gunicorn_conf
from matchhub.services.matching import CACHE_KEY

from . import factories as f


def test_a_worker_warms_up_before_its_first_request(app):
    f.seed_ward()
    f.issue(f.organization())
    f.resident("h@example.jp")
    worker = SimpleNamespace(wsgi=app, pid=4242, log=Mock())

    gunicorn_conf.post_worker_init(worker)

    assert len(app.extensions[CACHE_KEY].value.helpers) == 1
    kept = app.extensions["matchhub.fresh"]
    assert {"taxonomy:index", "search:open-issues", "queue:open-issues"} <= set(kept)
    assert len(kept["search:open-issues"].value) == 1
    assert "warm:" in worker.log.info.call_args.args[0]
