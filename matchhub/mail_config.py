"""Mail settings read from MATCHHUB_MAIL_* environment variables, checked at start."""

from __future__ import annotations

import os

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class MailConfigError(RuntimeError):
    """A mail setting an operator must fix before the app starts."""


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise MailConfigError(
            f"{name} must be a whole number of at least 1, not {value!r}."
        ) from None


def from_environment() -> dict:
    """The MAIL_* part of the app config."""
    security = os.environ.get("MATCHHUB_MAIL_SECURITY", "none").strip().lower()
    return {
        "MAIL_SERVER": os.environ.get("MATCHHUB_MAIL_SERVER") or None,
        "MAIL_SECURITY": security,
        "MAIL_PORT": _int("MATCHHUB_MAIL_PORT", DEFAULT_PORTS.get(security, 25)),
        "MAIL_SENDER": os.environ.get("MATCHHUB_MAIL_SENDER", "noreply@matchhub.example.jp"),
        "MAIL_USERNAME": os.environ.get("MATCHHUB_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MATCHHUB_MAIL_PASSWORD") or None,
        "MAIL_TIMEOUT": _int("MATCHHUB_MAIL_TIMEOUT", 10),
        # A private CA (a ward's own mail relay): PEM file trusted for TLS to the server.
        "MAIL_CA_FILE": os.environ.get("MATCHHUB_MAIL_CA_FILE") or None,
        "MAIL_MAX_ATTEMPTS": _int("MATCHHUB_MAIL_MAX_ATTEMPTS", 8),
        # Appended to every message; "\n" starts a new line. Empty: the built-in one.
        "MAIL_SIGNATURE": os.environ.get("MATCHHUB_MAIL_SIGNATURE", "").replace("\\n", "\n"),
        # How often the development sender thread looks at the outbox (seconds).
        "MAIL_WORKER_INTERVAL": _int("MATCHHUB_MAIL_WORKER_INTERVAL", 3),
    }


def check(config) -> None:
    """:raise MailConfigError: when a mail setting cannot work."""
    if config.get("MAIL_SECURITY") not in SECURITY_MODES:
        raise MailConfigError(
            f"MATCHHUB_MAIL_SECURITY is {config.get('MAIL_SECURITY')!r}; use one of "
            "starttls (port 587), ssl (port 465) or none (port 25, a relay on a trusted network)."
        )
    if bool(config.get("MAIL_USERNAME")) != bool(config.get("MAIL_PASSWORD")):
        raise MailConfigError(
            "Set both MATCHHUB_MAIL_USERNAME and MATCHHUB_MAIL_PASSWORD, or neither."
        )
    if config.get("MAIL_USERNAME") and config.get("MAIL_SECURITY") == "none":
        raise MailConfigError(
            "MATCHHUB_MAIL_USERNAME is set but MATCHHUB_MAIL_SECURITY=none would send the "
            "password unencrypted; use starttls or ssl."
        )
    if int(config.get("MAIL_MAX_ATTEMPTS") or 0) < 1 or int(config.get("MAIL_TIMEOUT") or 0) < 1:
        raise MailConfigError(
            "MATCHHUB_MAIL_MAX_ATTEMPTS and MATCHHUB_MAIL_TIMEOUT must be 1 or more."
        )
