"""The `itpm` command line: its parser, and each command handed to its group's module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from itpm_tui import __version__
from itpm_tui.cli import database, demo, exchange, gantt, holidays, projects, raci, reports, tasks
from itpm_tui.cli.base import CliError, Parser, db_option, error_message

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# Opens the app (on the engine given, else on the options' database) and returns the exit
# status. The launcher passes it in: the command line itself never imports the app.
AppOpener = Callable[[argparse.Namespace, "Engine | None"], int]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="itpm",
        description="A keyboard-first terminal workspace for a portfolio of IT projects.",
    )
    parser.add_argument("--version", action="version", version=f"itpm {__version__}")
    db_option(parser, top=True)
    parser.add_argument("--ascii", action="store_true", help="draw with printable ASCII only")
    parser.add_argument("--no-mouse", action="store_true", help="do not track the mouse")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in (demo, projects, gantt, raci, reports, exchange, tasks, database, holidays):
        group.add_parser(commands)
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": demo.cmd_demo,
    "projects": projects.cmd_projects,
    "gantt": gantt.cmd_gantt,
    "db": database.cmd_db,
    "raci": raci.cmd_raci,
    "report": reports.cmd_report,
    "export": exchange.cmd_export,
    "import": exchange.cmd_import,
    "holidays": holidays.cmd_holidays,
    "task": tasks.cmd_task,
    "link": tasks.cmd_link,
}


def main(argv: Sequence[str] | None = None, *, open_app: AppOpener | None = None) -> int:
    """Run one command; with none (or `demo --open`), open the app through `open_app`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("ascii", "no_mouse", "open", "read_only"):
        args.__dict__.setdefault(name, False)
    try:
        handler = COMMANDS.get(args.command or "")
        code = handler(args) if handler else 0
        if handler is None or args.open:
            if open_app is None:
                raise CliError("give a command: the app opens from `itpm` itself")
            code = open_app(args, getattr(args, "engine", None))
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
        print(f"itpm: {error_message(exc)}", file=sys.stderr)
        return 1
