"""Alembic migrations of the itpm schema; HEAD_REVISION is checked against the scripts by a test."""

# Known without importing Alembic, so that opening an up-to-date database stays fast.
HEAD_REVISION = "0014_public_holidays"
