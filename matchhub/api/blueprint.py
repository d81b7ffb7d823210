"""The JSON API under /api/v1: token-authenticated, described by OpenAPI 3.1.

`bp` lives in base.py; importing the view modules here attaches their routes to it.
"""

from matchhub.api import desk, open_data, openapi, public  # noqa: F401  (routes)
from matchhub.api.base import bp

__all__ = ["bp"]
