"""Commands: a group per domain, registered in one place, with the short names kept."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "matchhub"


@pytest.mark.parametrize(
    "words",
    [
        ["desk", "remind"],
        ["matches", "remind"],
        ["ops", "backup"],
        ["ops", "restore"],
        ["lab", "bench"],
        ["lab", "evaluate"],
        ["exchange", "import"],
        ["demo", "seed"],
        ["taxonomy", "load"],
        ["mail", "send"],
        ["users", "create"],
        # the names the README and the deploy/ timers use
        ["remind"],
        ["desk-remind"],
        ["backup"],
        ["import"],
        ["seed-demo"],
    ],
)
def test_every_domain_command_answers_help(runner, words):
    result = runner.invoke(args=[*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_reminders_run_through_their_domain_group(runner):
    assert "reminders sent" in runner.invoke(args=["matches", "remind"]).output
    assert "agreements up for renewal" in runner.invoke(args=["desk", "remind"]).output


def test_only_the_cli_module_registers_commands():
    registering = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "cli.add_command" in path.read_text(encoding="utf-8")
        and path.relative_to(PACKAGE).as_posix() != "cli.py"
    ]
    assert registering == []
