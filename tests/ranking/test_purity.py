"""The ranking library stays pure: no web framework, no ORM."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_importing_ranking_loads_no_flask_or_sqlalchemy() -> None:
    code = (
        "import sys, matchhub.ranking, matchhub.ranking.engine, matchhub.ranking.exchange;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
