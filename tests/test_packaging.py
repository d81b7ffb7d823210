"""A wheel built from the project runs on its own: no source checkout, no ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel installed into a fresh virtualenv outside the source tree.

    The dependencies come from the test environment (a .pth line), so nothing is downloaded
    but the build backend; matchhub itself comes only from the wheel.
    """
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(folder)],
        check=True,
        timeout=300,
    )
    (wheel,) = folder.glob("matchhub-*.whl")
    env_dir = folder / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, str(wheel)],
        check=True,
        timeout=300,
    )
    return python


def test_installed_wheel_migrates_seeds_and_serves_the_japanese_home_page(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MATCHHUB_")},
        "MATCHHUB_DEBUG": "1",
        "MATCHHUB_DATABASE_URL": f"sqlite:///{work / 'ward.sqlite'}",
        "PYTHONPATH": "",
    }
    flask = [str(installed), "-m", "flask", "--app", "matchhub"]
    for command in (["db", "upgrade"], ["seed-demo", "--if-empty"]):
        done = subprocess.run(
            flask + command, cwd=work, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
    page = subprocess.run(
        [
            str(installed),
            "-c",
            "import matchhub, sys; from matchhub import create_app; "
            "assert str(matchhub.__file__).startswith(sys.prefix), matchhub.__file__; "
            "r = create_app().test_client().get('/'); print(r.status_code); "
            "print(r.get_data(as_text=True))",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert page.returncode == 0, page.stderr[-3000:]
    status, html = page.stdout.split("\n", 1)
    assert status == "200"
    assert 'lang="ja"' in html and "地域" in html
    assert "/static/css/site.css" in html
