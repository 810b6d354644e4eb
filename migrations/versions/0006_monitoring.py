"""monitoring: budget, expenses, time entries, capacity, KPIs, downtime

Revision ID: 0006_monitoring
Revises: 0005_registers
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import itpm_tui.models.base

revision: str = "0006_monitoring"
down_revision: str | None = "0005_registers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "day_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_day_off_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_off")),
        sa.UniqueConstraint("person_id", "on", name=op.f("uq_day_off_person_id")),
    )
    with op.batch_alter_table("day_off", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_off_person_id"), ["person_id"], unique=False)

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("planned_cents", sa.Integer(), nullable=False),
        sa.Column("committed_cents", sa.Integer(), nullable=False),
        sa.Column("actual_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", itpm_tui.models.base.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_budget_line_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_project_id"), ["project_id"], unique=False)

    op.create_table(
        "downtime",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("start", itpm_tui.models.base.UTCDateTime(), nullable=False),
        sa.Column("end", itpm_tui.models.base.UTCDateTime(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_downtime_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_downtime")),
    )
    with op.batch_alter_table("downtime", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_downtime_project_id"), ["project_id"], unique=False)

    op.create_table(
        "kpi_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_kpi_target_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_target")),
        sa.UniqueConstraint("project_id", "kpi", name=op.f("uq_kpi_target_project_id")),
    )
    with op.batch_alter_table("kpi_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_target_project_id"), ["project_id"], unique=False)

    op.create_table(
        "satisfaction_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("stakeholder", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_satisfaction_score_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_score")),
    )
    with op.batch_alter_table("satisfaction_score", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_satisfaction_score_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "service_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(), nullable=False),
        sa.Column("start_hour", sa.Integer(), nullable=False),
        sa.Column("end_hour", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_service_window_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_window")),
        sa.UniqueConstraint("project_id", name=op.f("uq_service_window_project_id")),
    )
    op.create_table(
        "expense",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("vendor", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", itpm_tui.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["budget_line.id"],
            name=op.f("fk_expense_line_id_budget_line"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_expense_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense")),
    )
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expense_line_id"), ["line_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expense_project_id"), ["project_id"], unique=False)

    op.create_table(
        "time_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("worked_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", itpm_tui.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_time_entry_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_time_entry_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_time_entry_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_entry")),
    )
    with op.batch_alter_table("time_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_time_entry_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_time_entry_project_cost",
            ["project_id", "worked_on", "person_id", "minutes"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_time_entry_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_time_entry_worked_on"), ["worked_on"], unique=False)

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("currency", sa.String(), server_default="EUR", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("currency")

    with op.batch_alter_table("time_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_entry_worked_on"))
        batch_op.drop_index(batch_op.f("ix_time_entry_task_id"))
        batch_op.drop_index("ix_time_entry_project_cost")
        batch_op.drop_index(batch_op.f("ix_time_entry_person_id"))

    op.drop_table("time_entry")
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_project_id"))
        batch_op.drop_index(batch_op.f("ix_expense_line_id"))

    op.drop_table("expense")
    op.drop_table("service_window")
    with op.batch_alter_table("satisfaction_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_satisfaction_score_project_id"))

    op.drop_table("satisfaction_score")
    with op.batch_alter_table("kpi_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpi_target_project_id"))

    op.drop_table("kpi_target")
    with op.batch_alter_table("downtime", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_downtime_project_id"))

    op.drop_table("downtime")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_project_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("day_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_day_off_person_id"))

    op.drop_table("day_off")
