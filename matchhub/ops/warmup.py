"""Build what a worker process keeps (docs/ranking.md) before its first request needs it."""

from __future__ import annotations

from flask import Flask

from matchhub.extensions import db
from matchhub.issues import search as issue_search
from matchhub.matching import queue
from matchhub.matching.matching import current_ranker
from matchhub.platform.taxonomy import current_index


def warm_up(app: Flask) -> None:
    """The ranking index (seconds at 100,000 helpers), the prepared search, the queue's
    columns, then a few pages for the templates, translations and the taxonomy lists."""
    with app.app_context():
        current_index()
        current_ranker()
        issue_search.open_issues()
        queue.open_issues()
        db.session.remove()
    client = app.test_client()
    for path in ("/", "/issues", "/login"):
        client.get(path)
