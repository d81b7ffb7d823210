"""Alias-dropout cross-validation: rank a file with part of the aliases it uses hidden.

A new ward types words our taxonomy has never seen. Hiding a share of the alias types a
judged file relies on, and ranking again, estimates how much of the quality comes from
having seen those words before. Dropout overstates what fallbacks recover (the hidden
alias is often a near-copy of another); the blind word test is the honest figure.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from matchhub.ranking.engine import Ranker
from matchhub.ranking.evaluation import evaluate
from matchhub.ranking.exchange import Exchange
from matchhub.ranking.normalize import compact
from matchhub.ranking.resolve import Resolver
from matchhub.ranking.taxonomy import Taxonomy

AliasRef = tuple[str, str, str]  # (kind, key, alias)


def used_aliases(exchange: Exchange, taxonomy: Taxonomy) -> list[AliasRef]:
    """Aliases (not names) that occur inside some typed theme or skill of the file."""
    typed = {
        "theme": {compact(t) for d in (*exchange.helpers, *exchange.needs) for t in d.themes},
        "skill": {compact(s) for d in (*exchange.helpers, *exchange.needs) for s in d.skills},
    }
    used: list[AliasRef] = []
    for kind, entries in (("theme", taxonomy.themes), ("skill", taxonomy.skills)):
        for entry in entries:
            for alias in entry.aliases:
                form = compact(alias)
                if len(form) >= 2 and any(form in value for value in typed[kind]):
                    used.append((kind, entry.key, alias))
    return used


def without_aliases(taxonomy: Taxonomy, hidden: set[AliasRef]) -> Taxonomy:
    """The taxonomy with some aliases removed."""

    def keep(kind: str, entry):  # type: ignore[no-untyped-def]
        aliases = tuple(a for a in entry.aliases if (kind, entry.key, a) not in hidden)
        return replace(entry, aliases=aliases)

    return Taxonomy(
        fields=taxonomy.fields,
        themes=tuple(keep("theme", t) for t in taxonomy.themes),
        skills=tuple(keep("skill", s) for s in taxonomy.skills),
    )


def ndcg_with_taxonomy(exchange: Exchange, taxonomy: Taxonomy) -> float:
    """Engine NDCG@10 on the file's judgments with this taxonomy."""
    ranker = Ranker(
        exchange.helpers,
        exchange.organizations,
        exchange.needs,
        gazetteer=exchange.gazetteer,
        resolver=Resolver(taxonomy),
    )
    judged = [n for n in exchange.needs if n.key in exchange.judgments]
    rankings = {n.key: [c.key for c in ranker.rank_helpers(n, top=50)] for n in judged}
    return evaluate(rankings, {n.key: exchange.judgments[n.key] for n in judged}).ndcg_at_10


@dataclass(frozen=True)
class DropoutRun:
    """NDCG@10 with a share of the used aliases hidden, for one seed."""

    fraction: float
    seed: int
    hidden: int
    ndcg_at_10: float


def alias_dropout(
    exchange: Exchange,
    taxonomy: Taxonomy,
    fractions: Sequence[float] = (0.4, 0.6),
    seeds: Sequence[int] = (0, 1, 2),
) -> list[DropoutRun]:
    """Hide each fraction of the used alias types under each seed and rank again."""
    used = used_aliases(exchange, taxonomy)
    runs = []
    for fraction in fractions:
        for seed in seeds:
            hidden = set(random.Random(seed).sample(used, round(fraction * len(used))))
            score = ndcg_with_taxonomy(exchange, without_aliases(taxonomy, hidden))
            runs.append(DropoutRun(fraction, seed, len(hidden), round(score, 4)))
    return runs
