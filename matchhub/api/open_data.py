"""Open data files for a municipal catalogue: CSV, UTF-8 with a BOM, no personal fields."""

from __future__ import annotations

from flask import current_app

from matchhub.api import open_data_rows as api_open_data
from matchhub.api.base import bp

FILES = {
    "issues.csv": api_open_data.issues_csv,
    "cases.csv": api_open_data.cases_csv,
    "stats.csv": api_open_data.stats_csv,
}


def _csv(name: str):
    response = current_app.response_class(FILES[name](), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="matchhub-{name}"'
    return response


@bp.get("/open/issues.csv")
def open_issues():
    return _csv("issues.csv")


@bp.get("/open/cases.csv")
def open_cases():
    return _csv("cases.csv")


@bp.get("/open/stats.csv")
def open_stats():
    return _csv("stats.csv")
