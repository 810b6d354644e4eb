"""What every command shares: its one-line error, the --db options, and opening the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from itpm_tui.config import resolve_database

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    # `parser.add_subparsers()`: where each command group adds its parsers.
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]


class CliError(Exception):
    """A failure reported as one line on stderr."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one 'itpm: ...' line on stderr (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        from itpm_tui.services.shared.text import clean_text

        self.exit(2, f"itpm: {clean_text(message)} (see: {self.prog} --help)\n")


def db_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
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


def open_engine(args: argparse.Namespace, *, migrate: bool = True, check: bool = True) -> Engine:
    from itpm_tui.db import damage, damaged_message, open_database, sqlite_path
    from itpm_tui.services.shared.text import clean_text

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


def error_message(exc: Exception) -> str:
    from itpm_tui.services.shared.text import clean_text

    orig = getattr(exc, "orig", None)
    text = str(orig or exc) or exc.__class__.__name__
    return clean_text(text.splitlines()[0] if text else text)
