"""Benchmarks behind `flask bench`: importing and ranking, written to docs/benchmarks.md."""

from __future__ import annotations

import json
import os
import platform
import random
import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from matchhub.ranking.slots import SLOTS

# Typed the way registries hold them: mixed widths, scripts and decorations.
THEMES = (
    "防災",
    "子ども食堂",
    "こども食堂",
    "高齢者の見守り",
    "学習支援",
    "環境美化",
    "多文化共生",
    "＃子育て支援",
    "スマホ相談",
    "防犯パトロールに関心あり",
)
SKILLS = (
    "ｴｸｾﾙ",
    "Excel",
    "パワポ",
    "普通免許",
    "介護福祉士（実務5年）",
    "調理",
    "手話（初級）",
    "英語(日常会話)",
    "会計",
    "写真撮影",
)
PLACES = (
    "高島平",
    "蓮根地区",
    "成増駅の近く",
    "板橋区大山町1-2",
    "常盤台三丁目",
    "仲宿",
    "志村坂上",
    "徳丸",
    "中台",
    "前野町",
)


def machine() -> str:
    """One line naming the machine, for the record."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def synthetic_registry(path: Path, helpers: int, seed: int = 7) -> None:
    """Write an exchange file with the demo's areas and `helpers` synthetic residents."""
    from importlib import resources

    rng = random.Random(seed)
    demo = resources.files("matchhub.demo").joinpath("itabashi.jsonl").read_text("utf-8")
    with path.open("w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in demo.splitlines() if '"type": "area"' in line)
        for n in range(helpers):
            record = {
                "type": "helper",
                "key": f"bench-{n}",
                "display_name": f"区民 {n}",
                "email": f"bench{n}@example.jp",
                "themes": rng.sample(THEMES, 2),
                "skills": rng.sample(SKILLS, rng.randint(0, 3)),
                "area": rng.choice(PLACES),
                "availability": rng.sample(SLOTS, rng.randint(1, 3)),
                "online_ok": rng.random() < 0.3,
                "languages": ["ja"],
                "bio": "平日の昼間なら参加できます。" if rng.random() < 0.2 else "",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def import_benchmark(helpers: int) -> dict[str, float]:
    """Seconds to import `helpers` residents into a fresh SQLite database, twice."""
    from matchhub.exchange.importing import import_files
    from matchhub.extensions import db
    from matchhub.factory import build_app
    from matchhub.platform.taxonomy import ensure_taxonomy

    with tempfile.TemporaryDirectory() as folder:
        registry = Path(folder) / "registry.jsonl"
        synthetic_registry(registry, helpers)
        app = build_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
            }
        )
        with app.app_context():
            db.create_all()
            ensure_taxonomy()
            timings = []
            for _ in range(2):
                start = time.perf_counter()
                report = import_files([registry])
                timings.append(time.perf_counter() - start)
                assert report.ok, report.skipped[:3]
            db.engine.dispose()
    return {
        "first_s": round(timings[0], 2),
        "again_s": round(timings[1], 2),
        "per_second": round(helpers / timings[0]),
    }


