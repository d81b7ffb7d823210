"""The JSON API under /api/v1 (blueprint.py), its use cases and its OpenAPI description."""
