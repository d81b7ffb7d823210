"""Absolute links for mail, notices and exports, built from MATCHHUB_BASE_URL.

A request's Host header is chosen by whoever sends the request, so a link mailed to
someone else must never be built from it; cron jobs have no request at all.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import current_app


def _adapter():
    base = urlsplit(current_app.config["BASE_URL"])
    return current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of an endpoint on the configured site."""
    return _adapter().build(endpoint, values, force_external=True)


def path_for(endpoint: str, _anchor: str | None = None, **values) -> str:
    """A path on this site (for in-app notices), built alike with or without a request."""
    path = _adapter().build(endpoint, values)
    return f"{path}#{_anchor}" if _anchor else path


def absolute(path: str | None) -> str | None:
    """An absolute URL for a path on this site (``/me/activities#match-2``)."""
    if not path:
        return None
    base = current_app.config["BASE_URL"].rstrip("/") + "/"
    return urljoin(base, path.lstrip("/"))
