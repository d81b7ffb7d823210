"""`make loadtest`: the app under gunicorn with 100,000 helpers, 50 simulated people for
3 minutes (locust, headless), on SQLite and on PostgreSQL; the figures go to docs/load.md.

    .venv/bin/python scripts/loadtest/run.py [--engines sqlite,postgresql] [--write docs/load.md]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import prepare  # noqa: E402  (next to this file)

from matchhub import ROOT  # noqa: E402
from matchhub.lab.benchmarks import machine, replace_section  # noqa: E402

BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get(
    "MATCHHUB_LOADTEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/matchhub_load"
)
# p95 targets in ms: the coordinator's queue (and an issue's candidates) may take longer.
QUEUE_TARGET_MS, PAGE_TARGET_MS = 500, 300
QUEUE_PAGES = ("/coordinator/ (queue)", "/coordinator/issues/[key]")
LOGIN = ("login form", "login", "second factor form", "second factor")
HAND_WRITTEN = "<!-- Written by hand from here on; make loadtest keeps it. -->"
PACKAGE = f"{ROOT / 'matchhub'}/"  # how py-spy names the app's own frames
APP = 'matchhub:create_app({"RATELIMIT_ENABLED": False})'


def free_port(preferred: int) -> int:
    for port in range(preferred, preferred + 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port from {preferred}")


def start_gunicorn(url: str, port: int, args, log: Path, access: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "MATCHHUB_DATABASE_URL": url,
        "MATCHHUB_SECRET_KEY": secrets.token_hex(32),
        "MATCHHUB_BASE_URL": f"http://127.0.0.1:{port}",
        "MATCHHUB_TRUSTED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("MATCHHUB_DEBUG", None)
    argv = [
        str(BIN / "gunicorn"),
        "--config", "python:matchhub.gunicorn_conf",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers),
        # Time spent inside the app (µs), apart from time waiting for a free worker.
        "--access-logfile", str(access),
        "--access-logformat", "%(m)s %(U)s %(q)s %(s)s %(D)s",
        APP,
    ]  # fmt: skip
    return subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_warm(server: subprocess.Popen, log: Path, workers: int, limit_s: int) -> list[float]:
    """Wait for every worker's warm-up line; return the build times."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        lines = [line for line in log.read_text().splitlines() if "warm: ranking index" in line]
        if len(lines) >= workers:
            return [float(line.split("built in ")[1].split(" s")[0]) for line in lines]
        time.sleep(1)
    raise RuntimeError(f"workers not warm after {limit_s} s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_locust(host: str, accounts: Path, prefix: Path, args) -> None:
    argv = [
        str(BIN / "locust"),
        "--locustfile", str(HERE / "locustfile.py"),
        "--headless", "--only-summary",
        "--users", str(args.users), "--spawn-rate", "10",
        "--run-time", args.run_time, "--stop-timeout", "10",
        "--host", host, "--csv", str(prefix),
    ]  # fmt: skip
    env = {**os.environ, "LOADTEST_ACCOUNTS": str(accounts)}
    # locust exits 1 when any request failed; the figures say which, so that is not fatal.
    subprocess.run(argv, cwd=ROOT, env=env, check=False, timeout=_seconds(args.run_time) + 180)


def _seconds(run_time: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return int(run_time[:-1]) * units[run_time[-1]] if run_time[-1] in units else int(run_time)


def read_stats(prefix: Path) -> dict:
    """Per endpoint group: requests, failures, requests/s and percentiles (ms)."""
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
                "max": float(row["Max Response Time"]),
            }
    failures = []
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            failures.append(f"{row['Name']}: {row['Error']} ({row['Occurrences']}×)")
    return {"endpoints": rows, "failures": failures}


def group_of(method: str, path: str, query: str) -> str:
    """The locustfile's name for a request seen in gunicorn's access log."""
    if path.startswith("/issues/"):
        return "/issues/[key]"
    if path.startswith("/coordinator/issues/"):
        return "/coordinator/issues/[key]"
    if path == "/issues":
        if not query:
            return "/issues"
        return "/issues?page=N" if query.startswith("page=") else "/issues?filters"
    named = {"/": "/ (home)", "/me": "/me", "/coordinator/": "/coordinator/ (queue)"}
    if path in named:
        return named[path]
    name = "second factor" if path.startswith("/account/2fa") else "login"
    return name if method == "POST" else f"{name} form"


def server_times(access: Path) -> dict[str, dict[str, float]]:
    """p50 and p95 (ms) of the time gunicorn's workers spent on each group."""
    times: dict[str, list[float]] = {}
    for line in access.read_text().splitlines():
        parts = line.split(" ")
        if len(parts) == 5:
            method, path, query, _, micros = parts
            times.setdefault(group_of(method, path, query), []).append(int(micros) / 1000)
    return {
        name: {"p50": _quantile(v, 0.5), "p95": _quantile(v, 0.95)} for name, v in times.items()
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def target_of(name: str) -> int | None:
    if name in LOGIN or name == "Aggregated":
        return None
    return QUEUE_TARGET_MS if name in QUEUE_PAGES else PAGE_TARGET_MS


def run_engine(engine: str, args) -> dict:
    folder = prepare.FOLDER
    started = time.monotonic()
    if engine == "sqlite":
        url, accounts = prepare.prepare_sqlite()
    else:
        url, accounts = prepare.prepare_postgres(args.postgres_url)
    prepared_s = time.monotonic() - started
    accounts_file = folder / f"accounts-run-{engine}.json"
    accounts_file.write_text(json.dumps(accounts, ensure_ascii=False))
    port = free_port(args.port)
    log, access = folder / f"gunicorn-{engine}.log", folder / f"access-{engine}.log"
    print(f"[{engine}] database ready in {prepared_s:.0f} s; gunicorn on 127.0.0.1:{port}")
    access.unlink(missing_ok=True)  # gunicorn appends to it
    server = start_gunicorn(url, port, args, log, access)
    try:
        warm = wait_until_warm(server, log, args.workers, limit_s=900)
        print(f"[{engine}] {args.workers} workers warm ({', '.join(f'{w:.0f} s' for w in warm)})")
        prefix = folder / f"locust-{engine}"
        load_before = os.getloadavg()[0]
        spy = (
            start_profile(server, folder / f"profile-{engine}.txt", args) if args.profile else None
        )
        run_locust(f"http://127.0.0.1:{port}", accounts_file, prefix, args)
        load_after = os.getloadavg()[0]
        if spy is not None:
            spy.wait(timeout=120)
    finally:
        stop(server)
    return {
        "engine": engine,
        "warm_s": warm,
        "load": (load_before, load_after),
        "server": server_times(access),
        "profile": profile_summary(folder / f"profile-{engine}.txt") if args.profile else None,
        **read_stats(prefix),
    }


def start_profile(server: subprocess.Popen, out: Path, args) -> subprocess.Popen:
    """Sample every gunicorn worker with py-spy while locust runs (from 10 s in)."""
    duration = max(_seconds(args.run_time) - 20, 10)
    argv = [
        str(BIN / "py-spy"), "record", "--pid", str(server.pid), "--subprocesses",
        "--nonblocking", "--full-filenames", "--rate", "50", "--duration", str(duration),
        "--format", "raw", "--output", str(out),
    ]  # fmt: skip
    time.sleep(10)  # past the logins
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def profile_summary(path: Path, top: int = 12) -> dict[str, list[tuple[str, float]]]:
    """Share of the workers' CPU samples: per view, and per function below the views."""
    views: dict[str, int] = {}
    functions: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [f for f in stack.split(";") if PACKAGE in f]
        names = list(dict.fromkeys(_frame_name(f) for f in frames))
        # The view, not the decorators around it (their names hold "<locals>").
        view = next(
            (n for n in names if n.startswith("web/") and "<locals>" not in n), "outside a view"
        )
        views[view] = views.get(view, 0) + samples
        for name in names:
            if not name.startswith("web/"):
                functions[name] = functions.get(name, 0) + samples

    def share(counts: dict[str, int]) -> list[tuple[str, float]]:
        ranked = sorted(counts.items(), key=lambda item: -item[1])[:top]
        return [(name, 100 * n / max(total, 1)) for name, n in ranked]

    return {"views": share(views), "functions": share(functions), "samples": total}


def _frame_name(frame: str) -> str:
    """'queue_page (matchhub/matching/coordinator.py:55)' -> 'web/coordinator.py queue_page'."""
    function, _, where = frame.partition(" (")
    module = where.split(PACKAGE, 1)[-1].split(":", 1)[0]
    return f"{module} {function.strip()}"


def markdown(results: list[dict], args, skipped: dict[str, str]) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Load",
        "",
        "Written by `make loadtest` (`scripts/loadtest/run.py`); linked from docs/benchmarks.md.",
        f"Measured on {stamp}, {machine()}. gunicorn and locust share the machine.",
        "",
        f"gunicorn on 127.0.0.1 with {args.workers} sync workers; a database of "
        f"{prepare.HELPERS:,} helpers, {prepare.ISSUES:,} issues and {prepare.ORGANIZATIONS} "
        f"organizations; locust headless, {args.users} users for {args.run_time} "
        "(25 anonymous visitors: home, /issues, an issue; 20 residents logged in: /me with "
        "recommendations, /issues with 1 to 3 filters, an issue; 5 coordinators logged in "
        "with their second factor: the queue, an issue's candidates), each waiting 1-2 s "
        "between pages. Production settings (CSRF on, Secure cookies, the production "
        "password hash) except the rate limiter, which is off because all 50 people come "
        "from 127.0.0.1. Each worker builds its ranking index and caches before its first "
        "request, as in production (matchhub/gunicorn_conf.py). Times in ms; any answer but "
        "200 is an error.",
        "",
    ]
    for result in results:
        lines += [f"## {result['engine']}", ""]
        warm = ", ".join(f"{w:.0f}" for w in result["warm_s"])
        before, after = result["load"]
        lines += [
            f"Ranking index built per worker before the run: {warm} s. Load average "
            f"(1 min) when locust started and when it ended: {before:.1f} and {after:.1f} "
            f"on {os.cpu_count()} cores. Server p50/p95: time inside a gunicorn worker "
            "(its access log), without the wait for a free worker.",
            "",
            "| endpoint | requests | req/s | p50 | p95 | p99 | max | errors | server p50/p95 "
            "| p95 target |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, s in sorted(result["endpoints"].items(), key=lambda i: i[0] == "Aggregated"):
            target = target_of(name)
            met = target is not None and s["p95"] < target
            verdict = "–" if target is None else f"{'met' if met else 'NOT met'} (< {target})"
            label = "all requests" if name == "Aggregated" else f"`{name}`"
            server = result["server"].get(name)
            inside = f"{server['p50']:.0f} / {server['p95']:.0f}" if server else "–"
            lines.append(
                f"| {label} | {s['requests']:,} | {s['rps']:.1f} | {s['p50']:.0f} | "
                f"{s['p95']:.0f} | {s['p99']:.0f} | {s['max']:.0f} | {s['failures']} | "
                f"{inside} | {verdict} |"
            )
        lines.append("")
        if result["failures"]:
            lines += ["Errors:", "", *(f"- {f}" for f in result["failures"]), ""]
        if result["profile"]:
            lines += _profile_lines(result["profile"])
    for engine, why in skipped.items():
        lines += [f"## {engine}", "", f"Not run: {why}", ""]
    return "\n".join(lines)


def summary(results: list[dict], args) -> str:
    """The Load section of docs/benchmarks.md: one line per engine; details in load.md."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"`make loadtest`, {stamp}, {machine()}: gunicorn ({args.workers} workers) and locust "
        f"({args.users} users, {args.run_time}) on one machine, {prepare.HELPERS:,} helpers, "
        f"{prepare.ISSUES:,} issues, {prepare.ORGANIZATIONS} organizations. Per page, server "
        "times and the analysis: [load.md](load.md). Times in ms.",
        "",
        "| engine | requests | req/s | p50 | p95 | p99 | errors | slowest page p95 "
        f"(target {PAGE_TARGET_MS}) | queue p95 (target {QUEUE_TARGET_MS}) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        pages = {n: s for n, s in result["endpoints"].items() if target_of(n)}
        every = result["endpoints"]["Aggregated"]
        slowest = max((n for n in pages if n not in QUEUE_PAGES), key=lambda n: pages[n]["p95"])
        queue = max(QUEUE_PAGES, key=lambda n: pages[n]["p95"])
        lines.append(
            f"| {result['engine']} | {every['requests']:,} | {every['rps']:.1f} | "
            f"{every['p50']:.0f} | {every['p95']:.0f} | {every['p99']:.0f} | "
            f"{every['failures']} | {pages[slowest]['p95']:.0f} (`{slowest}`) | "
            f"{pages[queue]['p95']:.0f} (`{queue}`) |"
        )
    return "\n".join(lines)


def _profile_lines(profile: dict) -> list[str]:
    lines = [
        f"Where the workers' CPU went (py-spy, {profile['samples']:,} samples at 50 Hz "
        "across the workers; a function's share includes what it calls):",
        "",
        "| view | share |",
        "|---|---|",
        *(f"| `{name}` | {pct:.1f}% |" for name, pct in profile["views"]),
        "",
        "| function below the views (services, ranking, models) | share |",
        "|---|---|",
        *(f"| `{name}` | {pct:.1f}% |" for name, pct in profile["functions"]),
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--run-time", default="3m")
    parser.add_argument("--port", type=int, default=5077)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--write", help="Markdown file for the figures (docs/load.md)")
    parser.add_argument("--summary", help="Markdown file whose Load section gets a summary")
    parser.add_argument("--profile", action="store_true", help="Sample the workers with py-spy")
    args = parser.parse_args()
    results, skipped = [], {}
    for engine in args.engines.split(","):
        try:
            results.append(run_engine(engine, args))
        except Exception as error:  # noqa: BLE001 - the other engine still runs
            skipped[engine] = f"{type(error).__name__}: {error}"
            print(f"[{engine}] not run: {error}", file=sys.stderr)
    text = markdown(results, args, skipped)
    print(text)
    if args.write:
        out = Path(args.write)
        kept = out.read_text(encoding="utf-8") if out.exists() else ""
        if HAND_WRITTEN in kept:
            text += "\n" + kept[kept.index(HAND_WRITTEN) :]
        out.write_text(text, encoding="utf-8")
        print(f"written to {args.write}", file=sys.stderr)
    if args.summary and results:
        replace_section(Path(args.summary), "Load", summary(results, args))
    if skipped:
        sys.exit(1)


if __name__ == "__main__":
    main()
