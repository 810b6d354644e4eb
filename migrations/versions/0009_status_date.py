"""status date: the day a project's earned value is measured on, kept per project

Revision ID: 0009_status_date
Revises: 0008_board_order
Create Date: 2026-12-03 11:00:00
"""

import sqlite3
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_status_date"
down_revision: str | None = "0008_board_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL: measured as of today (moved into the project's span). Added in place.
    op.add_column("project", sa.Column("status_date", sa.Date(), nullable=True))


def downgrade() -> None:
    if sqlite3.sqlite_version_info >= (3, 35):
        # In place: copying the project table and dropping the old one with foreign keys
        # on would cascade-delete every task of every project. The history triggers name
        # the column; they go, as a table copy would drop them, and opening rebuilds them.
        triggers = op.get_bind().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'project'"
        )
        for (name,) in triggers.fetchall():
            op.execute(f'DROP TRIGGER "{name}"')
        op.execute("ALTER TABLE project DROP COLUMN status_date")
        return
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("status_date")
