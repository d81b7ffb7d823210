"""Talking to the SMTP server (STARTTLS, SMTPS, AUTH), and saying what went wrong.

Failures are sorted in two: the server or our settings (MailServerError: nothing can be
sent now, every mail keeps its place) and one message refused (MailRejected: that mail
is retried later, then given up).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping
from email.message import EmailMessage

from flask_babel import lazy_gettext as _l

# What each failure means, for the admin mail page and `flask mail send`.
ERRORS = {
    "no_server": _l(
        "No mail server is configured (MATCHHUB_MAIL_SERVER): mail waits in the outbox."
    ),
    "refused": _l(
        "The mail server refused the connection. Is it running, and are "
        "MATCHHUB_MAIL_SERVER and MATCHHUB_MAIL_PORT right?"
    ),
    "timeout": _l(
        "The mail server did not answer in time (MATCHHUB_MAIL_TIMEOUT). It may be down, "
        "or a firewall may be dropping the connection."
    ),
    "dns": _l("The mail server's name could not be found: check MATCHHUB_MAIL_SERVER."),
    "auth": _l(
        "The mail server did not accept the user name or password: check "
        "MATCHHUB_MAIL_USERNAME and MATCHHUB_MAIL_PASSWORD."
    ),
    "tls": _l(
        "The encrypted connection (TLS) to the mail server failed: check "
        "MATCHHUB_MAIL_SECURITY (starttls for port 587, ssl for port 465) and that the "
        "server's certificate is valid (MATCHHUB_MAIL_CA_FILE for a private CA)."
    ),
    "no_starttls": _l(
        "The mail server does not offer STARTTLS: ask its administrator which "
        "MATCHHUB_MAIL_SECURITY to use."
    ),
    "no_auth": _l(
        "The mail server does not offer login (AUTH) on this connection: many servers "
        "allow it only with MATCHHUB_MAIL_SECURITY=starttls or ssl."
    ),
    "sender": _l(
        "The mail server does not accept mail from our sender address: check "
        "MATCHHUB_MAIL_SENDER (many servers accept only the login's own address)."
    ),
    "disconnected": _l("The mail server closed the connection unexpectedly."),
    "rejected": _l("The mail server refused this message."),
    "legacy": _l("Written before mail was sent by a worker; send it again if still useful."),
}


class MailServerError(Exception):
    """Nothing can be sent now: the server is unreachable or our settings are wrong."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class MailRejected(Exception):
    """The server refused one message; others may still go."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.code = "rejected"
        self.detail = detail


def explain(code: str | None) -> str:
    """The operator's explanation of an error code, in the current language."""
    return str(ERRORS.get(code or "", "")) if code else ""


def _server_reply(error: smtplib.SMTPResponseException) -> str:
    message = error.smtp_error
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{error.smtp_code} {text}"


def _classify(error: BaseException, where: str) -> MailServerError:
    if isinstance(error, smtplib.SMTPServerDisconnected) and isinstance(
        error.__context__, TimeoutError
    ):
        error = error.__context__  # smtplib reports a silent server as "disconnected"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return MailServerError("auth", f"{where}: {_server_reply(error)}")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        code = "no_starttls" if "STARTTLS" in str(error).upper() else "no_auth"
        return MailServerError(code, f"{where}: {error}")
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return MailServerError("tls", f"{where}: {error}")
    if isinstance(error, ConnectionRefusedError):
        return MailServerError("refused", f"{where}: {error.strerror or error}")
    if isinstance(error, socket.gaierror):
        return MailServerError("dns", f"{where}: {error}")
    if isinstance(error, TimeoutError | socket.timeout):
        return MailServerError("timeout", f"{where}: no answer")
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError):
        return MailServerError("disconnected", f"{where}: {error}")
    if isinstance(error, smtplib.SMTPResponseException):
        return MailServerError("disconnected", f"{where}: {_server_reply(error)}")
    return MailServerError("disconnected", f"{where}: {error}")


class Connection:
    """One SMTP session, opened with the configured security and login."""

    def __init__(self, config: Mapping):
        self.host = config["MAIL_SERVER"]
        self.port = int(config["MAIL_PORT"])
        self.where = f"{self.host}:{self.port}"
        self._config = config
        self._smtp: smtplib.SMTP | None = None

    def _tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self._config.get("MAIL_CA_FILE"))

    def __enter__(self) -> Connection:
        security = self._config.get("MAIL_SECURITY", "none")
        timeout = int(self._config["MAIL_TIMEOUT"])
        try:
            if security == "ssl":
                self._smtp = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=timeout, context=self._tls_context()
                )
            else:
                self._smtp = smtplib.SMTP(self.host, self.port, timeout=timeout)
            if security == "starttls":
                self._smtp.starttls(context=self._tls_context())
            if self._config.get("MAIL_USERNAME"):
                self._smtp.login(self._config["MAIL_USERNAME"], self._config["MAIL_PASSWORD"])
        except (smtplib.SMTPException, OSError, ValueError) as error:
            self.close()
            raise _classify(error, self.where) from error
        return self

    def send(self, message: EmailMessage) -> None:
        """:raise MailRejected: for this message; MailServerError: for the connection."""
        assert self._smtp is not None
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            replies = "; ".join(f"{r}: {c} {m!r}" for r, (c, m) in error.recipients.items())
            raise MailRejected(replies) from error
        except smtplib.SMTPSenderRefused as error:
            # Every message has this sender, so this is a setting to fix, not one bad mail.
            raise MailServerError("sender", f"{self.where}: {_server_reply(error)}") from error
        except smtplib.SMTPDataError as error:
            raise MailRejected(_server_reply(error)) from error
        except (smtplib.SMTPException, OSError) as error:
            raise _classify(error, self.where) from error
        if refused:
            raise MailRejected(str(refused))

    def close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (smtplib.SMTPException, OSError):
            self._smtp.close()
        self._smtp = None

    def __exit__(self, *exc_info) -> None:
        self.close()
