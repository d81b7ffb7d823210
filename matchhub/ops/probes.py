"""What a load balancer and a monitoring server ask: /healthz, /readyz and /metrics.

No login, no session, no rate limit: they are asked every few seconds by machines, and
answer from this process's memory or with one small query.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from matchhub.extensions import limiter
from matchhub.ops import readiness
from matchhub.platform.metrics import Scrape

bp = Blueprint("ops", __name__)
limiter.exempt(bp)


@bp.after_request
def never_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """The process answers; nothing else is checked (a restart would not help otherwise)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """:raise 503: with the reasons, while this worker should get no traffic."""
    result = readiness.check()
    body = {"status": "ready" if result.ready else "not ready", "checks": result.checks}
    if not result.ready:
        body["reasons"] = result.reasons
    return jsonify(body), 200 if result.ready else 503


@bp.get("/metrics")
def metrics():
    """Prometheus exposition, for a caller with MATCHHUB_METRICS_TOKEN.

    :raise 404: when no token is configured (metrics are off).
    """
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        return Response(
            "metrics need the bearer token (MATCHHUB_METRICS_TOKEN)\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="matchhub-metrics"', "Content-Type": "text/plain"},
        )
    return Response(generate_latest(Scrape()), headers={"Content-Type": CONTENT_TYPE_LATEST})
