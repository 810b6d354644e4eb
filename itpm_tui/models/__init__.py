"""SQLModel tables, one module per aggregate.

The tables the first screen reads (and those they refer to) are imported here; the others
load on first use (PEP 562), so start-up does not pay for screens not yet opened.
`load_all()` registers every table on the metadata (migrations, integrity checks).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from itpm_tui.models.base import metadata
from itpm_tui.models.board import CardMove, Sprint, WorkflowColumn
from itpm_tui.models.person import Person
from itpm_tui.models.project import (
    Health,
    Methodology,
    Phase,
    Project,
    ProjectType,
    phase_label,
)
from itpm_tui.models.task import Priority, Task, TaskStatus

if TYPE_CHECKING:  # the lazy names, seen by the type checker as the real classes
    from itpm_tui.models.history import (
        Action,
        ChangeLog,
    )
    from itpm_tui.models.lifecycle import (
        Approval,
        BusinessCaseLine,
        CaseKind,
        Charter,
        Decision,
        Deliverable,
        DeliverableState,
        Feedback,
        Goal,
        GoalResult,
        HandoverItem,
        Lesson,
        PhaseChange,
        ProjectTemplate,
        Requirement,
        Stakeholder,
        TemplateLine,
    )
    from itpm_tui.models.monitoring import (
        BudgetCategory,
        BudgetLine,
        DayOff,
        Downtime,
        Expense,
        HealthThreshold,
        KpiTarget,
        SatisfactionScore,
        ServiceWindow,
        TimeEntry,
    )
    from itpm_tui.models.progress import (
        ProgressRecord,
    )
    from itpm_tui.models.registers import (
        ChangeRequest,
        ChangeTask,
        CommunicationItem,
        CommunicationLog,
        ComplianceFramework,
        ComplianceRequirement,
        Defect,
        LogEntry,
        MaintenanceWindow,
        QualityCheck,
        RaciAssignment,
        RaciMember,
        Risk,
        RiskAssessment,
    )
    from itpm_tui.models.schedule import (
        Baseline,
        BaselineTask,
        Dependency,
        Holiday,
    )

# Names whose module loads on first use: name -> module under itpm_tui.models.
_LAZY: dict[str, str] = {
    "Action": "history",
    "ChangeLog": "history",
    "Baseline": "schedule",
    "BaselineTask": "schedule",
    "Dependency": "schedule",
    "Holiday": "schedule",
    "ProgressRecord": "progress",
    "Approval": "lifecycle",
    "BusinessCaseLine": "lifecycle",
    "CaseKind": "lifecycle",
    "Charter": "lifecycle",
    "Decision": "lifecycle",
    "Deliverable": "lifecycle",
    "DeliverableState": "lifecycle",
    "Feedback": "lifecycle",
    "Goal": "lifecycle",
    "GoalResult": "lifecycle",
    "HandoverItem": "lifecycle",
    "Lesson": "lifecycle",
    "PhaseChange": "lifecycle",
    "ProjectTemplate": "lifecycle",
    "Requirement": "lifecycle",
    "Stakeholder": "lifecycle",
    "TemplateLine": "lifecycle",
    "BudgetCategory": "monitoring",
    "BudgetLine": "monitoring",
    "DayOff": "monitoring",
    "Downtime": "monitoring",
    "Expense": "monitoring",
    "HealthThreshold": "monitoring",
    "KpiTarget": "monitoring",
    "SatisfactionScore": "monitoring",
    "ServiceWindow": "monitoring",
    "TimeEntry": "monitoring",
    "ChangeRequest": "registers",
    "ChangeTask": "registers",
    "CommunicationItem": "registers",
    "CommunicationLog": "registers",
    "ComplianceFramework": "registers",
    "ComplianceRequirement": "registers",
    "Defect": "registers",
    "LogEntry": "registers",
    "MaintenanceWindow": "registers",
    "QualityCheck": "registers",
    "RaciAssignment": "registers",
    "RaciMember": "registers",
    "Risk": "registers",
    "RiskAssessment": "registers",
}

_LAZY_MODULES = ("history", "lifecycle", "monitoring", "progress", "registers", "schedule")


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def load_all() -> None:
    """Import every model module, so that every table is on the metadata."""
    for module in _LAZY_MODULES:
        import_module(f"{__name__}.{module}")


__all__ = [
    "Action",
    "ChangeLog",
    "ChangeRequest",
    "ChangeTask",
    "CommunicationItem",
    "CommunicationLog",
    "ComplianceFramework",
    "ComplianceRequirement",
    "Defect",
    "LogEntry",
    "MaintenanceWindow",
    "QualityCheck",
    "RaciAssignment",
    "RaciMember",
    "Risk",
    "RiskAssessment",
    "Approval",
    "BusinessCaseLine",
    "CaseKind",
    "Charter",
    "Decision",
    "Deliverable",
    "DeliverableState",
    "Feedback",
    "Goal",
    "GoalResult",
    "HandoverItem",
    "Lesson",
    "PhaseChange",
    "ProjectTemplate",
    "Requirement",
    "Stakeholder",
    "TemplateLine",
    "BudgetCategory",
    "BudgetLine",
    "DayOff",
    "Downtime",
    "Expense",
    "HealthThreshold",
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
    "ProgressRecord",
    "Health",
    "Methodology",
    "Person",
    "Phase",
    "Priority",
    "Project",
    "ProjectType",
    "Task",
    "TaskStatus",
    "load_all",
    "metadata",
    "phase_label",
]
