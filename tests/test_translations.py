"""The message catalogues: current, and complete in Japanese.

Refresh them after changing any user-facing string:

    .venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext \
        --add-comments=TRANSLATORS: --project=matchhub \
        -o matchhub/translations/messages.pot .
    .venv/bin/pybabel update -i matchhub/translations/messages.pot \
        -d matchhub/translations --no-fuzzy-matching --ignore-obsolete
    (translate every new entry in ja/LC_MESSAGES/messages.po)
    .venv/bin/pybabel compile -d matchhub/translations --statistics
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "matchhub" / "translations"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def _key(message_id) -> str:
    return message_id[0] if isinstance(message_id, (tuple, list)) else message_id


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _template_ids() -> set[tuple[str, str | None]]:
    return {(_key(m.id), m.context) for m in _read(TRANSLATIONS / "messages.pot") if m.id}


def _extracted_ids() -> set[tuple[str, str | None]]:
    """Extract afresh, exactly as the pybabel command in the docstring does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {
        (_key(message), context)
        for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS
        )
    }


def test_template_lists_every_message_in_the_code():
    extracted, template = _extracted_ids(), _template_ids()
    assert extracted - template == set(), "new strings: re-run pybabel extract and update"
    assert template - extracted == set(), "strings gone from the code: re-run extract"


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_catalogue_follows_the_template(locale):
    catalogue = _read(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")
    ids = {(_key(m.id), m.context) for m in catalogue if m.id}
    assert _template_ids() - ids == set(), f"run pybabel update for {locale}"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
    return not message.fuzzy and all(s and s.strip() for s in strings)


def test_every_message_has_a_japanese_translation():
    catalogue = _read(TRANSLATIONS / "ja" / "LC_MESSAGES" / "messages.po")
    by_id = {(_key(m.id), m.context): m for m in catalogue if m.id}
    untranslated = sorted(
        key[0] for key in _template_ids() if key not in by_id or not _translated(by_id[key])
    )
    assert untranslated == []


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_translations_keep_their_placeholders_and_compile(locale):
    catalogue = _read(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert problems == []
    write_mo(io.BytesIO(), catalogue)
