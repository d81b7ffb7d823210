"""Compose demo helpers from personas and word banks, so no two read alike."""

from __future__ import annotations

import random

from matchhub.demo.areas import AREAS, place
from matchhub.demo.personas import DEMO_RESIDENT, NAMED_RESIDENTS, PERSONAS, Persona
from matchhub.demo.phrases import (
    CLOSINGS,
    EMAIL_DOMAINS,
    GIVEN_NAMES,
    INTEREST_SENTENCES,
    RESIDENCE_SENTENCES,
    SKILLS,
    SURNAMES,
    THEMES,
    TIME_SENTENCES,
)

# Bigger districts (高島平 is a large 団地) get more residents.
AREA_WEIGHTS = {"takashimadaira": 3, "narimasu": 2, "tokumaru": 2, "hasune": 2, "nakacho": 2}
HELPER_FIELDS = (
    "key",
    "display_name",
    "email",
    "themes",
    "skills",
    "area",
    "availability",
    "online_ok",
    "languages",
    "bio",
)
WHOLE_DAYS = {
    "weekday_day": ("weekday_morning", "weekday_afternoon"),
    "weekend": ("weekend_morning", "weekend_afternoon"),
}


def _display_name(
    rng: random.Random, surname: str, given: str, surname_r: str, given_r: str
) -> str:
    roll = rng.random()
    if roll < 0.50:
        return f"{surname} {given}"
    if roll < 0.80:
        return f"{surname}\u3000{given}"
    if roll < 0.94:
        return f"{surname}{given}"
    return rng.choice((f"{given_r.capitalize()} {surname_r.capitalize()}", surname))


def _email(rng: random.Random, surname: str, given: str, used: set[str]) -> str:
    year = rng.randint(50, 99) if rng.random() < 0.5 else rng.randint(1, 999)
    local = rng.choice(
        (
            f"{given}.{surname}",
            f"{surname}{given[0]}",
            f"{given}{year}",
            f"{surname}_{year}",
            f"{given}-{surname}",
            f"{surname}.{given}",
        )
    )
    domain = rng.choices(EMAIL_DOMAINS, weights=(5, 3, 3, 2, 1, 1))[0]
    email = f"{local}@{domain}"
    while email in used:
        email = f"{local}{rng.randint(2, 99)}@{domain}"
    used.add(email)
    return email


def _time_sentence(rng: random.Random, slots: tuple[str, ...]) -> str:
    """A sentence about one part of the free time, true to the slots."""
    settings = list(slots) or ["irregular"]
    settings += [whole for whole, parts in WHOLE_DAYS.items() if set(parts) <= set(slots)]
    return rng.choice(TIME_SENTENCES[rng.choice(settings)])


def _casual(rng: random.Random, sentence: str) -> str:
    if sentence.endswith("。") and rng.random() < 0.3:
        return sentence[:-1] + rng.choice(("！", "♪", "😊"))
    return sentence


def _intro(rng: random.Random, persona: Persona, gender: str) -> tuple[str, str]:
    """A self-introduction that fits the given name, and the skill it implies (if any)."""
    fitting = []
    for intro in persona.intros:
        tag, _, text = intro.rpartition(":")
        if tag in ("", gender) or tag in SKILLS:
            fitting.append((tag if tag in SKILLS else "", text))
    return rng.choice(fitting)


def _bio(
    rng: random.Random,
    persona: Persona,
    intro: str,
    area: str,
    plain_themes: list[str],
    time_sentence: str,
    hidden_skills: list[str],
) -> str:
    """1 to 4 sentences; free time or skills missing from the fields are always kept."""
    required = [SKILLS[skill][1] for skill in hidden_skills]
    if time_sentence:
        required.append(time_sentence)
    optional: list[str] = []
    if plain_themes and rng.random() < 0.65:
        optional.append(rng.choice(INTEREST_SENTENCES).format(t=rng.choice(plain_themes)))
    middle = required + optional[: max(0, 3 - len(required))]
    rng.shuffle(middle)
    opening = ""
    if rng.random() < 0.3:
        opening = rng.choice(RESIDENCE_SENTENCES).format(a=area, n=rng.randint(2, 40))
    elif rng.random() < 0.85:
        opening = intro
    sentences = ([opening] if opening else []) + middle
    if len(sentences) < 4 and (rng.random() < 0.45 or not sentences):
        sentences.append(rng.choice(CLOSINGS))
    if persona.name in ("student", "parent"):
        sentences = sentences[:1] + [_casual(rng, sentence) for sentence in sentences[1:]]
    return ("\n" if rng.random() < 0.2 else "").join(sentences)


