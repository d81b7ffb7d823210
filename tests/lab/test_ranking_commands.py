import json
from pathlib import Path

import pytest

from matchhub import create_app

DATA = Path(__file__).parents[1] / "data"
DEV_FILE = DATA / "itabashi.jsonl"


def test_rank_json_has_the_documented_shape(runner, app):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    result = runner.invoke(args=["rank", "i-1", "--top", "5", "--json"])
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)
    assert list(ranked) == ["i-1"]
    first = ranked["i-1"][0]
    assert set(first) == {"helper", "score", "components", "reasons"}
    # The resident who typed こども食堂 in 高島平, next to the venue in 蓮根, comes first.
    assert first["helper"] == "h-1"
    assert all(0.0 <= v <= 1.0 for v in first["components"].values())
    assert any("子ども食堂" in reason for reason in first["reasons"])
    scores = [c["score"] for c in ranked["i-1"]]
    assert scores == sorted(scores, reverse=True)


def test_rank_names_the_missing_issue(runner, app):
    result = runner.invoke(args=["rank", "no-such-issue"])
    assert result.exit_code != 0
    assert "no-such-issue" in result.output


def test_rank_all_covers_every_open_issue(runner, app):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    result = runner.invoke(args=["rank", "--all", "--top", "1"])
    assert result.exit_code == 0
    assert "# i-1" in result.output


def _evaluate(path: Path) -> dict:
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    result = app.test_cli_runner().invoke(args=["evaluate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_evaluate_prints_engine_and_both_baselines(tmp_path):
    figures = _evaluate(DATA / "small.jsonl")
    assert set(figures) == {"engine", "random", "exact_match"}
    assert figures["engine"]["ndcg_at_10"] == 1.0
    assert figures["engine"]["needs"] == 1


@pytest.mark.skipif(
    not DEV_FILE.exists(), reason="the development registry tests/data/itabashi.jsonl is missing"
)
def test_engine_beats_both_baselines_on_the_development_set():
    figures = _evaluate(DEV_FILE)
    engine = figures["engine"]["ndcg_at_10"]
    assert engine >= 0.85
    assert engine > figures["random"]["ndcg_at_10"] + 0.3
    assert engine > figures["exact_match"]["ndcg_at_10"] + 0.3


def _generalisation(*args: str) -> str:
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    result = app.test_cli_runner().invoke(args=["evaluate", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_evaluate_coverage_reports_shares_and_unresolved_words():
    output = _generalisation("--coverage", str(DATA / "small.jsonl"))
    figures = json.loads(output[output.index("{") :])
    assert figures["theme"]["exact"] == 1.0
    assert figures["skill"]["items"] >= 2


def test_evaluate_blind_reports_right_wrong_unresolved_and_false_positives():
    output = _generalisation("--blind", str(DATA / "blind_sample"))
    figures = json.loads(output[output.index("{") :])
    assert (figures["right"], figures["wrong"], figures["unresolved"]) == (3, 1, 1)
    assert figures["everyday_words"] == 3


def test_evaluate_coverage_without_a_file_is_a_clear_usage_error():
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    result = app.test_cli_runner().invoke(args=["evaluate", "--coverage"])
    assert result.exit_code != 0
    assert "FILE" in result.output
    assert "Traceback" not in result.output
