"""Write the demo municipality (板橋区) as an exchange-format JSON Lines file.

Run ``python -m matchhub.demo.generate`` after changing any word bank; the output is
deterministic, so the committed ``itabashi.jsonl`` only changes when the banks do.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

from matchhub.demo.areas import area_records
from matchhub.demo.issues import issue_records
from matchhub.demo.organizations import ORGANIZATIONS
from matchhub.demo.residents import helper_records

SEED = 20261201
GENERATED_HELPERS = 152
OUTPUT = Path(__file__).with_name("itabashi.jsonl")


def organization_records() -> list[dict[str, object]]:
    """The hand-written organizations as exchange-format records."""
    return [{"type": "organization", **org} for org in ORGANIZATIONS]


def build_records(seed: int = SEED) -> list[dict[str, object]]:
    """Every demo record: areas, organizations, helpers, issues, in that order."""
    # One generator per section, so adding a helper phrase does not reshuffle the issues.
    organizations = organization_records()
    org_names = {str(org["key"]): str(org["name"]) for org in organizations}
    helpers = helper_records(random.Random(f"{seed}:helpers"), GENERATED_HELPERS)
    issues = issue_records(random.Random(f"{seed}:issues"), org_names)
    return [*area_records(), *organizations, *helpers, *issues]


def render(seed: int = SEED) -> str:
    """The demo file's exact text."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in build_records(seed))


def write(path: Path = OUTPUT, seed: int = SEED) -> Counter[str]:
    """Write the demo file and return how many records of each type it holds."""
    text = render(seed)
    path.write_text(text, encoding="utf-8", newline="\n")
    return Counter(json.loads(line)["type"] for line in text.splitlines())


def main() -> None:
    counts = write()
    print(f"wrote {OUTPUT}")
    for kind in ("area", "organization", "helper", "issue"):
        print(f"  {kind}: {counts[kind]}")


if __name__ == "__main__":
    main()
