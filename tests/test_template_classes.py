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
FLASH_CATEGORY = re.compile(r'flash\([^()]*(?:\([^()]*\)[^()]*)*,\s*"(\w+)"\s*\)', re.S)


def modifier_values() -> dict[str, set[str]]:
    """Every value a class built from data (`x--{{ value }}`) can take, from the code."""
    from matchhub.dashboard.charts import CHART_KINDS
    from matchhub.models import MATCH_STATUSES, PROPOSAL_STATUSES, REPORT_STATUSES
    from matchhub.models.organizations import VERIFICATION_STATES
    from matchhub.models.proposals import MESSAGE_SIDES

    flashed = {"message"}  # Flask's category when a view names none
    for module in PACKAGE.rglob("*.py"):
        flashed |= set(FLASH_CATEGORY.findall(module.read_text(encoding="utf-8")))
    return {
        "flash--": flashed,
        "chart--": set(CHART_KINDS),
        "desk-status--": set(PROPOSAL_STATUSES) | set(REPORT_STATUSES),
        "desk-message--": set(MESSAGE_SIDES),
        "match__status--": set(MATCH_STATUSES),
        "verification--": set(VERIFICATION_STATES),
    }


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


def _styled(name: str, defined: set[str], values: dict[str, set[str]]) -> bool:
    if name.endswith(("--", "__")):  # a modifier built from data: every value is styled
        return name in values and all(name + value in defined for value in values[name])
    return name in defined


def test_every_class_a_template_uses_has_a_style():
    defined, values = defined_classes(), modifier_values()
    missing = {
        name: sorted(where)
        for name, where in used_classes().items()
        if name not in NOT_STYLED and not _styled(name, defined, values)
    }
    assert missing == {}, f"classes without a rule in matchhub/static: {missing}"


def test_every_value_of_a_data_built_class_has_a_style():
    defined = defined_classes()
    unstyled = {
        prefix + value
        for prefix, options in modifier_values().items()
        for value in options
        if prefix + value not in defined
    }
    assert unstyled == set()


def test_the_check_notices_a_class_without_a_style(tmp_path):
    defined, values = defined_classes(), modifier_values()
    assert not _styled("surely-unstyled-class", defined, values)
    assert not _styled("surely-unstyled--", defined, values)
    assert not _styled("match__status--", defined - {"match__status--proposed"}, values)
    assert _styled("candidate__row", defined, values)
