"""`itpm raci PROJECT`: a project's RACI chart printed as a text table, with its checks."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from itpm_tui.cli.base import db_option, open_engine
from itpm_tui.cli.output import format_csv, format_table

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands


def add_parser(commands: Subcommands) -> None:
    raci = commands.add_parser("raci", help="print a project's RACI chart")
    db_option(raci, top=False)
    raci.add_argument("project", help="project code")
    raci.add_argument("--format", choices=("table", "csv", "markdown"), default="table")


def cmd_raci(args: argparse.Namespace) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.portfolio.projects import find_project
    from itpm_tui.services.registers.raci_records import load_matrix, matrix_notes, matrix_table
    from itpm_tui.services.shared.export import to_markdown
    from itpm_tui.services.shared.text import clean_text

    engine = open_engine(args)
    with read_session(engine) as session:
        project = find_project(session, args.project)
        project_id = project.id
        assert project_id is not None  # a stored row has its id
        matrix = load_matrix(session, project_id)
    headers, rows = matrix_table(matrix, ascii_only=True)
    if args.format == "csv":
        print(format_csv(headers, rows))
        return 0
    if args.format == "markdown":
        safe = [[clean_text(c) for c in row] for row in rows]
        print(to_markdown(headers, safe, f"RACI chart of {clean_text(project.code)}"), end="")
    else:
        print(format_table(headers, rows))
    for note in matrix_notes(matrix):
        print(clean_text(note))
    if not matrix.rows:
        print(f"{clean_text(project.code)} has no tasks yet.")
    # Exit 2 when a rule is broken, so a script can check a chart.
    broken = any(row.problems for row in matrix.rows)
    return 2 if broken else 0
