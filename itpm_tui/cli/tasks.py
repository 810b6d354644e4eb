"""`itpm task add|set|done|list` and `itpm link`: a plan changed from scripts, as in the app."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from itpm_tui.cli.base import db_option, open_engine
from itpm_tui.cli.output import format_csv, format_table, json_value

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from itpm_tui.cli.base import Subcommands
    from itpm_tui.services.planning.tasks import TaskRow


def add_parser(commands: Subcommands) -> None:
    task = commands.add_parser("task", help="add, change, finish or list a project's tasks")
    db_option(task, top=False)
    actions = task.add_subparsers(dest="task_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a task (at the end, under or after another)")
    _common(add)
    add.add_argument("title", help="the task's title")
    add.add_argument("--after", metavar="WBS", help="right after this task, at its level")
    add.add_argument("--under", metavar="WBS", help="as the last sub-task of this task")
    add.add_argument("--estimate", metavar="DAYS", help="effort: 3d, 2w, 1.5d or 4h")
    add.add_argument("--start", metavar="DATE", help="start no earlier than (YYYY-MM-DD, +3d)")
    add.add_argument("--assign", metavar="NAME", help="a person's name or e-mail")
    add.add_argument("--milestone", action="store_true", help="a milestone (no length)")

    change = actions.add_parser("set", help="change fields of a task: field=value ...")
    _common(change)
    change.add_argument("wbs", metavar="WBS", help="the task's WBS code (see: itpm task list)")
    change.add_argument(
        "changes",
        nargs="*",
        metavar="FIELD=VALUE",
        help="title, notes, status, priority, assignee, estimate, start, finish, percent, "
        "milestone, tags, sprint, predecessors (e.g. status=review predecessors='2FS+1d, 3SS')",
    )

    done = actions.add_parser("done", help="mark a task done (100 %%, actual dates set)")
    _common(done)
    done.add_argument("wbs", metavar="WBS")

    listing = actions.add_parser("list", help="print the tasks in WBS order")
    _common(listing)

    link = commands.add_parser("link", help="make a task wait on another")
    db_option(link, top=False)
    link.add_argument("project", help="project code")
    link.add_argument("predecessor", metavar="WBS", help="the task waited on")
    link.add_argument("successor", metavar="WBS", help="the task that waits")
    link.add_argument("--type", choices=("FS", "SS", "FF", "SF"), default="FS", type=str.upper)
    link.add_argument("--lag", default="0", help="working days, e.g. 2d; a lead: --lag=-1d")
    link.add_argument("--format", choices=("text", "json"), default="text")


def _common(parser: argparse.ArgumentParser) -> None:
    db_option(parser, top=False)
    parser.add_argument("project", help="project code")
    formats = ("table", "json", "csv") if parser.prog.endswith("list") else ("text", "json")
    parser.add_argument("--format", choices=formats, default=formats[0])


def _record(row: TaskRow, predecessors: str) -> dict[str, Any]:
    return {
        "wbs": row.wbs,
        "title": row.title,
        "status": row.status,
        "percent_complete": row.percent_complete,
        "start": row.start,
        "finish": row.finish,
        "estimate_days": row.estimate_days,
        "assignee": row.assignee,
        "priority": row.priority,
        "milestone": row.is_milestone,
        "summary": row.is_summary,
        "tags": row.tags,
        "predecessors": predecessors,
    }


def _records(engine: Engine, code: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    from itpm_tui.db import read_session
    from itpm_tui.services.planning.predecessors import predecessor_texts
    from itpm_tui.services.planning.tasks import list_task_rows
    from itpm_tui.services.portfolio.projects import find_project

    with read_session(engine) as session:
        project = find_project(session, code)
        project_id = int(project.id)  # type: ignore[arg-type]
        rows = list_task_rows(session, project_id)
        texts = predecessor_texts(session, project_id)
    return project.code, [(r.id, _record(r, texts.get(r.id, ""))) for r in rows]


def _project_id(engine: Engine, code: str) -> int:
    from itpm_tui.db import read_session
    from itpm_tui.services.portfolio.projects import find_project

    with read_session(engine) as session:
        return int(find_project(session, code).id)  # type: ignore[arg-type]


def _show(args: argparse.Namespace, engine: Engine, task_ids: list[int], verb: str) -> None:
    """Print the tasks just changed, as they are now (their WBS may have moved)."""
    from itpm_tui.services.shared.text import clean_text

    code, records = _records(engine, args.project)
    changed = [record for wanted in task_ids for tid, record in records if tid == wanted]
    if args.format == "json":
        print(json.dumps([{k: json_value(v) for k, v in r.items()} for r in changed], indent=2))
        return
    for record in changed:
        span = ""
        if record["start"] and record["finish"]:
            span = f" ({record['start'].isoformat()} to {record['finish'].isoformat()})"
        waits = f", waits on {record['predecessors']}" if verb == "linked" else ""
        title = clean_text(record["title"])
        print(f"{verb} {clean_text(code)} {record['wbs']} '{title}'{span}{waits}")


def cmd_task(args: argparse.Namespace) -> int:
    from itpm_tui import clock
    from itpm_tui.db import write_session
    from itpm_tui.services.planning import task_commands

    engine = open_engine(args)
    if args.task_command == "list":
        return _list(args, engine)
    project_id = _project_id(engine, args.project)
    today = clock.today()
    # Named by the service once the task is known: the app's undo shows that name.
    with write_session(engine, "change tasks", project_id=project_id) as session:
        if args.task_command == "add":
            new = task_commands.NewTask(
                args.title,
                after=args.after,
                under=args.under,
                estimate=args.estimate,
                start=args.start,
                assign=args.assign,
                milestone=args.milestone,
            )
            task = task_commands.add_task(session, project_id, new, today)
            verb = "added"
        elif args.task_command == "set":
            task = task_commands.set_fields(session, project_id, args.wbs, args.changes, today)
            verb = "changed"
        else:
            task = task_commands.mark_done(session, project_id, args.wbs, today)
            verb = "done"
        task_id = int(task.id)  # type: ignore[arg-type]
    _show(args, engine, [task_id], verb)
    return 0


def _list(args: argparse.Namespace, engine: Engine) -> int:
    _, records = _records(engine, args.project)
    values = [record for _, record in records]
    if args.format == "json":
        print(json.dumps([{k: json_value(v) for k, v in r.items()} for r in values], indent=2))
        return 0
    if args.format == "csv":
        headers = list(values[0]) if values else ["wbs", "title"]
        print(format_csv(headers, [list(r.values()) for r in values]))
        return 0
    headers = ["WBS", "Title", "Status", "Done %", "Start", "Finish", "Assignee", "Predecessors"]
    table = [
        [
            r["wbs"],
            "  " * r["wbs"].count(".") + r["title"] + (" <>" if r["milestone"] else ""),
            r["status"],
            r["percent_complete"],
            r["start"],
            r["finish"],
            r["assignee"],
            r["predecessors"],
        ]
        for r in values
    ]
    print(format_table(headers, table))
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    from itpm_tui import clock
    from itpm_tui.db import write_session
    from itpm_tui.services.planning import task_commands

    engine = open_engine(args)
    project_id = _project_id(engine, args.project)
    lag = task_commands.read_lag(args.lag)
    with write_session(engine, "link tasks", project_id=project_id) as session:
        first, second = task_commands.link_tasks(
            session, project_id, args.predecessor, args.successor, args.type, lag, clock.today()
        )
        del first  # the successor shows the link among its predecessors
        successor_id = int(second.id)  # type: ignore[arg-type]
    _show(args, engine, [successor_id], "linked")
    return 0
