"""Short reasons in plain Japanese, built only for the candidates shown."""

from __future__ import annotations

from matchhub.ranking.areas import Gazetteer
from matchhub.ranking.features import Profile, Request
from matchhub.ranking.normalize import fold
from matchhub.ranking.slots import SLOT_LABELS, SLOTS
from matchhub.ranking.taxonomy import Taxonomy

MAX_REASONS = 5
NEAR_KM = 4.0
LANGUAGE_NAMES = {
    "en": "英語",
    "zh": "中国語",
    "ko": "韓国語",
    "vi": "ベトナム語",
    "ne": "ネパール語",
    "tl": "タガログ語",
    "pt": "ポルトガル語",
    "es": "スペイン語",
    "fr": "フランス語",
    "id": "インドネシア語",
    "th": "タイ語",
    "my": "ミャンマー語",
    "jsl": "手話",
}


def _join(names: list[str], limit: int = 2) -> str:
    # 「、」, not 「・」: many names (子育て・教育) contain 「・」 themselves.
    return "、".join(names[:limit])


def _bigrams(text: str) -> set[str]:
    folded = fold(text)
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


class ReasonWriter:
    """Turns a candidate's profile, a need's request and the components into phrases."""

    def __init__(self, taxonomy: Taxonomy, gazetteer: Gazetteer) -> None:
        self.taxonomy = taxonomy
        self.gazetteer = gazetteer
        self._area_cache: dict[tuple[str | None, str | None, bool], str | None] = {}

    def _area(self, profile: Profile, request: Request) -> str | None:
        online = request.online and profile.online_ok
        cache_key = (request.area_key, profile.area_key, online)
        if cache_key not in self._area_cache:
            self._area_cache[cache_key] = self._describe_area(profile, request)
        return self._area_cache[cache_key]

    def _describe_area(self, profile: Profile, request: Request) -> str | None:
        if request.online and profile.online_ok:
            return "オンライン参加可"
        need, mine = self.gazetteer.get(request.area_key), self.gazetteer.get(profile.area_key)
        if need is None or mine is None:
            return None if need is None else "地区の登録なし"
        if need.key == mine.key:
            return f"同じ地区（{mine.name}）"
        if self.gazetteer.same_or_within(need.key, mine.key):
            return f"{mine.name}内で活動可"
        distance = self.gazetteer.distance_km(need.key, mine.key)
        if distance is not None and distance <= NEAR_KM:
            return f"近い地区（{mine.name}・約{distance:.1f}km）"
        return None

    def _themes(self, profile: Profile, request: Request, text: float) -> str | None:
        hidden = profile.unsure | request.unsure
        shared = sorted(
            (k for k in request.themes if k in profile.themes and f"theme:{k}" not in hidden),
            key=lambda k: -request.themes[k] * profile.themes[k],
        )
        if shared:
            return "関心テーマ：" + _join([self.taxonomy.theme(k).name for k in shared])
        fields = sorted(
            (k for k in request.fields if k in profile.fields),
            key=lambda k: -request.fields[k] * profile.fields[k],
        )
        if fields:
            return f"同じ活動分野（{self.taxonomy.field(fields[0]).short_name}）"
        if profile.broad and request.themes:
            return "幅広い活動に関心あり"
        if text >= 0.5:
            return "自己紹介の内容が近い"
        return None

    def _skills(self, profile: Profile, request: Request) -> list[str]:
        if not request.skills and not request.unread_skills:
            return []
        # Typed requirements the engine could not read are counted and shown, not dropped.
        total = len(request.skills) + len(request.unread_skills)
        unread = "・未確認：" + _join(list(request.unread_skills)) if request.unread_skills else ""
        have = [k for k in request.skills if k in profile.skills]
        hidden = profile.unsure | request.unsure
        named = [k for k in have if f"skill:{k}" not in hidden]
        phrases = []
        if named:
            names = _join([self.taxonomy.skill(k).name for k in named], limit=3)
            phrases.append(f"必要なスキル {len(named)}/{total}（{names}）{unread}")
        missing = [k for k in request.skills if k not in profile.skills]
        related = [
            s
            for s in profile.skills
            if s not in have
            and f"skill:{s}" not in hidden
            and any(k in self.taxonomy.skill(s).related for k in missing)
        ]
        if related:
            names = _join([self.taxonomy.skill(s).name for s in related])
            phrases.append(f"関連するスキル（{names}）")
        if not named and (not phrases or unread):
            phrases.insert(0, f"必要なスキル 0/{total}{unread}")
        return phrases

    def _slots(self, profile: Profile, request: Request) -> str | None:
        if not request.slots or not profile.slots:
            return None
        common = [SLOT_LABELS[s] for s in SLOTS if s in request.slots and s in profile.slots]
        if common:
            return f"{_join(common)}に参加可能"
        return "希望の時間帯と合わない"

    def _languages(self, profile: Profile, request: Request) -> str | None:
        codes = sorted(request.languages or (profile.languages - {"ja"}))
        codes = [c for c in codes if c in profile.languages and c != "ja"]
        if not codes:
            return None
        return _join([LANGUAGE_NAMES.get(c, c) for c in codes]) + "対応可"

    def _offers(self, profile: Profile, request: Request, offers: list[str]) -> str | None:
        wanted = _bigrams(request.text)
        useful = [o for o in offers if len(_bigrams(o) & wanted) >= 2]
        if useful:
            return "提供できるもの：" + _join(useful)
        return None

    def write(
        self,
        profile: Profile,
        request: Request,
        components: dict[str, float],
        text_similarity: float,
        offers: list[str] | None = None,
    ) -> list[str]:
        """Return 1 to 5 phrases, strongest evidence first."""
        ranked: list[tuple[float, str | None]] = [
            (components.get("theme", 0.0), self._themes(profile, request, text_similarity)),
            (components.get("area", 0.0), self._area(profile, request)),
            (components.get("availability", 0.0), self._slots(profile, request)),
        ]
        ranked += [(components.get("skills", 0.0) + 0.1, p) for p in self._skills(profile, request)]
        if request.languages or components.get("language", 0.0) > 0.5:
            ranked.append((components.get("language", 0.0), self._languages(profile, request)))
        if offers:
            ranked.append(
                (components.get("offers", 0.0) + 0.2, self._offers(profile, request, offers))
            )
        phrases = [p for _, p in sorted(ranked, key=lambda x: -x[0]) if p]
        return phrases[:MAX_REASONS] or ["条件に大きな不一致なし"]
