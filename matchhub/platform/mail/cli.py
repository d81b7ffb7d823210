"""`flask mail send`: deliver the outbox (run it every minute from cron or a systemd timer)."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup
from flask_babel import force_locale

mail_group = AppGroup("mail", help="Outgoing mail.")


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="Keep sending; look at the outbox every --interval s.")
@click.option("--interval", type=int, default=30, show_default=True)
@click.option("--limit", type=int, default=50, show_default=True, help="Mail per run at most.")
def send_command(loop: bool, interval: int, limit: int) -> None:
    """Send the mail that is due; exit 1 when the mail server cannot be used."""
    from matchhub.platform.mail.sender import send_due

    while True:
        report = send_due(limit)
        click.echo(
            f"mail: {report.sent} sent, {report.retry_later} to retry later, "
            f"{report.failed} given up, {report.waiting} waiting"
        )
        if report.error is not None:
            _explain(report.error)
        if not loop:
            sys.exit(1 if report.error is not None else 0)
        time.sleep(interval)


def _explain(error) -> None:
    from matchhub.platform.mail.transport import explain

    with force_locale("en"):
        click.echo(f"error: {explain(error.code)}\n  ({error.detail})", err=True)
