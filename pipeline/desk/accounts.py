"""Desk accounts: a name, a role (registrar or reader) and an argon2id password hash.

    add_user(session, "anna", "registrar", password)
    authenticate(session, "anna", password) -> UserRow | None
"""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..store.desk import UserRow

ROLES = ("registrar", "reader")
NAME = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 8

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# verified against when the name is unknown, so a wrong name costs as long as a wrong password
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """An account that cannot be made or changed as asked (the message says why)."""


def add_user(session: Session, name: str, role: str, password: str) -> UserRow:
    if not NAME.match(name or ""):
        raise AccountError("a user name is 1-64 letters, digits or . _ @ -")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    if session.execute(select(UserRow.id).where(UserRow.name == name)).first():
        raise AccountError(f"there is already a user called {name}")
    user = UserRow(name=name, role=role, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[UserRow]:
    return list(session.execute(select(UserRow).order_by(UserRow.name)).scalars())


def remove_user(session: Session, name: str) -> None:
    if session.execute(delete(UserRow).where(UserRow.name == name)).rowcount == 0:
        raise AccountError(f"no user called {name}")


def get_user(session: Session, name: str) -> UserRow | None:
    return session.execute(select(UserRow).where(UserRow.name == name)).scalar_one_or_none()


def authenticate(session: Session, name: str, password: str) -> UserRow | None:
    """The user when `password` is theirs, else None (same work whether or not the name exists)."""
    user = get_user(session, name) if NAME.match(name or "") else None
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    return user
