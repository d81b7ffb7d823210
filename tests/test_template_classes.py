"""Every CSS class a template names has a rule in matchhub/static: nothing looks unfinished."""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

PACKAGE = Path(__file__).resolve().parent.parent / "matchhub"
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
NAME = re.compile(r"-?[A-Za-z_][\w-]*")
# Classes read only by scripts or the browser, never styled on purpose.
NOT_STYLED = frozenset()


def _selectors(rules) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            out.append(tinycss2.serialize(rule.prelude))
        elif rule.type == "at-rule" and rule.content is not None:
            out += _selectors(tinycss2.parse_rule_list(rule.content, True, True))
    return out


def defined_classes() -> set[str]:
    names: set[str] = set()
    for sheet in (PACKAGE / "static").rglob("*.css"):
        rules = tinycss2.parse_stylesheet(sheet.read_text(encoding="utf-8"), True, True)
        for prelude in _selectors(rules):
            names |= set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", prelude))
    return names


def used_classes() -> dict[str, set[str]]:
    """Class names per template; `x--{{ kind }}` is recorded as the prefix `x--`."""
    used: dict[str, set[str]] = {}
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for value in CLASS_ATTRIBUTE.findall(text):
            for token in JINJA.sub(" ", value).split():
                if NAME.fullmatch(token):
                    used.setdefault(token, set()).add(template.name)
    return used


def _styled(name: str, defined: set[str]) -> bool:
    if name.endswith(("--", "__")):  # a modifier built from data: some value must be styled
        return any(d.startswith(name) for d in defined)
    return name in defined


def test_every_class_a_template_uses_has_a_style():
    defined = defined_classes()
    missing = {
        name: sorted(where)
        for name, where in used_classes().items()
        if name not in NOT_STYLED and not _styled(name, defined)
    }
    assert missing == {}, f"classes without a rule in matchhub/static: {missing}"


def test_the_check_notices_a_class_without_a_style(tmp_path):
    defined = defined_classes()
    assert not _styled("surely-unstyled-class", defined)
    assert not _styled("surely-unstyled--", defined)
    assert _styled("candidate__row", defined)
