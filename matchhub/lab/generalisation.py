"""Reports on how the engine reads words it was not written for (`flask evaluate` options).

They use the packaged taxonomy and the pure ranking library, so they measure the shipped
engine, not a database that coordinators have taught more aliases.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from matchhub.ranking.coverage import (
    CATEGORIES,
    blind_report,
    coverage,
    parse_blind_pairs,
    parse_everyday,
    typed_words,
)
from matchhub.ranking.dropout import alias_dropout, ndcg_with_taxonomy
from matchhub.ranking.exchange import Exchange, load_exchange
from matchhub.ranking.resolve import Resolver
from matchhub.ranking.semantic import leave_one_alias_out
from matchhub.ranking.taxonomy import load_default_taxonomy

TOP_UNRESOLVED = 20


def read_exchange(path: Path) -> Exchange:
    """Read an exchange file (JSON Lines) into documents."""
    with path.open(encoding="utf-8") as lines:
        return load_exchange(list(lines))


def coverage_report(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Share of typed words by resolution step, the top unresolved words, and warnings."""
    resolver = Resolver(load_default_taxonomy())
    report = coverage(resolver, typed_words(read_exchange(path)))
    figures: dict[str, Any] = {
        kind: {
            "items": sum(counts.values()),
            **{c: round(report.share(kind, c), 4) for c in CATEGORIES},
        }
        for kind, counts in report.counts.items()
    }
    figures["unresolved"] = report.unresolved.most_common(TOP_UNRESOLVED)
    return figures, report.warnings()


def dropout_report(path: Path, seeds: int = 3) -> dict[str, Any]:
    """NDCG@10 with all aliases, then with 40 % and 60 % of the used alias types hidden."""
    exchange = read_exchange(path)
    taxonomy = load_default_taxonomy()
    runs = alias_dropout(exchange, taxonomy, seeds=range(seeds))
    by_fraction: dict[float, list[float]] = {}
    for run in runs:
        by_fraction.setdefault(run.fraction, []).append(run.ndcg_at_10)
    return {
        "full": round(ndcg_with_taxonomy(exchange, taxonomy), 4),
        "runs": [run.__dict__ for run in runs],
        "mean": {f"{f:.0%}": round(sum(v) / len(v), 4) for f, v in by_fraction.items()},
        "min": {f"{f:.0%}": min(v) for f, v in by_fraction.items()},
    }


def blind_set_report(folder: Path) -> dict[str, Any]:
    """Right / wrong / unresolved on paraphrases.tsv and false positives on everyday.txt."""
    resolver = Resolver(load_default_taxonomy())
    pairs_file, everyday_file = folder / "paraphrases.tsv", folder / "everyday.txt"
    pairs = parse_blind_pairs(pairs_file.read_text("utf-8").splitlines())
    everyday = (
        parse_everyday(everyday_file.read_text("utf-8").splitlines())
        if everyday_file.exists()
        else []
    )
    report = blind_report(resolver, pairs, everyday)
    by_kind: dict[str, Counter[str]] = {}
    for pair in pairs:
        keys = {
            r.key
            for r in (
                resolver.resolve_themes([pair.typed])
                if pair.kind == "theme"
                else resolver.resolve_skills([pair.typed])
            )
        }
        outcome = "right" if pair.key in keys else "wrong" if keys else "unresolved"
        by_kind.setdefault(pair.kind, Counter())[outcome] += 1
    return {
        **report.as_dict(),
        "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "wrong_examples": report.wrong_examples[:40],
        "unresolved_examples": report.unresolved_examples[:40],
        "false_positive_examples": report.false_positive_examples[:40],
    }


def calibration_report() -> dict[str, Any]:
    """Leave-one-alias-out precision and recall of the semantic fallback per threshold."""
    resolver = Resolver(load_default_taxonomy())
    return {
        kind: leave_one_alias_out(vocabulary.semantic_matcher)
        for kind, vocabulary in (("theme", resolver.themes), ("skill", resolver.skills))
    }


def as_text(figures: dict[str, Any]) -> str:
    """Pretty JSON, keeping Japanese readable."""
    return json.dumps(figures, ensure_ascii=False, indent=2)
