"""The stylesheet parses: a lost brace silently swallows every rule after it."""

from __future__ import annotations

from pathlib import Path

import tinycss2

STATIC = Path(__file__).resolve().parent.parent / "matchhub" / "static"


def test_every_stylesheet_parses_without_errors_or_unclosed_blocks():
    for sheet in STATIC.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        errors = [rule for rule in rules if rule.type == "error"]
        assert errors == [], f"{sheet.name}: {[e.message for e in errors]}"
        assert text.count("{") == text.count("}"), f"{sheet.name}: unbalanced braces"
        # A rule swallowed by an unclosed block would hide a nested selector at top level.
        for rule in rules:
            if rule.type == "qualified-rule":
                body = tinycss2.serialize(rule.content)
                assert "{" not in body, (
                    f"{sheet.name}: a block inside {tinycss2.serialize(rule.prelude).strip()!r}"
                )
