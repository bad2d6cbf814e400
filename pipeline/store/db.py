"""Opening a database: SQLite file by default (WAL), any SQLAlchemy URL otherwise."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "samverkan.db"


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL from a `--db` value: a URL as it is, a bare path as a SQLite file."""
    db = db or DEFAULT_DB
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


CACHE_KIB = 65536  # SQLite's page cache per connection (default 2 MiB): the upper levels of a large
# database's indexes stay in it, so an insert or look-up does not re-read them from the OS
MMAP_BYTES = 1 << 33  # and the file is read through memory mapping (SQLite caps it at its own
# limit), without a system call per page read: look-ups in a large file cost what they cost in a small one


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")  # first: switching a new file to WAL waits for other processes
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()


def _switch_to_wal(cursor, seconds: float = 30.0) -> None:
    """WAL mode (kept in the file). Switching needs the database to itself, and SQLite answers
    "database is locked" at once, without the busy timeout, while another process migrates a
    new database inside one transaction: retry for a while."""
    import sqlite3
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(db: str | None = None) -> Engine:
    url = database_url(db)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
