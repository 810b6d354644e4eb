"""Budget lines and expenses of a project: list, add, edit, delete, with checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from itpm_tui.models import BudgetCategory, BudgetLine, Expense, Person, Project, TimeEntry
from itpm_tui.services.monitoring.budget import LineFigures, labour_cost
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.parsing import MAX_MINOR_UNITS
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text

CATEGORIES = [c.value for c in BudgetCategory]


@dataclass
class LineInput:
    category: str
    name: str = ""
    planned_cents: int | None = 0
    committed_cents: int | None = 0
    actual_cents: int | None = 0


@dataclass
class ExpenseInput:
    line_id: int | None
    spent_on: date | None
    amount_cents: int | None
    vendor: str = ""
    note: str = ""


def _amount(value: int | None, field: str, errors: dict[str, str], required: bool) -> int:
    if value is None:
        if required:
            errors[field] = "an amount is required"
        return 0
    if value < 0:
        errors[field] = "must not be negative"
    elif value > MAX_MINOR_UNITS:
        errors[field] = "is too large"
    return value


def _line_values(data: LineInput) -> LineInput:
    errors: dict[str, str] = {}
    if data.category not in CATEGORIES:
        errors["category"] = "choose a category"
    clean = LineInput(
        data.category,
        clean_text(data.name),
        _amount(data.planned_cents, "planned_cents", errors, False),
        _amount(data.committed_cents, "committed_cents", errors, False),
        _amount(data.actual_cents, "actual_cents", errors, False),
    )
    if errors:
        raise ValidationError(errors)
    return clean


def list_lines(session: Session, project_id: int) -> list[BudgetLine]:
    return list(
        session.exec(
            select(BudgetLine)
            .where(BudgetLine.project_id == project_id)
            .order_by(col(BudgetLine.category), col(BudgetLine.id))
        )
    )


def add_line(session: Session, project_id: int, data: LineInput) -> BudgetLine:
    fetch(session, Project, project_id, "project")
    clean = _line_values(data)
    line = BudgetLine(project_id=project_id, **clean.__dict__)
    session.add(line)
    session.flush()
    return line


def update_line(session: Session, line_id: int, data: LineInput) -> BudgetLine:
    line = fetch(session, BudgetLine, line_id, "budget line")
    for name, value in _line_values(data).__dict__.items():
        setattr(line, name, value)
    line.version += 1
    session.add(line)
    session.flush()
    return line


def delete_line(session: Session, line_id: int) -> None:
    session.delete(fetch(session, BudgetLine, line_id, "budget line"))
    session.flush()


def _expense_values(session: Session, project_id: int, data: ExpenseInput) -> ExpenseInput:
    errors: dict[str, str] = {}
    line = session.get(BudgetLine, data.line_id) if data.line_id is not None else None
    if line is None or line.project_id != project_id:
        errors["line_id"] = "choose the budget line it is spent against"
    if data.spent_on is None:
        errors["spent_on"] = "a date is required"
    amount = _amount(data.amount_cents, "amount_cents", errors, True)
    if not errors and amount == 0:
        errors["amount_cents"] = "must be more than 0"
    if errors:
        raise ValidationError(errors)
    return ExpenseInput(
        data.line_id, data.spent_on, amount, clean_text(data.vendor), clean_text(data.note)
    )


def list_expenses(session: Session, project_id: int) -> list[tuple[Expense, str]]:
    """Expenses newest first, each with its line's name (or category)."""
    rows = session.exec(
        select(Expense, BudgetLine.name, BudgetLine.category)
        .join(BudgetLine, col(BudgetLine.id) == col(Expense.line_id))
        .where(Expense.project_id == project_id)
        .order_by(col(Expense.spent_on).desc(), col(Expense.id).desc())
    ).all()
    return [(e, name or category) for e, name, category in rows]


def add_expense(session: Session, project_id: int, data: ExpenseInput) -> Expense:
    clean = _expense_values(session, project_id, data)
    expense = Expense(project_id=project_id, **clean.__dict__)
    session.add(expense)
    session.flush()
    return expense


