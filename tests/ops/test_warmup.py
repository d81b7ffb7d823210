"""A gunicorn worker builds its index and caches before gunicorn hands it a request, so
the first residents and coordinators after a restart do not wait for them."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace
from unittest.mock import Mock

from matchhub import gunicorn_conf
from matchhub.issues import search as issue_search
from matchhub.matching import matching, queue
from tests.support import factories as f


def test_the_first_requests_after_a_worker_starts_build_nothing(app, monkeypatch):
    f.seed_ward()
    f.issue(f.organization(), title="名簿をエクセルで整理")
    f.resident("h@example.jp")
    builds = Counter()
    for module, name in (
        (matching, "_build"),
        (issue_search, "_load_open_issues"),
        (queue, "_load_open_issues"),
    ):
        original = getattr(module, name)

        def counted(*args, _original=original, _name=f"{module.__name__}.{name}"):
            builds[_name] += 1
            return _original(*args)

        monkeypatch.setattr(module, name, counted)
    worker = SimpleNamespace(wsgi=app, pid=4242, log=Mock())

    gunicorn_conf.post_worker_init(worker)
    assert sum(builds.values()) == 3 and "warm:" in worker.log.info.call_args.args[0]
    builds.clear()

    page = app.test_client().get("/issues?q=ｴｸｾﾙ")
    entries, total = queue.build_queue(queue.QueueFilters())
    assert "名簿をエクセルで整理" in page.get_data(as_text=True)
    assert total == 1 and entries[0].candidates
    assert not builds
