"""progress history: each % complete and actual date of a task with the day it was recorded

Revision ID: 0010_progress_history
Revises: 0009_status_date
Create Date: 2026-12-03 10:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_progress_history"
down_revision: str | None = "0009_status_date"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "progress_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_finish", sa.Date(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["task.id"],
            name=op.f("fk_progress_record_task_id_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_record")),
    )
    op.create_index(
        "ix_progress_record_task_day", "progress_record", ["task_id", "recorded_on", "id"]
    )
    op.create_index(
        "ix_progress_record_unstamped",
        "progress_record",
        ["id"],
        sqlite_where=sa.text("recorded_on IS NULL"),
    )
    # The progress each task has now, as of the day the task last changed: the best
    # there is for the past (a status date before it reads no recorded progress).
    op.execute(
        "INSERT INTO progress_record (task_id, percent, actual_start, actual_finish, recorded_on) "
        "SELECT id, CASE WHEN status = 'done' THEN 100 ELSE percent_complete END, "
        "actual_start, actual_finish, date(updated_at) FROM task "
        "WHERE percent_complete > 0 OR status = 'done' OR actual_start IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS progress_on_insert")
    op.execute("DROP TRIGGER IF EXISTS progress_on_update")
    op.drop_index("ix_progress_record_unstamped", table_name="progress_record")
    op.drop_index("ix_progress_record_task_day", table_name="progress_record")
    op.drop_table("progress_record")
