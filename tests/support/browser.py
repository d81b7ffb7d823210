"""What browser tests share besides fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "matchhub" / "translations"
ARTIFACTS = ROOT / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def check_compiled_catalogues() -> None:
    """Pages are Japanese only if the catalogue is compiled; say so plainly if not."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(
                f"{mo.relative_to(ROOT)} is missing or older than its .po: "
                "run `make install` or `.venv/bin/pybabel compile -d matchhub/translations`"
            )


def mailed_path(database_uri: str, recipient: str, prefix: str) -> str:
    """The path of the link starting with ``prefix`` in the newest mail to ``recipient``."""
    import re

    from sqlalchemy import create_engine, text

    engine = create_engine(database_uri)
    try:
        with engine.connect() as connection:
            body = connection.execute(
                text("SELECT body FROM outbox_mail WHERE recipient = :r ORDER BY id DESC"),
                {"r": recipient},
            ).scalar()
    finally:
        engine.dispose()
    assert body, f"no mail to {recipient}"
    return re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S*)", body).group(1)


def save_screenshots(page, name: str) -> None:
    """Save the page as it is now, at phone and at desktop width."""
    ARTIFACTS.mkdir(exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        try:
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTIFACTS / f"{safe}-{label}.png"), full_page=True)
        except Exception as error:  # a screenshot must never hide the real failure
            print(f"could not save {label} screenshot: {error}")
