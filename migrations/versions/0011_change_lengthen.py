"""change lengthen: a change request can add working days to its tasks, recorded per task

Revision ID: 0011_change_lengthen
Revises: 0010_progress_history
Create Date: 2026-12-03 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_change_lengthen"
down_revision: str | None = "0010_progress_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Changes raised so far only moved tasks: they lengthen nothing.
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extend_days", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("change_task", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extended_days", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("change_task", schema=None) as batch_op:
        batch_op.drop_column("extended_days")
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.drop_column("extend_days")
