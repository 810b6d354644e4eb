"""health thresholds: a manager's own limits per health indicator, per project or portfolio-wide

Revision ID: 0013_health_thresholds
Revises: 0012_row_versions
Create Date: 2026-12-03 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_health_thresholds"
down_revision: str | None = "0012_row_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "health_threshold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("indicator", sa.String(), nullable=False),
        sa.Column("amber", sa.String(), nullable=True),
        sa.Column("red", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_health_threshold_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_threshold")),
    )
    op.create_index(
        op.f("ix_health_threshold_project_id"), "health_threshold", ["project_id"], unique=False
    )


def downgrade() -> None:
    # Dropping the table drops the journal's and the version clock's triggers on it.
    op.drop_index(op.f("ix_health_threshold_project_id"), table_name="health_threshold")
    op.drop_table("health_threshold")
