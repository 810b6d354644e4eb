"""Forms of Monitoring & Control: log time, budget lines, expenses, status date, report file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App

from itpm_tui.app_access import itpm_app
from itpm_tui.models import BudgetCategory, BudgetLine, Expense, Project
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

    def show(view: timesheet.TimeFormView) -> None:
        if view.closed:  # a closed project: refused at the key, no form
            app.notify(view.closed, severity="warning", markup=False)
            return
        task, people, entry, tasks = view.task, view.people, view.entry, view.tasks
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

        def save(session: Session, values: dict[str, Any]) -> int:
            version = entry.version if entry else None
            data = timesheet.TimeInput(**values)
            return id_of(timesheet.save_time(session, entry_id, version, data))

        def label(values: dict[str, Any]) -> str:
            hours = timesheet.format_minutes(values["minutes"] or 0)
            title = next((t for t, value in tasks if value == values["task_id"]), task.title)
            verb = "log" if entry_id is None else "edit the time entry:"
            return f"{verb} {hours} h on '{title}'"

        def saved(result: Any) -> None:
            if result is None:
                return
            app.notify("Time saved.")
            if on_saved:
                on_saved(result)

        title = f"Log time: {task.title}" if entry is None else f"Time entry: {task.title}"
        app.push_screen(
            FormScreen(title, fields, FormWrite(label, save, project_id=task.project_id)), saved
        )

    itpm_app(app).read(timesheet.time_form_view, task_id, entry_id, then=show)


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
        FormScreen(title, fields, FormWrite(label, save, project_id=project_id)),
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

    def save(session: Session, values: dict[str, Any]) -> int:
        data = budget.ExpenseInput(**values)
        if expense is None:
            return id_of(budget.add_expense(session, project_id, data))
        # Refused when the expense changed after the screen read it.
        ensure_unchanged(session, "expense", id_of(expense), expense.version, "expense")
        return id_of(budget.update_expense(session, id_of(expense), data))

    def label(values: dict[str, Any]) -> str:
        amount = format_money(values["amount_cents"] or 0)
        verb = "add" if expense is None else "edit"
        return f"{verb} the expense of {amount}"

    app.push_screen(
        FormScreen(
            "New expense" if expense is None else "Expense",
            fields,
            FormWrite(label, save, project_id=project_id),
        ),
        lambda r: on_saved(r) if r is not None else None,
    )


def ask_status_date(app: App[Any], project_id: int, on_chosen: Saved) -> None:
    """Keep the project's status date; a blank field measures as of today again."""
    from itpm_tui.services.portfolio.projects import get_project

    today = itpm_app(app).today

    def show(project: Project) -> None:
        # The version read with the date: a save over a change made since is refused.
        kept, code, version = project.status_date, project.code, project.version
        fields = [
            FormField(
                "status_date",
                "Status date",
                kept.isoformat() if kept else "",
                parse=lambda text: parse_date(text, today=today),
                placeholder="blank: today; YYYY-MM-DD, -1w",
            )
        ]

        def save(session: Session, values: dict[str, Any]) -> int:
            from itpm_tui.services.planning.status_date import set_status_date

            ensure_unchanged(session, "project", project_id, version, "project")
            set_status_date(session, project_id, values["status_date"])
            return project_id

        def label(values: dict[str, Any]) -> str:
            chosen = values["status_date"]
            return f"status date of {code}: {chosen.isoformat() if chosen else 'today'}"

        reload = lambda: ask_status_date(app, project_id, on_chosen)  # noqa: E731
        app.push_screen(
            FormScreen(
                "Earned value as of",
                fields,
                FormWrite(label, save, project_id=project_id),
                reload=reload,
            ),
            lambda r: on_chosen(r) if r is not None else None,
        )

    itpm_app(app).read(get_project, project_id, then=show)


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

    def save(session: Session, values: dict[str, Any]) -> str:
        from itpm_tui.services.monitoring.status_report import export_status_report

        return export_status_report(session, project_id, as_of, values["fmt"], values["path"])

    app.push_screen(
        FormScreen(
            f"Write the status report of {code}",
            fields,
            # Writes a file, not the database: nothing to undo, so the action is not kept.
            FormWrite(f"write the status report of {code}", save),
        ),
        lambda r: app.notify(f"Wrote {r}", markup=False) if r else None,
    )
