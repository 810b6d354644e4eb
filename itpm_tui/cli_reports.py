"""`itpm report KIND ...`: a group of report kinds; status and portfolio live here.

Another module adds a kind with `register_kind(name, help, configure, run)` at import
time and lists itself in KIND_MODULES (one line), e.g. "itpm_tui.cli_closure" for
`itpm report closure`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

# Modules that register report kinds; imported when the parser is built.
KIND_MODULES = ["itpm_tui.cli_reports"]


@dataclass(frozen=True)
class ReportKind:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Any], int]  # (args, engine) -> exit status


REPORT_KINDS: dict[str, ReportKind] = {}


def register_kind(
    name: str,
    help: str,
    configure: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace, Any], int],
) -> None:
    REPORT_KINDS[name] = ReportKind(help, configure, run)


def add_report_parser(commands: Any, db_option: Callable[..., None]) -> None:
    """Add `report` with one sub-command per registered kind to the CLI's subparsers."""
    for module in KIND_MODULES:
        importlib.import_module(module)
    report = commands.add_parser("report", help="write a report: " + ", ".join(REPORT_KINDS))
    db_option(report, top=False)
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    for name, kind in REPORT_KINDS.items():
        parser = kinds.add_parser(name, help=kind.help)
        db_option(parser, top=False)
        kind.configure(parser)


def cmd_report(args: argparse.Namespace, engine: Any) -> int:
    return REPORT_KINDS[args.report_kind].run(args, engine)


# --- the kinds of this module ------------------------------------------------------------


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("md", "html", "json"), default="md")
    parser.add_argument(
        "--as-of", dest="as_of", metavar="DATE", help="status date (default: today)"
    )
    parser.add_argument("--output", metavar="FILE", help="write to FILE (0600) instead of stdout")


def _as_of(args: argparse.Namespace) -> date:
    from itpm_tui.cli import CliError
    from itpm_tui.services.parsing import parse_date

    try:
        return parse_date(args.as_of or "today") or date.today()
    except ValueError as exc:
        raise CliError(f"--as-of: {exc}") from None


def _emit(args: argparse.Namespace, text: str) -> int:
    from itpm_tui.services.status_report import write_report
    from itpm_tui.services.text import terminal_safe

    if args.output:
        write_report(args.output, text)
        print(f"Wrote {terminal_safe(args.output)}")
        return 0
    # Whatever reaches a terminal carries no escape sequences.
    sys.stdout.write(terminal_safe(text))
    return 0


def _configure_status(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="project code")
    _common(parser)


def _run_status(args: argparse.Namespace, engine: Any) -> int:
    from itpm_tui.cli import CliError
    from itpm_tui.db import read_session
    from itpm_tui.services.errors import ValidationError
    from itpm_tui.services.projects import find_project
    from itpm_tui.services.status_report import render, status_report

    as_of = _as_of(args)
    with read_session(engine) as session:
        project = find_project(session, args.project)
        try:
            report = status_report(session, project.id, as_of)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise CliError(f"--as-of: {next(iter(exc.errors.values()))}") from None
    return _emit(args, render(report, args.format))


def _run_portfolio(args: argparse.Namespace, engine: Any) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.status_report import portfolio_report, render

    with read_session(engine) as session:
        report = portfolio_report(session, _as_of(args))
    return _emit(args, render(report, args.format))


register_kind("status", "a project's weekly status report", _configure_status, _run_status)
register_kind("portfolio", "every project's health, budget and actuals", _common, _run_portfolio)
