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
    from itpm_tui.models.budget import (
        BudgetCategory,
        BudgetLine,
        Expense,
    )
    from itpm_tui.models.business_case import (
        BusinessCaseLine,
        CaseKind,
    )
    from itpm_tui.models.change import (
        ChangeRequest,
        ChangeTask,
    )
    from itpm_tui.models.charter import (
        Charter,
        Deliverable,
        DeliverableState,
        Goal,
        GoalResult,
        Requirement,
    )
    from itpm_tui.models.closure import (
        Feedback,
        HandoverItem,
        Lesson,
    )
    from itpm_tui.models.communication import (
        CommunicationItem,
        CommunicationLog,
        MaintenanceWindow,
    )
    from itpm_tui.models.compliance import (
        ComplianceFramework,
        ComplianceRequirement,
    )
    from itpm_tui.models.day_off import (
        DayOff,
    )
    from itpm_tui.models.gate import (
        Approval,
        Decision,
        PhaseChange,
    )
    from itpm_tui.models.health import (
        HealthThreshold,
    )
    from itpm_tui.models.history import (
        Action,
        ChangeLog,
    )
    from itpm_tui.models.issue_log import (
        LogEntry,
    )
    from itpm_tui.models.kpi import (
        Downtime,
        KpiTarget,
        SatisfactionScore,
        ServiceWindow,
    )
    from itpm_tui.models.progress import (
        ProgressRecord,
    )
    from itpm_tui.models.public_holiday import (
        PublicHolidayCalendar,
    )
    from itpm_tui.models.quality import (
        Defect,
        QualityCheck,
    )
    from itpm_tui.models.raci import (
        RaciAssignment,
        RaciMember,
    )
    from itpm_tui.models.risk import (
        Risk,
        RiskAssessment,
    )
    from itpm_tui.models.schedule import (
        Baseline,
        BaselineTask,
        Dependency,
        Holiday,
    )
    from itpm_tui.models.stakeholder import (
        Stakeholder,
    )
    from itpm_tui.models.template import (
        ProjectTemplate,
        TemplateLine,
    )
    from itpm_tui.models.time import (
        TimeEntry,
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
    "PublicHolidayCalendar": "public_holiday",
    "Approval": "gate",
    "BusinessCaseLine": "business_case",
    "CaseKind": "business_case",
    "Charter": "charter",
    "Decision": "gate",
    "Deliverable": "charter",
    "DeliverableState": "charter",
    "Feedback": "closure",
    "Goal": "charter",
    "GoalResult": "charter",
    "HandoverItem": "closure",
    "Lesson": "closure",
    "PhaseChange": "gate",
    "ProjectTemplate": "template",
    "Requirement": "charter",
    "Stakeholder": "stakeholder",
    "TemplateLine": "template",
    "BudgetCategory": "budget",
    "BudgetLine": "budget",
    "DayOff": "day_off",
    "Downtime": "kpi",
    "Expense": "budget",
    "HealthThreshold": "health",
    "KpiTarget": "kpi",
    "SatisfactionScore": "kpi",
    "ServiceWindow": "kpi",
    "TimeEntry": "time",
    "ChangeRequest": "change",
    "ChangeTask": "change",
    "CommunicationItem": "communication",
    "CommunicationLog": "communication",
    "ComplianceFramework": "compliance",
    "ComplianceRequirement": "compliance",
    "Defect": "quality",
    "LogEntry": "issue_log",
    "MaintenanceWindow": "communication",
    "QualityCheck": "quality",
    "RaciAssignment": "raci",
    "RaciMember": "raci",
    "Risk": "risk",
    "RiskAssessment": "risk",
}

_LAZY_MODULES = (
    "budget",
    "business_case",
    "change",
    "charter",
    "closure",
    "communication",
    "compliance",
    "day_off",
    "gate",
    "health",
    "history",
    "issue_log",
    "kpi",
    "progress",
    "public_holiday",
    "quality",
    "raci",
    "risk",
    "schedule",
    "stakeholder",
    "template",
    "time",
)


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
    "PublicHolidayCalendar",
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
