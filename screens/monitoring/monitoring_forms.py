"""Forms of Monitoring & Control: log time, budget lines, expenses, status date, report file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from textual.app import App

from itpm_tui.app_access import itpm_app
from itpm_tui.db import read_session, write_session
from itpm_tui.models import BudgetCategory, BudgetLine, Expense
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.monitoring import budget_records as budget
from itpm_tui.services.monitoring import timesheet
from itpm_tui.services.shared.parsing import decimal_comma, format_money, parse_date, parse_money
from itpm_tui.services.shared.row_versions import ensure_unchanged

if TYPE_CHECKING:
    from sqlmodel import Session

Saved = Callable[[Any], Any]


def _money_in(currency: str) -> Callable[[str], int | None]:
    """An amount parser for a project's currency (a decimal comma where it is written so)."""
    comma = decimal_comma(currency)
    return lambda text: parse_money(text, comma=comma)


def log_time(
    app: App[Any], task_id: int, on_saved: Saved | None = None, entry_id: int | None = None
) -> None:
    """The time entry form for a task (new, or the entry given); today and its assignee first."""
    today = itpm_app(app).today

    def load(engine: Engine) -> tuple[Any, ...]:
        from itpm_tui.services.lifecycle.documents import closed_reason
        from itpm_tui.services.planning.tasks import get_task, list_task_rows
        from itpm_tui.services.resources.people import list_people

        with read_session(engine) as session:
            task = get_task(session, task_id)
            closed = closed_reason(session, task.project_id)
            if closed:
                return (closed,)
            entry = timesheet.get_time(session, entry_id) if entry_id else None
            tasks = [
                (f"{r.wbs} {r.title}", r.id)
                for r in list_task_rows(session, task.project_id)
                if not r.is_summary
            ]
            return task, list_people(session), entry, tasks

    def show(loaded: tuple[Any, ...]) -> None:
        if len(loaded) == 1:  # a closed project: refused at the key, no form
            app.notify(loaded[0], severity="warning", markup=False)
            return
        task, people, entry, tasks = loaded
        if entry is None and all(task_id != value for _, value in tasks):
            app.notify(
                f"'{task.title}' is a summary: log time on one of its tasks.",
                severity="warning",
                markup=False,
            )
            return
        fields = [
            FormField("task_id", "Task", entry.task_id if entry else task.id, "select", tasks),
            FormField(
                "person_id",
                "Person",
                entry.person_id if entry else task.assignee_id,
                "select",
                [(p.name, p.id) for p in people],
            ),
            FormField(
                "worked_on",
                "Date",
                (entry.worked_on if entry else today).isoformat(),
                parse=lambda text: parse_date(text, today=today),
                placeholder="YYYY-MM-DD, today, -1d",
            ),
            FormField(
                "minutes",
                "Hours",
                timesheet.format_minutes(entry.minutes) if entry else "",
                parse=timesheet.parse_hours,
                placeholder="1.5, 1:30 or 90m",
            ),
            FormField("note", "Note", entry.note if entry else ""),
        ]

        def save(engine: Engine, values: dict[str, Any]) -> int:
            data = timesheet.TimeInput(**values)
            with write_session(engine) as session:
                if entry_id is None:
                    saved = timesheet.add_time(session, data)
                else:
                    version = entry.version if entry else None
                    ensure_unchanged(session, "time_entry", entry_id, version, "time entry")
                    saved = timesheet.update_time(session, entry_id, data)
                return id_of(saved)

        def saved(result: Any) -> None:
            if result is None:
                return
            app.notify("Time saved.")
            if on_saved:
                on_saved(result)

        title = f"Log time: {task.title}" if entry is None else f"Time entry: {task.title}"
        app.push_screen(FormScreen(title, fields, save), saved)

    itpm_app(app).run_db(load, show)


def edit_line(
    app: App[Any], project_id: int, line: BudgetLine | None, on_saved: Saved, currency: str = ""
) -> None:
    money = _money_in(currency)
    categories = [(c.label, c.value) for c in BudgetCategory]
    fields = [
        FormField(
            "category",
            "Category",
            line.category if line else BudgetCategory.LABOUR.value,
            "select",
            categories,
            allow_blank=False,
        ),
        FormField("name", "Name", line.name if line else ""),
        FormField(
            "planned_cents",
            "Planned",
            format_money(line.planned_cents) if line else "",
            parse=lambda text: money(text) or 0,
            extra={"format": format_money},
        ),
        FormField(
            "committed_cents",
            "Committed",
            format_money(line.committed_cents) if line else "",
            parse=lambda text: money(text) or 0,
            extra={"format": format_money},
        ),
        FormField(
            "actual_cents",
            "Spent before",
            format_money(line.actual_cents) if line else "",
            parse=lambda text: money(text) or 0,
            placeholder="spent before expenses were recorded here",
            extra={"format": format_money},
        ),
    ]

    def save(session: Session, values: dict[str, Any]) -> int:
        data = budget.LineInput(**values)
        if line is None:
            return id_of(budget.add_line(session, project_id, data))
        # Refused when the line changed after the screen read it.
        ensure_unchanged(session, "budget_line", id_of(line), line.version, "budget line")
        return id_of(budget.update_line(session, id_of(line), data))

    def label(values: dict[str, Any]) -> str:
        name = values["name"] or values["category"]
        return f"add the budget line '{name}'" if line is None else f"edit the budget line '{name}'"

    title = "New budget line" if line is None else f"Budget line: {line.name or line.category}"
    app.push_screen(
        FormScreen(title, fields, FormWrite(label, save)),
        lambda r: on_saved(r) if r is not None else None,
    )


