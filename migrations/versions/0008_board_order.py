"""board order: an index on a column's cards in board order; what a move's column meant

Revision ID: 0008_board_order
Revises: 0007_history
Create Date: 2026-11-22 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
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
    with op.batch_alter_table("card_move", schema=None) as batch_op:
        batch_op.add_column(sa.Column("to_status", sa.String(), server_default="", nullable=False))
    # Moves recorded so far take the meaning their column has now: the best there is.
    op.execute(
        "UPDATE card_move SET to_status = COALESCE("
        "(SELECT status FROM workflow_column WHERE workflow_column.id = card_move.to_column_id),"
        " '')"
    )


def downgrade() -> None:
    with op.batch_alter_table("card_move", schema=None) as batch_op:
        batch_op.drop_column("to_status")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_column_order")
