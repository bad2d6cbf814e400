"""The store: SQLAlchemy tables and the functions that read and write them."""
from __future__ import annotations

from sqlalchemy import Engine

from .base import Base
from .db import DEFAULT_DB, database_url, make_engine, make_session_factory
from . import documents, entities  # noqa: F401  (registers the tables on Base.metadata)


def create_all(engine: Engine) -> None:
    """Create every table that does not exist yet."""
    Base.metadata.create_all(engine)


__all__ = ["Base", "DEFAULT_DB", "create_all", "database_url", "make_engine", "make_session_factory"]
