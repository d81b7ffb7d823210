"""matchhub: residents, organizations and local issues, brought together."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None):
    """Create and configure the Flask application."""
    from flask import Flask

    from . import config

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    config.check_production_safety(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app) -> None:
    from . import database, i18n, security  # noqa: F401  (database registers engine events)
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    i18n.init_app(app)


def register_blueprints(app) -> None:
    from .web import (
        account,
        activities,
        api,
        auth,
        cases,
        coordinator,
        dashboard,
        desk,
        issues,
        main,
        my_data,
        org_matches,
        organizations,
        registry_import,
        residents,
        tokens,
    )

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
        registry_import,
        tokens,
        api,
    ):
        app.register_blueprint(module.bp)


def register_errorhandlers(app) -> None:
    from .web import errors

    errors.init_app(app)


def register_commands(app) -> None:
    from . import cli

    cli.init_app(app)
