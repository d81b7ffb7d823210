"""The application factory's parts, as a table of contents: config, logs and probes,
extensions, blueprints, template context, error handlers. `matchhub.create_app` adds the
commands; the lab builds scratch apps from `build_app` (no commands, so no import cycle)."""

from __future__ import annotations

from pathlib import Path


def build_app(test_config: dict | None = None):
    """The application without its commands: what the lab builds on a scratch database."""
    from flask import Flask

    from matchhub import config, deployment

    app = Flask("matchhub", instance_relative_config=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    config.check_production_safety(app.config)
    deployment.apply_proxy_fix(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_operations(app)
    register_extensions(app)
    register_blueprints(app)
    register_template_context(app)
    register_errorhandlers(app)
    return app


def register_template_context(app) -> None:
    from matchhub import template_context

    template_context.init_app(app)


def register_operations(app) -> None:
    """Logs, request ids and metrics first (their hooks wrap every other), then /healthz,
    /readyz and /metrics."""
    from matchhub import logs
    from matchhub.ops import probes as operations
    from matchhub.platform import request_log

    logs.init_app(app)
    if not app.config["STAFF_SECOND_FACTOR"] and not (app.config["DEVELOPMENT"] or app.testing):
        app.logger.warning(
            "MATCHHUB_STAFF_SECOND_FACTOR is off: staff sign in with a password only"
        )
    request_log.init_app(app)
    app.register_blueprint(operations.bp)


def register_extensions(app) -> None:
    from matchhub import database, i18n, security  # noqa: F401  (database registers engine events)
    from matchhub.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    i18n.init_app(app)

    from matchhub.platform.mail import worker as mail_worker

    mail_worker.init_app(app)


def register_blueprints(app) -> None:
    from matchhub.accounts import account, auth, staff_setup
    from matchhub.accounts import mail_pages as mail
    from matchhub.accounts import token_pages as tokens
    from matchhub.admin import blueprint as admin
    from matchhub.admin import mail as mail_admin
    from matchhub.api import blueprint as api
    from matchhub.dashboard import pages as dashboard
    from matchhub.desk import case_pages as cases
    from matchhub.desk import pages as desk
    from matchhub.exchange import registry_pages as registry_import
    from matchhub.issues import pages as issues
    from matchhub.matching import coordinator, org_matches
    from matchhub.organizations import pages as organizations
    from matchhub.pages import views as main
    from matchhub.platform import bounded_input
    from matchhub.residents import activity_pages as activities
    from matchhub.residents import my_data
    from matchhub.residents import pages as residents

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
    from matchhub.platform import bad_host, errors

    errors.init_app(app)
    bad_host.init_app(app)
