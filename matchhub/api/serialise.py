"""The API's resources as plain JSON-ready dicts: ISO dates, keys instead of ids.

Public shapes (issues, organizations, case studies) carry no personal field: no e-mail,
no resident's name or biography. Helpers, candidates and matches are for the desk and,
for their own matches, for residents.
"""

from __future__ import annotations

from datetime import date, datetime

from matchhub.matching.queue import QueueCandidate
from matchhub.models import Area, CaseReport, HelperProfile, Issue, Match, Organization


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601; datetimes in UTC to the second."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def area_ref(area: Area | None) -> dict | None:
    return {"key": area.key, "name": area.name} if area is not None else None


def organization_ref(org: Organization) -> dict:
    return {"key": org.key, "name": org.name, "kind": org.kind}


def issue(item: Issue, seats_taken: int | None = None) -> dict:
    out = {
        "key": item.key,
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "status": item.status,
        "organization": organization_ref(item.organization),
        "themes": list(item.themes),
        "theme_keys": list(item.theme_keys),
        "skills": list(item.skills),
        "skill_keys": list(item.skill_keys),
        "area": area_ref(item.area),
        "area_text": item.area_text,
        "online": item.online,
        "availability": list(item.availability),
        "languages": list(item.languages),
        "people_needed": item.people_needed,
        "starts_on": iso(item.starts_on),
        "ends_on": iso(item.ends_on),
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
    }
    if seats_taken is not None:
        out["seats_taken"] = seats_taken
    return out


def organization(org: Organization) -> dict:
    # Neither the contact e-mail nor the typed address: only the resolved area is public.
    return {
        **organization_ref(org),
        "area": area_ref(org.area),
        "themes": list(org.themes),
        "theme_keys": list(org.theme_keys),
        "offers": list(org.offers),
        "description": org.description,
        "verified_at": iso(org.verified_at),
    }


def case_study(report: CaseReport) -> dict:
    return {
        "key": report.key,
        "title": report.title,
        "summary": report.summary,
        "what_done": report.what_done,
        "partners": report.partners,
        "place": report.place,
        "area": area_ref(report.area),
        "theme_keys": list(report.theme_keys),
        "figures": [
            {"label": str(f.get("label", "")), "value": str(f.get("value", ""))}
            for f in report.figures or []
            if isinstance(f, dict)
        ],
        "lessons": report.lessons,
        "organization": organization_ref(report.organization),
        "organizations": [organization_ref(o) for o in report.organizations],
        "published_at": iso(report.published_at),
    }


def helper(profile: HelperProfile) -> dict:
    # The e-mail stays out even for the desk: contact goes through the site once matched.
    return {
        "key": profile.key,
        "display_name": profile.user.display_name,
        "area": area_ref(profile.area),
        "area_text": profile.area_text,
        "themes": list(profile.themes),
        "theme_keys": list(profile.theme_keys),
        "skills": list(profile.skills),
        "skill_keys": list(profile.skill_keys),
        "availability": list(profile.availability),
        "online_ok": profile.online_ok,
        "languages": list(profile.languages),
        "bio": profile.bio,
        "active": profile.active,
        "consented": profile.consented_at is not None,
        "created_at": iso(profile.created_at),
        "updated_at": iso(profile.updated_at),
    }


def _components(values: dict | None) -> dict[str, float]:
    return {str(k): float(v) for k, v in (values or {}).items()}


def candidate(row: QueueCandidate) -> dict:
    item = row.item
    name = item.name if isinstance(item, Organization) else item.user.display_name
    return {
        "kind": row.kind,
        "key": item.key,
        "name": name,
        "score": float(row.score),
        "engine_score": float(row.engine_score),
        "components": _components(row.components),
        "reasons": list(row.reasons),
        "interested_at": iso(row.interested_at),
    }


def _match_candidate(match: Match) -> dict:
    if match.helper is not None:
        return {
            "kind": "helper",
            "key": match.helper.key,
            "name": match.helper.user.display_name,
        }
    org = match.organization
    return {"kind": "organization", "key": org.key, "name": org.name}


def match(item: Match, for_staff: bool) -> dict:
    out = {
        "id": item.id,
        "issue": {"key": item.issue.key, "title": item.issue.title},
        "candidate": _match_candidate(item),
        "status": item.status,
        "source": item.source,
        "score": item.score,
        "components": _components(item.components),
        "reasons": list(item.reasons or []),
        "interested_at": iso(item.interested_at),
        "decided_at": iso(item.decided_at),
        "status_changed_at": iso(item.status_changed_at),
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
    }
    if for_staff:
        # The desk's own note on its decision; residents see the outcome, not the note.
        out["decision_reason"] = item.decision_reason
    return out
