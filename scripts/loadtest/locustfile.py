"""50 people at once: visitors browsing, residents looking for something to do, coordinators
working through their queue. Run by scripts/loadtest/run.py (`make loadtest`).

Every simulated person logs in as a real account, through the login form and its CSRF
token, and coordinators through their second factor, as a browser would. Any answer other
than 200 on a page counts as an error: a session that was lost would otherwise show up as a
quick, "successful" login page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["LOADTEST_ACCOUNTS"], encoding="utf-8").read())
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
_residents = itertools.count()
_coordinators = itertools.count()


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 2)

    def request(self, method: str, path: str, **options):
        response = self.client.request(method, path, allow_redirects=False, **options)
        # In production TLS ends at the proxy in front of gunicorn and the browser sends the
        # Secure session cookie back; here locust talks plain HTTP to 127.0.0.1, and would
        # not, so the cookies it keeps are relaxed (the server's settings are untouched).
        for cookie in self.client.cookies:
            cookie.secure = False
        return response

    def page(self, path: str, name: str) -> None:
        with self.request("GET", path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())

    def log_in(self, email: str, password: str, totp_secret: str | None = None) -> None:
        """The login form, then the second factor when the app asks for it."""
        form = self.request("GET", "/login", name="login form")
        data = {"email": email, "password": password, "csrf_token": _csrf(form.text)}
        target = self._post_form("/login", data, "login")
        if "/account/2fa" in target:
            import pyotp

            path = urlsplit(target)._replace(scheme="", netloc="").geturl()
            form = self.request("GET", path, name="second factor form")
            code = pyotp.TOTP(totp_secret).now() if totp_secret else "000000"
            data = {"code": code, "csrf_token": _csrf(form.text)}
            self._post_form(path, data, "second factor")

    def _post_form(self, path: str, data: dict, name: str) -> str:
        """Post a form that answers with a redirect; anything else is an error."""
        with self.request("POST", path, data=data, name=name, catch_response=True) as response:
            target = response.headers.get("Location", "")
            if response.status_code != 302 or target.startswith(path.split("?")[0]):
                response.failure(f"{response.status_code} {target}".strip())
            return target


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise RuntimeError("no csrf_token in the form")
    return found.group(1) or found.group(2)


def _issue() -> str:
    return random.choice(ACCOUNTS["issues"])


def _filters() -> str:
    """A resident's search: one to three of theme, area, day, time, kind, online, keywords."""
    choices = {
        "theme": lambda: random.choice(ACCOUNTS["themes"]),
        "area": lambda: random.choice(ACCOUNTS["areas"]),
        "day": lambda: random.choice(("weekday", "weekend")),
        "time": lambda: random.choice(("morning", "afternoon", "evening")),
        "kind": lambda: random.choice(("volunteer", "probono")),
        "online": lambda: "y",
        "q": lambda: random.choice(("子ども食堂", "防災", "エクセル", "見守り", "チラシ")),
    }
    picked = random.sample(sorted(choices), random.randint(1, 3))
    return "&".join(f"{name}={choices[name]()}" for name in picked)


class Visitor(Person):
    """Anonymous: the home page, the list of issues, an issue."""

    fixed_count = 25

    @task(2)
    def home(self) -> None:
        self.page("/", "/ (home)")

    @task(3)
    def issues(self) -> None:
        self.page("/issues", "/issues")

    @task(1)
    def issues_further(self) -> None:
        self.page(f"/issues?page={random.randint(2, 20)}", "/issues?page=N")

    @task(2)
    def issue(self) -> None:
        self.page(f"/issues/{_issue()}", "/issues/[key]")


class Resident(Person):
    """Logged in: their page with recommendations, and searching issues with filters."""

    fixed_count = 20

    def on_start(self) -> None:
        residents = ACCOUNTS["residents"]
        self.log_in(residents[next(_residents) % len(residents)], ACCOUNTS["password"])

    @task(3)
    def me(self) -> None:
        self.page("/me", "/me")

    @task(3)
    def search(self) -> None:
        self.page(f"/issues?{_filters()}", "/issues?filters")

    @task(1)
    def issues(self) -> None:
        self.page("/issues", "/issues")

    @task(1)
    def issue(self) -> None:
        self.page(f"/issues/{_issue()}", "/issues/[key]")


class Coordinator(Person):
    """The desk: the queue, and an issue's candidates."""

    fixed_count = 5

    def on_start(self) -> None:
        staff = ACCOUNTS["coordinators"]
        account = staff[next(_coordinators) % len(staff)]
        self.log_in(account["email"], ACCOUNTS["password"], account["totp"])

    @task(2)
    def queue(self) -> None:
        self.page("/coordinator/", "/coordinator/ (queue)")

    @task(1)
    def queue_further(self) -> None:
        self.page(f"/coordinator/?page={random.randint(2, 10)}", "/coordinator/ (queue)")

    @task(3)
    def candidates(self) -> None:
        self.page(f"/coordinator/issues/{_issue()}", "/coordinator/issues/[key]")
