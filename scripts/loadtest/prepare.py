"""The load-test database: 100,000 helpers, 2,000 issues and 500 organizations, built once.

The registry is written in the exchange format and loaded with the importer, as a
municipality would load theirs; then the accounts the simulated users log in with are
added. The result is kept as a pristine copy (a file under instance/loadtest/ for SQLite,
a template database for PostgreSQL), named by a fingerprint of the schema and of this
generator, and every run starts from a fresh copy of it, so runs do not see each other's
sessions and impressions.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.schema import CreateTable

from matchhub import ROOT, create_app
from matchhub.config import normalise_database_url
from matchhub.exchange.importing import import_files
from matchhub.extensions import db
from matchhub.lab.benchmarks import PLACES, SKILLS, SLOTS, THEMES, synthetic_registry
from matchhub.models import Area, Issue, Setting, Theme, User
from matchhub.models.types import utcnow
from matchhub.ops import backup
from matchhub.platform.taxonomy import load_taxonomy
from matchhub.security import hash_password

GENERATOR = 1  # bump when the data below changes, so cached copies are rebuilt
HELPERS, ISSUES, ORGANIZATIONS = 100_000, 2_000, 500
RESIDENTS, COORDINATORS = 40, 10  # accounts that can log in (more than the users needing them)
PASSWORD = "loadtest-password-2026"
FOLDER = ROOT / "instance" / "loadtest"
FINGERPRINT_KEY = "loadtest.fingerprint"

ORG_KINDS = (
    ("npo", 0.45),
    ("company", 0.2),
    ("neighborhood_association", 0.15),
    ("university", 0.05),
    ("municipal_department", 0.1),
    ("social_welfare_council", 0.05),
)
ISSUE_KINDS = (("volunteer", 0.55), ("probono", 0.25), ("resource", 0.1), ("partnership", 0.1))
OFFERS = ("会議室", "調理室", "助成金", "社員ボランティア", "車両の貸出", "印刷機", "ホール")
TASKS = (
    "運営ボランティア募集",
    "当日スタッフ",
    "名簿をエクセルで整理",
    "広報チラシの作成",
    "見守り訪問",
    "会場の準備と片付け",
    "オンライン相談の受付",
    "写真と記録の担当",
)


def fingerprint(url: URL) -> str:
    """Changes with the schema, the sizes and this generator."""
    dialect = url.get_dialect()()
    ddl = "".join(str(CreateTable(t).compile(dialect=dialect)) for t in db.metadata.sorted_tables)
    parts = f"{GENERATOR}|{HELPERS}|{ISSUES}|{ORGANIZATIONS}|{RESIDENTS}|{COORDINATORS}|{ddl}"
    return hashlib.sha256(parts.encode()).hexdigest()[:12]


def _pick(rng: random.Random, weighted) -> str:
    names, weights = zip(*weighted, strict=True)
    return rng.choices(names, weights)[0]


def write_registry(folder: Path, seed: int = 11) -> list[Path]:
    """The demo's areas and synthetic helpers, organizations and issues."""
    rng = random.Random(seed)
    helpers = folder / "helpers.jsonl"
    synthetic_registry(helpers, HELPERS, seed=seed)
    needs = folder / "needs.jsonl"
    today = date.today()
    with needs.open("w", encoding="utf-8") as out:
        for n in range(ORGANIZATIONS):
            place, theme = rng.choice(PLACES), rng.choice(THEMES)
            record = {
                "type": "organization",
                "key": f"load-org-{n}",
                "verified": True,
                "name": f"{place.split('の')[0]}{theme.lstrip('＃')}の会 {n}",
                "kind": _pick(rng, ORG_KINDS),
                "themes": rng.sample(THEMES, rng.randint(1, 3)),
                "area": place,
                "description": f"{place}で{theme.lstrip('＃')}の活動をしています。",
                "offers": rng.sample(OFFERS, rng.randint(0, 2)),
                "email": f"org{n}@example.org",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for n in range(ISSUES):
            kind, theme = _pick(rng, ISSUE_KINDS), rng.choice(THEMES)
            topic = theme.lstrip("＃")
            online = rng.random() < 0.15
            starts = today + timedelta(days=rng.randint(-10, 90))
            record = {
                "type": "issue",
                "key": f"load-issue-{n}",
                "org": f"load-org-{rng.randrange(ORGANIZATIONS)}",
                "title": f"{topic}：{rng.choice(TASKS)}",
                "description": f"{topic}の活動です。{rng.choice(TASKS)}をお願いします。",
                "kind": kind,
                "themes": [theme, *rng.sample(THEMES, rng.randint(0, 1))],
                "skills": rng.sample(SKILLS, rng.randint(1 if kind == "probono" else 0, 3)),
                "area": "" if online else rng.choice(PLACES),
                "online": online,
                "availability": rng.sample(SLOTS, rng.randint(1, 3)),
                "people_needed": rng.randint(1, 5),
                "starts_on": starts.isoformat(),
                "ends_on": (starts + timedelta(days=rng.randint(1, 90))).isoformat(),
                "status": _pick(rng, (("open", 0.9), ("draft", 0.05), ("closed", 0.05))),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [helpers, needs]


def _accounts(fp: str) -> dict:
    """Residents and coordinators who can log in; what the locustfile needs to know."""
    password_hash = hash_password(PASSWORD)  # one hash serves every account: same password
    now = utcnow()
    residents = []
    for n in range(RESIDENTS):
        user = db.session.scalar(select(User).where(User.email == f"bench{n}@example.jp"))
        user.password_hash = password_hash
        user.helper_profile.consented_at = now
        user.helper_profile.consent_method = "online"
        residents.append(user.email)
    coordinators = []
    for n in range(COORDINATORS):
        user = User(
            email=f"load-coordinator-{n}@matchhub.example.jp",
            display_name=f"協働 {n}",
            is_coordinator=True,
            password_hash=password_hash,
        )
        secret = None
        if hasattr(User, "totp_secret"):  # coordinators pass a second factor (TOTP)
            import pyotp

            secret = pyotp.random_base32()
            user.totp_secret, user.totp_enabled_at = secret, now
        db.session.add(user)
        coordinators.append({"email": user.email, "totp": secret})
    db.session.add(Setting(key=FINGERPRINT_KEY, value={"fingerprint": fp}))
    db.session.commit()
    open_issues = db.session.execute(
        select(Issue.key, Issue.kind).where(Issue.status == "open").order_by(Issue.id)
    ).all()
    return {
        "fingerprint": fp,
        "password": PASSWORD,
        "residents": residents,
        "coordinators": coordinators,
        "issues": [key for key, _ in open_issues],
        "themes": list(db.session.scalars(select(Theme.key).order_by(Theme.id))),
        "areas": list(db.session.scalars(select(Area.id).where(Area.parent_id.is_not(None)))),
    }


def build(url: str, fp: str, folder: Path) -> dict:
    """Create the schema, import the registry, add the accounts."""
    app = create_app({"SECRET_KEY": "loadtest-build", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        load_taxonomy()
        files = write_registry(folder)
        report = import_files(files)
        assert report.ok, report.skipped[:5]
        for path in files:
            path.unlink()
        accounts = _accounts(fp)
        db.session.remove()
        db.engine.dispose()
    return accounts


def _stored_fingerprint(url: URL) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT value FROM settings WHERE key = :key"), {"key": FINGERPRINT_KEY}
            ).first()
    except Exception:  # noqa: BLE001 - missing database or table: nothing cached
        return None
    finally:
        engine.dispose()
    if row is None:
        return None
    value = row[0] if isinstance(row[0], dict) else json.loads(row[0])
    return value.get("fingerprint")


def prepare_sqlite(folder: Path = FOLDER) -> tuple[str, dict]:
    """A fresh copy of the pristine SQLite database; its URL and the accounts."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = make_url(f"sqlite:///{folder / 'probe.sqlite'}")
    fp = fingerprint(probe)
    pristine = folder / f"pristine-{fp}.sqlite"
    accounts_file = folder / f"accounts-sqlite-{fp}.json"
    if not (pristine.exists() and accounts_file.exists()):
        for outdated in [*folder.glob("pristine-*.sqlite"), *folder.glob("accounts-sqlite-*")]:
            outdated.unlink()
        partial = folder / f"building-{fp}.sqlite"
        for stale in folder.glob(f"building-{fp}.sqlite*"):
            stale.unlink()
        accounts = build(f"sqlite:///{partial}", fp, folder)
        backup.backup(make_url(f"sqlite:///{partial}"), pristine)  # one file, no -wal beside
        for stale in folder.glob(f"building-{fp}.sqlite*"):
            stale.unlink()
        accounts_file.write_text(json.dumps(accounts, ensure_ascii=False))
    run = folder / "run.sqlite"
    for stale in folder.glob("run.sqlite*"):
        stale.unlink()
    backup.backup(make_url(f"sqlite:///{pristine}"), run)
    return f"sqlite:///{run}", json.loads(accounts_file.read_text())


def prepare_postgres(url: str, folder: Path = FOLDER) -> tuple[str, dict]:
    """A fresh database made from the pristine template database; its URL and the accounts."""
    folder.mkdir(parents=True, exist_ok=True)
    target = make_url(normalise_database_url(url))
    pristine = target.set(database=f"{target.database}_pristine")
    fp = fingerprint(target)
    accounts_file = folder / f"accounts-postgresql-{fp}.json"
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        if _stored_fingerprint(pristine) != fp or not accounts_file.exists():
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{pristine.database}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{pristine.database}"'))
            accounts = build(pristine.render_as_string(hide_password=False), fp, folder)
            accounts_file.write_text(json.dumps(accounts, ensure_ascii=False))
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            conn.execute(
                text(f'CREATE DATABASE "{target.database}" TEMPLATE "{pristine.database}"')
            )
    finally:
        admin.dispose()
    return target.render_as_string(hide_password=False), json.loads(accounts_file.read_text())
