"""gunicorn settings for the load test: every worker warms up before it takes a request.

The ranking index over 100,000 helpers takes ~20 s to build, once per worker process, on
first use. A real deployment pays that once per worker start too; the load test must not
measure it as the first users' response time, so each worker builds it here, before
gunicorn hands it any request.
"""

import time

# A worker building its index sends no heartbeat; the default 30 s would kill it.
timeout = 300
graceful_timeout = 20


def post_worker_init(worker):
    from matchhub.extensions import db
    from matchhub.services.matching import current_ranker
    from matchhub.services.taxonomy import current_index

    app = worker.wsgi
    started = time.monotonic()
    with app.app_context():
        current_index()
        current_ranker()
        db.session.remove()
    client = app.test_client()
    for path in ("/", "/issues", "/login"):  # templates, translations, taxonomy lists
        client.get(path)
    worker.log.info(
        "warm: ranking index built in %.1f s (worker %s)", time.monotonic() - started, worker.pid
    )
