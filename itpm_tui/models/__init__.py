"""SQLModel tables, one module per aggregate; importing this registers them all."""

from itpm_tui.models.base import metadata
from itpm_tui.models.board import CardMove, Sprint, WorkflowColumn
from itpm_tui.models.history import Action, ChangeLog
from itpm_tui.models.person import Person
from itpm_tui.models.project import (
    Health,
    Methodology,
    Phase,
    Project,
    ProjectType,
    phase_label,
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
from itpm_tui.models.task import Priority, Task, TaskStatus

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
