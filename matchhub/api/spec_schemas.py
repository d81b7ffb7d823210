"""JSON Schemas (OpenAPI 3.1 components) of what the API sends and accepts."""

from __future__ import annotations

from matchhub.matching.forms import CONFIRM_CHOICES, REJECT_CHOICES
from matchhub.models import (
    ISSUE_KINDS,
    ISSUE_STATUSES,
    MATCH_SOURCES,
    MATCH_STATUSES,
    ORGANIZATION_KINDS,
    TOKEN_SCOPES,
)

NO_NUL = "^[^\\u0000]*$"
STR = {"type": "string"}
STR_LIST = {"type": "array", "items": STR}
DATE = {"type": ["string", "null"], "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
MAYBE_MOMENT = {"type": ["string", "null"], "format": "date-time"}
COMPONENTS = {"type": "object", "additionalProperties": {"type": "number"}}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, optional: tuple[str, ...] = (), nullable: bool = False) -> dict:
    """A closed object: every property required unless optional, nothing else allowed."""
    return {
        "type": ["object", "null"] if nullable else "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }


def page_of(name: str) -> dict:
    return obj({"data": {"type": "array", "items": ref(name)}, "next_cursor": {
        "type": ["string", "null"],
        "description": "Pass as `cursor` for the next page; null on the last page.",
    }})  # fmt: skip


ORGANIZATION_REF = {
    "key": STR,
    "name": STR,
    "kind": {"type": "string", "enum": list(ORGANIZATION_KINDS)},
}
SCHEMAS = {
    "Error": obj(
        {
            "error": obj(
                {
                    "code": {"type": "string", "description": "Stable, for programs to test."},
                    "message": {
                        "type": "string",
                        "description": "For people; English or Japanese.",
                    },
                    "details": {
                        "type": "object",
                        "additionalProperties": STR,
                        "description": "For validation errors: what is wrong with each field.",
                    },
                },
                optional=("details",),
            ),
        }
    ),  # fmt: skip
    "AreaRef": obj({"key": STR, "name": STR}, nullable=True),
    "OrganizationRef": obj(ORGANIZATION_REF),
    "Issue": obj(
        {
            "key": STR,
            "title": STR,
            "description": STR,
            "kind": {"type": "string", "enum": list(ISSUE_KINDS)},
            "status": {"type": "string", "enum": list(ISSUE_STATUSES)},
            "organization": ref("OrganizationRef"),
            "themes": STR_LIST,
            "theme_keys": STR_LIST,
            "skills": STR_LIST,
            "skill_keys": STR_LIST,
            "area": ref("AreaRef"),
            "area_text": STR,
            "online": {"type": "boolean"},
            "availability": STR_LIST,
            "languages": STR_LIST,
            "people_needed": {"type": "integer", "minimum": 1},
            "starts_on": DATE,
            "ends_on": DATE,
            "created_at": MOMENT,
            "updated_at": MOMENT,
            "seats_taken": {"type": "integer", "minimum": 0, "description": "Detail only."},
        },
        optional=("seats_taken",),
    ),
    "Organization": obj(
        {
            **ORGANIZATION_REF,
            "area": ref("AreaRef"),
            "themes": STR_LIST,
            "theme_keys": STR_LIST,
            "offers": STR_LIST,
            "description": STR,
            "verified_at": MAYBE_MOMENT,
        }
    ),
    "CaseStudy": obj(
        {
            "key": STR,
            "title": STR,
            "summary": STR,
            "what_done": STR,
            "partners": STR,
            "place": STR,
            "area": ref("AreaRef"),
            "theme_keys": STR_LIST,
            "figures": {"type": "array", "items": obj({"label": STR, "value": STR})},
            "lessons": STR,
            "organization": ref("OrganizationRef"),
            "organizations": {"type": "array", "items": ref("OrganizationRef")},
            "published_at": MAYBE_MOMENT,
        }
    ),
    "Helper": obj(
        {
            "key": STR,
            "display_name": STR,
            "area": ref("AreaRef"),
            "area_text": STR,
            "themes": STR_LIST,
            "theme_keys": STR_LIST,
            "skills": STR_LIST,
            "skill_keys": STR_LIST,
            "availability": STR_LIST,
            "online_ok": {"type": "boolean"},
            "languages": STR_LIST,
            "bio": STR,
            "active": {"type": "boolean"},
            "consented": {"type": "boolean"},
            "created_at": MOMENT,
            "updated_at": MOMENT,
        }
    ),
    "Candidate": obj(
        {
            "kind": {"type": "string", "enum": ["helper", "organization"]},
            "key": STR,
            "name": STR,
            "score": {"type": "number", "description": "With the interest bonus, if any."},
            "engine_score": {"type": "number", "description": "The ranking engine's score."},
            "components": COMPONENTS,
            "reasons": STR_LIST,
            "interested_at": MAYBE_MOMENT,
        }
    ),
    "CandidateList": obj({"issue": STR, "data": {"type": "array", "items": ref("Candidate")}}),
    "Match": obj(
        {
            "id": {"type": "integer"},
            "issue": obj({"key": STR, "title": STR}),
            "candidate": obj(
                {
                    "kind": {"type": "string", "enum": ["helper", "organization"]},
                    "key": STR,
                    "name": STR,
                }
            ),  # fmt: skip
            "status": {"type": "string", "enum": list(MATCH_STATUSES)},
            "source": {"type": "string", "enum": list(MATCH_SOURCES)},
            "score": {"type": ["number", "null"]},
            "components": COMPONENTS,
            "reasons": STR_LIST,
            "interested_at": MAYBE_MOMENT,
            "decided_at": MAYBE_MOMENT,
            "status_changed_at": MOMENT,
            "created_at": MOMENT,
            "updated_at": MOMENT,
            "decision_reason": {"type": "string", "description": "Coordinators only."},
        },
        optional=("decision_reason",),
    ),
    "DecisionRequest": {
        "type": "object",
        "required": ["candidate_kind", "candidate_key", "decision", "reason"],
        "properties": {
            "candidate_kind": {"type": "string", "enum": ["helper", "organization"]},
            "candidate_key": {
                "type": "string",
                "minLength": 1,
                "maxLength": 120,
                "pattern": NO_NUL,
            },
            "decision": {
                "type": "string",
                "enum": ["confirm", "propose", "reject"],
                "description": "propose: confirm a candidate picked by hand.",
            },
            "reason": {"type": "string"},
            "note": {"type": "string", "maxLength": 500, "pattern": NO_NUL},
        },
        "additionalProperties": False,
        "oneOf": [
            {
                "properties": {
                    "decision": {"enum": ["confirm", "propose"]},
                    "reason": {"enum": [code for code, _ in CONFIRM_CHOICES]},
                }
            },
            {
                "properties": {
                    "decision": {"const": "reject"},
                    "reason": {"enum": [code for code, _ in REJECT_CHOICES]},
                }
            },
        ],
    },  # fmt: skip
    "Me": obj(
        {
            "token": obj(
                {
                    "name": STR,
                    "scopes": {
                        "type": "array",
                        "items": {"type": "string", "enum": list(TOKEN_SCOPES)},
                    },
                    "created_at": MOMENT,
                    "expires_at": MOMENT,
                }
            ),
            "coordinator": {"type": "boolean"},
        }
    ),  # fmt: skip
    "IssuePage": page_of("Issue"),
    "OrganizationPage": page_of("Organization"),
    "CaseStudyPage": page_of("CaseStudy"),
    "HelperPage": page_of("Helper"),
    "MatchPage": page_of("Match"),
}
