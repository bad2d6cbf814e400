"""Tables for what the linker builds across documents, and the evidence behind every fact.

Entities that registrars can merge (organisations, persons, agreements) carry
`merged_into_id`: a merged record stays in place (nothing is deleted) and points at the
record it was merged into; queries follow the pointer to the canonical record.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class MentionRow(Base):
    """A span of a document that an extractor labelled (provenance for everything else)."""

    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_doc_label", "document_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(32))  # MUNICIPALITY, SEAT, REGION, ORG, PARTY, PERSON, TITLE, DATE, AGREEMENT
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)  # normalised value
    extractor_version: Mapped[str] = mapped_column(String(64))


class OrganisationRow(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("kind", "name", name="uq_organisations_kind_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # municipality | region | party | other
    name: Mapped[str] = mapped_column(String(255))  # canonical (SCB name for municipalities)
    name_key: Mapped[str] = mapped_column(String(255), index=True)  # casefolded name, for lookups
    scb_code: Mapped[str | None] = mapped_column(String(4), nullable=True, unique=True)
    lan_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    org_number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # optimistic lock: +1 on every change by an action


class PersonRow(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    name_key: Mapped[str] = mapped_column(String(255), index=True)  # casefolded name, for lookups
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # optimistic lock: +1 on every change by an action


class PositionRow(Base):
    """A person holding a title at an organisation (with party), as seen in documents."""

    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)
    title: Mapped[str | None] = mapped_column(String(255), nullable=True)
    party: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # first/last seen are recomputed from the dates of the position's evidence
    first_seen: Mapped[str | None] = mapped_column(String(10), nullable=True)  # ISO date (partial allowed)
    last_seen: Mapped[str | None] = mapped_column(String(10), nullable=True)


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # type/title/date/place are recomputed from the claims of the agreement's evidence
    type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    title_key: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)  # casefolded title, for lookups
    date: Mapped[str | None] = mapped_column(String(10), nullable=True)  # ISO, YYYY-MM-DD / YYYY-MM / YYYY
    place: Mapped[str | None] = mapped_column(String(255), nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # optimistic lock: +1 on every change by an action


class AgreementPartyRow(Base):
    __tablename__ = "agreement_parties"
    __table_args__ = (
        UniqueConstraint("agreement_id", "organisation_id", name="uq_agreement_parties_pair"),
        Index("ix_agreement_parties_organisation_agreement", "organisation_id", "agreement_id"),  # party matching
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)


class AgreementPartyPairRow(Base):
    """Two parties of one agreement (organisation_a < organisation_b): the linker finds the
    agreements sharing two of a claim's parties from these pairs, without counting through every
    agreement of each party. Kept by triggers on agreement_parties (migration 0006), never
    written by the application."""

    __tablename__ = "agreement_party_pairs"

    # the key is the lookup's order; derived rows need no id of their own
    organisation_a: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    organisation_b: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    agreement_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, index=True)


class PartylessAgreementRow(Base):
    """An agreement without parties, with its title key: the linker matches a claim naming
    parties by title only to these. Kept by triggers on agreements and agreement_parties
    (migration 0006), never written by the application."""

    __tablename__ = "partyless_agreements"

    agreement_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title_key: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)


class AgreementDocumentRow(Base):
    """The documents that speak of an agreement (declaration, press releases, minutes...)."""

    __tablename__ = "agreement_documents"
    __table_args__ = (UniqueConstraint("agreement_id", "document_id", name="uq_agreement_documents_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)


class SignatureRow(Base):
    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"), nullable=True, index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)


class EvidenceRow(Base):
    """Where a fact came from: fact (table + id) -> document, character span, extractor version."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_fact", "fact_table", "fact_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_table: Mapped[str] = mapped_column(String(32))  # organisations, persons, positions, agreements, agreement_parties, signatures
    fact_id: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    extractor_version: Mapped[str] = mapped_column(String(64))
    observed_on: Mapped[str | None] = mapped_column(String(10), nullable=True)  # date the document attests it
    claim: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # what this document says
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditRow(Base):
    """A registrar's action (merge, split, undo): what, when, why, by whom, and the state before."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))  # merge | split | undo
    entity: Mapped[str] = mapped_column(String(32))  # persons | agreements | organisations | documents
    ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str | None] = mapped_column(String(255), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # rows as they were, to undo exactly
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("audit.id"), nullable=True)
