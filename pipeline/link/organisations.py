"""Organisation names from extraction -> one organisation row each.

A municipality becomes the organisation with its SCB code, a region the one with its län
code, a party its full party name; anything else an `other` organisation by name.
"""
from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..store.entities import OrganisationRow
from .canonical import canonical
from .knowledge import municipalities, parties, regions
from .names import municipality_name, name_key


CACHE = "samverkan.organisations"  # session.info key: (kind, name key) -> organisation row


def forget(session: Session) -> None:
    """Drop the session's organisation cache (after organisations were deleted, or a rollback)."""
    session.info.pop(CACHE, None)


event.listen(Session, "after_rollback", forget)


def _get_or_create(session: Session, kind: str, name: str, **codes) -> OrganisationRow:
    cache = session.info.setdefault(CACHE, {})
    key = (kind, codes.get("scb_code") or name_key(name))
    row = cache.get(key)
    if row is not None and row.merged_into_id is None:
        return row
    row = _lookup(session, kind, name, **codes)
    cache[key] = row
    return row


def _lookup(session: Session, kind: str, name: str, **codes) -> OrganisationRow:
    if codes.get("scb_code"):
        row = session.scalar(select(OrganisationRow).where(OrganisationRow.scb_code == codes["scb_code"]))
    else:
        row = session.scalar(
            select(OrganisationRow).where(OrganisationRow.kind == kind, OrganisationRow.name_key == name_key(name))
            .order_by(OrganisationRow.id).limit(1)
        )
    if row is None:
        row = OrganisationRow(kind=kind, name=name, name_key=name_key(name), **codes)
        session.add(row)
        session.flush()
    return canonical(session, row)


def municipality(session: Session, text: str) -> OrganisationRow | None:
    name = municipality_name(text)
    if name is None:
        return None
    known = municipalities()[name]
    return _get_or_create(session, "municipality", name, scb_code=known.code, lan_code=known.lan_code)


def region(session: Session, text: str) -> OrganisationRow:
    known = regions().get(name_key(text))
    if known is None:
        return _get_or_create(session, "region", text.strip())
    return _get_or_create(session, "region", known.name, lan_code=known.lan_code)


def party(session: Session, letters: str) -> OrganisationRow | None:
    full = parties().get(letters.strip().upper())
    return _get_or_create(session, "party", full) if full else None


def organisation(session: Session, text: str | None) -> OrganisationRow | None:
    """Any organisation name: municipality if it is one, then region, else `other`."""
    if not text or not text.strip():
        return None
    found = municipality(session, text)
    if found is not None:
        return found
    if name_key(text) in regions():
        return region(session, text)
    return _get_or_create(session, "other", text.strip())
