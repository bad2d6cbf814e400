"""`samverkan serve`: the read-only web interface (Datasette plus our pages)."""
from __future__ import annotations

import ipaddress
import sys

import click

from samverkan.store.db import DEFAULT_DB


@click.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file (or sqlite:/// URL).")
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 127.0.0.1 keeps it on this machine.")
@click.option("--immutable", is_flag=True,
              help="Promise the file will not change (faster counts). Refused while a -wal file holds unsaved writes.")
@click.option("--registrar", is_flag=True,
              help="Also open the registrar desk at /samverkan/desk (login; merge, not the same, split, undo). "
                   "Accounts: `samverkan users add`.")
def serve(db: str, port: int, host: str, immutable: bool, registrar: bool) -> None:
    """Browse, search and cite who signed what with whom, in a web browser (read-only).

    Datasette (tables, facets, SQL, ready-made queries) plus pages for persons,
    municipalities, agreements and documents, each fact linked to its passage.
    With --registrar, registrars can also review duplicate candidates and decide.
    """
    from .app import ServeError, has_pending_wal, run, sqlite_path

    try:
        path = sqlite_path(db)
    except ServeError as error:
        click.echo(f"samverkan serve: {error}", err=True)
        sys.exit(2)
    from samverkan.store.first_use import wait_for_schema

    wait_for_schema(str(path))  # a run creating this database right now: wait for its schema
    if immutable and has_pending_wal(path):
        click.echo(f"samverkan serve: {path} has writes in its -wal file that --immutable would not see; "
                   "serve without --immutable, or let the writer finish first.", err=True)
        sys.exit(2)
    if registrar and immutable:
        click.echo("samverkan serve: --registrar changes the database; it cannot be combined with --immutable.", err=True)
        sys.exit(2)
    if not _is_loopback(host):
        click.echo(f"Note: listening on {host}: anyone who can reach it can read the database.", err=True)
    shown = f"[{host}]" if ":" in host else host
    if registrar:
        click.echo(f"Serving {path} at http://{shown}:{port}/samverkan/search; "
                   f"registrar desk at http://{shown}:{port}/samverkan/desk (Ctrl-C stops)")
    else:
        click.echo(f"Serving {path} read-only at http://{shown}:{port}/samverkan/search (Ctrl-C stops)")
    run(path, host=host, port=port, immutable=immutable, registrar=registrar)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
