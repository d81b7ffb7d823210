"""Prometheus metrics: what is counted, and what a scrape of /metrics reads.

Under gunicorn each worker is a process with its own counters. With PROMETHEUS_MULTIPROC_DIR
set (before the workers start; docs/operations.md), prometheus-client writes them to files
there and a scrape, answered by any one worker, adds up every worker's.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from matchhub.extensions import db
from matchhub.models import OutboxMail

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BUILD_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 45.0, 60.0, 120.0)
INDEX_BUILT_AT_NAME = "matchhub_ranking_index_built_timestamp_seconds"

if os.environ.get(MULTIPROCESS_VARIABLE):
    # The metrics below open their files there as they are defined.
    os.makedirs(os.environ[MULTIPROCESS_VARIABLE], exist_ok=True)

REQUEST_SECONDS = Histogram(
    "matchhub_request_duration_seconds",
    "Time to answer a request, by endpoint and method.",
    ["endpoint", "method"],
    buckets=REQUEST_BUCKETS,
)
REQUESTS = Counter(
    "matchhub_requests",
    "Requests answered, by endpoint, method and status.",
    ["endpoint", "method", "status"],
)
INDEX_BUILD_SECONDS = Histogram(
    "matchhub_ranking_index_build_seconds",
    "Time to build a worker's ranking index from the registry.",
    buckets=BUILD_BUCKETS,
)
INDEX_BUILT_AT = Gauge(
    INDEX_BUILT_AT_NAME,
    "When each live worker's ranking index was built (Unix time).",
    multiprocess_mode="liveall",
)
IMPORTED = Counter(
    "matchhub_imported_records",
    "Records handled by imports, by kind and outcome (created, updated, unchanged, skipped).",
    ["kind", "outcome"],
)


def request_answered(endpoint: str | None, method: str, status: int, seconds: float) -> None:
    method = method if method in KNOWN_METHODS else "other"
    endpoint = endpoint or "unmatched"
    REQUEST_SECONDS.labels(endpoint, method).observe(seconds)
    REQUESTS.labels(endpoint, method, str(status)).inc()


def ranking_index_built(seconds: float) -> None:
    INDEX_BUILD_SECONDS.observe(seconds)
    INDEX_BUILT_AT.set(time.time())


def records_imported(
    created: dict[str, int], updated: dict[str, int], unchanged: dict[str, int], skipped: int
) -> None:
    for outcome, counts in (("created", created), ("updated", updated), ("unchanged", unchanged)):
        for kind, n in counts.items():
            if n:
                IMPORTED.labels(kind, outcome).inc(n)
    if skipped:
        IMPORTED.labels("any", "skipped").inc(skipped)


def outbox_depth() -> int:
    """Mail written to the outbox and not sent yet."""
    query = select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None))
    return db.session.scalar(query) or 0


class Scrape:
    """Everything one scrape shows: the counters of this process (or of every worker) and
    the figures read when it is made."""

    def __init__(self) -> None:
        if os.environ.get(MULTIPROCESS_VARIABLE):
            self.source = CollectorRegistry()
            MultiProcessCollector(self.source)
        else:
            self.source = REGISTRY

    def collect(self) -> Iterable[Metric]:
        families = list(self.source.collect())
        yield from families
        built = [s.value for f in families if f.name == INDEX_BUILT_AT_NAME for s in f.samples]
        if built:
            age = GaugeMetricFamily(
                "matchhub_ranking_index_age_seconds",
                "Seconds since the oldest ranking index a live worker serves was built.",
            )
            age.add_metric([], max(time.time() - min(built), 0.0))
            yield age
        try:
            depth = outbox_depth()
        except SQLAlchemyError:
            db.session.rollback()
            return  # the database is down: /readyz says so; the rest of the scrape still counts
        outbox = GaugeMetricFamily("matchhub_outbox_pending", "Mail in the outbox not sent yet.")
        outbox.add_metric([], depth)
        yield outbox
