"""A person: roles held (with dates and parties) and what the person signed."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..link.names import name_key
from ..store.entities import AgreementRow, OrganisationRow, PersonRow, PositionRow, SignatureRow
from .common import Canon, citations


def _people(session: Session, name: str, canon: Canon) -> list[int]:
    key = name_key(name)
    ids = list(session.scalars(select(PersonRow.id).where(PersonRow.name_key == key)))
    if not ids:  # a part of the name ("Sjödén")
        ids = list(session.scalars(select(PersonRow.id).where(PersonRow.name_key.contains(key))))
    return sorted({canon("persons", i) for i in ids})


def person(session: Session, name: str) -> list[dict[str, Any]]:
    """Every person of that name (namesakes stay apart): roles and signatures with citations."""
    canon = Canon(session)
    answers = []
    for person_id in _people(session, name, canon):
        row = session.get(PersonRow, person_id)
        members = canon.members("persons", person_id)
        roles: dict[tuple, dict[str, Any]] = {}
        for position in session.scalars(select(PositionRow).where(PositionRow.person_id.in_(members))):
            org = session.get(OrganisationRow, canon("organisations", position.organisation_id)) \
                if position.organisation_id else None
            key = (position.title, org.name if org else None, position.party)
            role = roles.setdefault(key, {"title": key[0], "organisation": key[1], "party": key[2],
                                          "first_seen": None, "last_seen": None, "citations": []})
            seen = [d for d in (role["first_seen"], role["last_seen"], position.first_seen, position.last_seen) if d]
            role["first_seen"], role["last_seen"] = (min(seen), max(seen)) if seen else (None, None)
            role["citations"] += citations(session, [("positions", position.id)])
        roles = list(roles.values())
        roles.sort(key=lambda r: (r["first_seen"] or "", r["organisation"] or "", r["title"] or "", r["party"] or ""))
        signed = []
        for sig in session.scalars(select(SignatureRow).where(SignatureRow.person_id.in_(members))):
            agreement = session.get(AgreementRow, canon("agreements", sig.agreement_id))
            org = session.get(OrganisationRow, canon("organisations", sig.organisation_id)) \
                if sig.organisation_id else None
            signed.append({"agreement_id": agreement.id, "type": agreement.type, "title": agreement.title,
                           "date": agreement.date, "for": org.name if org else None,
                           "citations": citations(session, [("signatures", sig.id)])})
        signed.sort(key=lambda s: (s["date"] or "", s["type"] or "", s["title"] or ""))
        answers.append({"person_id": row.id, "name": row.name, "roles": roles, "signed": signed})
    return answers
