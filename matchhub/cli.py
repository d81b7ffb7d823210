"""Flask commands, registered in one place: a group per domain, plus the short names the
README and the deploy/ timers use (`flask import`, `flask remind`, `flask backup`, …)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from matchhub.admin import cli as cli_users
from matchhub.desk import cli as cli_desk
from matchhub.ops import cli as cli_ops
from matchhub.platform.mail import cli as cli_mail


def _print_report(report) -> None:
    for kind in ("area", "organization", "helper", "issue", "judgment"):
        made, changed, same = (
            report.created.get(kind, 0),
            report.updated.get(kind, 0),
            report.unchanged.get(kind, 0),
        )
        if made or changed or same:
            click.echo(f"{kind}: {made} created, {changed} updated, {same} unchanged")
    for warning in report.warnings[:50]:
        click.echo(f"warning: {warning}", err=True)
    if len(report.warnings) > 50:
        click.echo(f"... and {len(report.warnings) - 50} more warnings", err=True)
    for problem in report.skipped:
        click.echo(f"skipped {problem}", err=True)
    if report.skipped:
        click.echo(f"{len(report.skipped)} record(s) skipped", err=True)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo municipality (板橋区) and its demo accounts. Never in production."""
    from matchhub.demo import seed as demo

    if not (current_app.config["DEVELOPMENT"] or current_app.testing):
        raise click.ClickException(
            "seed-demo creates known passwords; run it with MATCHHUB_DEBUG=1"
        )
    if if_empty and not demo.database_is_empty():
        click.echo("database already has data; demo not loaded")
        return
    _print_report(demo.seed_demo())
    click.echo(
        f"demo accounts: resident|member|coordinator|admin@{demo.DEMO_DOMAIN} "
        f"password {demo.DEMO_PASSWORD}"
    )


@click.command("load-taxonomy")
def load_taxonomy_command() -> None:
    """Load the NPO-law fields, themes and skills shipped with matchhub."""
    from matchhub.platform.taxonomy import load_taxonomy

    counts = load_taxonomy()
    click.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()))


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--sheet", help="Workbook sheet to read (default: the first).")
@click.option("--map", "pairs", multiple=True, help="HEADER=field, or HEADER= to ignore it.")
@click.option("--ignore-unknown", is_flag=True, help="Import even with unrecognised columns.")
@click.option("--dry-run", is_flag=True, help="Check spreadsheets and report; write nothing.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Full CSV report.")
def import_command(
    files: tuple[str, ...],
    sheet: str | None,
    pairs: tuple,
    ignore_unknown: bool,
    dry_run: bool,
    report_path: str | None,
) -> None:
    """Import the exchange format (JSON Lines) or registries (.xlsx, CSV in UTF-8 or Shift_JIS)."""
    from matchhub.exchange import cli as cli_registry
    from matchhub.exchange.importing import import_files
    from matchhub.platform.taxonomy import ensure_taxonomy

    ensure_taxonomy()
    paths = [Path(f) for f in files]
    sheets = [p for p in paths if cli_registry.is_spreadsheet(p)]
    ok = True
    if len(sheets) < len(paths):
        report = import_files([p for p in paths if p not in sheets])
        _print_report(report)
        ok = report.ok
    if sheets:
        chosen = cli_registry.parse_mapping(pairs)
        target = Path(report_path) if report_path else None
        ok = (
            cli_registry.import_spreadsheets(sheets, sheet, chosen, dry_run, ignore_unknown, target)
            and ok
        )
    if not ok:
        sys.exit(1)


@click.command("export")
@click.option("--out", "out", default="-", help="File (JSON Lines) or folder (CSV); - is stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@click.option("--open-data", is_flag=True, help="Leave out names, emails and bios.")
@click.option("--judgments", is_flag=True, help="Include stored judgments.")
def export_command(out: str, fmt: str, open_data: bool, judgments: bool) -> None:
    """Export the registry in the exchange format."""
    from matchhub.exchange import exporting

    options = {"open_data": open_data, "judgments": judgments}
    if fmt == "csv":
        if out == "-":
            raise click.UsageError("--format csv needs --out FOLDER")
        counts = exporting.write_csv(Path(out), **options)
        click.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()), err=True)
    elif out == "-":
        exporting.write_jsonl(sys.stdout, **options)
    else:
        with open(out, "w", encoding="utf-8") as handle:
            count = exporting.write_jsonl(handle, **options)
        click.echo(f"{count} records written to {out}", err=True)


