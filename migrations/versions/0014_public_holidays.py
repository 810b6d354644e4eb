"""public holidays: the company's public-holiday calendar (country, subdivision) and projects' own

Revision ID: 0014_public_holidays
Revises: 0013_health_thresholds
Create Date: 2026-12-03 17:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_public_holidays"
down_revision: str | None = "0013_health_thresholds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No rows: every existing project keeps exactly the calendar it had until a company
    # calendar is set.
    op.create_table(
        "public_holiday_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("subdivision", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_public_holiday_calendar_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_holiday_calendar")),
    )
    op.create_index(
        op.f("ix_public_holiday_calendar_project_id"),
        "public_holiday_calendar",
        ["project_id"],
        unique=True,
    )


def downgrade() -> None:
    # Dropping the table drops the journal's and the version clock's triggers on it.
    op.drop_index(
        op.f("ix_public_holiday_calendar_project_id"), table_name="public_holiday_calendar"
    )
    op.drop_table("public_holiday_calendar")
