"""Pure matching library: taxonomy, normalisation, features, scores and reasons.

Nothing here imports Flask, SQLAlchemy or the rest of matchhub; services feed it
frozen dataclasses and get candidates with components and Japanese reasons back.
"""

from .areas import Area, Gazetteer, distance_km
from .documents import Candidate, HelperDoc, NeedDoc, OrgDoc
from .engine import Ranker
from .evaluation import Metrics, evaluate_rankers
from .exchange import Exchange, load_exchange
from .extract import Term
from .resolve import Resolution, Resolver
from .score import DEFAULT_WEIGHTS, ORGANIZATION_WEIGHTS, Weights
from .taxonomy import Field, Skill, Taxonomy, Theme, load_default_taxonomy

__all__ = [
    "DEFAULT_WEIGHTS",
    "ORGANIZATION_WEIGHTS",
    "Area",
    "Candidate",
    "Exchange",
    "Field",
    "Gazetteer",
    "HelperDoc",
    "Metrics",
    "NeedDoc",
    "OrgDoc",
    "Ranker",
    "Resolution",
    "Resolver",
    "Skill",
    "Taxonomy",
    "Term",
    "Theme",
    "Weights",
    "distance_km",
    "evaluate_rankers",
    "load_default_taxonomy",
    "load_exchange",
]