def edit_expense(
    app: App[Any],
    project_id: int,
    lines: list[BudgetLine],
    expense: Expense | None,
    on_saved: Saved,
    line_id: int | None = None,
    currency: str = "",
) -> None:
    today = itpm_app(app).today
    fields = [
        FormField(
            "line_id",
            "Budget line",
            expense.line_id if expense else line_id,
            "select",
            [(ln.name or BudgetCategory(ln.category).label, ln.id) for ln in lines],
        ),
        FormField(
            "spent_on",
            "Date",
            (expense.spent_on if expense else today).isoformat(),
            parse=lambda text: parse_date(text, today=today),
        ),
        FormField(
            "amount_cents",
            "Amount",
            format_money(expense.amount_cents) if expense else "",
            parse=_money_in(currency),
            placeholder="e.g. 1,234.50",
            extra={"format": format_money},
        ),
        FormField("vendor", "Vendor", expense.vendor if expense else ""),
        FormField("note", "Note", expense.note if expense else ""),
    ]

    def save(engine: Engine, values: dict[str, Any]) -> int:
        data = budget.ExpenseInput(**values)
        with write_session(engine) as session:
            if expense is None:
                saved = budget.add_expense(session, project_id, data)
            else:
                ensure_unchanged(session, "expense", id_of(expense), expense.version, "expense")
                saved = budget.update_expense(session, id_of(expense), data)
            return id_of(saved)

    app.push_screen(
        FormScreen("New expense" if expense is None else "Expense", fields, save),
        lambda r: on_saved(r) if r is not None else None,
    )


def ask_status_date(app: App[Any], project_id: int, on_chosen: Saved) -> None:
    """Keep the project's status date; a blank field measures as of today again."""
    from itpm_tui.services.portfolio.projects import get_project

    today = itpm_app(app).today

    def load(engine: Engine) -> tuple[date | None, str, int]:
        with read_session(engine) as session:
            project = get_project(session, project_id)
            return project.status_date, project.code, project.version

    def show(loaded: tuple[date | None, str, int]) -> None:
        # The version read with the date: a save over a change made since is refused.
        kept, code, version = loaded
        fields = [
            FormField(
                "status_date",
                "Status date",
                kept.isoformat() if kept else "",
                parse=lambda text: parse_date(text, today=today),
                placeholder="blank: today; YYYY-MM-DD, -1w",
            )
        ]

        def save(engine: Engine, values: dict[str, Any]) -> int:
            from itpm_tui.services.planning.status_date import set_status_date

            chosen = values["status_date"]
            label = f"status date of {code}: {chosen.isoformat() if chosen else 'today'}"
            with write_session(engine, label, project_id=project_id) as session:
                ensure_unchanged(session, "project", project_id, version, "project")
                set_status_date(session, project_id, chosen)
            return project_id

        reload = lambda: ask_status_date(app, project_id, on_chosen)  # noqa: E731
        app.push_screen(
            FormScreen("Earned value as of", fields, save, reload=reload),
            lambda r: on_chosen(r) if r is not None else None,
        )

    itpm_app(app).run_db(load, show)


def export_report(app: App[Any], project_id: int, code: str, as_of: date) -> None:
    """Write the status report to a file (0600) in the format chosen."""
    from pathlib import Path

    default = str(Path.home() / f"{code}-status-{as_of.isoformat()}.md")
    fields = [
        FormField(
            "fmt",
            "Format",
            "md",
            "select",
            [("Markdown", "md"), ("HTML", "html"), ("JSON", "json")],
            allow_blank=False,
        ),
        FormField("path", "File", default),
    ]

    def save(engine: Engine, values: dict[str, Any]) -> str:
        from itpm_tui.services.monitoring.status_report import render, status_report, write_report
        from itpm_tui.services.shared.errors import ItpmError, ValidationError

        raw = (values["path"] or "").strip()
        if not raw:
            raise ValidationError({"path": "a file name is required"})
        path = Path(raw).expanduser()
        fmt = values["fmt"]
        if path.suffix.lstrip(".") in ("md", "html", "json") and path.suffix.lstrip(".") != fmt:
            path = path.with_suffix(f".{fmt}")
        with read_session(engine) as session:
            text = render(status_report(session, project_id, as_of), fmt)
        try:
            write_report(str(path), text)
        except ItpmError as exc:  # a folder, no such folder: said beside the field
            raise ValidationError({"path": str(exc)}) from None
        return str(path)

    app.push_screen(
        FormScreen(f"Write the status report of {code}", fields, save),
        lambda r: app.notify(f"Wrote {r}", markup=False) if r else None,
    )
