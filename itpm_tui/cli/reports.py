"""`itpm report KIND`: the weekly status and portfolio reports here, the closure report beside."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from itpm_tui.cli import closure
from itpm_tui.cli.base import CliError, db_option, open_engine

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from itpm_tui.cli.base import Subcommands


def add_parser(commands: Subcommands) -> None:
    """`itpm report`, with the kinds of closure.py, then those of this module."""
    report = commands.add_parser("report", help="write a report: status, portfolio, closure")
    db_option(report, top=False)
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    closure.add_report_parsers(kinds)
    add_report_parsers(kinds)


def cmd_report(args: argparse.Namespace) -> int:
    return int(args.report_handler(args))


def add_report_parsers(kinds: Subcommands) -> None:
    """Add the `status` and `portfolio` kinds to `itpm report`."""
    for name, text, configure, run in (
        ("status", "a project's weekly status report", _configure_status, _run_status),
        ("portfolio", "every project's health, budget and actuals", _common, _run_portfolio),
    ):
        parser = kinds.add_parser(name, help=text)
        db_option(parser, top=False)
        configure(parser)
        parser.set_defaults(report_handler=_with_engine(run))


def _with_engine(
    run: Callable[[argparse.Namespace, Engine], int],
) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        return run(args, open_engine(args))

    return handler


# --- the kinds of this module ------------------------------------------------------------


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("md", "html", "json"), default="md")
    parser.add_argument(
        "--as-of", dest="as_of", metavar="DATE", help="status date (default: today)"
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (created 0600) instead of printing"
    )
    parser.add_argument(
        "--template",
        metavar="FILE",
        help="render md/html with this Jinja2 template instead of the built-in one",
    )


def _as_of(args: argparse.Namespace) -> date:
    from itpm_tui.services.shared.parsing import parse_date

    try:
        return parse_date(args.as_of or "today") or date.today()
    except ValueError as exc:
        raise CliError(f"--as-of: {exc}") from None


def _emit(args: argparse.Namespace, text: str) -> int:
    from itpm_tui.services.monitoring.status_report import write_report
    from itpm_tui.services.shared.text import terminal_safe

    if args.output:
        write_report(args.output, text)
        print(f"Wrote {terminal_safe(args.output)}")
        return 0
    # Whatever reaches a terminal carries no escape sequences.
    sys.stdout.write(terminal_safe(text))
    return 0


def _render(args: argparse.Namespace, report: dict[str, Any]) -> str:
    from itpm_tui.services.monitoring.status_report import render
    from itpm_tui.services.shared.errors import ItpmError

    try:
        return render(report, args.format, args.template)
    except ItpmError as exc:  # a template that cannot be read or rendered: one line
        raise CliError(str(exc)) from None


def _configure_status(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="project code")
    _common(parser)


def _run_status(args: argparse.Namespace, engine: Engine) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.monitoring.status_report import status_report
    from itpm_tui.services.planning.status_date import status_date_of
    from itpm_tui.services.portfolio.projects import find_project
    from itpm_tui.services.shared.errors import ValidationError
    from itpm_tui.services.shared.text import terminal_safe

    with read_session(engine) as session:
        project = find_project(session, args.project)
        project_id = project.id
        assert project_id is not None  # a stored row has its id
        if args.as_of:
            as_of = _as_of(args)
        else:
            # As the dashboard measures it: the kept status date, else today, inside the project.
            chosen = status_date_of(session, project_id, date.today())
            as_of = chosen.day
            if chosen.note:
                print(f"itpm: {terminal_safe(chosen.note)}", file=sys.stderr)
        try:
            report = status_report(session, project_id, as_of)
        except ValidationError as exc:
            raise CliError(f"--as-of: {next(iter(exc.errors.values()))}") from None
    return _emit(args, _render(args, report))


def _run_portfolio(args: argparse.Namespace, engine: Engine) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.monitoring.status_report import portfolio_report

    with read_session(engine) as session:
        report = portfolio_report(session, _as_of(args))
    return _emit(args, _render(args, report))
