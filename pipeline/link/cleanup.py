"""Removing facts no document attests any more, and recomputing what evidence determines.

Runs after a document is re-linked: relations (positions, signatures, agreement parties)
without evidence go first, then entities (persons, agreements, organisations) that have
neither evidence nor anything pointing at them (other rows, merges, the audit trail).
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..store.entities import (
    AgreementDocumentRow, AgreementPartyRow, AgreementRow, AuditRow, EvidenceRow, OrganisationRow,
    PersonRow, PositionRow, SignatureRow,
)

from .names import name_key
from .organisations import forget

RELATIONS = {"signatures": SignatureRow, "agreement_parties": AgreementPartyRow, "positions": PositionRow}


def _with_evidence(session: Session, table: str, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(session.scalars(select(EvidenceRow.fact_id).where(
        EvidenceRow.fact_table == table, EvidenceRow.fact_id.in_(ids)).distinct()))


def _audited(session: Session, table: str) -> set[int]:
    ids: set[int] = set()
    for listed in session.scalars(select(AuditRow.ids).where(AuditRow.entity == table)):
        ids.update(i for i in (listed or []) if isinstance(i, int))
    return ids


def drop_unattested_relations(session: Session, touched: set[tuple[str, int]]) -> None:
    for table in ("signatures", "agreement_parties", "positions"):
        model = RELATIONS[table]
        ids = {i for t, i in touched if t == table}
        orphans = ids - _with_evidence(session, table, ids)
        if table == "positions" and orphans:  # a position still named by a signature stays
            orphans -= set(session.scalars(select(SignatureRow.position_id).where(SignatureRow.position_id.in_(orphans))))
        if orphans:
            session.execute(delete(model).where(model.id.in_(orphans)))


def _referenced(session: Session, table: str, ids: set[int]) -> set[int]:
    refs: dict[str, list] = {
        "persons": [PositionRow.person_id, SignatureRow.person_id, PersonRow.merged_into_id],
        "agreements": [AgreementPartyRow.agreement_id, AgreementDocumentRow.agreement_id, SignatureRow.agreement_id,
                       AgreementRow.merged_into_id],
        "organisations": [PositionRow.organisation_id, SignatureRow.organisation_id, AgreementPartyRow.organisation_id,
                          OrganisationRow.merged_into_id],
    }[table]
    found: set[int] = set()
    for column in refs:
        found |= set(session.scalars(select(column).where(column.in_(ids)).distinct()))
    merged = {"persons": PersonRow, "agreements": AgreementRow, "organisations": OrganisationRow}[table]
    found |= set(session.scalars(select(merged.id).where(merged.id.in_(ids), merged.merged_into_id.is_not(None))))
    return found | (_audited(session, table) & ids)


def drop_unattested_entities(session: Session, touched: set[tuple[str, int]]) -> None:
    models = {"persons": PersonRow, "agreements": AgreementRow, "organisations": OrganisationRow}
    for table in ("agreements", "persons", "organisations"):
        ids = {i for t, i in touched if t == table}
        if not ids:
            continue
        unattested = ids - _with_evidence(session, table, ids)
        orphans = unattested - _referenced(session, table, unattested) if unattested else set()
        if orphans:
            session.execute(delete(models[table]).where(models[table].id.in_(orphans)))
            if table == "organisations":
                forget(session)


def refresh_positions(session: Session, position_ids: set[int]) -> None:
    """first_seen / last_seen of each position = earliest / latest date of its evidence;
    its party = the party its documents name most often."""
    if not position_ids:
        return
    evidence = session.execute(select(EvidenceRow.fact_id, EvidenceRow.observed_on, EvidenceRow.claim).where(
        EvidenceRow.fact_table == "positions", EvidenceRow.fact_id.in_(position_ids))).all()
    dates: dict[int, list[str]] = {}
    parties: dict[int, list[str]] = {}
    for fact_id, observed_on, claim in evidence:
        if observed_on:
            dates.setdefault(fact_id, []).append(observed_on)
        if claim and claim.get("party"):
            parties.setdefault(fact_id, []).append(claim["party"])
    for position in session.scalars(select(PositionRow).where(PositionRow.id.in_(position_ids))):
        seen = dates.get(position.id, [])
        position.first_seen, position.last_seen = (min(seen), max(seen)) if seen else (None, None)
        position.party = _pick(parties.get(position.id, []))


def _pick(values: list[str]) -> str | None:
    """The most often claimed value; ties go to the longer, then the alphabetically first."""
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], -len(v), v))[0]


AGREEMENT_TEXT_KINDS = {"declaration", "agreement"}


def _pick_date(claims: list[dict]) -> str | None:
    """The most precise claimed date (YYYY-MM-DD over YYYY-MM over YYYY); among equals, the one
    the agreement's own text states, then the most often claimed, then the later (a signing
    follows the decision to sign)."""
    dated = [c for c in claims if c.get("date")]
    if not dated:
        return None
    counts = Counter(c["date"] for c in dated)
    own = Counter(c["date"] for c in dated if c.get("source_kind") in AGREEMENT_TEXT_KINDS)
    return max(counts, key=lambda v: (len(v), own[v], counts[v], v))


def refresh_agreements(session: Session, agreement_ids: set[int]) -> None:
    """type/title/date/place of each agreement from the claims of its evidence."""
    for agreement_id in agreement_ids:
        agreement = session.get(AgreementRow, agreement_id)
        if agreement is None:
            continue
        claims = [c for c in session.scalars(select(EvidenceRow.claim).where(
            EvidenceRow.fact_table == "agreements", EvidenceRow.fact_id == agreement_id)) if c]
        if not claims:
            continue
        values = {f: [c[f] for c in claims if c.get(f)] for f in ("type", "title", "place")}
        agreement.type = _pick(values["type"])
        agreement.title = _pick(values["title"])
        agreement.title_key = name_key(agreement.title) if agreement.title else None
        agreement.date = _pick_date(claims)
        agreement.place = _pick(values["place"])


def cleanup(session: Session, touched: set[tuple[str, int]]) -> None:
    session.flush()
    drop_unattested_entities(session, touched)
    refresh_positions(session, {i for t, i in touched if t == "positions"})
    refresh_agreements(session, {i for t, i in touched if t == "agreements"})


__all__ = ["cleanup", "drop_unattested_relations", "refresh_agreements", "refresh_positions"]
