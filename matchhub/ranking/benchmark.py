"""Synthetic registries and timings of the ranking path against its floor and a naive scorer."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence

import numpy as np

from matchhub.ranking.areas import Area, Gazetteer
from matchhub.ranking.documents import HelperDoc, NeedDoc
from matchhub.ranking.engine import Ranker
from matchhub.ranking.features import Profile, Request
from matchhub.ranking.naive import naive_score
from matchhub.ranking.slots import SLOTS
from matchhub.ranking.taxonomy import Taxonomy, load_default_taxonomy

SIZES = (10_000, 100_000)
DECORATIONS = ("", "", "", "（実務5年）", "資格あり", "経験あり", "初級レベル", "（趣味程度）")
BIO_SENTENCES = (
    "{theme}の活動に参加してみたいです。",
    "{theme}に関心があります。",
    "以前、{theme}に関わっていました。",
    "{skill}の経験があります。",
    "本業は{skill}です。",
    "{slot}であれば動けます。",
    "よろしくお願いします。",
    "昨年定年退職しました。",
    "子どもが小学校に上がり、少し手が離れました。",
    "できることから少しずつ関わっていきたいです。",
)
SLOT_PHRASES = ("平日の午前", "平日の夜", "土日の午前", "週末の午後", "仕事帰り", "平日の日中")


def synthetic_areas(count: int = 60, seed: int = 0) -> list[Area]:
    """A city of districts scattered around a centre, each with a few aliases."""
    generator = random.Random(seed)
    areas = [Area("city", "みなと市", "みなとし", None, 35.70, 139.70, ("みなと市内",))]
    for i in range(count):
        name = f"第{i + 1}地区"
        areas.append(
            Area(
                f"city/d{i:03d}",
                name,
                "",
                "city",
                35.70 + generator.uniform(-0.05, 0.05),
                139.70 + generator.uniform(-0.06, 0.06),
                (f"{name}センター", f"駅{i + 1}"),
            )
        )
    return areas


def synthetic_helpers(
    count: int, taxonomy: Taxonomy, areas: Sequence[Area], seed: int = 0
) -> list[HelperDoc]:
    """Helpers typed the way people type: aliases, decorations, prose bios (deterministic)."""
    generator = random.Random(seed)
    themes = [(t.name, *t.aliases) for t in taxonomy.themes]
    skills = [(s.name, *s.aliases) for s in taxonomy.skills]
    districts = [a for a in areas if a.parent]
    out = []
    for i in range(count):
        my_themes = [
            generator.choice(generator.choice(themes)) for _ in range(generator.randint(0, 3))
        ]
        my_skills = [
            generator.choice(generator.choice(skills)) + generator.choice(DECORATIONS)
            for _ in range(generator.randint(0, 3))
        ]
        words = {
            "theme": generator.choice(generator.choice(themes)),
            "skill": generator.choice(generator.choice(skills)),
            "slot": generator.choice(SLOT_PHRASES),
        }
        bio = "".join(
            generator.choice(BIO_SENTENCES).format(**words) for _ in range(generator.randint(1, 4))
        )
        area = generator.choice(districts)
        out.append(
            HelperDoc(
                key=f"h-{i:06d}",
                themes=tuple(my_themes),
                skills=tuple(my_skills),
                area_key=area.key,
                area_text=area.name,
                availability=frozenset(s for s in SLOTS if generator.random() < 0.3),
                online_ok=generator.random() < 0.3,
                languages=frozenset({"ja"} | ({"en"} if generator.random() < 0.1 else set())),
                bio=bio,
                active=generator.random() > 0.05,
            )
        )
    return out


def synthetic_needs(
    count: int, taxonomy: Taxonomy, areas: Sequence[Area], seed: int = 1
) -> list[NeedDoc]:
    """Volunteer and pro bono needs with themes, skills, slots and an area."""
    generator = random.Random(seed)
    districts = [a for a in areas if a.parent]
    out = []
    for i in range(count):
        theme = generator.choice(taxonomy.themes)
        skills = generator.sample(taxonomy.skills, generator.randint(0, 2))
        out.append(
            NeedDoc(
                key=f"n-{i:04d}",
                kind=generator.choice(("volunteer", "probono")),
                title=f"{theme.name}のボランティア募集",
                description=f"{theme.name}の活動です。{generator.choice(SLOT_PHRASES)}に活動します。",
                themes=(theme.name,),
                skills=tuple(s.name for s in skills),
                area_key=generator.choice(districts).key,
                online=generator.random() < 0.2,
                availability=frozenset(generator.sample(SLOTS, generator.randint(1, 3))),
            )
        )
    return out


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def _floor_ms(ranker: Ranker, request: Request, top: int) -> float:
    index = ranker.helpers
    asks = ranker.layout.vectors(ranker.layout.ask_row(request))
    text = ranker.text.vector(request.text)
    start = time.perf_counter()
    scores = index.text @ text
    for block, ask in zip(index.blocks, asks, strict=True):
        scores += block @ ask
    np.argpartition(-scores, top)[:top]
    return (time.perf_counter() - start) * 1000


def _naive_ms_per_need(ranker: Ranker, request: Request, sample: int) -> float:
    profiles: list[Profile] = ranker.helpers.profiles[:sample]
    vectors = ranker.helpers.text[: len(profiles)]
    rows = [
        dict(zip(vectors[i].indices.tolist(), vectors[i].data.tolist(), strict=True))
        for i in range(len(profiles))
    ]
    query_row = ranker.text.transform([request.text])
    query = dict(zip(query_row.indices.tolist(), query_row.data.tolist(), strict=True))
    start = time.perf_counter()
    for profile, row in zip(profiles, rows, strict=True):
        naive_score(ranker, profile, request, row, query)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed / len(profiles) * len(ranker.helpers)


def run_size(size: int, queries: int = 30, top: int = 20, seed: int = 0) -> dict[str, float]:
    """Build an index of `size` synthetic helpers and time ranking against floor and naive."""
    taxonomy = load_default_taxonomy()
    areas = synthetic_areas(seed=seed)
    helpers = synthetic_helpers(size, taxonomy, areas, seed)
    needs = synthetic_needs(queries, taxonomy, areas, seed + 1)
    start = time.perf_counter()
    ranker = Ranker(helpers, gazetteer=Gazetteer(areas), taxonomy=taxonomy)
    build_s = time.perf_counter() - start
    timings, floors = [], []
    for need in needs:
        # Cold: the need is resolved, vectorised and scored in the timed call.
        begin = time.perf_counter()
        ranker.rank_helpers(need, top=top)
        timings.append((time.perf_counter() - begin) * 1000)
        floors.append(_floor_ms(ranker, ranker.request(need), top))
    naive = [_naive_ms_per_need(ranker, ranker.request(n), min(size, 2000)) for n in needs[:3]]
    p50 = _percentile(timings, 50)
    floor = _percentile(floors, 50)
    return {
        "p50_ms": round(p50, 3),
        "p95_ms": round(_percentile(timings, 95), 3),
        "floor_p50_ms": round(floor, 3),
        "ratio": round(p50 / floor, 2) if floor else math.inf,
        "naive_speedup": round(_percentile(naive, 50) / p50, 1),
        "build_s": round(build_s, 2),
        "memory_mb": round(ranker.helpers.memory_bytes() / 2**20, 1),
    }


def run(sizes: Sequence[int] = SIZES, queries: int = 30) -> dict[str, dict[str, dict[str, float]]]:
    """Timings for each size, shaped as `flask bench --json` prints them."""
    return {"helpers": {str(size): run_size(size, queries) for size in sizes}}
