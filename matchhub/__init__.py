"""matchhub: residents, organizations and local issues, brought together."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The source checkout (scripts, docs, tests); an installed package has only PACKAGE.
ROOT = PACKAGE.parent


def create_app(test_config: dict | None = None):
    """Create and configure the Flask application, with its commands."""
    from matchhub import cli
    from matchhub.factory import build_app

    app = build_app(test_config)
    cli.init_app(app)
    return app
