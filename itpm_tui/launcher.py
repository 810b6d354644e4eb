"""`itpm`: opens the app when no command is given (or after `demo --open`), else runs the CLI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def main(argv: Sequence[str] | None = None) -> int:
    """The `itpm` command: the CLI, handed the way to open the app."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:
        # Answered before anything is imported: scripts ask this often, and it must be quick.
        from itpm_tui import __version__

        print(f"itpm {__version__}")
        return 0
    from itpm_tui.cli import main as cli_main

    return cli_main(argv, open_app=run_app)


def run_app(args: argparse.Namespace, engine: Engine | None = None) -> int:
    """Open the app on the database (`engine`, else the one the options name)."""
    import shutil

    from itpm_tui.app import ItpmApp
    from itpm_tui.config import backups_keep
    from itpm_tui.db import read_session
    from itpm_tui.runtime import tune_collector
    from itpm_tui.services.portfolio.listing import portfolio_rows

    tune_collector()

    from itpm_tui.cli.base import open_engine
    from itpm_tui.config import Display
    from itpm_tui.db import read_only_reason

    engine = engine or open_engine(args, check=False)
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


def start_up_backup(engine: Engine, keep: int) -> list[tuple[str, str]]:
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
