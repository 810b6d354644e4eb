"""`itpm db ACTION`: upgrade the schema, say its revision, back up, restore, check the file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from itpm_tui.cli.base import CliError, db_option, open_engine
from itpm_tui.config import backups_keep, resolve_database

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands


def add_parser(commands: Subcommands) -> None:
    database = commands.add_parser(
        "db", help="database upkeep: upgrade, current, backup, restore, check"
    )
    db_option(database, top=False)
    db_commands = database.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (
        ("upgrade", "migrate the database to this itpm's schema (backs up first)"),
        ("current", "print the schema revision of the database"),
    ):
        db_option(db_commands.add_parser(name, help=text), top=False)
    backup = db_commands.add_parser("backup", help="copy the database with SQLite's backup API")
    db_option(backup, top=False)
    backup.add_argument("path", nargs="?", help="where to write (default: backups/ beside it)")
    backup.add_argument("--output", "-o", metavar="FILE", help="where to write (the same as PATH)")
    _add_restore_and_check(db_commands)


def _add_restore_and_check(db_commands: Subcommands) -> None:
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
    from itpm_tui.services.shared.text import clean_text

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
    from itpm_tui.services.shared.text import clean_text

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


def cmd_db(args: argparse.Namespace) -> int:
    from itpm_tui import db

    if args.db_command in DB_COMMANDS:
        return DB_COMMANDS[args.db_command](args)
    if args.db_command == "upgrade":
        engine = open_engine(args, migrate=False, check=False)  # its backup checks the file
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
        engine = open_engine(args, migrate=False, check=False)  # backup checks source and copy
        if args.path and args.output and args.path != args.output:
            raise CliError("give the backup's file once: PATH or --output, not both")
        chosen = args.output or args.path
        dest = Path(chosen) if chosen else db.default_backup_path(engine)
        written = db.backup(engine, dest, keep=None if chosen else max(backups_keep(), 1))
        print(f"Backed up to {written}")
    return 0
