"""`samverkan export`: the command-line shell over `samverkan.export.export`."""
from __future__ import annotations

import click

from . import FORMATS


@click.command("export")
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True, default=("csv",), show_default=True,
              help="csv: one file per table; json: all tables; graphml: network for Gephi; "
                   "ftm: FollowTheMoney entities for Aleph. Repeat for several.")
@click.option("--out", default="export", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--db", default=None, metavar="URL",
              help="Database: a SQLite file path or any SQLAlchemy URL (default: samverkan.db).")
def export(formats: tuple[str, ...], out: str, db: str | None) -> None:
    """Export the database (tables, network, FollowTheMoney entities)."""
    from ..store import open_db
    from . import export as write

    _, factory = open_db(db)
    with factory() as session:
        for fmt in formats:
            for path in write(session, fmt, out):
                click.echo(f"{fmt}: {path}")
