"""The store: SQLAlchemy tables and the functions that read and write them.

`open_db(db)` is the one way in: it makes the engine (SQLite file `samverkan.db` by default,
in WAL mode; any SQLAlchemy URL, e.g. `postgresql+psycopg://...`), migrates the schema to
the newest Alembic revision and returns `(engine, sessionmaker)`.
"""
from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .base import Base
from .db import DEFAULT_DB, database_url, make_engine, make_session_factory
from . import desk, documents, entities  # noqa: F401  (registers the tables on Base.metadata)


def create_all(engine: Engine) -> None:
    """Create (or migrate) every table: the same Alembic migrations as `open_db`."""
    from .migrate import upgrade

    upgrade(engine)


def open_db(db: str | None = None) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and session factory for `db` (path or URL), schema migrated to head."""
    engine = make_engine(db)
    create_all(engine)
    return engine, make_session_factory(engine)


__all__ = ["Base", "DEFAULT_DB", "create_all", "database_url", "make_engine", "make_session_factory", "open_db"]
