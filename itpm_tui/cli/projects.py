"""`itpm projects`: the portfolio printed as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING

from itpm_tui.cli.base import db_option, open_engine
from itpm_tui.cli.output import format_csv, format_table, json_value

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands


def add_parser(commands: Subcommands) -> None:
    projects = commands.add_parser("projects", help="print the portfolio")
    db_option(projects, top=False)
    projects.add_argument("--format", choices=("table", "json", "csv"), default="table")


def cmd_projects(args: argparse.Namespace) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.portfolio.listing import portfolio_rows
    from itpm_tui.services.portfolio.rating import rated_portfolio

    engine = open_engine(args)
    today = date.today()
    with read_session(engine) as session:
        rows = portfolio_rows(session)
        # Health by the rules, as each project's dashboard rates it; the manager's own
        # rating is one of its indicators and is given beside it.
        rated = {r.id: r for r in rated_portfolio(session, today)}
    records = [
        {
            "code": r.code,
            "name": r.name,
            "type": r.project_type,
            "methodology": r.methodology,
            "phase": r.phase,
            "health": rated[r.id].health,
            "health_reason": rated[r.id].reason,
            "manager_rating": r.health,
            "percent_done": r.percent_done,
            "tasks": r.task_count,
            "next_milestone": r.next_milestone,
            "next_milestone_date": r.next_milestone_date,
            "manager": r.manager,
            "start": r.start,
            "target_finish": r.target_finish,
            "days_in_phase": r.days_in_phase(today),
        }
        for r in rows
    ]
    if args.format == "json":
        print(json.dumps([{k: json_value(v) for k, v in rec.items()} for rec in records], indent=2))
        return 0
    headers = list(records[0]) if records else ["code", "name"]
    table = [list(rec.values()) for rec in records]
    if args.format == "csv":
        print(format_csv(headers, table))
    else:
        short = [
            "code",
            "name",
            "phase",
            "health",
            "percent_done",
            "next_milestone",
            "next_milestone_date",
            "manager",
        ]
        print(
            format_table(
                ["Code", "Name", "Phase", "Health", "Done %", "Next milestone", "Due", "Manager"],
                [[rec[k] for k in short] for rec in records],
            )
        )
    return 0
