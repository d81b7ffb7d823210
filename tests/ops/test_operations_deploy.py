"""The files shipped under deploy/ are what they claim: units systemd accepts, timers
that start shipped services, commands that exist, a Containerfile whose sources exist."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
INSTALLED = "/opt/matchhub"
# `mail send` comes with the outbox worker (issue 17, item 1), merged from another branch.


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
def test_units_and_timers_pass_systemd_analyze_verify(tmp_path):
    """Installed paths are pointed at this checkout, so the executables it names exist."""
    venv_bin = str(Path(sys.executable).parent)
    for unit in UNITS.iterdir():
        text = unit.read_text(encoding="utf-8")
        text = text.replace(f"{INSTALLED}/.venv/bin", venv_bin).replace(INSTALLED, str(ROOT))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    units = sorted(str(p) for p in tmp_path.iterdir())
    result = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_every_timer_starts_a_shipped_service_that_runs_an_existing_command(app):
    timers = sorted(UNITS.glob("*.timer"))
    assert {t.stem for t in timers} == {
        "matchhub-remind",
        "matchhub-desk-remind",
        "matchhub-mail-send",
        "matchhub-backup",
    }
    missing = set()
    for timer in timers:
        service = UNITS / _unit(timer)["Timer"]["Unit"]
        assert service.exists()
        argv = shlex.split(_unit(service)["Service"]["ExecStart"])
        assert argv[:3] == [f"{INSTALLED}/.venv/bin/flask", "--app", "matchhub"]
        if argv[3] not in app.cli.commands:
            missing.add(argv[3])
    assert missing == set()


def test_the_backup_timer_keeps_a_bounded_number_of_backups():
    argv = shlex.split(_unit(UNITS / "matchhub-backup.service")["Service"]["ExecStart"])
    assert argv[3:] == ["backup", "--keep", "14"]


def test_the_containerfile_copies_only_what_exists_and_starts_gunicorn_with_our_config():
    text = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    for sources in re.findall(r"^COPY (.+) \S+$", text, re.M):
        for source in sources.split():
            assert (ROOT / source).exists(), source
    assert '"python:matchhub.gunicorn_conf"' in text
    assert "/healthz" in text
