"""row versions: every editable table has a version; a clock numbers changes and commits

Revision ID: 0012_row_versions
Revises: 0011_change_lengthen
Create Date: 2026-12-03 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_row_versions"
down_revision: str | None = "0011_change_lengthen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables that get a version now (task, project, person, risk, ... had one already).
NEWLY_VERSIONED = (
    "approval",
    "baseline",
    "business_case_line",
    "change_task",
    "communication_item",
    "communication_log",
    "compliance_framework",
    "compliance_requirement",
    "day_off",
    "defect",
    "deliverable",
    "dependency",
    "downtime",
    "expense",
    "feedback",
    "goal",
    "handover_item",
    "holiday",
    "kpi_target",
    "lesson",
    "maintenance_window",
    "project_template",
    "quality_check",
    "raci_assignment",
    "raci_member",
    "requirement",
    "risk_assessment",
    "satisfaction_score",
    "service_window",
    "sprint",
    "stakeholder",
    "template_line",
    "time_entry",
    "workflow_column",
)
VERSIONED_BEFORE = (
    "budget_line",
    "change_request",
    "charter",
    "log_entry",
    "person",
    "project",
    "risk",
    "task",
)


def upgrade() -> None:
    # ALTER TABLE ADD COLUMN with a constant default: no table is copied.
    for table in NEWLY_VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column(
        "action",
        sa.Column("origin", sa.String(), server_default="", nullable=False),
    )
    op.create_table(
        "clock",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_clock")),
    )
    # The version clock starts past every version a row holds or held (an editor may
    # hold a number an undo took back: the journal remembers those).
    highest = " UNION ALL ".join(f"SELECT max(version) AS v FROM {t}" for t in VERSIONED_BEFORE)
    op.execute(
        "INSERT INTO clock (name, value) SELECT 'version', coalesce(max(v), 0) + 1 FROM ("
        f"{highest} UNION ALL "
        "SELECT max(CAST(json_extract(old_values, '$.version') AS INTEGER)) FROM change_log "
        "WHERE json_valid(old_values) "
        "UNION ALL "
        "SELECT max(CAST(json_extract(new_values, '$.version') AS INTEGER)) FROM change_log "
        "WHERE json_valid(new_values)"
        ")"
    )
    op.execute("INSERT INTO clock (name, value) VALUES ('commits', 0)")


def downgrade() -> None:
    # Batch mode copies tables that the journal's triggers name; they are made again from
    # the schema the next time the database is opened.
    conn = op.get_bind()
    triggers = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
        "AND (name LIKE 'journal%' OR name LIKE 'guard%')"
    ).scalars()
    for name in list(triggers):
        op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    op.drop_table("clock")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("origin")
    for table in NEWLY_VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
