"""`samverkan query ...` and `samverkan search`: the command-line shell over `samverkan.query`.

A readable table by default (rich), JSON with `--json`; every answer cites document path and
character span.
"""
from __future__ import annotations

import json
from typing import Any, Callable

import click

DB_OPTION = click.option("--db", default=None, metavar="URL",
                         help="Database: a SQLite file path or any SQLAlchemy URL (default: samverkan.db).")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _answer(db: str | None, ask: Callable[[Any], Any]) -> Any:
    from ..store import open_db

    _, factory = open_db(db)
    with factory() as session:
        return ask(session)


def _unknown(db: str | None, *names: str) -> None:
    """Say on stderr which of `names` the database has no organisation for."""
    from .common import Canon, find_organisations

    def missing(session):
        canon = Canon(session)
        return [n for n in names if n and not find_organisations(session, n, canon)]

    for name in _answer(db, missing):
        click.echo(f"No organisation named {name!r} in the database.", err=True)


def _cite(citations: list[dict[str, Any]], limit: int = 3) -> str:
    from pathlib import Path

    parts = [f"{Path(c['path']).name}:{c['start']}-{c['end']}" if c["start"] is not None else Path(c["path"]).name
             for c in citations]
    unique = list(dict.fromkeys(parts))
    more = f" (+{len(unique) - limit})" if len(unique) > limit else ""
    return ", ".join(unique[:limit]) + more


def _print_table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    import sys

    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _agreement_label(view: dict[str, Any]) -> str:
    return " ".join(x for x in (view.get("type"), f"«{view['title']}»" if view.get("title") else None) if x) or "?"


def _agreement_rows(views: list[dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for view in views:
        parties = ", ".join(p["name"] for p in view["parties"])
        base = [_agreement_label(view), view["date"], view["place"], parties]
        if not view["signatures"]:
            rows.append(base + ["—", "", "", _cite(view["citations"])])
        for sig in view["signatures"]:
            who = sig["person"] + (f" ({sig['party']})" if sig["party"] else "")
            rows.append(base + [who, sig["title"], sig["organisation"], _cite(sig["citations"] or view["citations"])])
            base = ["", "", "", ""]
    return rows


AGREEMENT_COLUMNS = ["agreement", "date", "place", "parties", "signed by", "as", "for", "source (file:span)"]


@click.group("query")
def query() -> None:
    """Ask the database who signed what with whom (answers cite file and character span)."""


@query.command("signatories")
@click.option("--municipality", "-m", default=None, help='e.g. "Karlstad" or "Karlstads kommun"; all agreements when left out.')
@DB_OPTION
@JSON_OPTION
def signatories_command(municipality: str | None, db: str | None, as_json: bool) -> None:
    """Agreements involving a municipality, with who signed for whom and when."""
    from . import signatories

    views = _answer(db, lambda s: signatories(s, municipality))
    if not views and municipality:
        _unknown(db, municipality)
    if as_json:
        return _print_json(views)
    title = f"Agreements involving {municipality}" if municipality else "All agreements"
    _print_table(f"{title}: {len(views)}", AGREEMENT_COLUMNS, _agreement_rows(views))


@query.command("person")
@click.argument("name")
@DB_OPTION
@JSON_OPTION
def person_command(name: str, db: str | None, as_json: bool) -> None:
    """Roles a person held (with dates and parties) and what the person signed."""
    from . import person

    people = _answer(db, lambda s: person(s, name))
    if as_json:
        return _print_json(people)
    if not people:
        click.echo(f"No person named {name!r}.")
    for entry in people:
        _print_table(f"{entry['name']} (person {entry['person_id']}): roles", ["title", "organisation", "party",
                     "first seen", "last seen", "source (file:span)"],
                     [[r["title"], r["organisation"], r["party"], r["first_seen"], r["last_seen"], _cite(r["citations"])]
                      for r in entry["roles"]])
        _print_table(f"{entry['name']}: signed", ["agreement", "date", "for", "source (file:span)"],
                     [[_agreement_label(s), s["date"], s["for"], _cite(s["citations"])] for s in entry["signed"]])


@query.command("between")
@click.argument("a")
@click.argument("b")
@DB_OPTION
@JSON_OPTION
def between_command(a: str, b: str, db: str | None, as_json: bool) -> None:
    """Agreements both A and B are party to (e.g. `between Kil Grums`)."""
    from . import between

    views = _answer(db, lambda s: between(s, a, b))
    if not views:
        _unknown(db, a, b)
    if as_json:
        return _print_json(views)
    _print_table(f"Agreements between {a} and {b}: {len(views)}", AGREEMENT_COLUMNS, _agreement_rows(views))


@query.command("network")
@click.option("--municipality", "-m", required=True, help='e.g. "Karlstad" or "Karlstads kommun".')
@DB_OPTION
@JSON_OPTION
def network_command(municipality: str, db: str | None, as_json: bool) -> None:
    """Who a municipality cooperates with, and how often (shared agreements)."""
    from . import network

    partners = _answer(db, lambda s: network(s, municipality))
    if not partners:
        _unknown(db, municipality)
    if as_json:
        return _print_json(partners)
    _print_table(f"{municipality} cooperates with", ["partner", "kind", "agreements", "which", "source (file:span)"],
                 [[p["name"], p["kind"], p["count"],
                   "; ".join(f"{a['type']} {a['date'] or ''}".strip() for a in p["agreements"]), _cite(p["citations"])]
                  for p in partners])


@click.command("search")
@click.argument("text")
@click.option("--limit", default=20, show_default=True, help="At most this many documents.")
@DB_OPTION
@JSON_OPTION
def search_command(text: str, limit: int, db: str | None, as_json: bool) -> None:
    """Full-text search of the documents (every word, as a word prefix), with snippets."""
    from . import search

    hits = _answer(db, lambda s: search(s, text, limit=limit))
    if as_json:
        return _print_json(hits)
    _print_table(f"{len(hits)} documents for {text!r}", ["file:span", "hits", "snippet"],
                 [[_cite([h]), h["hits"], h["snippet"]] for h in hits])
