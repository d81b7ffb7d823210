"""Pure matching library: taxonomy, normalisation, features, scores and reasons.

Nothing here imports Flask, SQLAlchemy or the rest of matchhub; services feed it
frozen dataclasses and get candidates with components and Japanese reasons back.
"""

from matchhub.ranking.areas import Area, Gazetteer, distance_km
from matchhub.ranking.documents import Candidate, HelperDoc, NeedDoc, OrgDoc
from matchhub.ranking.engine import Ranker
from matchhub.ranking.evaluation import Metrics, evaluate_rankers
from matchhub.ranking.exchange import Exchange, load_exchange
from matchhub.ranking.extract import Term
from matchhub.ranking.resolve import Resolution, Resolver
from matchhub.ranking.score import DEFAULT_WEIGHTS, ORGANIZATION_WEIGHTS, Weights
from matchhub.ranking.taxonomy import Field, Skill, Taxonomy, Theme, load_default_taxonomy

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
