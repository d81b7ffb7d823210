"""docs/benchmarks.md: `make bench` rewrites its own sections and keeps the load test's."""

from __future__ import annotations

from matchhub.lab.benchmarks import read_section, replace_section, write_report

FIGURES = ("p50_ms", "p95_ms", "floor_p50_ms", "ratio", "naive_speedup", "build_s", "memory_mb")
RANKING = {"helpers": {"1000": dict.fromkeys(FIGURES, 1.0)}}


def test_the_load_summary_survives_a_new_benchmark_run(tmp_path):
    report = tmp_path / "benchmarks.md"
    write_report(report, RANKING, import_size=0)
    assert "[load.md](load.md)" in read_section(report, "Load")

    replace_section(report, "Load", "| sqlite | 5,773 | 32.2 |")
    write_report(report, RANKING, import_size=0)

    text = report.read_text("utf-8")
    assert read_section(report, "Load") == "| sqlite | 5,773 | 32.2 |"
    assert text.count("## Load") == 1 and "## Ranking one issue (top 20)" in text


def test_a_missing_section_is_added_at_the_end(tmp_path):
    report = tmp_path / "other.md"
    report.write_text("# Benchmarks\n\n## Ranking\n\nfast\n", encoding="utf-8")
    replace_section(report, "Load", "figures")
    assert report.read_text("utf-8").endswith("## Ranking\n\nfast\n\n## Load\n\nfigures\n")
    assert read_section(report, "Ranking") == "fast"
