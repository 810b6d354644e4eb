"""`itpm demo [--open]`: the demo portfolio created in an empty database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from itpm_tui.cli.base import db_option, open_engine
from itpm_tui.config import resolve_database

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands


def add_parser(commands: Subcommands) -> None:
    demo = commands.add_parser("demo", help="create the demo portfolio in an empty database")
    db_option(demo, top=False)
    demo.add_argument("--open", action="store_true", help="open the app on it afterwards")


def cmd_demo(args: argparse.Namespace) -> int:
    """Create the demo; with --open, leave its engine in `args.engine` for the app to open."""
    from itpm_tui.db import write_session
    from itpm_tui.demo.build import create_demo
    from itpm_tui.services.shared.errors import ItpmError

    engine = open_engine(args)
    try:
        # The demo is where a history starts: creating it is not an action to undo.
        with write_session(engine, journal=False) as session:
            count = create_demo(session)
        from itpm_tui.demo.history import record_demo_history

        record_demo_history(engine)
        print(f"Created the demo portfolio: {count} projects in {resolve_database(args.db)}")
    except ItpmError:
        if not args.open:
            raise
        print(f"{resolve_database(args.db)} already holds a portfolio; opening it.")
    args.engine = engine
    return 0
