"""In development, a thread of the web process sends the outbox, so `make run` shows mail.

Production runs `flask mail send` from cron or a systemd timer instead: a web worker
must not depend on a mail server, and several gunicorn workers would each start one.
"""

from __future__ import annotations

import logging
import threading
import weakref

from flask import Flask

from matchhub.platform.mail.sender import send_due

log = logging.getLogger(__name__)
_started: weakref.WeakSet[Flask] = weakref.WeakSet()
_lock = threading.Lock()


def _show_info_logs() -> None:
    # Python drops INFO when nobody configured logging; in development mail must be seen.
    mail_log = logging.getLogger("matchhub.platform.mail")
    mail_log.setLevel(logging.INFO)
    if not logging.getLogger().handlers and not mail_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        mail_log.addHandler(handler)


def _run(app: Flask, stop: threading.Event) -> None:
    interval = app.config["MAIL_WORKER_INTERVAL"]
    while not stop.wait(interval):
        with app.app_context():
            try:
                report = send_due()
            except Exception:  # the thread must outlive a database hiccup
                log.exception("development mail sender failed; trying again")
                continue
            if report.sent or report.error:
                log.info(
                    "development mail sender: %d sent, %d wait%s",
                    report.sent,
                    report.waiting,
                    f" ({report.error})" if report.error else "",
                )


def start(app: Flask) -> threading.Event | None:
    """Start the sender thread once per app; the returned event stops it."""
    with _lock:
        if app in _started:
            return None
        _started.add(app)
    _show_info_logs()
    stop = threading.Event()
    thread = threading.Thread(target=_run, args=(app, stop), name="mail-sender", daemon=True)
    thread.start()
    log.info("development mail sender started (every %ss)", app.config["MAIL_WORKER_INTERVAL"])
    return stop


def init_app(app: Flask) -> None:
    """In development, start the thread with the first request (not in CLI commands)."""
    if not app.config.get("DEVELOPMENT") or app.testing:
        return

    @app.before_request
    def _start_mail_sender() -> None:
        start(app)
