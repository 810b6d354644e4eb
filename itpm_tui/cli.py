"""Command line: `itpm` opens the app; subcommands print or change data through the services."""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from itpm_tui import __version__
from itpm_tui.cli_raci import add_raci_parser, cmd_raci
from itpm_tui.config import Display, resolve_database

# `itpm report KIND`: each module here adds its kinds with add_report_parsers(kinds, _db_option),
# setting `report_handler` on its parsers; add a module to offer more report kinds.
REPORT_MODULES = ("itpm_tui.cli_closure", "itpm_tui.cli_reports")


class CliError(Exception):
    """A failure reported as one line on stderr."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one 'itpm: ...' line on stderr (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        from itpm_tui.services.text import clean_text

        self.exit(2, f"itpm: {clean_text(message)} (see: {self.prog} --help)\n")


def _db_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # On subcommands the default is SUPPRESS, so `itpm --db X projects` is not
    # overwritten by the subcommand's own (absent) --db.
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $ITPM_DB, then the user data folder)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="open the database to read only (also when the file or its folder is not writable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="itpm",
        description="A keyboard-first terminal workspace for a portfolio of IT projects.",
    )
    parser.add_argument("--version", action="version", version=f"itpm {__version__}")
    _db_option(parser, top=True)
    parser.add_argument("--ascii", action="store_true", help="draw with printable ASCII only")
    parser.add_argument("--no-mouse", action="store_true", help="do not track the mouse")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="create the demo portfolio in an empty database")
    _db_option(demo, top=False)
    demo.add_argument("--open", action="store_true", help="open the app on it afterwards")

    projects = commands.add_parser("projects", help="print the portfolio")
    _db_option(projects, top=False)
    projects.add_argument("--format", choices=("table", "json", "csv"), default="table")

    gantt = commands.add_parser("gantt", help="print a project's Gantt chart")
    _db_option(gantt, top=False)
    gantt.add_argument("project", help="project code")
    gantt.add_argument("--from", dest="start", metavar="DATE", help="first day shown")
    gantt.add_argument("--to", dest="end", metavar="DATE", help="last day shown")
    gantt.add_argument("--zoom", choices=("day", "week", "month", "quarter"), default="week")
    gantt.add_argument("--width", type=int, default=None, help="columns (default: terminal)")
    gantt.add_argument(
        "--ascii", action="store_true", default=argparse.SUPPRESS, help="printable ASCII only"
    )
    gantt.add_argument("--baseline", metavar="NAME", help="draw this saved baseline too")
    gantt.add_argument("--critical", action="store_true", help="only the critical path")

    add_raci_parser(commands, _db_option)
    report = commands.add_parser("report", help="write a report: status, portfolio, closure")
    _db_option(report, top=False)
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    for module in REPORT_MODULES:
        importlib.import_module(module).add_report_parsers(kinds, _db_option)

    database = commands.add_parser(
        "db", help="database upkeep: upgrade, current, backup, restore, check"
    )
    _db_option(database, top=False)
    db_commands = database.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (
        ("upgrade", "migrate the database to this itpm's schema (backs up first)"),
        ("current", "print the schema revision of the database"),
    ):
        _db_option(db_commands.add_parser(name, help=text), top=False)
    backup = db_commands.add_parser("backup", help="copy the database with SQLite's backup API")
    _db_option(backup, top=False)
    backup.add_argument("path", nargs="?", help="where to write (default: backups/ beside it)")
    backup.add_argument("--output", "-o", metavar="FILE", help="where to write (the same as PATH)")
    from itpm_tui.cli_db import add_db_commands

    add_db_commands(db_commands, _db_option)
    return parser


# --- output --------------------------------------------------------------------------------


def _cell(value: object) -> str:
    from itpm_tui.services.text import clean_text

    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def format_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buffer.getvalue().rstrip("\n")


# --- commands ------------------------------------------------------------------------------


def _open(args: argparse.Namespace, *, migrate: bool = True, check: bool = True):  # type: ignore[no-untyped-def]
    from itpm_tui.db import damage, damaged_message, open_database, sqlite_path
    from itpm_tui.services.text import clean_text

    # Not writable: opened to read, and a write is refused with the reason.
    read_only = True if getattr(args, "read_only", False) else None
    engine = open_database(resolve_database(args.db), migrate=migrate, read_only=read_only)
    if check:
        # A corrupt page is said loudly (and the exit status is 1), but what can still be
        # read is printed: it may be what the user needs to save.
        problem = damage(engine)
        if problem is not None:
            path = sqlite_path(str(engine.url)) or Path(str(engine.url))
            args.damaged = damaged_message(path, problem)
            print(f"itpm: {clean_text(args.damaged)}", file=sys.stderr)
    return engine


def cmd_demo(args: argparse.Namespace) -> int:
    from itpm_tui.db import write_session
    from itpm_tui.services.demo import create_demo
    from itpm_tui.services.errors import ItpmError

    engine = _open(args)
    try:
        # The demo is where a history starts: creating it is not an action to undo.
        with write_session(engine, journal=False) as session:
            count = create_demo(session)
        from itpm_tui.services.demo_history import record_demo_history

        record_demo_history(engine)
        print(f"Created the demo portfolio: {count} projects in {resolve_database(args.db)}")
    except ItpmError:
        if not args.open:
            raise
        print(f"{resolve_database(args.db)} already holds a portfolio; opening it.")
    if args.open:
        return run_app(args, engine)
    return 0


def cmd_projects(args: argparse.Namespace) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.portfolio import portfolio_rows
    from itpm_tui.services.portfolio_rating import rated_portfolio

    engine = _open(args)
    today = date.today()
    with read_session(engine) as session:
        rows = portfolio_rows(session)
        # Health by the rules, as each project's dashboard rates it; the manager's own
        # rating is one of its indicators and is given beside it.
        rated = {r.id: r for r in rated_portfolio(session, today)}
    records = [
        {
            "code": r.code,
            "name": r.name,
            "type": r.project_type,
            "methodology": r.methodology,
            "phase": r.phase,
            "health": rated[r.id].health,
            "health_reason": rated[r.id].reason,
            "manager_rating": r.health,
            "percent_done": r.percent_done,
            "tasks": r.task_count,
            "next_milestone": r.next_milestone,
            "next_milestone_date": r.next_milestone_date,
            "manager": r.manager,
            "start": r.start,
            "target_finish": r.target_finish,
            "days_in_phase": r.days_in_phase(today),
        }
        for r in rows
    ]
    if args.format == "json":
        print(
            json.dumps([{k: _json_value(v) for k, v in rec.items()} for rec in records], indent=2)
        )
        return 0
    headers = list(records[0]) if records else ["code", "name"]
    table = [list(rec.values()) for rec in records]
    if args.format == "csv":
        print(format_csv(headers, table))
    else:
        short = [
            "code",
            "name",
            "phase",
            "health",
            "percent_done",
            "next_milestone",
            "next_milestone_date",
            "manager",
        ]
        print(
            format_table(
                ["Code", "Name", "Phase", "Health", "Done %", "Next milestone", "Due", "Manager"],
                [[rec[k] for k in short] for rec in records],
            )
        )
    return 0


def _json_value(value: object) -> object:
    from itpm_tui.services.text import clean_text

    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return clean_text(value)
    return value


def cmd_db(args: argparse.Namespace) -> int:
    from itpm_tui import db
    from itpm_tui.cli_db import DB_COMMANDS
    from itpm_tui.config import backups_keep

    if args.db_command in DB_COMMANDS:
        return DB_COMMANDS[args.db_command](args)
    if args.db_command == "upgrade":
        engine = _open(args, migrate=False, check=False)  # its backup checks the file
        before, after = db.upgrade(engine)
        if before == after:
            print(f"Already at the newest schema ({after}).")
        else:
            print(f"Upgraded the schema from {before or 'empty'} to {after}.")
    elif args.db_command == "current":
        # Never writes: not even WAL mode or a -shm beside the file, nor a new file.
        target = resolve_database(args.db)
        path = db.sqlite_path(db.to_url(target))
        if path is not None and not path.exists():
            current = None
        else:
            engine = db.open_database(target, migrate=False, read_only=True)
            current = db.current_revision(engine)
            engine.dispose()
        head = db.head_revision()
        state = "up to date" if current == head else f"this itpm's newest is {head}"
        print(f"{current or 'empty (no schema yet)'} ({state})")
    else:
        engine = _open(args, migrate=False, check=False)  # backup checks source and copy
        if args.path and args.output and args.path != args.output:
            raise CliError("give the backup's file once: PATH or --output, not both")
        chosen = args.output or args.path
        dest = Path(chosen) if chosen else db.default_backup_path(engine)
        written = db.backup(engine, dest, keep=None if chosen else max(backups_keep(), 1))
        print(f"Backed up to {written}")
    return 0


def run_app(args: argparse.Namespace, engine=None) -> int:  # type: ignore[no-untyped-def]
    import shutil

    from itpm_tui.app import ItpmApp
    from itpm_tui.config import backups_keep
    from itpm_tui.db import read_session
    from itpm_tui.runtime import tune_collector
    from itpm_tui.services.portfolio import portfolio_rows

    tune_collector()

    from itpm_tui.db import read_only_reason

    engine = engine or _open(args, check=False)
    reason = read_only_reason(engine)
    if reason is None:
        notices = start_up_backup(engine, backups_keep())
    else:
        # Someone else's file, a backup, read-only media: looked at, never backed up here.
        notices = [(f"Read-only: {reason}. Nothing can be changed in this window.", "warning")]
    display = Display.detect(force_ascii=args.ascii, no_mouse=args.no_mouse)
    # The first screen's rows are read before the UI exists: run beside Textual's
    # start-up, the query would compete with it for the interpreter and come later.
    # No more than the terminal has lines: the rest is read once the first frame is out.
    screenful = shutil.get_terminal_size().lines
    with read_session(engine) as session:
        first_rows = portfolio_rows(session, first=screenful)
    app = ItpmApp(
        engine=engine,
        display=display,
        portfolio=first_rows,
        portfolio_complete=len(first_rows) < screenful,
        notices=[notice for notice in notices if notice[0] != CHECKED],
        check_pages=(CHECKED, "") not in notices,
    )
    app.run(mouse=display.mouse)
    return app.return_code or 0


CHECKED = "checked"


def start_up_backup(engine, keep: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The day's automatic backup, before anything can change (rotated: keep the last N).

    Never stops the app from opening: returns what to tell the user, as (message,
    severity), plus (CHECKED, "") when the backup checked the file's pages already.
    """
    from itpm_tui.db import DamagedDatabase, DatabaseError, auto_backup

    try:
        taken = auto_backup(engine, keep)
    except DamagedDatabase as exc:
        return [(str(exc), "error"), (CHECKED, "")]
    except DatabaseError as exc:
        return [
            (
                f"The automatic backup failed: {exc}. Nothing else changed; "
                "free some space and run `itpm db backup`.",
                "warning",
            )
        ]
    return [(CHECKED, "")] if taken is not None else []


