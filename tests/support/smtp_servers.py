"""Real SMTP servers on 127.0.0.1 for the mail tests: aiosmtpd with STARTTLS and AUTH
(a certificate from a throw-away CA made with trustme), a port where nothing listens,
and a listener that accepts connections and never says a word."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

USERNAME, PASSWORD = "matchhub@city.example.jp", "mail-secret-42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives and can refuse some recipients."""

    def __init__(self):
        self.messages: list[Message] = []
        self.refuse: dict[str, str] = {}  # recipient -> SMTP reply
        self.refuse_sender: str | None = None  # SMTP reply to MAIL FROM

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_sender:
            return self.refuse_sender
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted"

    def to(self, recipient: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == recipient]


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login.decode() == USERNAME and auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok, handled=False)


class CertificateAuthority:
    """A CA trusted only by tests, and a server certificate for 127.0.0.1."""

    def __init__(self, folder):
        self._ca = trustme.CA()
        self.ca_file = str(folder / "mail-ca.pem")
        self._ca.cert_pem.write_to_path(self.ca_file)
        self._cert = self._ca.issue_cert("127.0.0.1")

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._cert.configure_cert(context)
        return context


@contextlib.contextmanager
def smtp_server(
    port: int | None = None, tls: CertificateAuthority | None = None, smtps: bool = False
):
    """Yield (inbox, port). With ``tls``: STARTTLS required, then AUTH required; with
    ``smtps`` as well: TLS from the first byte (port 465 style), then AUTH required."""
    inbox = Inbox()
    options = {}
    if tls is not None and smtps:
        options = {
            "ssl_context": tls.server_context(),
            "authenticator": _authenticate,
            "auth_required": True,
            # aiosmtpd counts only STARTTLS as TLS; this whole connection is TLS already.
            "auth_require_tls": False,
        }
    elif tls is not None:
        options = {
            "tls_context": tls.server_context(),
            "require_starttls": True,
            "authenticator": _authenticate,
            "auth_required": True,
            "auth_require_tls": True,
        }
    controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port(), **options)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


class SilentServer:
    """Accepts TCP connections and never answers, as a hung mail server does."""

    def __init__(self):
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.accepted = 0
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.accepted += 1
            self._open.append(conn)

    def close(self) -> None:
        for conn in self._open:
            conn.close()
        self._sock.close()
