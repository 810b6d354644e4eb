"""Alembic environment: runs on the connection itpm hands over, or on sqlalchemy.url."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, String, create_engine
from sqlmodel.sql.sqltypes import AutoString

from itpm_tui.models import load_all
from itpm_tui.models.base import metadata

config = context.config
load_all()  # every table on the metadata, for autogenerate


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write the models' str columns as plain sa.String(): revisions never import sqlmodel."""
    if type_ == "type" and isinstance(obj, AutoString):
        impl = obj.impl_instance
        length = impl.length if isinstance(impl, String) else None
        return "sa.String()" if length is None else f"sa.String(length={length})"
    return False  # everything else as Alembic renders it


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        render_item=_render_item,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no connection handed over and no sqlalchemy.url set")
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
