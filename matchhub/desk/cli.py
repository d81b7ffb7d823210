"""`flask desk-remind`: the desk's daily reminders (run it from cron, like `remind`)."""

from __future__ import annotations

import click


@click.command("desk-remind")
@click.option("--days", type=int, default=None, help="Override the renewal notice (days).")
def desk_remind_command(days: int | None) -> None:
    """Remind of agreements up for renewal and of proposals waiting for a first answer."""
    from matchhub.desk import agreements, proposal_review

    renewals = agreements.send_renewal_reminders(days=days)
    waiting = proposal_review.remind_waiting_proposals()
    click.echo(f"agreements up for renewal: {renewals}; proposals waiting: {waiting}")
