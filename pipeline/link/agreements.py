"""One agreement however many documents speak of it.

A press release about a signing and the declaration itself are the same agreement when
they agree on type (a generic "avtal" fits a "samverkansavtal"), their party sets overlap, their dates are compatible (a council's
decision and the signing may be weeks apart) and their signatories (where both name some)
share a person.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.entities import AgreementPartyRow, AgreementRow, EvidenceRow, PersonRow, SignatureRow
from .canonical import canonical
from .names import name_key


@dataclass
class AgreementClaim:
    """What one document says about an agreement."""

    type: str | None
    title: str | None
    date: str | None
    parties: set[int] = field(default_factory=set)  # organisation ids
    signatories: set[str] = field(default_factory=set)  # name keys


DECISION_TO_SIGNING_DAYS = 92  # a council's decision and the signing of the same agreement


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Unknown dates fit anything; partial ones must agree as far as both go ("2021-05" ~
    "2021-05-12"); two full dates may differ by a decision-to-signing interval."""
    if not a or not b:
        return True
    if a.startswith(b) or b.startswith(a):
        return True
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= DECISION_TO_SIGNING_DAYS
    except ValueError:
        return False


def types_compatible(a: str | None, b: str | None) -> bool:
    """Same type, or one the generic head of the other's compound ("avtal" ~ "samverkansavtal")."""
    a, b = name_key(a or ""), name_key(b or "")
    return a == b or (bool(a) and bool(b) and (a.endswith(b) or b.endswith(a)))


def parties_overlap(a: set[int], b: set[int]) -> float:
    """Jaccard overlap of two party sets; a subset of two or more parties counts as a full match."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if shared >= 2 and (a <= b or b <= a):
        return 1.0
    return shared / len(a | b)


def _claimed_titles(session: Session, agreement_id: int) -> set[str]:
    claims = session.scalars(select(EvidenceRow.claim).where(
        EvidenceRow.fact_table == "agreements", EvidenceRow.fact_id == agreement_id))
    return {name_key(c["title"]) for c in claims if c and c.get("title")}


def _score(session: Session, claim: AgreementClaim, agreement: AgreementRow) -> tuple | None:
    if not types_compatible(agreement.type, claim.type):
        return None
    if not dates_compatible(agreement.date, claim.date):
        return None
    parties = set(session.scalars(select(AgreementPartyRow.organisation_id).where(
        AgreementPartyRow.agreement_id == agreement.id)))
    signatories = {name_key(n) for n in session.scalars(select(PersonRow.name).join(
        SignatureRow, SignatureRow.person_id == PersonRow.id).where(SignatureRow.agreement_id == agreement.id))}
    shared_signatories = len(claim.signatories & signatories)
    if claim.signatories and signatories and not shared_signatories:
        return None
    overlap = parties_overlap(claim.parties, parties)
    same_title = bool(claim.title) and name_key(claim.title) in _claimed_titles(session, agreement.id)
    if claim.parties and parties:
        if overlap < 0.5:
            return None
    elif not (shared_signatories or same_title):
        return None  # nothing but the type in common
    same_type = name_key(agreement.type or "") == name_key(claim.type or "")
    return (overlap, shared_signatories, same_title, same_type, bool(claim.date and agreement.date))


def _candidate_ids(session: Session, claim: AgreementClaim) -> set[int]:
    """Agreements sharing a party, a signatory's name or the title with the claim."""
    ids: set[int] = set()
    if claim.parties:
        ids |= set(session.scalars(select(AgreementPartyRow.agreement_id).where(
            AgreementPartyRow.organisation_id.in_(claim.parties))))
    if claim.signatories:
        ids |= set(session.scalars(select(SignatureRow.agreement_id).join(
            PersonRow, PersonRow.id == SignatureRow.person_id).where(PersonRow.name_key.in_(claim.signatories))))
    if claim.title:
        ids |= set(session.scalars(select(AgreementRow.id).where(AgreementRow.title_key == name_key(claim.title))))
    return ids


def find_agreement(session: Session, claim: AgreementClaim, exclude: set[int]) -> AgreementRow | None:
    """The existing agreement this claim speaks of (best match, oldest on ties), if any."""
    ids = _candidate_ids(session, claim) - exclude
    if not ids:
        return None
    best, best_score = None, None
    candidates: dict[int, AgreementRow] = {}
    for row in session.scalars(select(AgreementRow).where(AgreementRow.id.in_(ids))):
        row = canonical(session, row)
        if row.id not in exclude:
            candidates[row.id] = row
    for _, agreement in sorted(candidates.items()):
        score = _score(session, claim, agreement)
        if score is not None and (best_score is None or score > best_score):
            best, best_score = agreement, score
    return best
