"""Running behind the ward's TLS proxy, with several workers.

ProxyFix trusts the X-Forwarded-* headers of exactly MATCHHUB_PROXY_HOPS proxies, so the
client's address (which the rate limits key on) and the https scheme come from the proxy,
and a client cannot forge them by sending the headers itself.
"""

from __future__ import annotations

from werkzeug.middleware.proxy_fix import ProxyFix


def apply_proxy_fix(app) -> None:
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def rate_limit_warning(workers: int, storage_url: str | None) -> str | None:
    """What to warn about when limits are kept per worker: n workers multiply them by n."""
    if workers > 1 and (not storage_url or storage_url.startswith("memory://")):
        return (
            f"{workers} workers keep the rate limits in memory, each its own: every limit is "
            f"{workers} times as loose as set. Set MATCHHUB_RATELIMIT_STORAGE_URL to a shared "
            "store (for example redis://127.0.0.1:6379)."
        )
    return None
