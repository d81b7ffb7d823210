"""Time `mail send` against a local SMTP server (aiosmtpd on 127.0.0.1) and a silent one.

    .venv/bin/python scripts/bench_mail.py [DATABASE_URL]

Prints mails per second for a batch of 500, and how long a registration request takes
while the mail server never answers (it should not notice the server at all).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from matchhub import create_app  # noqa: E402
from matchhub.extensions import db  # noqa: E402
from matchhub.platform.mail import send_mail  # noqa: E402
from matchhub.platform.mail.sender import send_due  # noqa: E402
from tests.support.smtp_servers import SilentServer, smtp_server  # noqa: E402

N = 500


def _app(url: str, port: int):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_TIMEOUT": 5,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
        }
    )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
    return app


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    with smtp_server() as (inbox, port):
        app = _app(url, port)
        with app.app_context():
            for n in range(N):
                send_mail(f"r{n}@example.jp", f"お知らせ {n}", "本文です。\n" * 10)
            db.session.commit()
            started = time.perf_counter()
            sent = 0
            while report := send_due():
                if not report.sent:
                    break
                sent += report.sent
            took = time.perf_counter() - started
        assert sent == N == len(inbox.messages)
        print(f"{url.split(':')[0]}: {N} mails in {took:.2f} s = {N / took:.0f} mails/s")
    silent = SilentServer()
    app = _app(url, silent.port)
    client = app.test_client()
    timings = []
    for n in range(20):
        started = time.perf_counter()
        response = client.post(
            "/register",
            data={"display_name": "区民", "email": f"s{n}@example.jp", "password": "a long phrase"},
        )
        timings.append(time.perf_counter() - started)
        assert response.status_code == 302
        client.post("/logout")
    timings.sort()
    print(
        f"registration with a silent mail server: median {timings[10] * 1000:.0f} ms, "
        f"max {timings[-1] * 1000:.0f} ms; connections made: {silent.accepted}"
    )
    silent.close()


if __name__ == "__main__":
    main()
