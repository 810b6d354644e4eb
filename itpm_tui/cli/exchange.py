"""`itpm export` and `itpm import`: a project to a file in a format, and a file into projects."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from itpm_tui.cli.base import CliError, db_option, open_engine

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands
    from itpm_tui.services.exchange.formats import ImportReport


def add_parser(commands: Subcommands) -> None:
    export = commands.add_parser(
        "export", help="write a project's plan as a file: mspdi (MS Project XML), ..."
    )
    db_option(export, top=False)
    export.add_argument(
        "code", metavar="CODE", nargs="?", help="the project's code (or --all, for ics)"
    )
    export.add_argument(
        "--all", action="store_true", help="every project in one file (the ics format)"
    )
    export.add_argument(
        "--with-history",
        action="store_true",
        help="json: include the project's change history (undo and history)",
    )
    export.add_argument(
        "--format", "-f", required=True, metavar="FORMAT", help="mspdi (MS Project XML), ..."
    )
    export.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (created 0600) instead of printing"
    )
    imports = commands.add_parser(
        "import", help="read a plan from a file: MS Project XML, .mpp through MPXJ, ..."
    )
    db_option(imports, top=False)
    imports.add_argument("file", metavar="FILE")
    imports.add_argument("--code", metavar="CODE", help="the new project's code")
    imports.add_argument(
        "--project", metavar="CODE", help="add the file's tasks to this existing project"
    )
    imports.add_argument(
        "--replace", action="store_true", help="replace a project that has the same code"
    )
    imports.add_argument(
        "--dry-run", action="store_true", help="show what would be created; save nothing"
    )
    imports.add_argument(
        "--format", "-f", metavar="FORMAT", help="the file's format (default: from its name)"
    )


def cmd_export(args: argparse.Namespace) -> int:
    from itpm_tui.services.exchange.formats import ExportOptions
    from itpm_tui.services.exchange.runner import export_project, export_to_file

    if args.all == bool(args.code):
        raise CliError("give a project's code, or --all (with --format ics)")
    if args.all and args.format != "ics":
        raise CliError("--all writes every project into one calendar: use --format ics")
    engine = open_engine(args)
    options = ExportOptions(today=date.today(), with_history=args.with_history)
    if args.all:
        from itpm_tui.db import read_session
        from itpm_tui.services.exchange.icalendar_export import export_portfolio_ics

        with read_session(engine) as session:
            data = export_portfolio_ics(session, options)
        if args.output:
            from itpm_tui.services.shared.files import write_private
            from itpm_tui.services.shared.text import terminal_safe

            print(f"Wrote {terminal_safe(str(write_private(args.output, data)))}")
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        return 0
    if args.output:
        from itpm_tui.services.shared.text import terminal_safe

        path = export_to_file(engine, args.code, args.format, args.output, options)
        print(f"Wrote {terminal_safe(str(path))}")
        return 0
    data = export_project(engine, args.code, args.format, options)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{args.format} is a binary format: give a file with -o FILE") from None
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from itpm_tui.services.exchange.formats import ImportOptions
    from itpm_tui.services.exchange.runner import import_file

    engine = open_engine(args)
    options = ImportOptions(
        today=date.today(), code=args.code, into_project=args.project, replace=args.replace
    )
    report = import_file(engine, args.file, options, args.format, dry_run=args.dry_run)
    print(describe_report(report, args.file, dry_run=args.dry_run))
    return 0


def _noun(plural: str, count: int) -> str:
    if count != 1:
        return plural
    return {"people": "person"}.get(plural, plural.removesuffix("s"))


def describe_report(report: ImportReport, file: str, *, dry_run: bool) -> str:
    """The report as lines: what was (or would be) created, each refusal, each warning."""
    from itpm_tui.services.shared.text import clean_text, terminal_safe

    counts = ", ".join(f"{n:,} {_noun(what, n)}" for what, n in report.created.items())
    name = clean_text(str(file))
    code = clean_text(report.project_code)
    counts = counts or "nothing"
    if dry_run:
        lines = [f"Dry run, nothing saved: {name} would create {code}: {counts}"]
    else:
        lines = [f"Imported {name} as {code}: {counts}"]
    for refusal in report.refused:
        lines.append(f"refused: {clean_text(refusal.place)}: {clean_text(refusal.reason)}")
    for warning in report.warnings:
        lines.append(f"warning: {clean_text(terminal_safe(warning))}")
    return "\n".join(lines)
