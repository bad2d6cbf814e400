"""Loading what deduplication compares from the store (read only).

Only canonical records are returned; a canonical record carries what its merged members
know too (their parties, signatories, documents, positions).
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.base import Base
from .canonical import canonical_map
from .documents import DocumentItem
from .records import AgreementRecord, PersonRecord

TEXT_LIMIT = 6000  # characters of document text per agreement used for text similarity


def _t(name: str):
    return Base.metadata.tables[name]


def load_documents(session: Session) -> list[DocumentItem]:
    """The current version of every ingested document, named by its source path."""
    docs = _t("documents")
    rows = session.execute(select(docs.c.source_path, docs.c.text, docs.c.content_hash)
                           .where(docs.c.is_current.is_(True)).order_by(docs.c.id)).all()
    return [DocumentItem(path, text or "", content_hash) for path, text, content_hash in rows]


def load_agreements(session: Session) -> list[AgreementRecord]:
    agreements, parties, orgs = _t("agreements"), _t("agreement_parties"), _t("organisations")
    signatures, persons, links, docs = _t("signatures"), _t("persons"), _t("agreement_documents"), _t("documents")
    canon = canonical_map(session, "agreements")
    org_canon = canonical_map(session, "organisations")
    person_canon = canonical_map(session, "persons")
    org_name = dict(session.execute(select(orgs.c.id, orgs.c.name)).all())
    person_name = dict(session.execute(select(persons.c.id, persons.c.name)).all())
    party_names: dict[int, set[str]] = defaultdict(set)
    for agreement_id, org_id in session.execute(select(parties.c.agreement_id, parties.c.organisation_id)):
        party_names[canon.get(agreement_id, agreement_id)].add(org_name[org_canon.get(org_id, org_id)])
    signer_names: dict[int, set[str]] = defaultdict(set)
    for agreement_id, person_id in session.execute(select(signatures.c.agreement_id, signatures.c.person_id)):
        signer_names[canon.get(agreement_id, agreement_id)].add(person_name[person_canon.get(person_id, person_id)])
    texts: dict[int, list[str]] = defaultdict(list)
    told_by: dict[int, set[int]] = defaultdict(set)
    for agreement_id, document_id, text in session.execute(
            select(links.c.agreement_id, links.c.document_id, docs.c.text)
            .join(docs, docs.c.id == links.c.document_id).order_by(links.c.id)):
        texts[canon.get(agreement_id, agreement_id)].append((text or "")[:TEXT_LIMIT])
        told_by[canon.get(agreement_id, agreement_id)].add(document_id)
    out = []
    for row in session.execute(select(agreements).where(agreements.c.merged_into_id.is_(None)).order_by(agreements.c.id)).mappings():
        out.append(AgreementRecord(row["id"], row["type"], row["title"], row["date"], sorted(party_names[row["id"]]),
                                   sorted(signer_names[row["id"]]), "\n".join(texts[row["id"]])[:TEXT_LIMIT],
                                   frozenset(told_by[row["id"]])))
    return out


def load_persons(session: Session) -> list[PersonRecord]:
    persons, positions, orgs, signatures = _t("persons"), _t("positions"), _t("organisations"), _t("signatures")
    canon = canonical_map(session, "persons")
    org_canon = canonical_map(session, "organisations")
    agreement_canon = canonical_map(session, "agreements")
    org_name = dict(session.execute(select(orgs.c.id, orgs.c.name)).all())
    info: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in session.execute(select(positions)).mappings():
        d = info[canon.get(row["person_id"], row["person_id"])]
        if row["title"]:
            d["titles"].append(row["title"])
        if row["organisation_id"] is not None:
            d["orgs"].append(org_name[org_canon.get(row["organisation_id"], row["organisation_id"])])
        if row["party"]:
            d["parties"].append(row["party"])
        d["dates"] += [x for x in (row["first_seen"], row["last_seen"]) if x]
    for person_id, agreement_id in session.execute(select(signatures.c.person_id, signatures.c.agreement_id)):
        info[canon.get(person_id, person_id)]["agreements"].append(agreement_canon.get(agreement_id, agreement_id))
    out = []
    for pid, name in session.execute(select(persons.c.id, persons.c.name).where(persons.c.merged_into_id.is_(None))
                                     .order_by(persons.c.id)):
        d = info.get(pid, {})
        dates = sorted(d.get("dates", []))
        out.append(PersonRecord(pid, name, sorted(set(d.get("titles", []))), sorted(set(d.get("orgs", []))),
                                sorted(set(d.get("parties", []))), dates[0] if dates else None,
                                dates[-1] if dates else None, sorted(set(d.get("agreements", [])))))
    return out