def _generated_helper(rng: random.Random, used: set[str]) -> dict[str, object]:
    persona = rng.choices(PERSONAS, weights=[p.weight for p in PERSONAS])[0]
    surname, surname_r = rng.choice(SURNAMES)
    given, given_r, gender = rng.choice(GIVEN_NAMES[persona.generation])
    area = rng.choices(AREAS, weights=[AREA_WEIGHTS.get(a.slug, 1) for a in AREAS])[0]
    intro_skill, intro = _intro(rng, persona, gender)

    theme_ids = rng.sample(persona.themes, k=rng.choice((0, 1, 1, 2, 2, 2, 3)))
    themes = [rng.choice(THEMES[t][1]) for t in theme_ids]
    skill_ids = rng.sample(persona.skills, k=rng.choice((0, 1, 1, 2, 2, 3, 4)))
    if intro_skill and intro_skill not in skill_ids:
        skill_ids = [intro_skill, *skill_ids[:3]]
    # Some residents put a skill only in their bio, never the one the intro already says.
    hidden = [s for s in skill_ids if s != intro_skill and rng.random() < 0.2][:2]
    skills = [rng.choice(SKILLS[s][0]) for s in skill_ids if s not in hidden]

    slots = rng.choice(persona.slot_sets)
    slots_only_in_bio = not slots or rng.random() < 0.12
    time_sentence = ""
    if slots_only_in_bio or rng.random() < 0.3:
        time_sentence = _time_sentence(rng, slots)
    languages = ["ja"]
    for skill, code, chance in (
        ("english", "en", 0.5),
        ("chinese", "zh", 0.4),
        ("korean", "ko", 0.4),
    ):
        if skill in skill_ids and rng.random() < chance:
            languages.append(code)

    if rng.random() < 0.04:
        where = rng.choice(("板橋区内ならどこでも", "区内全域OK", "板橋区"))
    else:
        where = place(rng, area)
    plain_themes = [THEMES[t][0] for t in theme_ids]
    return {
        "display_name": _display_name(rng, surname, given, surname_r, given_r),
        "email": _email(rng, surname_r, given_r, used),
        "themes": themes,
        "skills": skills,
        "area": where,
        "availability": [] if slots_only_in_bio else list(slots),
        "online_ok": rng.random() < persona.online,
        "languages": languages,
        "bio": _bio(rng, persona, intro, area.name, plain_themes, time_sentence, hidden),
    }


def helper_records(rng: random.Random, generated: int) -> list[dict[str, object]]:
    """The demo resident, the named residents and `generated` composed ones, keyed in order."""
    used = {str(DEMO_RESIDENT["email"])}
    helpers = [_generated_helper(rng, used) for _ in range(generated)]
    for named in NAMED_RESIDENTS:
        fields = {k: v for k, v in named.items() if k != "local"}
        email = f"{named['local']}@{rng.choice(EMAIL_DOMAINS)}"
        used.add(email)
        helpers.insert(rng.randint(0, len(helpers)), {**fields, "email": email})
    keyed = [{**helper, "key": f"demo-h-{n:04d}"} for n, helper in enumerate(helpers, start=1)]
    return [_in_field_order(helper) for helper in [*keyed, DEMO_RESIDENT]]


def _in_field_order(helper: dict[str, object]) -> dict[str, object]:
    return {"type": "helper", **{field: helper[field] for field in HELPER_FIELDS}}
