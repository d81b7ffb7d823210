"""gunicorn settings: every worker warms up before it takes a request.

    gunicorn -c python:matchhub.gunicorn_conf -w 4 -b 127.0.0.1:8000 'matchhub:create_app()'

Each worker keeps its own ranking index, prepared search and lists (docs/ranking.md); at
100,000 helpers the index takes 20 to 45 s to build. Built here, before gunicorn hands the
worker a request, the first residents after a restart or deploy do not wait for it.

Settings are checked once in the master before any worker starts: a malformed one stops
gunicorn with one line naming the variable, not a traceback per worker. With
PROMETHEUS_MULTIPROC_DIR set (docs/operations.md), the master empties that folder at start
and forgets each worker's gauges when it exits.
"""

import os
import sys
import time
from pathlib import Path

# A worker building its index sends no heartbeat; the default 30 s would kill it.
timeout = 120
graceful_timeout = 20
# matchhub writes one JSON line per request itself (with its request id): no second one.
accesslog = None


def on_starting(server):
    from matchhub.config import ConfigError, check_production_safety, from_environment

    try:
        check_production_safety(from_environment(instance_path=os.getcwd()))
    except ConfigError as error:
        print(f"matchhub: {error.format_message()}", file=sys.stderr)
        sys.exit(1)
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):  # counters of a previous run
            stale.unlink()
    from matchhub.deployment import rate_limit_warning

    warning = rate_limit_warning(
        server.cfg.workers, os.environ.get("MATCHHUB_RATELIMIT_STORAGE_URL")
    )
    if warning:
        server.log.warning("matchhub: %s", warning)


def post_worker_init(worker):
    from matchhub.ops.warmup import warm_up

    started = time.monotonic()
    warm_up(worker.wsgi)
    worker.log.info(
        "warm: ranking index and caches built in %.1f s (worker %s)",
        time.monotonic() - started,
        worker.pid,
    )


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
