"""gunicorn settings: every worker warms up before it takes a request.

    gunicorn -c python:matchhub.gunicorn_conf -w 4 -b 127.0.0.1:8000 'matchhub:create_app()'

Each worker keeps its own ranking index, prepared search and lists (docs/ranking.md); at
100,000 helpers the index takes 20 to 45 s to build. Built here, before gunicorn hands the
worker a request, the first residents after a restart or deploy do not wait for it.
"""

import os
import time

# A worker building its index sends no heartbeat; the default 30 s would kill it.
timeout = 120
graceful_timeout = 20


def on_starting(server):
    from matchhub.deployment import rate_limit_warning

    warning = rate_limit_warning(
        server.cfg.workers, os.environ.get("MATCHHUB_RATELIMIT_STORAGE_URL")
    )
    if warning:
        server.log.warning("matchhub: %s", warning)


def post_worker_init(worker):
    from matchhub.services.warmup import warm_up

    started = time.monotonic()
    warm_up(worker.wsgi)
    worker.log.info(
        "warm: ranking index and caches built in %.1f s (worker %s)",
        time.monotonic() - started,
        worker.pid,
    )
