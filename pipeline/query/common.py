"""What every query shares: canonical records (following merges), citations, agreement views."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..link.canonical import canonical_map
from ..link.names import municipality_name, name_key
from ..store.documents import DocumentRow
from ..store.entities import (
    AgreementDocumentRow, AgreementPartyRow, AgreementRow, EvidenceRow, OrganisationRow, PersonRow,
    PositionRow, SignatureRow,
)


class Canon:
    """id -> canonical id for persons, organisations and agreements (merges followed)."""

    def __init__(self, session: Session):
        self.maps = {t: canonical_map(session, t) for t in ("persons", "organisations", "agreements")}

    def __call__(self, table: str, record_id: int | None) -> int | None:
        if record_id is None:
            return None
        return self.maps[table].get(record_id, record_id)

    def members(self, table: str, canonical_id: int) -> set[int]:
        """Every id whose canonical record is `canonical_id` (itself included)."""
        return {canonical_id} | {i for i, c in self.maps[table].items() if c == canonical_id}


def citations(session: Session, facts: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
    """Document path and character span of every piece of evidence for `facts`."""
    by_table: dict[str, set[int]] = defaultdict(set)
    for table, fact_id in facts:
        by_table[table].add(fact_id)
    found = set()
    for table, ids in by_table.items():
        rows = session.execute(
            select(DocumentRow.source_path, EvidenceRow.start, EvidenceRow.end, EvidenceRow.text)
            .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
            .where(EvidenceRow.fact_table == table, EvidenceRow.fact_id.in_(ids))
        ).all()
        found.update(tuple(r) for r in rows)
    return [{"path": p, "start": s, "end": e, "text": t}
            for p, s, e, t in sorted(found, key=lambda r: (r[0], r[1] if r[1] is not None else -1, r[2] or -1))]


def organisation_view(row: OrganisationRow) -> dict[str, Any]:
    return {"name": row.name, "kind": row.kind, "scb_code": row.scb_code}


def find_organisations(session: Session, text: str, canon: Canon) -> list[OrganisationRow]:
    """Canonical organisations named by `text` ("Karlstad", "Karlstads kommun", "Region Värmland")."""
    rows: list[OrganisationRow] = []
    name = municipality_name(text)
    if name is not None:
        rows += session.scalars(select(OrganisationRow).where(OrganisationRow.kind == "municipality",
                                                             OrganisationRow.name == name)).all()
    if not rows:
        rows += session.scalars(select(OrganisationRow).where(OrganisationRow.name_key == name_key(text))).all()
    canonical = {}
    for row in rows:
        target = session.get(OrganisationRow, canon("organisations", row.id))
        canonical[target.id] = target
    return [canonical[k] for k in sorted(canonical)]


def agreement_view(session: Session, canonical_id: int, canon: Canon) -> dict[str, Any]:
    """An agreement with its parties, signatures, documents and citations (merged records joined)."""
    agreement = session.get(AgreementRow, canonical_id)
    members = canon.members("agreements", canonical_id)
    parties: dict[int, OrganisationRow] = {}
    party_facts: dict[int, list[tuple[str, int]]] = {}
    party_rows = session.execute(select(AgreementPartyRow.id, AgreementPartyRow.organisation_id).where(
        AgreementPartyRow.agreement_id.in_(members))).all()
    for party_id, org_id in party_rows:
        org = session.get(OrganisationRow, canon("organisations", org_id))
        parties[org.id] = org
        party_facts.setdefault(org.id, []).append(("agreement_parties", party_id))
    signatures: dict[tuple, dict[str, Any]] = {}
    for sig in session.scalars(select(SignatureRow).where(SignatureRow.agreement_id.in_(members))):
        person = session.get(PersonRow, canon("persons", sig.person_id))
        org_id = canon("organisations", sig.organisation_id)
        org = session.get(OrganisationRow, org_id) if org_id else None
        position = session.get(PositionRow, sig.position_id) if sig.position_id else None
        key = (person.id, org_id)
        entry = signatures.setdefault(key, {
            "person": person.name, "person_id": person.id,
            "title": position.title if position else None, "party": position.party if position else None,
            "organisation": org.name if org else None, "sig_ids": []})
        entry["sig_ids"].append(sig.id)
    signature_list = []
    for entry in signatures.values():
        entry["citations"] = citations(session, [("signatures", i) for i in entry.pop("sig_ids")])
        signature_list.append(entry)
    signature_list.sort(key=lambda s: (s["organisation"] or "", s["person"]))
    documents = session.execute(
        select(DocumentRow.source_path, DocumentRow.kind).join(
            AgreementDocumentRow, AgreementDocumentRow.document_id == DocumentRow.id)
        .where(AgreementDocumentRow.agreement_id.in_(members)).distinct()).all()
    return {
        "agreement_id": agreement.id, "type": agreement.type, "title": agreement.title, "date": agreement.date,
        "place": agreement.place,
        "parties": sorted((dict(organisation_view(o), citations=citations(session, party_facts[o.id]))
                           for o in parties.values()), key=lambda o: o["name"]),
        "signatures": signature_list,
        "documents": [{"path": p, "kind": k} for p, k in sorted(documents)],
        "citations": citations(session, [("agreements", i) for i in members]
                               + [("agreement_parties", pid) for pid, _ in party_rows]),
    }


def agreement_sort_key(view: dict[str, Any]) -> tuple:
    return (view["date"] or "9999", view["type"] or "", view["title"] or "",
            view["documents"][0]["path"] if view["documents"] else "")


@dataclass
class AgreementIds:
    """Canonical agreement ids found by a query."""

    ids: set[int]

    def views(self, session: Session, canon: Canon) -> list[dict[str, Any]]:
        return sorted((agreement_view(session, i, canon) for i in self.ids), key=agreement_sort_key)


def agreements_with_party(session: Session, org_ids: set[int], canon: Canon, signed_for: bool = True) -> set[int]:
    """Canonical ids of agreements to which one of `org_ids` (canonical) is party (or signed for)."""
    members = set().union(*(canon.members("organisations", o) for o in org_ids)) if org_ids else set()
    if not members:
        return set()
    ids = set(session.scalars(select(AgreementPartyRow.agreement_id).where(
        AgreementPartyRow.organisation_id.in_(members))))
    if signed_for:
        ids |= set(session.scalars(select(SignatureRow.agreement_id).where(SignatureRow.organisation_id.in_(members))))
    return {canon("agreements", i) for i in ids}
