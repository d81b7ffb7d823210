"""The OpenAPI description is valid, complete, and true: property-based tests against it."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import OpenAPIV31SpecValidator
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from matchhub.api.openapi import spec_path
from tests.support.api_world import build_world, personal_keys

POSITIVE_EXAMPLES = 25
NEGATIVE_EXAMPLES = 15


def test_openapi_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    OpenAPIV31SpecValidator(document).validate()


def _api_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]


def test_every_api_route_is_described_and_every_description_routed(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    routed = set()
    for rule in _api_rules(app):
        if rule.endpoint == "api.fallback":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routed.add((spec_path(rule.rule), method.lower()))
    described = {(path, method) for path, ops in paths.items() for method in ops}
    assert routed - described == set(), "routes missing from the OpenAPI description"
    assert described - routed == set(), "described operations without a route"


def test_described_scopes_are_the_ones_the_views_require(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for rule in _api_rules(app):
        if rule.endpoint == "api.fallback":
            continue
        view = app.view_functions[rule.endpoint]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = paths[spec_path(rule.rule)][method.lower()]
            assert getattr(view, "required_scope", None) == operation.get("x-required-scope")
            if operation.get("x-required-scope"):
                assert operation["security"] == [{"bearerAuth": []}], rule.rule


def _negative_applies(document: dict, operation) -> bool:
    """Whether a request can break the schema: query parameters, a body or a typed path."""
    raw = document["paths"][operation.path][operation.method.lower()]
    return "requestBody" in raw or any(
        p["in"] == "query" or p["schema"].get("type") == "integer" for p in raw["parameters"]
    )


def _property_test(operation, mode, examples: int, anonymous: bool, forbidden: set[str], counted):
    """A Hypothesis test of one operation in one generation mode."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        counted["examples"] += 1
        response = case.call()
        # A schema-valid request may still be refused for a reason no schema can state (a
        # cursor's signature), so that check is replaced by the narrower one below.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])
        if mode is GenerationMode.POSITIVE and response.status_code == 422:
            details = response.json()["error"].get("details", {})
            assert set(details) <= {"cursor"}, (case.path_parameters, case.query, details)
        if anonymous:
            assert not any(value in response.text for value in forbidden), case.formatted_path
            if response.headers.get("Content-Type", [""])[0].startswith("application/json"):
                assert personal_keys(response.json()) == set(), case.formatted_path

    return check


def _fuzz(app, headers: dict[str, str], forbidden: set[str]) -> dict[str, int]:
    """Run every operation against the spec; return how many operations and examples ran."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    if headers:
        schema.config.update(headers=headers)
    counted = {"operations": 0, "examples": 0}
    for result in schema.get_all_operations():
        operation = result.ok()
        counted["operations"] += 1
        modes = [(GenerationMode.POSITIVE, POSITIVE_EXAMPLES)]
        if _negative_applies(schema.raw_schema, operation):
            modes.append((GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES))
        for mode, examples in modes:
            try:
                _property_test(operation, mode, examples, not headers, forbidden, counted)()
            except Unsatisfiable:
                pass  # no request of this mode exists for the operation
    return counted


@pytest.fixture
def fuzz_world(app, runner):
    world = build_world(runner)
    personal = {world.hanako.user.display_name, world.hanako.bio, world.hanako.user.email}
    personal |= {world.ichiro.user.display_name, world.ichiro.user.email}
    return world, {v for v in personal if v}


def test_anonymous_requests_meet_the_spec_and_never_see_personal_fields(app, fuzz_world):
    _world, personal = fuzz_world
    counted = _fuzz(app, {}, personal)
    # Schemathesis leaves out the operation that serves the description itself.
    described = [
        r for r in _api_rules(app) if r.endpoint not in ("api.fallback", "api.openapi_json")
    ]
    assert counted["operations"] == len(described)
    assert counted["examples"] > counted["operations"] * 5


def test_coordinator_requests_meet_the_spec(app, fuzz_world):
    world, _personal = fuzz_world
    counted = _fuzz(app, world.bearer(world.coordinator_token), set())
    assert counted["examples"] > counted["operations"] * 5
