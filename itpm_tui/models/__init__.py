"""SQLModel tables, one module per aggregate; importing this registers them all."""

from itpm_tui.models.base import metadata
from itpm_tui.models.board import CardMove, Sprint, WorkflowColumn
from itpm_tui.models.monitoring import (
    BudgetCategory,
    BudgetLine,
    DayOff,
    Downtime,
    Expense,
    KpiTarget,
    SatisfactionScore,
    ServiceWindow,
    TimeEntry,
)
from itpm_tui.models.person import Person
from itpm_tui.models.project import (
    Health,
    Methodology,
    Phase,
    Project,
    ProjectType,
    phase_label,
)
from itpm_tui.models.schedule import (
    Baseline,
    BaselineTask,
    Dependency,
    Holiday,
)
from itpm_tui.models.task import Priority, Task, TaskStatus

__all__ = [
    "BudgetCategory",
    "BudgetLine",
    "DayOff",
    "Downtime",
    "Expense",
    "KpiTarget",
    "SatisfactionScore",
    "ServiceWindow",
    "TimeEntry",
    "CardMove",
    "Sprint",
    "WorkflowColumn",
    "Baseline",
    "BaselineTask",
    "Dependency",
    "Holiday",
    "Health",
    "Methodology",
    "Person",
    "Phase",
    "Priority",
    "Project",
    "ProjectType",
    "Task",
    "TaskStatus",
    "metadata",
    "phase_label",
]