def write_markdown(path: Path, sections: dict[str, str]) -> None:
    """Write the benchmark document with the machine and the date."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`flask --app matchhub bench --write docs/benchmarks.md`).",
        f"Measured on {stamp}, {machine()}.",
        "",
    ]
    for title, body in sections.items():
        lines += [f"## {title}", "", body.rstrip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def ranking_benchmark(sizes: list[int], queries: int) -> dict:
    """`{"helpers": {"10000": {"p50_ms": …}, …}}` from the pure ranking benchmark."""
    from matchhub.ranking.benchmark import run

    return run(sizes, queries)


RANKING_COLUMNS = (
    ("p50_ms", "p50 ms"),
    ("p95_ms", "p95 ms"),
    ("floor_p50_ms", "floor p50 ms"),
    ("ratio", "ratio to floor"),
    ("naive_speedup", "× faster than naive"),
    ("build_s", "index build s"),
    ("memory_mb", "index MB"),
)


def ranking_table(result: dict) -> str:
    """The ranking figures as a Markdown table."""
    header = "| helpers | " + " | ".join(title for _, title in RANKING_COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(RANKING_COLUMNS) + 1)]
    for size, figures in result["helpers"].items():
        cells = " | ".join(str(figures[key]) for key, _ in RANKING_COLUMNS)
        lines.append(f"| {int(size):,} | {cells} |")
    return "\n".join(lines)


def _targets(ranking: dict) -> str:
    """Say whether the 100,000-helper targets of the ranking issue hold."""
    big = ranking["helpers"].get("100000")
    if not big:
        return ""
    checks = [
        (f"p50 {big['p50_ms']} ms ≤ 20 ms", big["p50_ms"] <= 20),
        (f"{big['ratio']}× the floor ≤ 2×", big["ratio"] <= 2),
        (f"{big['naive_speedup']}× faster than naive ≥ 100×", big["naive_speedup"] >= 100),
    ]
    lines = [f"- {'met' if ok else 'NOT met'}: {text}" for text, ok in checks]
    return "\n\nTargets at 100,000 helpers:\n\n" + "\n".join(lines)


def demo_registry() -> Path:
    from importlib import resources

    return Path(str(resources.files("matchhub.demo").joinpath("itabashi.jsonl")))


def write_report(
    path: Path,
    ranking: dict,
    import_size: int,
    imported: dict | None = None,
    exposure: dict | None = None,
    learning: dict | None = None,
) -> None:
    """docs/benchmarks.md: ranking, importing, fair exposure and learning from decisions."""
    sections = {
        "Ranking one issue (top 20)": (
            "Synthetic helpers with typed themes, skills, areas, slots and bios; 30 synthetic "
            "issues, each ranked once to warm up and once timed. The floor is the same sparse "
            "products and `argpartition` with no Python around them; naive is a per-pair Python "
            "scorer timed on a sample of 2,000 helpers and extrapolated.\n\n"
            + ranking_table(ranking)
            + _targets(ranking)
        ),
    }
    if imported:
        sections["Importing helpers"] = (
            f"`flask import` of {import_size:,} synthetic helpers (demo areas, typed themes, "
            "skills and places) into a fresh SQLite database, then the same file again "
            "(every record unchanged).\n\n"
            "| helpers | first import s | helpers/s | second import s |\n|---|---|---|---|\n"
            f"| {import_size:,} | {imported['first_s']} | {imported['per_second']:,} | "
            f"{imported['again_s']} |"
        )
    if exposure:
        sections["Fair exposure"] = _exposure_section(exposure)
    if learning:
        sections["Learning from decisions"] = _learning_section(learning)
    # Written by `make loadtest`, which takes far longer than `make bench`: kept as it is.
    sections["Load"] = read_section(path, "Load") or (
        "`make loadtest` (gunicorn and locust, 100,000 helpers, on SQLite and PostgreSQL) "
        "writes its figures and their analysis to [load.md](load.md)."
    )
    write_markdown(path, sections)


def read_section(path: Path, title: str) -> str | None:
    """The body of the `## title` section of a Markdown file, or None."""
    if not path.exists():
        return None
    found = re.search(
        rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", path.read_text("utf-8"), re.M | re.S
    )
    return found.group(1).strip() if found else None


def replace_section(path: Path, title: str, body: str) -> None:
    """Put `body` under `## title` in a Markdown file, adding the section when missing."""
    text = path.read_text("utf-8") if path.exists() else ""
    section = f"## {title}\n\n{body.strip()}\n\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def _exposure_section(figures: dict) -> str:
    rows = [
        f"| {name} | {f['distinct']} | {f['top10_share']:.1%} | {f['max_lists']} |"
        for name, f in (
            ("before (no sharing)", figures["before"]),
            ("after one round of impressions", figures["after"]),
        )
    ]
    return (
        f"Top-10 helper lists of all {figures['issues']} open volunteer and pro bono issues of "
        f"the demo registry ({figures['helpers']} helpers): first without the exposure prior, "
        "then after those lists were logged as shown to a coordinator (helpers shown on many "
        "issues without a confirmation move down, helpers never shown move up).\n\n"
        "| lists | distinct helpers | slots taken by the 10 most shown | most lists one "
        "helper is on |\n|---|---|---|---|\n" + "\n".join(rows)
    )


def _learning_section(learning: dict) -> str:
    rows = []
    for name, f in (
        ("follows the judgments", learning["judgments"]),
        ("also rejects far-away candidates", learning["near_only"]),
    ):
        weights = ", ".join(f"{k} {v:.2f}" for k, v in f["learned_weights"].items() if v)
        rows.append(
            f"| {name} | {f['decisions']} | {f['tested']} | {f['default_ndcg']} | "
            f"{f['learned_ndcg']} | {weights} |"
        )
    return (
        "`flask evaluate --decisions` on simulated decisions: a coordinator works through the "
        "queue of the development set for six months, looks at rank r with probability 1/r, "
        "confirms candidates judged 2-3 and rejects those judged 0-1 (10 % noise). Replay "
        "trains on the months before and tests on the next; NDCG@10 re-ranks each tested "
        "issue's decided candidates.\n\n"
        "| simulated coordinator | decisions | tested | NDCG@10 default | NDCG@10 learned | "
        "learned weights |\n|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        "When the coordinator wants what the default weights already encode, learning has "
        "nothing to add and costs a little (noise); when the desk has a preference of its "
        "own, the learned weights find it. Coordinators see both figures before applying."
    )
