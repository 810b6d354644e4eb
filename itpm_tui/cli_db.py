"""`itpm db restore` and `itpm db check`: bring back a backup, and look the file over."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from itpm_tui.config import backups_keep, resolve_database


def add_db_commands(
    db_commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[..., None],
) -> None:
    """Add restore and check beside upgrade, current and backup."""
    restore = db_commands.add_parser(
        "restore", help="replace the database with a backup (the current one is backed up first)"
    )
    db_option(restore, top=False)
    restore.add_argument("path", help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    check = db_commands.add_parser(
        "check", help="check integrity and references (exit status 1 on problems)"
    )
    db_option(check, top=False)


def _confirm(question: str) -> bool:
    print(f"{question} [y/N] ", end="", flush=True)
    answer = sys.stdin.readline()
    if not sys.stdin.isatty():
        print()  # the answer came from a pipe: end the question's line
    return answer.strip().lower() in ("y", "yes")


def cmd_restore(args: argparse.Namespace) -> int:
    from itpm_tui import db
    from itpm_tui.cli import CliError
    from itpm_tui.services.text import clean_text

    source = Path(args.path).expanduser().absolute()
    revision = db.inspect_backup(source)  # refuse a bad file before asking anything
    target = resolve_database(args.db)
    if not args.yes and not _confirm(
        clean_text(
            f"Replace everything in {target} with {source} "
            f"(schema {revision or 'empty'})? The current data is backed up first."
        )
    ):
        raise CliError("nothing restored")
    engine = db.open_database(target, migrate=False)
    try:
        safety = db.restore(engine, source, keep=max(backups_keep(), 1))
    finally:
        engine.dispose()
    print(clean_text(f"Restored {source} into {target}; the previous data is in {safety}"))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from itpm_tui import db
    from itpm_tui.services.text import clean_text

    target = resolve_database(args.db)
    # Read-only: a check never writes, not even WAL mode or a -shm beside the file.
    engine = db.open_database(target, migrate=False, read_only=True)
    try:
        problems = db.check(engine)
    finally:
        engine.dispose()
    if problems:
        for line in problems:
            print(clean_text(line))
        print(clean_text(f"{target}: {len(problems)} problem(s) found"), file=sys.stderr)
        return 1
    print(clean_text(f"{target}: integrity ok, no broken references"))
    return 0


DB_COMMANDS = {"restore": cmd_restore, "check": cmd_check}
