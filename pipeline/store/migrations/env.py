"""Alembic environment of the samverkan store (works from an installed package).

`samverkan.store.migrate.upgrade(engine)` passes its connection in `config.attributes`;
the `alembic` command line (with `-x db=URL` or `sqlalchemy.url`) works too.
"""
from __future__ import annotations

from alembic import context

from samverkan.store import Base
from samverkan.store.db import make_engine

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the full-text search objects (made by hand in 0002) out of autogenerate."""
    return not (name or "").startswith(("documents_fts", "ix_documents_fts"))


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as conn:
        _configure_and_run(conn)
        conn.commit()


def run_migrations_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