@click.command("rank")
@click.argument("issue_keys", nargs=-1)
@click.option("--all", "all_issues", is_flag=True, help="Rank every open issue.")
@click.option("--top", default=10, show_default=True, help="Candidates per issue.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def rank_command(issue_keys: tuple[str, ...], all_issues: bool, top: int, as_json: bool) -> None:
    """Ranked candidates for issues, with score, components and reasons."""
    from matchhub.matching import ranking_report

    if not issue_keys and not all_issues:
        raise click.UsageError("name one or more ISSUE_KEYs, or use --all")
    try:
        results = ranking_report.rank_issues(list(issue_keys), all_issues, top)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for key, candidates in results.items():
        click.echo(f"# {key}")
        for n, c in enumerate(candidates, start=1):
            who = c.get("helper") or c.get("organization")
            parts = " ".join(f"{k}={v:.2f}" for k, v in c["components"].items())
            click.echo(f"{n:>3}. {who}  {c['score']:.3f}  [{parts}]")
            click.echo(f"     {' / '.join(c['reasons'])}")


@click.command("evaluate")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--decisions", is_flag=True, help="Replay this database's recorded decisions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--coverage", is_flag=True, help="How FILE's typed words are read (no judgments).")
@click.option("--dropout", is_flag=True, help="NDCG@10 with 40 % / 60 % of used aliases hidden.")
@click.option("--blind", type=click.Path(exists=True, file_okay=False), help="Blind word set.")
@click.option("--calibrate", is_flag=True, help="Leave-one-alias-out semantic calibration.")
def evaluate_command(
    file: str | None,
    decisions: bool,
    as_json: bool,
    coverage: bool = False,
    dropout: bool = False,
    blind: str | None = None,
    calibrate: bool = False,
) -> None:
    """NDCG@10, P@5 and MRR of the engine and two baselines on FILE's judgments.

    With --decisions, replay the coordinators' recorded decisions in time order (train on
    the past, test on the next month) and compare default and learned weights.
    --coverage, --dropout, --blind DIR and --calibrate measure how the engine reads words
    it was not written for (docs/ranking.md).
    """
    if coverage or dropout or blind or calibrate:
        from matchhub.lab.generalisation_cli import report_generalisation

        report_generalisation(file, coverage, dropout, blind, calibrate)
        return
    if decisions:
        if file:
            raise click.UsageError("--decisions replays this database; give no FILE")
        _evaluate_decisions(as_json)
        return
    if not file:
        raise click.UsageError("name the exchange FILE with judgments, or use --decisions")
    from matchhub.lab.evaluation import evaluate_file

    metrics, skipped = evaluate_file(Path(file))
    for problem in skipped:
        click.echo(f"skipped {problem}", err=True)
    if as_json:
        click.echo(json.dumps({k: m.as_dict() for k, m in metrics.items()}, indent=2))
        return
    click.echo(f"{'ranker':<12} {'NDCG@10':>8} {'P@5':>8} {'MRR':>8}  issues")
    for name, m in metrics.items():
        click.echo(
            f"{name:<12} {m.ndcg_at_10:>8.4f} {m.precision_at_5:>8.4f} {m.mrr:>8.4f}  {m.needs}"
        )


def _evaluate_decisions(as_json: bool) -> None:
    from matchhub.matching.learning import current_weights, recorded_decisions
    from matchhub.ranking.learn import replay

    recorded = recorded_decisions()
    result = replay(recorded, current_weights())
    figures = {
        "decisions": len(recorded),
        "months": result.months,
        "tested": result.tested,
        "default_ndcg": result.default_ndcg,
        "learned_ndcg": result.learned_ndcg,
        "learned_weights": result.final.weights.as_dict(),
        "fallback": result.final.fallback,
    }
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(
        f"{figures['decisions']} decisions over {result.months} months; "
        f"{result.tested} tested on the month after their training data"
    )
    click.echo(f"NDCG@10 current weights: {result.default_ndcg}")
    click.echo(f"NDCG@10 learned weights: {result.learned_ndcg}")
    weights = ", ".join(f"{k}={v:.2f}" for k, v in figures["learned_weights"].items() if v)
    click.echo(
        f"learned on everything: {weights}"
        + (" (too few decisions)" if result.final.fallback else "")
    )


@click.command("bench")
@click.option("--write", "write", type=click.Path(dir_okay=False), help="Write Markdown here.")
@click.option("--json", "as_json", is_flag=True, help="Print the ranking figures as JSON.")
@click.option("--sizes", default="10000,100000", show_default=True, help="Helper counts.")
@click.option("--queries", default=30, show_default=True, help="Issues ranked per size.")
@click.option("--import-size", default=100_000, show_default=True, help="Helpers to import.")
@click.option(
    "--judged",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Exchange file with judgments for the learning simulation (make bench passes "
    "tests/data/itabashi.jsonl).",
)
def bench_command(
    write: str | None,
    as_json: bool,
    sizes: str,
    queries: int,
    import_size: int,
    judged: str | None,
) -> None:
    """Time ranking and importing; measure fair exposure and learning (with --write)."""
    from matchhub.lab import benchmarks, simulation

    counts = [int(s) for s in sizes.split(",") if s.strip()]
    ranking = benchmarks.ranking_benchmark(counts, queries)
    if as_json:
        click.echo(json.dumps(ranking, indent=2))
    else:
        click.echo(benchmarks.ranking_table(ranking))
    if not write:
        return
    extra = {
        "imported": benchmarks.import_benchmark(import_size) if import_size else None,
        "exposure": simulation.exposure_figures(benchmarks.demo_registry()),
    }
    if judged:
        extra["learning"] = {
            "judgments": simulation.learning_figures(Path(judged)),
            "near_only": simulation.learning_figures(Path(judged), near_only=True),
        }
    benchmarks.write_report(Path(write), ranking, import_size, **extra)
    click.echo(f"written to {write}", err=True)


@click.command("remind")
@click.option("--days", type=int, default=None, help="Override remind_after_days.")
def remind_command(days: int | None) -> None:
    """Send reminders for matches waiting on a resident or an organization (for cron)."""
    from matchhub.matching.lifecycle import send_reminders

    sent = send_reminders(days)
    click.echo(
        f"reminders sent: {sent['resident']} to residents, {sent['organization']} to organizations"
    )


def _group(name: str, help_text: str, commands: dict[str, click.Command]) -> click.Group:
    group = AppGroup(name, help=help_text)
    for command_name, command in commands.items():
        group.add_command(command, command_name)
    return group


GROUPS = (
    _group("demo", "The demo municipality.", {"seed": seed_demo_command}),
    _group("taxonomy", "Themes, skills and areas.", {"load": load_taxonomy_command}),
    _group(
        "exchange", "Registries in and out.", {"import": import_command, "export": export_command}
    ),
    _group("matches", "A match's life after the desk.", {"remind": remind_command}),
    _group("desk", "The collaboration desk.", {"remind": cli_desk.desk_remind_command}),
    _group(
        "ops", "Backups.", {"backup": cli_ops.backup_command, "restore": cli_ops.restore_command}
    ),
    _group(
        "lab",
        "Measure the ranking.",
        {"rank": rank_command, "evaluate": evaluate_command, "bench": bench_command},
    ),
    cli_mail.mail_group,
    *cli_users.COMMANDS,
)
# The names the README, docs/operations.md and the deploy/ timers use.
ALIASES = (
    seed_demo_command,
    load_taxonomy_command,
    import_command,
    export_command,
    rank_command,
    evaluate_command,
    bench_command,
    remind_command,
    cli_desk.desk_remind_command,
    *cli_ops.COMMANDS,
)


def init_app(app) -> None:
    for command in (*GROUPS, *ALIASES):
        app.cli.add_command(command)
