"""The Alembic migrations build exactly the tables the models describe, on SQLite and PostgreSQL,
and go down and up again; `open_db` is idempotent."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from linkdb import BACKENDS, fresh_database

from samverkan.store import Base, open_db
from samverkan.store.migrate import downgrade, upgrade


def full_text_excluded(obj, name, type_, reflected, compare_to) -> bool:
    """The full-text search objects are made by hand in migration 0002, not from the models."""
    return not (name or "").startswith(("documents_fts", "ix_documents_fts"))


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


def test_migrated_schema_matches_the_models(url):
    engine, _ = open_db(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": full_text_excluded})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_down_and_up_again(url):
    engine, _ = open_db(url)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert {"documents", "persons", "evidence", "audit"} <= set(inspect(engine).get_table_names())
    engine.dispose()
    open_db(url)[0].dispose()  # already at head: nothing to do, no error


def test_documents_stored_before_full_text_search_are_found_after_the_upgrade(url):
    from datetime import datetime

    from sqlalchemy import insert

    from samverkan.query import search
    from samverkan.store import make_engine, make_session_factory
    from samverkan.store.documents import DocumentRow

    engine = make_engine(url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(insert(DocumentRow.__table__), [dict(
            source_path="/old.txt", version=1, is_current=True, content_hash="x", format="txt", title="Gammal",
            text="Kils kommun tecknade ett klimatkontrakt.", pages=[], metadata={}, ingested_at=datetime(2024, 1, 1))])
    upgrade(engine)
    with make_session_factory(engine)() as session:
        hits = search(session, "klimatkontrakt")
    engine.dispose()
    start = "Kils kommun tecknade ett klimatkontrakt.".index("klimatkontrakt")
    assert [(h["path"], h["start"], h["end"]) for h in hits] == [("/old.txt", start, start + len("klimatkontrakt"))]


def test_sqlite_schema_of_a_migration_that_dies_half_way_is_rolled_back(tmp_path):
    """A process killed during the first migration must not leave half a schema behind."""
    from sqlalchemy import inspect as sa_inspect

    from samverkan.store.db import make_engine
    from samverkan.store.first_use import migration_connection

    engine = make_engine(str(tmp_path / "half.db"))
    with pytest.raises(RuntimeError):
        with migration_connection(engine) as connection:
            connection.exec_driver_sql("CREATE TABLE first_table (x INTEGER)")
            connection.exec_driver_sql("CREATE TABLE second_table (y INTEGER)")
            raise RuntimeError("killed half way")
    assert sa_inspect(engine).get_table_names() == []
    with migration_connection(engine) as connection:  # and the next attempt can do it all
        connection.exec_driver_sql("CREATE TABLE first_table (x INTEGER)")
    assert sa_inspect(engine).get_table_names() == ["first_table"]
    engine.dispose()
