"""Quality on the shared development file, measured the way `flask evaluate` does."""

from __future__ import annotations

import pytest

from matchhub.ranking.engine import Ranker
from matchhub.ranking.evaluation import Metrics, evaluate_rankers
from matchhub.ranking.exchange import load_exchange
from matchhub.ranking.resolve import Resolver


@pytest.fixture(scope="module")
def dev_metrics(dev_records: list[dict], resolver: Resolver) -> dict[str, Metrics]:
    exchange = load_exchange(dev_records)
    ranker = Ranker(
        exchange.helpers,
        exchange.organizations,
        exchange.needs,
        gazetteer=exchange.gazetteer,
        resolver=resolver,
    )
    return evaluate_rankers(
        exchange.needs,
        exchange.helpers,
        exchange.judgments,
        lambda need: [c.key for c in ranker.rank_helpers(need, top=50)],
    )


def test_engine_reaches_ndcg_target_on_dev_file(dev_metrics: dict[str, Metrics]) -> None:
    assert dev_metrics["engine"].ndcg_at_10 >= 0.85


def test_engine_clearly_beats_both_baselines(dev_metrics: dict[str, Metrics]) -> None:
    engine = dev_metrics["engine"]
    for baseline in ("random", "exact_match"):
        assert engine.ndcg_at_10 > dev_metrics[baseline].ndcg_at_10 + 0.3
        assert engine.precision_at_5 > dev_metrics[baseline].precision_at_5
