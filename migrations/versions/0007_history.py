"""history: change log and undo journal

Revision ID: 0007_history
Revises: 0006_monitoring
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import itpm_tui.models.base

revision: str = "0007_history"
down_revision: str | None = "0006_monitoring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("created_at", itpm_tui.models.base.UTCDateTime(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("recording", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_project_id"), ["project_id"], unique=False)

    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("old_values", sa.String(), nullable=True),
        sa.Column("new_values", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_change_log_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_change_log_table_name"), ["table_name", "row_id"], unique=False
        )


def downgrade() -> None:
    # The journal triggers write into change_log: they go first (db.py recreates them).
    conn = op.get_bind()
    names = conn.execute(
        sa.text("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'journal_%'")
    ).scalars()
    for name in list(names):
        op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_table_name"))
        batch_op.drop_index(batch_op.f("ix_change_log_project_id"))
        batch_op.drop_index(batch_op.f("ix_change_log_action_id"))

    op.drop_table("change_log")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_project_id"))

    op.drop_table("action")
