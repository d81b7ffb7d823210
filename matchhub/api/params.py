"""Reading query parameters and JSON bodies; anything malformed is a 422 naming the field."""

from __future__ import annotations

from collections.abc import Iterable

from flask import request
from flask_babel import lazy_gettext as _l

from matchhub.api.base import ApiError
from matchhub.api.pagination import DEFAULT_LIMIT, MAX_LIMIT

TRUE, FALSE = ("true", "1"), ("false", "0")
# Our bodies are flat objects with a few lists; deeper nesting is refused before parsing,
# since Python's parser recurses and a deep enough body exhausts the stack.
MAX_JSON_DEPTH = 8


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


def nesting_depth(raw: bytes) -> int:
    """How deep arrays and objects nest in a JSON text, without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    return False


def json_object(allowed: set[str]) -> dict:
    """The request body as a JSON object with only known fields.

    :raise ApiError: 422 when the body is not such an object, nests deeper than
        MAX_JSON_DEPTH or holds a NUL character.
    """
    if nesting_depth(request.get_data(cache=True)) > MAX_JSON_DEPTH:
        raise ApiError(
            422,
            "invalid_body",
            _l("The JSON body nests deeper than %(depth)d levels.", depth=MAX_JSON_DEPTH),
        )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_body", _l("Send a JSON object."))
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise invalid({name: _l("Unknown field.") for name in unknown})
    bad = [k for k, v in body.items() if _holds_nul(v)]
    if bad:
        raise invalid({name: _l("Contains a character that is not allowed.") for name in bad})
    return body