def update_expense(session: Session, expense_id: int, data: ExpenseInput) -> Expense:
    expense = fetch(session, Expense, expense_id, "expense")
    for name, value in _expense_values(session, expense.project_id, data).__dict__.items():
        setattr(expense, name, value)
    session.add(expense)
    session.flush()
    return expense


def delete_expense(session: Session, expense_id: int) -> None:
    session.delete(fetch(session, Expense, expense_id, "expense"))
    session.flush()


def project_labour_cost(session: Session, project_id: int, until: date | None = None) -> int:
    """Time entries of the project at each person's current rate, up to `until`."""
    # Summed per rate by SQLite, then exactly here.
    grouped = session.exec(
        select(func.sum(TimeEntry.minutes), Person.cost_rate_cents)
        .join(Person, col(Person.id) == col(TimeEntry.person_id))
        .where(
            TimeEntry.project_id == project_id, *([TimeEntry.worked_on <= until] if until else [])
        )
        .group_by(col(Person.cost_rate_cents))
    ).all()
    return labour_cost((int(m or 0), int(r)) for m, r in grouped)


def line_figures(session: Session, project_id: int, until: date | None = None) -> list[LineFigures]:
    """Each line with what is spent on it; labour from time entries lands on the labour line."""
    lines = list_lines(session, project_id)
    query = (
        select(Expense.line_id, func.sum(Expense.amount_cents))
        .where(Expense.project_id == project_id)
        .group_by(col(Expense.line_id))
    )
    if until is not None:
        query = query.where(Expense.spent_on <= until)
    booked = {lid: int(total or 0) for lid, total in session.exec(query).all()}
    labour = project_labour_cost(session, project_id, until)
    figures: list[LineFigures] = []
    labour_placed = False
    for line in lines:
        spent = line.actual_cents + booked.get(line.id, 0)  # type: ignore[arg-type]
        if line.category == BudgetCategory.LABOUR.value and not labour_placed:
            spent += labour
            labour_placed = True
        figures.append(
            LineFigures(
                line.id,  # type: ignore[arg-type]
                line.category,
                line.name or BudgetCategory(line.category).label,
                line.planned_cents,
                line.committed_cents,
                spent,
            )
        )
    if labour and not labour_placed:
        figures.append(
            LineFigures(0, BudgetCategory.LABOUR.value, "Labour (unbudgeted)", 0, 0, labour)
        )
    return figures


def cost_by_day(session: Session, project_id: int) -> list[tuple[date, int]]:
    """Actual cost per day: expenses, and time entries at their person's rate."""
    costs: dict[date, int] = {}
    for day, total in session.exec(
        select(col(Expense.spent_on), func.sum(Expense.amount_cents))
        .where(Expense.project_id == project_id)
        .group_by(col(Expense.spent_on))
    ).all():
        costs[day] = costs.get(day, 0) + int(total or 0)
    per_day: dict[date, list[tuple[int, int]]] = {}
    for day, minutes, rate in session.exec(
        select(col(TimeEntry.worked_on), func.sum(TimeEntry.minutes), Person.cost_rate_cents)
        .join(Person, col(Person.id) == col(TimeEntry.person_id))
        .where(TimeEntry.project_id == project_id)
        .group_by(col(TimeEntry.worked_on), col(Person.cost_rate_cents))
    ).all():
        per_day.setdefault(day, []).append((int(minutes or 0), int(rate)))
    for day, pairs in per_day.items():
        costs[day] = costs.get(day, 0) + labour_cost(pairs)
    return sorted(costs.items())


@dataclass(frozen=True)
class BudgetView:
    """What the budget screen shows: the project, its lines with their figures, the expenses."""

    project: Project
    lines: list[BudgetLine]
    figures: list[LineFigures]
    expenses: list[tuple[Expense, str]]  # each expense with the name of its line


def budget_view(session: Session, project_id: int) -> BudgetView:
    from itpm_tui.services.portfolio.projects import get_project

    return BudgetView(
        get_project(session, project_id),
        list_lines(session, project_id),
        line_figures(session, project_id),
        list_expenses(session, project_id),
    )
