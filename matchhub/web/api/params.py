"""Reading query parameters and JSON bodies; anything malformed is a 422 naming the field."""

from __future__ import annotations

from collections.abc import Iterable

from flask import request
from flask_babel import lazy_gettext as _l

from ...services.api_pagination import DEFAULT_LIMIT, MAX_LIMIT
from .base import ApiError

TRUE, FALSE = ("true", "1"), ("false", "0")


class Params:
    """Collects every problem with the query string before answering once with all of them."""

    def __init__(self) -> None:
        self.errors: dict[str, object] = {}

    def text(self, name: str, max_length: int = 200) -> str:
        value = request.args.get(name, "")
        if len(value) > max_length:
            self.errors[name] = _l("At most %(num)d characters.", num=max_length)
            return ""
        if "\x00" in value:
            self.errors[name] = _l("Contains a character that is not allowed.")
            return ""
        return value

    def choice(self, name: str, allowed: Iterable[str]) -> str:
        value = request.args.get(name)
        allowed = tuple(allowed)
        if value is None:
            return ""
        if value not in allowed:
            self.errors[name] = _l("One of: %(values)s.", values=", ".join(allowed))
            return ""
        return value

    def boolean(self, name: str) -> bool | None:
        value = request.args.get(name)
        if value is None:
            return None
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        self.errors[name] = _l("true or false.")
        return None

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = request.args.get(name)
        if value is None:
            return default
        digits = value.isascii() and value.isdigit() and len(value) <= 9
        if not (digits and low <= int(value) <= high):
            self.errors[name] = _l("A whole number from %(low)d to %(high)d.", low=low, high=high)
            return default
        return int(value)

    def limit(self) -> int:
        return self.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)

    def cursor(self) -> str | None:
        return self.text("cursor", 500) or None

    def check(self) -> None:
        """:raise ApiError: 422 with every problem found."""
        if self.errors:
            raise invalid(self.errors)


def invalid(details: dict[str, object]) -> ApiError:
    return ApiError(422, "validation_failed", _l("Some values are not valid."), details)


def invalid_cursor() -> ApiError:
    return invalid({"cursor": _l("Not a cursor from this list; start again without one.")})


def json_object(allowed: set[str]) -> dict:
    """The request body as a JSON object with only known fields.

    :raise ApiError: 422 when the body is not such an object.
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_body", _l("Send a JSON object."))
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise invalid({name: _l("Unknown field.") for name in unknown})
    bad = [k for k, v in body.items() if isinstance(v, str) and "\x00" in v]
    if bad:
        raise invalid({name: _l("Contains a character that is not allowed.") for name in bad})
    return body
