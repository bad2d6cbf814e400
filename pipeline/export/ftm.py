"""FollowTheMoney entities (JSON lines) for Aleph: PublicBody (municipalities, regions),
Organization, Person, Membership (positions), Contract (agreements, parties as authority),
UnknownLink (signatures, role "signatory") and Document (the sources, as proof)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..query.common import Canon
from ..store.documents import DocumentRow
from ..store.entities import (
    AgreementDocumentRow, AgreementPartyRow, AgreementRow, OrganisationRow, PersonRow, PositionRow, SignatureRow,
)

PREFIX = "samverkan"


def _entity(schema: str, *key) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.make_id(PREFIX, schema, *[str(k) for k in key])
    return entity


def entities(session: Session) -> Iterator[EntityProxy]:
    canon = Canon(session)
    ids: dict[tuple[str, int], str] = {}
    for doc in session.scalars(select(DocumentRow).where(DocumentRow.is_current.is_(True))):
        entity = _entity("Document", doc.source_path, doc.content_hash)
        entity.add("fileName", Path(doc.source_path).name)
        entity.add("title", doc.title)
        entity.add("contentHash", doc.content_hash)
        entity.add("language", doc.language)
        ids[("documents", doc.id)] = entity.id
        yield entity
    for org in session.scalars(select(OrganisationRow).where(OrganisationRow.merged_into_id.is_(None))):
        schema = "PublicBody" if org.kind in ("municipality", "region") else "Organization"
        entity = _entity(schema, org.kind, org.scb_code or org.name)
        entity.add("name", org.name)
        entity.add("country", "se")
        if org.kind in ("municipality", "region"):
            entity.add("jurisdiction", "se")
        entity.add("idNumber", org.scb_code)
        entity.add("registrationNumber", org.org_number)
        entity.add("classification", org.kind)
        ids[("organisations", org.id)] = entity.id
        yield entity
    for person in session.scalars(select(PersonRow).where(PersonRow.merged_into_id.is_(None))):
        entity = _entity("Person", person.id, person.name)
        entity.add("name", person.name)
        ids[("persons", person.id)] = entity.id
        yield entity
    for position in session.scalars(select(PositionRow).where(PositionRow.organisation_id.is_not(None))):
        entity = _entity("Membership", position.id)
        entity.add("member", ids[("persons", canon("persons", position.person_id))])
        entity.add("organization", ids[("organisations", canon("organisations", position.organisation_id))])
        entity.add("role", position.title)
        entity.add("description", f"party: {position.party}" if position.party else None)
        entity.add("startDate", position.first_seen)
        entity.add("endDate", position.last_seen)
        yield entity
    parties: dict[int, set[int]] = {}
    for party in session.scalars(select(AgreementPartyRow)):
        parties.setdefault(canon("agreements", party.agreement_id), set()).add(canon("organisations", party.organisation_id))
    documents: dict[int, set[int]] = {}
    for link in session.scalars(select(AgreementDocumentRow)):
        documents.setdefault(canon("agreements", link.agreement_id), set()).add(link.document_id)
    for agreement in session.scalars(select(AgreementRow).where(AgreementRow.merged_into_id.is_(None))):
        entity = _entity("Contract", agreement.id)
        entity.add("name", agreement.title or agreement.type)
        entity.add("title", agreement.title)
        entity.add("type", agreement.type)
        entity.add("contractDate", agreement.date)
        entity.add("address", agreement.place)
        for org_id in sorted(parties.get(agreement.id, ())):
            entity.add("authority", ids[("organisations", org_id)])
        for doc_id in sorted(documents.get(agreement.id, ())):
            if ("documents", doc_id) in ids:
                entity.add("proof", ids[("documents", doc_id)])
        ids[("agreements", agreement.id)] = entity.id
        yield entity
    for sig in session.scalars(select(SignatureRow)):
        entity = _entity("UnknownLink", sig.id)
        entity.add("subject", ids[("persons", canon("persons", sig.person_id))])
        entity.add("object", ids[("agreements", canon("agreements", sig.agreement_id))])
        entity.add("role", "signatory")
        if sig.organisation_id:
            org = session.get(OrganisationRow, canon("organisations", sig.organisation_id))
            entity.add("description", f"signed for {org.name}")
        yield entity


def export_ftm(session: Session, out: Path) -> list[Path]:
    path = out / "samverkan.ftm.json"
    with path.open("w", encoding="utf-8") as handle:
        for entity in entities(session):
            handle.write(json.dumps(entity.to_dict(), ensure_ascii=False) + "\n")
    return [path]
