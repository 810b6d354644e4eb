"""Compliance frameworks and their requirements."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class ComplianceFramework(SQLModel, table=True):
    """A set of requirements a project is audited against (a starter set or the manager's)."""

    __tablename__ = "compliance_framework"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    name: str
    description: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ComplianceRequirement(SQLModel, table=True):
    """One requirement and the audit of it: the environment's state, a verdict, evidence."""

    __tablename__ = "compliance_requirement"

    id: int | None = Field(default=None, primary_key=True)
    framework_id: int = Field(foreign_key="compliance_framework.id", ondelete="CASCADE", index=True)
    ref: str = ""
    title: str
    current_state: str = ""
    # unassessed, compliant, gap or n/a
    status: str = "unassessed"
    evidence: str = ""
    due: date | None = None
    remediation_task_id: int | None = Field(
        default=None, foreign_key="task.id", ondelete="SET NULL"
    )
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
