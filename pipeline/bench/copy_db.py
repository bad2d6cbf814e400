"""Copying a SQLite database of samverkan into a new PostgreSQL one, row for row (ids kept).

The linked result does not depend on the database (the canonical-dump tests compare both),
so a large PostgreSQL database for the writer benchmarks can be made from a SQLite one in
minutes instead of linking 100,000 documents again: the schema by `open_db` (all migrations),
the rows by COPY with triggers and foreign-key checks off (the lookup tables the triggers
keep are copied too), then the sequences moved past the highest ids and `VACUUM ANALYZE`.
"""
from __future__ import annotations

import sqlite3
from typing import Callable


def copy_sqlite_to_postgres(sqlite_path: str, postgres_url: str, log: Callable[[str], None] = print) -> dict[str, int]:
    """Rows copied per table, into the (empty) database at `postgres_url`."""
    from sqlalchemy import text

    from pathlib import Path

    from ..store import Base, open_db

    if not Path(sqlite_path).is_file():
        raise FileNotFoundError(sqlite_path)
    for url in (sqlite_path, postgres_url):  # both at the newest schema
        open_db(url)[0].dispose()
    source = sqlite3.connect(sqlite_path)
    engine, _ = open_db(postgres_url)
    copied: dict[str, int] = {}
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection  # psycopg
            with raw.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")  # no triggers, no FK checks
                for table in Base.metadata.sorted_tables:
                    columns = [c.name for c in table.columns]
                    quoted = ", ".join(f'"{c}"' for c in columns)
                    n = 0
                    with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                        for row in source.execute(f'SELECT {quoted} FROM "{table.name}"'):
                            copy.write_row(row)
                            n += 1
                    copied[table.name] = n
                    if "id" in table.c and table.c.id.autoincrement is not False and n:
                        cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                       f'(SELECT max(id) FROM "{table.name}"))')
                    log(f"  copied {table.name}: {n} rows")
                cursor.execute("SET session_replication_role = DEFAULT")
            raw.commit()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()
        source.close()
    return copied
