"""The vectorised path agrees with the naive scorer and the benchmark runs end to end."""

from __future__ import annotations

import pytest

from matchhub.ranking import benchmark
from matchhub.ranking.areas import Gazetteer
from matchhub.ranking.engine import Ranker
from matchhub.ranking.naive import naive_score
from matchhub.ranking.resolve import Resolver


def test_vectorised_scores_equal_the_naive_per_pair_scorer(resolver: Resolver) -> None:
    taxonomy = resolver.taxonomy
    areas = benchmark.synthetic_areas(seed=3)
    helpers = benchmark.synthetic_helpers(300, taxonomy, areas, seed=3)
    ranker = Ranker(helpers, gazetteer=Gazetteer(areas), resolver=resolver)
    for need in benchmark.synthetic_needs(5, taxonomy, areas, seed=4):
        scored = ranker.score_candidates(need, ranker.helpers, ranker.weights)
        request = ranker.request(need)
        query = ranker.text.vector(request.text)
        query_row = {int(i): float(query[i]) for i in query.nonzero()[0]}
        for row, profile in enumerate(ranker.helpers.profiles):
            text = ranker.helpers.text[row]
            text_row = dict(zip(text.indices.tolist(), text.data.tolist(), strict=True))
            expected = naive_score(ranker, profile, request, text_row, query_row)
            assert scored.scores[row] == pytest.approx(expected, abs=1e-4)


def test_benchmark_reports_every_figure() -> None:
    figures = benchmark.run_size(1500, queries=5)
    assert set(figures) == {
        "p50_ms",
        "p95_ms",
        "floor_p50_ms",
        "ratio",
        "naive_speedup",
        "build_s",
        "memory_mb",
    }
    assert figures["naive_speedup"] > 1
