"""board order: an index on a column's cards in board order

Revision ID: 0008_board_order
Revises: 0007_history
Create Date: 2026-11-22 02:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_board_order"
down_revision: str | None = "0007_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(
            "ix_task_column_order", ["column_id", "board_position", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_column_order")
