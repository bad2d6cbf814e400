"""Build the read-only Datasette application over a samverkan SQLite database."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm
from sqlalchemy.engine import make_url

from samverkan.store.db import DEFAULT_DB

from . import plugin

HERE = Path(__file__).resolve().parent
METADATA_FILE = HERE / "metadata.yml"
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
DATABASE_NAME = "samverkan"  # the URL name of the database, whatever the file is called
STATIC_MOUNT = "samverkan-static"

SETTINGS = {
    "default_page_size": 50,
    "sql_time_limit_ms": 5000,
    "max_returned_rows": 2000,
    "truncate_cells_html": 400,  # table views; the document page always shows the whole text
    "allow_download": False,
}


class ServeError(Exception):
    """`serve` cannot open this database (the message says why)."""


def sqlite_path(db: str | None) -> Path:
    """The SQLite file behind a `--db` value (a path or a sqlite:/// URL).

    Raises ServeError for other databases (Datasette reads SQLite only), a missing file,
    or a file that is not SQLite.
    """
    db = db or DEFAULT_DB
    if "://" in db:
        url = make_url(db)
        if url.get_backend_name() != "sqlite":
            shown = url.render_as_string(hide_password=True)
            raise ServeError(
                f"serve needs a SQLite database (Datasette reads SQLite only); got {shown}. "
                "Copy the data into a SQLite file first, or use the Python API / `samverkan` queries."
            )
        if not url.database or url.database == ":memory:":
            raise ServeError(f"serve needs a SQLite file, not {db}")
        path = Path(url.database)
    else:
        path = Path(db)
    path = path.expanduser().resolve()
    if not path.is_file():
        raise ServeError(f"no database at {path} (build one with `samverkan run`)")
    with path.open("rb") as handle:
        if handle.read(16) not in (b"SQLite format 3\x00", b""):  # empty: being created by a run
            raise ServeError(f"{path} is not a SQLite database")
    return path


def has_pending_wal(path: Path) -> bool:
    """True when a -wal file holds writes not yet copied into the database file."""
    wal = path.with_name(path.name + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


class ReadOnlyDatabase(Database):
    """A Datasette database that can only ever open read-only connections.

    Datasette already reads through `?mode=ro` / `?immutable=1` connections and refuses
    non-SELECT SQL; this also refuses its write connection, so no plugin, canned query or
    endpoint can write.
    """

    def connect(self, write=False):
        if write:
            raise sqlite3.OperationalError("samverkan serve is read-only")
        mode = "mode=ro" if self.is_mutable else "immutable=1"
        conn = sqlite3.connect(f"file:{quote(str(self.path))}?{mode}", uri=True, check_same_thread=False)
        conn.set_authorizer(_no_secrets)
        self._all_file_connections.append(conn)
        return conn


SECRET_COLUMNS = {("users", "password_hash")}


def _no_secrets(action, arg1, arg2, _db, _source):
    """SQLite authorizer: a read of a secret column (the desk's password hashes) gives NULL,
    whatever the SQL typed into Datasette."""
    if action == sqlite3.SQLITE_READ and (arg1, arg2) in SECRET_COLUMNS:
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def load_metadata() -> dict:
    with METADATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def register_plugin() -> None:
    """Register our pages and SQL functions with Datasette (once per process)."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name="samverkan-web")
    _plain_error_pages()


def _plain_error_pages() -> None:
    """Stop Datasette 0.65 printing every refused request as a rich traceback with locals.

    With `rich` installed it calls `print_exception` even outside an `except` block (a 404
    found by the router), which raises and turns the 404 into a 500; and a refused query
    (a non-SELECT statement) floods the terminal. Server errors still print a plain traceback.
    """
    import datasette.handle_exception as handler

    handler.rich = None


def make_datasette(path: Path, immutable: bool = False, registrar: bool = False) -> Datasette:
    """A Datasette over the SQLite file at `path`, read-only, named `samverkan` in URLs.

    `immutable=True` promises the file will not change (faster counts) and ignores a
    -wal file; the default `mode=ro` sees a database that the pipeline is still writing.
    `registrar=True` adds the registrar desk (`samverkan.desk`): login, queue, decisions;
    Datasette itself stays read-only, the desk writes through its own connection.
    """
    if registrar and immutable:
        raise ServeError("the registrar desk changes the database: it cannot be served --immutable")
    register_plugin()
    ds = Datasette(
        [],
        metadata=load_metadata(),
        template_dir=str(TEMPLATES_DIR),
        static_mounts=[(STATIC_MOUNT, str(STATIC_DIR))],
        settings=SETTINGS,
    )
    ds.add_database(ReadOnlyDatabase(ds, path=str(path), is_mutable=not immutable), name=DATABASE_NAME)
    if registrar:
        from samverkan.desk.routes import attach_desk

        attach_desk(ds, path)
    return ds


def run(path: Path, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False,
        registrar: bool = False) -> None:
    """Serve the database until interrupted."""
    import asyncio

    import uvicorn

    ds = make_datasette(path, immutable=immutable, registrar=registrar)
    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
