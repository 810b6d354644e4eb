"""`itpm report closure PROJECT [--output FILE]`: the closure report in Markdown."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

DbOption = Callable[..., None]


def add_report_parsers(kinds: argparse._SubParsersAction, db_option: DbOption) -> None:  # type: ignore[type-arg]
    """Add the `closure` kind to `itpm report`."""
    closure = kinds.add_parser("closure", help="a project's closure report in Markdown")
    db_option(closure, top=False)
    closure.add_argument("project", help="project code")
    closure.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (created 0600) instead of printing"
    )
    closure.set_defaults(report_handler=cmd_report_closure)


def cmd_report_closure(args: argparse.Namespace) -> int:
    from itpm_tui.cli import _open
    from itpm_tui.db import read_session
    from itpm_tui.services.closure import load_closure, write_report
    from itpm_tui.services.projects import find_project
    from itpm_tui.services.text import terminal_safe

    engine = _open(args)
    with read_session(engine) as session:
        project = find_project(session, args.project)
        report = load_closure(session, project.id, date.today()).report  # type: ignore[arg-type]
    if args.output:
        written = write_report(Path(args.output), report)
        print(f"Wrote the closure report of {project.code} to {written}")
    else:
        print(terminal_safe(report), end="")
    return 0
