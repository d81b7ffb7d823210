"""Sharing exposure on the demo registry: the lists reach more helpers once impressions
are logged (the figures of docs/benchmarks.md, measured here rather than claimed)."""

from __future__ import annotations

from matchhub.lab import benchmarks, simulation


def test_logged_impressions_spread_the_lists_over_more_helpers():
    figures = simulation.exposure_figures(benchmarks.demo_registry())
    before, after = figures["before"], figures["after"]
    assert after["distinct"] > before["distinct"]
    assert after["top10_share"] < before["top10_share"]
    assert after["max_lists"] <= before["max_lists"]
