"""flask users: create staff accounts, change roles, deactivate, reset the second factor.

This is how the first administrator of an empty production database is made.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale

ROLE = click.Choice(["coordinator", "admin"])
REASON = click.option("--reason", required=True, help="Why; kept in the audit log.")


@click.group("users", cls=AppGroup)
@with_appcontext
@click.pass_context
def users_group(ctx: click.Context) -> None:
    """Staff accounts (coordinators and administrators)."""
    # Operators read the other commands' output in English; messages match it.
    ctx.with_resource(force_locale("en"))
    _require_schema()


def _require_schema() -> None:
    """Say what to do when the database is unreachable or not migrated, never a traceback."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import NoSuchTableError, OperationalError

    from matchhub.extensions import db

    try:
        columns = {column["name"] for column in inspect(db.engine).get_columns("users")}
    except NoSuchTableError:
        columns = set()
    except OperationalError as error:
        raise click.ClickException(f"cannot reach the database: {error.orig}") from None
    if "deactivated_at" not in columns:
        raise click.ClickException(
            "the database is not set up or not up to date: "
            "run `flask --app matchhub db upgrade` first"
        )


def _fail(error: Exception) -> click.ClickException:
    return click.ClickException(str(error))


def _user(email: str):
    from matchhub.admin import staff

    try:
        return staff.user_by_email(email)
    except staff.StaffError as error:
        raise _fail(error) from None


@users_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name as colleagues see it.")
@click.option("--role", type=ROLE, required=True)
@click.option("--reason", default="", help="Why; kept in the audit log.")
def create_command(email: str, name: str, role: str, reason: str) -> None:
    """Create a staff account and print its one-time setup link (valid 24 hours)."""
    from matchhub.admin import staff

    try:
        user, link = staff.create_staff(email, name, role, None, reason, via="cli")
    except staff.StaffError as error:
        if error.field == "email" and staff.find_user_by_email(email) is not None:
            raise click.ClickException(
                f"{error} To give that account a role: "
                f"flask users grant {email} {role} --reason ..."
            ) from None
        raise _fail(error) from None
    click.echo(f"created {role} {user.email} ({user.display_name})")
    click.echo("setup link (valid 24 hours, works once; the person then sets up a second factor):")
    click.echo(link)


@users_group.command("setup-link")
@click.argument("email")
def setup_link_command(email: str) -> None:
    """Print a fresh setup link for a staff account that has not chosen a password yet."""
    from matchhub.admin import staff

    user = _user(email)
    try:
        click.echo(staff.new_setup_link(user, None, via="cli"))
    except staff.StaffError as error:
        raise _fail(error) from None


@users_group.command("grant")
@click.argument("email")
@click.argument("role", type=ROLE)
@REASON
def grant_command(email: str, role: str, reason: str) -> None:
    """Give EMAIL the ROLE coordinator or admin."""
    from matchhub.admin import staff

    user = _user(email)
    try:
        changed = staff.grant(user, role, None, reason, via="cli")
    except staff.StaffError as error:
        raise _fail(error) from None
    click.echo(f"{user.email} is now {role}" if changed else f"{user.email} already was {role}")


@users_group.command("revoke")
@click.argument("email")
@click.argument("role", type=ROLE)
@REASON
def revoke_command(email: str, role: str, reason: str) -> None:
    """Take the ROLE coordinator or admin away from EMAIL."""
    from matchhub.admin import staff

    user = _user(email)
    try:
        changed = staff.revoke(user, role, None, reason, via="cli")
    except staff.StaffError as error:
        raise _fail(error) from None
    click.echo(f"{user.email} is no longer {role}" if changed else f"{user.email} was not {role}")


@users_group.command("deactivate")
@click.argument("email")
@REASON
def deactivate_command(email: str, reason: str) -> None:
    """Stop an account: it cannot log in, and its sessions and API tokens end."""
    from matchhub.admin import staff

    user = _user(email)
    try:
        changed = staff.deactivate(user, None, reason, via="cli")
    except staff.StaffError as error:
        raise _fail(error) from None
    click.echo(f"{user.email} deactivated" if changed else f"{user.email} was already deactivated")


@users_group.command("reset-2fa")
@click.argument("email")
@REASON
def reset_2fa_command(email: str, reason: str) -> None:
    """Forget EMAIL's second factor; they set it up again at their next login."""
    from matchhub.admin import staff

    user = _user(email)
    try:
        staff.reset_second_factor(user, None, reason, via="cli")
    except staff.StaffError as error:
        raise _fail(error) from None
    click.echo(f"second factor of {user.email} reset; their sessions have ended")


COMMANDS = (users_group,)
