"""Safe first use of a database by several processes at once.

Creating or migrating the schema is serialised: on PostgreSQL by a transaction-level advisory
lock taken before Alembic runs, on SQLite by a lock file beside the database (`NAME.db.lock`,
the `filelock` library; SQLite runs Alembic's DDL outside one transaction, so two processes
would otherwise both create the tables). The loser of the race waits, then finds the schema at
head and does nothing. A database already at head is not locked at all (read-only files work).

Writing documents and their facts is serialised too: `hold_writer_lock` at the start of each
write transaction (PostgreSQL: a second advisory lock, so two runs do not both create the same
person, which has no unique key; SQLite serialises writers itself). Writers that still lose a race (a unique row another process inserted, a PostgreSQL
deadlock, SQLite busy) roll back and try the same transaction again: `retrying`.
"""
from __future__ import annotations

import hashlib
import random
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

# pg_advisory_xact_lock key: any constant 64-bit number shared by every samverkan process
ADVISORY_KEY = 0x5A4D_5645_524B_414E  # "SMVERKAN"
WRITER_KEY = ADVISORY_KEY + 1
LOCK_TIMEOUT = 600.0  # seconds to wait for another process's migration before giving up
T = TypeVar("T")


def sqlite_file(engine: Engine) -> str | None:
    """The file behind a SQLite engine (None for in-memory databases and other dialects)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    return None if not database or database == ":memory:" or database.startswith("file::memory:") else database


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds the schema lock of `engine`'s database until
    after the transaction has committed (released earlier, the next process would not see the
    schema yet)."""
    path = sqlite_file(engine)
    if path is None:
        file_lock = nullcontext()
    else:
        from filelock import FileLock

        file_lock = FileLock(str(lock_file(path)), timeout=LOCK_TIMEOUT)
    if path is not None:
        with file_lock, _sqlite_transactional_ddl(engine) as connection:
            yield connection
        return
    with file_lock, engine.begin() as connection:  # commits before the file lock is released
        if engine.dialect.name == "postgresql":  # released when the transaction ends
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})
        yield connection


@contextmanager
def _sqlite_transactional_ddl(engine: Engine) -> Iterator[Connection]:
    """A SQLite connection whose DDL is inside one real transaction: Python's sqlite3 driver
    otherwise commits before each CREATE TABLE, so a process killed during the first migration
    would leave half a schema behind (the next run then fails on "table already exists")."""
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        before = driver.isolation_level
        driver.isolation_level = None  # the driver issues no BEGIN/COMMIT of its own
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        finally:
            driver.isolation_level = before


def lock_file(database: str) -> Path:
    """The lock file of a SQLite database: in the temporary folder, named by the database's
    absolute path (a lock file cannot be removed safely, so it is kept out of the user's folders)."""
    folder = Path(tempfile.gettempdir()) / "samverkan-locks"
    if not folder.is_dir():
        folder.mkdir(exist_ok=True)
        try:
            folder.chmod(0o1777)  # shared by every user, like /tmp itself
        except OSError:
            pass
    key = hashlib.sha256(str(Path(database).resolve()).encode("utf-8")).hexdigest()[:32]
    return folder / f"{key}.lock"


def hold_writer_lock(session) -> None:
    """Make the session's current transaction the only samverkan writer until it ends (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_KEY})


def is_transient(exc: BaseException) -> bool:
    """True for errors a concurrent writer causes and a retry of the transaction cures."""
    if isinstance(exc, IntegrityError):
        return True  # a row another process inserted between our read and our write
    if isinstance(exc, OperationalError):
        message = str(exc).lower()
        return any(m in message for m in ("database is locked", "deadlock detected", "could not serialize",
                                          "database table is locked", "busy"))
    return isinstance(exc, DBAPIError) and getattr(exc, "connection_invalidated", False)


def retrying(session, work: Callable[[], T], attempts: int = 5) -> T:
    """Run `work()` and commit; on a transient error roll back and run it again (jittered backoff).
    The last error, or any other one, is raised after rolling back."""
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            session.commit()
            return result
        except Exception as exc:
            session.rollback()
            if attempt == attempts or not is_transient(exc):
                raise
            time.sleep(random.uniform(0.05, 0.2) * attempt)
    raise AssertionError("unreachable")


def wait_for_schema(path: str) -> None:
    """Before reading a SQLite file another process may be creating right now (e.g. `serve`
    started together with the first `run`): bring its schema to head under the schema lock,
    which waits for that process. A database already at head is only read."""
    from . import make_engine
    from .migrate import upgrade

    engine = make_engine(str(path))
    try:
        upgrade(engine)
    finally:
        engine.dispose()