def cmd_gantt(args: argparse.Namespace) -> int:
    import shutil

    from itpm_tui.db import read_session
    from itpm_tui.services.gantt_text import Zoom, render_text
    from itpm_tui.services.parsing import parse_date
    from itpm_tui.services.plan_view import plan_view
    from itpm_tui.services.projects import find_project
    from itpm_tui.services.scheduling import list_baselines

    try:
        start = parse_date(args.start) if args.start else None
        end = parse_date(args.end) if args.end else None
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if start and end and end < start:
        raise CliError("--to is before --from")
    width = args.width or shutil.get_terminal_size((100, 24)).columns
    if width < 40:
        raise CliError("--width must be at least 40 columns")
    engine = _open(args)
    with read_session(engine) as session:
        project = find_project(session, args.project)
        baseline_id = None
        if args.baseline:
            named = {b.name: b.id for b in list_baselines(session, project.id)}  # type: ignore[arg-type]
            if args.baseline not in named:
                known = ", ".join(named) or "none saved yet"
                raise CliError(f"no baseline '{args.baseline}' in {project.code} ({known})")
            baseline_id = named[args.baseline]
        view = plan_view(session, project.id, date.today(), baseline_id)  # type: ignore[arg-type]
    display = Display.detect(force_ascii=args.ascii)
    chart = render_text(
        view.rows,
        start=start,
        end=end,
        zoom=Zoom[args.zoom.upper()],
        width=width,
        ascii=display.ascii,
        show_baseline=baseline_id is not None,
        critical_only=args.critical,
        today=date.today(),
        non_working=lambda day: not view.calendar.is_working_day(day),
    )
    print(chart)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    return int(args.report_handler(args))


COMMANDS = {
    "demo": cmd_demo,
    "projects": cmd_projects,
    "gantt": cmd_gantt,
    "db": cmd_db,
    "raci": cmd_raci,
    "report": cmd_report,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("ascii", "no_mouse", "open", "read_only"):
        args.__dict__.setdefault(name, False)
    try:
        handler = COMMANDS.get(args.command or "")
        code = handler(args) if handler else run_app(args)
        # A damaged file was said loudly on stderr: a script sees it in the status too.
        return code or (1 if getattr(args, "damaged", None) else 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `itpm projects | head`): not an error worth a line.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # every failure is one line, never a traceback
        print(f"itpm: {_message(exc)}", file=sys.stderr)
        return 1


def _message(exc: Exception) -> str:
    from itpm_tui.services.text import clean_text

    orig = getattr(exc, "orig", None)
    text = str(orig or exc) or exc.__class__.__name__
    return clean_text(text.splitlines()[0] if text else text)
