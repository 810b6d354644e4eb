"""`itpm gantt PROJECT`: a project's Gantt chart printed as text."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from itpm_tui.cli.base import CliError, db_option, open_engine
from itpm_tui.config import Display

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands


def add_parser(commands: Subcommands) -> None:
    gantt = commands.add_parser("gantt", help="print a project's Gantt chart")
    db_option(gantt, top=False)
    gantt.add_argument("project", help="project code")
    gantt.add_argument("--from", dest="start", metavar="DATE", help="first day shown")
    gantt.add_argument("--to", dest="end", metavar="DATE", help="last day shown")
    gantt.add_argument("--zoom", choices=("day", "week", "month", "quarter"), default="week")
    gantt.add_argument("--width", type=int, default=None, help="columns (default: terminal)")
    gantt.add_argument(
        "--ascii", action="store_true", default=argparse.SUPPRESS, help="printable ASCII only"
    )
    gantt.add_argument("--baseline", metavar="NAME", help="draw this saved baseline too")
    gantt.add_argument("--critical", action="store_true", help="only the critical path")


def cmd_gantt(args: argparse.Namespace) -> int:
    import shutil

    from itpm_tui.db import read_session
    from itpm_tui.services.planning.gantt_text import Zoom, render_text
    from itpm_tui.services.planning.plan_view import plan_view
    from itpm_tui.services.planning.schedule_records import list_baselines
    from itpm_tui.services.portfolio.projects import find_project
    from itpm_tui.services.shared.parsing import parse_date

    try:
        start = parse_date(args.start) if args.start else None
        end = parse_date(args.end) if args.end else None
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if start and end and end < start:
        raise CliError("--to is before --from")
    width = args.width or shutil.get_terminal_size((100, 24)).columns
    if width < 40:
        raise CliError("--width must be at least 40 columns")
    engine = open_engine(args)
    with read_session(engine) as session:
        project = find_project(session, args.project)
        project_id = project.id
        assert project_id is not None  # a stored row has its id
        baseline_id = None
        if args.baseline:
            named = {b.name: b.id for b in list_baselines(session, project_id)}
            if args.baseline not in named:
                known = ", ".join(named) or "none saved yet"
                raise CliError(f"no baseline '{args.baseline}' in {project.code} ({known})")
            baseline_id = named[args.baseline]
        view = plan_view(session, project_id, date.today(), baseline_id)
    display = Display.detect(force_ascii=args.ascii)
    chart = render_text(
        view.rows,
        start=start,
        end=end,
        zoom=Zoom[args.zoom.upper()],
        width=width,
        ascii=display.ascii,
        show_baseline=baseline_id is not None,
        critical_only=args.critical,
        today=date.today(),
        non_working=lambda day: not view.calendar.is_working_day(day),
    )
    print(chart)
    return 0
