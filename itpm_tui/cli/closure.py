"""`itpm report closure PROJECT [--output FILE]`: the closure report in Markdown."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from itpm_tui.cli.base import db_option, open_engine

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands


def add_report_parsers(kinds: Subcommands) -> None:
    """Add the `closure` kind to `itpm report`."""
    closure = kinds.add_parser("closure", help="a project's closure report in Markdown")
    db_option(closure, top=False)
    closure.add_argument("project", help="project code")
    closure.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (created 0600) instead of printing"
    )
    closure.set_defaults(report_handler=cmd_report_closure)


def cmd_report_closure(args: argparse.Namespace) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.lifecycle.closure import load_closure, write_report
    from itpm_tui.services.portfolio.projects import find_project
    from itpm_tui.services.shared.text import terminal_safe

    engine = open_engine(args)
    with read_session(engine) as session:
        project = find_project(session, args.project)
        project_id = project.id
        assert project_id is not None  # a stored row has its id
        report = load_closure(session, project_id, date.today()).report
    if args.output:
        written = write_report(Path(args.output), report)
        print(f"Wrote the closure report of {project.code} to {written}")
    else:
        print(terminal_safe(report), end="")
    return 0
