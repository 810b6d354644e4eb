"""A project's budget: lines (planned, committed, open, actual, forecast) and expenses booked."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import BudgetLine, Expense
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.monitoring import budget_records as budget
from itpm_tui.services.monitoring.budget import LineFigures
from itpm_tui.services.shared.parsing import format_money
from itpm_tui.widgets.tables import cursor_id


def _amount(cents: int) -> Text:
    return Text(format_money(cents), justify="right")


class BudgetScreen(Screen[None]):
    help_title = "Budget"
    DEFAULT_CSS = """
    BudgetScreen #lines { height: 1fr; }
    BudgetScreen #expenses { height: 1fr; }
    """
    BINDINGS = [
        Binding("n", "new_line", "New line", id="budget.new_line"),
        Binding("x", "new_expense", "New expense", id="budget.new_expense"),
        Binding("e", "edit", "Edit", id="budget.edit"),
        Binding("d", "delete", "Delete", id="budget.delete"),
        Binding("escape", "back", "Back", id="budget.back"),
    ]

    def __init__(self, project_id: int, select_line: int | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self.select_line = select_line
        self.lines: list[BudgetLine] = []
        self.expenses: list[Expense] = []
        self.currency = ""

    def compose(self) -> ComposeResult:
        yield Static(Text("Budget"), classes="title-bar", id="budget-title")
        lines: DataTable[Text] = DataTable(id="lines", cursor_type="row", zebra_stripes=True)
        # Committed is the total ordered; Open what of it is not yet paid (actuals draw it down).
        lines.add_columns("Line", "Planned", "Committed", "Open", "Actual", "Forecast", "")
        yield lines
        yield Static(Text("Expenses (tab to move here)", style="bold"), id="expenses-title")
        expenses: DataTable[Text] = DataTable(id="expenses", cursor_type="row")
        expenses.add_columns("Date", "Line", "Amount", "Vendor", "Note")
        yield expenses
        yield Static("", classes="status-line", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#lines", DataTable).focus()
        self.reload()

    def reload(self, _: Any = None) -> None:
        itpm_app(self).read(
            budget.budget_view,
            self.project_id,
            then=self.show,
            group=f"budget-{id(self)}",
            exclusive=True,
        )

    def show(self, view: budget.BudgetView) -> None:
        project, lines, figures, expenses = view.project, view.lines, view.figures, view.expenses
        self.currency = project.currency
        self.lines = lines
        self.expenses = [e for e, _ in expenses]
        title = Text(f"Budget {itpm_app(self).glyphs.separator} {project.code} ")
        title.append(project.name)
        title.append(f" {itpm_app(self).glyphs.separator} {project.currency}")
        self.query_one("#budget-title", Static).update(title)
        table = self.query_one("#lines", DataTable)
        current = self.select_line if self.select_line is not None else cursor_id(table)
        self.select_line = None
        table.clear()
        by_id: dict[int, LineFigures] = {f.line_id: f for f in figures}
        glyph = itpm_app(self).glyphs.overdue
        for line in lines:
            f = by_id.get(id_of(line))
            if f is None:
                continue
            table.add_row(
                Text(f.name[:16]),
                _amount(f.planned),
                _amount(f.committed),
                _amount(f.open_committed),
                _amount(f.spent),
                _amount(f.forecast),
                Text(f"{glyph} OVER" if f.over_budget else "", style="bold red"),
                key=str(line.id),
            )
        for index, line in enumerate(lines):
            if line.id == current:
                table.move_cursor(row=index)
        spending = self.query_one("#expenses", DataTable)
        spending.clear()
        for expense, line_name in expenses:
            spending.add_row(
                Text(expense.spent_on.isoformat()),
                Text(line_name),
                _amount(expense.amount_cents),
                Text(expense.vendor),
                Text(expense.note),
                key=str(expense.id),
            )
        planned = sum(f.planned for f in figures)
        spent = sum(f.spent for f in figures)
        forecast = sum(f.forecast for f in figures)
        over = sum(1 for f in figures if f.over_budget)
        status = (
            f"Planned {format_money(planned)}  actual {format_money(spent)}  "
            f"forecast {format_money(forecast)}  {over} over"
        )
        if not lines:
            status = "No budget lines yet: press n to add one."
        self.query_one("#status", Static).update(Text(status))

    # --- actions -------------------------------------------------------------------------

    def _in_expenses(self) -> bool:
        return self.focused is self.query_one("#expenses", DataTable)

    def selected_line(self) -> BudgetLine | None:
        wanted = cursor_id(self.query_one("#lines", DataTable))
        return next((line for line in self.lines if line.id == wanted), None)

    def selected_expense(self) -> Expense | None:
        wanted = cursor_id(self.query_one("#expenses", DataTable))
        return next((e for e in self.expenses if e.id == wanted), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_new_line(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import edit_line

        edit_line(self.app, self.project_id, None, self.reload, self.currency)

    def action_new_expense(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import edit_expense

        if not self.lines:
            self.notify("Add a budget line first (n).", severity="warning")
            return
        line = self.selected_line()
        edit_expense(
            self.app,
            self.project_id,
            self.lines,
            None,
            self.reload,
            line.id if line else None,
            self.currency,
        )

    def action_edit(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import edit_expense, edit_line

        if self._in_expenses():
            expense = self.selected_expense()
            if expense is not None:
                edit_expense(
                    self.app, self.project_id, self.lines, expense, self.reload, None, self.currency
                )
            return
        line = self.selected_line()
        if line is None:
            self.notify("No budget line selected: press n to add one.", severity="warning")
            return
        edit_line(self.app, self.project_id, line, self.reload, self.currency)

    def action_delete(self) -> None:
        app = itpm_app(self)
        if self._in_expenses():
            expense = self.selected_expense()
            if expense is None:
                return
            amount = format_money(expense.amount_cents)
            question = f"Delete the expense of {amount}?"

            def delete() -> None:
                app.write(
                    f"delete the expense of {amount}",
                    budget.delete_expense,
                    id_of(expense),
                    then=self.reload,
                )
        else:
            line = self.selected_line()
            if line is None:
                return
            name = line.name or line.category
            question = f"Delete the line '{name}' and its expenses?"

            def delete() -> None:
                app.write(
                    f"delete the budget line '{name}'",
                    budget.delete_line,
                    id_of(line),
                    then=self.reload,
                )

        self.app.push_screen(ConfirmScreen(question), lambda yes: delete() if yes else None)

    def action_back(self) -> None:
        self.app.pop_screen()
