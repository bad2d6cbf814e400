"""A canonical dump of the whole database: every row by content, not by id.

Foreign keys are replaced by the natural key of the row they point to, autoincrement ids
and timestamps are left out, rows are sorted. Two databases with the same content (e.g.
a run killed and resumed vs. an uninterrupted one, or SQLite vs. PostgreSQL) give equal
dumps.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .documents import DocumentRow, IngestErrorRow
from .entities import (
    AgreementDocumentRow, AgreementPartyRow, AgreementRow, AuditRow, EvidenceRow, MentionRow, OrganisationRow,
    PersonRow, PositionRow, SignatureRow,
)


def canonical_dump_of(url) -> dict[str, list[str]]:
    """The canonical dump of the database at `url` (a SQLAlchemy URL or a SQLite file path)."""
    from . import open_db
    engine, factory = open_db(str(url))
    try:
        with factory() as session:
            return canonical_dump(session)
    finally:
        engine.dispose()


def canonical_dump(session: Session) -> dict[str, list[str]]:
    """table -> sorted JSON strings of its rows, ids replaced by natural keys."""
    docs = {d.id: [d.source_path, d.version, d.content_hash] for d in session.scalars(select(DocumentRow))}
    orgs_rows = list(session.scalars(select(OrganisationRow)))
    orgs = {o.id: [o.kind, o.name] for o in orgs_rows}
    positions_rows = list(session.scalars(select(PositionRow)))
    by_person: dict[int, list] = defaultdict(list)
    for p in positions_rows:
        by_person[p.person_id].append([orgs.get(p.organisation_id), p.title, p.party])
    persons_rows = list(session.scalars(select(PersonRow)))
    persons = {p.id: [p.name, sorted(by_person[p.id], key=json.dumps)] for p in persons_rows}
    positions = {p.id: [persons[p.person_id], orgs.get(p.organisation_id), p.title, p.party] for p in positions_rows}
    party_rows = list(session.scalars(select(AgreementPartyRow)))
    by_agreement: dict[int, list] = defaultdict(list)
    for ap in party_rows:
        by_agreement[ap.agreement_id].append(orgs[ap.organisation_id])
    agreement_rows = list(session.scalars(select(AgreementRow)))
    agreements = {a.id: [a.type, a.title, a.date, a.place, sorted(by_agreement[a.id])] for a in agreement_rows}
    signature_rows = list(session.scalars(select(SignatureRow)))
    signatures = {s.id: [agreements[s.agreement_id], persons[s.person_id], positions.get(s.position_id),
                         orgs.get(s.organisation_id)] for s in signature_rows}
    parties = {ap.id: [agreements[ap.agreement_id], orgs[ap.organisation_id]] for ap in party_rows}
    facts = {"organisations": orgs, "persons": persons, "positions": positions, "agreements": agreements,
             "signatures": signatures, "agreement_parties": parties}

    def sorted_json(rows: list[Any]) -> list[str]:
        return sorted(json.dumps(r, ensure_ascii=False, default=str) for r in rows)

    return {
        "documents": sorted_json([[*docs[d.id], d.is_current, d.format, d.title, d.text, d.language, d.kind, d.pages,
                                   d.meta, d.extractor_version] for d in session.scalars(select(DocumentRow))]),
        "ingest_errors": sorted_json([[e.source_path, e.content_hash, e.reason]
                                      for e in session.scalars(select(IngestErrorRow))]),
        "organisations": sorted_json([[*orgs[o.id], o.scb_code, o.lan_code, o.org_number, orgs.get(o.merged_into_id)]
                                      for o in orgs_rows]),
        "persons": sorted_json([[*persons[p.id], persons.get(p.merged_into_id)] for p in persons_rows]),
        "positions": sorted_json([[*positions[p.id], p.first_seen, p.last_seen] for p in positions_rows]),
        "agreements": sorted_json([[*agreements[a.id], agreements.get(a.merged_into_id)] for a in agreement_rows]),
        "agreement_parties": sorted_json(list(parties.values())),
        "agreement_documents": sorted_json([[agreements[r.agreement_id], docs[r.document_id]]
                                            for r in session.scalars(select(AgreementDocumentRow))]),
        "signatures": sorted_json(list(signatures.values())),
        "evidence": sorted_json([[e.fact_table, facts.get(e.fact_table, {}).get(e.fact_id), docs[e.document_id],
                                  e.start, e.end, e.text, e.extractor_version, e.observed_on, e.claim]
                                 for e in session.scalars(select(EvidenceRow))]),
        "mentions": sorted_json([[docs[m.document_id], m.label, m.start, m.end, m.text, m.value, m.extractor_version]
                                 for m in session.scalars(select(MentionRow))]),
        "audit": sorted_json([[a.action, a.entity, a.reason, a.actor] for a in session.scalars(select(AuditRow))]),
    }
