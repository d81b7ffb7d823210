"""matchhub: residents, organizations and local issues, brought together."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The source checkout (scripts, docs, tests); an installed package has only PACKAGE.
ROOT = PACKAGE.parent


def create_app(test_config: dict | None = None):
    """Create and configure the Flask application."""
    from flask import Flask

    from . import config, deployment

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    config.check_production_safety(app.config)
    deployment.apply_proxy_fix(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_operations(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_operations(app) -> None:
    """Logs, request ids and metrics first (their hooks wrap every other), then /healthz,
    /readyz and /metrics."""
    from . import logs
    from .web import operations, request_log

    logs.init_app(app)
    if not app.config["STAFF_SECOND_FACTOR"] and not (app.config["DEVELOPMENT"] or app.testing):
        app.logger.warning(
            "MATCHHUB_STAFF_SECOND_FACTOR is off: staff sign in with a password only"
        )
    request_log.init_app(app)
    app.register_blueprint(operations.bp)


def register_extensions(app) -> None:
    from . import database, i18n, security  # noqa: F401  (database registers engine events)
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    i18n.init_app(app)

    from .services.mail import worker as mail_worker

    mail_worker.init_app(app)


def register_blueprints(app) -> None:
    from .web import (
        account,
        activities,
        admin,
        api,
        auth,
        bounded_input,
        cases,
        coordinator,
        dashboard,
        desk,
        issues,
        mail,
        mail_admin,
        main,
        my_data,
        org_matches,
        organizations,
        registry_import,
        residents,
        staff_setup,
        tokens,
    )

    bounded_input.init_app(app)  # before the routes: they use its int converter
    # Public pages, accounts, residents, organizations, the desk's staff, then the API.
    for module in (
        main,
        auth,
        account,
        my_data,
        residents,
        activities,
        issues,
        organizations,
        org_matches,
        cases,
        desk,
        coordinator,
        dashboard,
        admin,
        staff_setup,
        registry_import,
        tokens,
        mail,
        mail_admin,
        api,
    ):
        app.register_blueprint(module.bp)


def register_errorhandlers(app) -> None:
    from .web import bad_host, errors

    errors.init_app(app)
    bad_host.init_app(app)


def register_commands(app) -> None:
    from . import cli

    cli.init_app(app)
