"""Absolute links for mail, notices and exports, built from MATCHHUB_BASE_URL.

A request's Host header is chosen by whoever sends the request, so a link mailed to
someone else must never be built from it; cron jobs have no request at all.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of an endpoint on the configured site."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def absolute(path: str | None) -> str | None:
    """An absolute URL for a path on this site (``/me/activities#match-2``)."""
    if not path:
        return None
    base = current_app.config["BASE_URL"].rstrip("/") + "/"
    return urljoin(base, path.lstrip("/"))
