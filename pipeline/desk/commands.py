"""`samverkan users add|list|remove`: the accounts of the registrar desk."""
from __future__ import annotations

import sys

import click

DB_HELP = "Database: a SQLite file path or any SQLAlchemy URL (default: samverkan.db)."


def _session(db: str | None):
    from ..store import open_db

    _, factory = open_db(db)
    return factory()


@click.group("users")
def users() -> None:
    """Accounts of the registrar desk (`samverkan serve --registrar`)."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["registrar", "reader"]),
              help="registrar: may merge, split, undo; reader: may only look.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (scripts).")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def add_command(name: str, role: str, password_stdin: bool, db: str | None) -> None:
    """Add an account; the password is asked for on the terminal (never an argument)."""
    from .accounts import AccountError, add_user

    password = _read_password(password_stdin)
    with _session(db) as session:
        try:
            add_user(session, name, role, password)
        except AccountError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
        session.commit()
    click.echo(f"added {role} {name}")


@users.command("list")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def list_command(db: str | None) -> None:
    """List the accounts (name, role, created)."""
    from .accounts import list_users

    with _session(db) as session:
        for user in list_users(session):
            click.echo(f"{user.name}\t{user.role}\t{user.created_at:%Y-%m-%d %H:%M}")


@users.command("remove")
@click.argument("name")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def remove_command(name: str, db: str | None) -> None:
    """Remove an account (its past actions stay in the audit trail under its name)."""
    from .accounts import AccountError, remove_user

    with _session(db) as session:
        try:
            remove_user(session, name)
        except AccountError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
        session.commit()
    click.echo(f"removed {name}")
