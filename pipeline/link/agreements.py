"""One agreement however many documents speak of it.

A press release about a signing and the declaration itself are the same agreement when
they agree on type (a generic "avtal" fits a "samverkansavtal"), their party sets overlap, their dates are compatible (a council's
decision and the signing may be weeks apart) and their signatories (where both name some)
share a person.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select
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


def _party_matches(session: Session, parties: set[int]) -> set[int]:
    """Agreements sharing a party with `parties` whose own party set can still match them
    (`parties_overlap` >= 0.5, computed in the database), or that were merged into another
    (their canonical record decides). The rest would be rejected by `_score` anyway: fetching
    only these keeps the work per claim from growing with every agreement of a municipality."""
    ap, every = AgreementPartyRow.__table__.alias("ap"), AgreementPartyRow.__table__.alias("every")
    agreements = AgreementRow.__table__
    shared = func.count()
    total = select(func.count()).where(every.c.agreement_id == ap.c.agreement_id).scalar_subquery()
    n = len(parties)
    can_match = or_(
        3 * shared >= n + total,  # Jaccard shared / (n + total - shared) >= 0.5, in integers
        and_(shared >= 2, or_(shared == n, shared == total)),  # one party set within the other
    )
    if n >= 3:  # then both need 2 shared parties: count the parties of those agreements only
        can_match = and_(shared >= 2, can_match)
    query = (
        select(ap.c.agreement_id)
        .join(agreements, agreements.c.id == ap.c.agreement_id)
        .where(ap.c.organisation_id.in_(parties))
        .group_by(ap.c.agreement_id)
        .having(or_(can_match, func.max(agreements.c.merged_into_id).is_not(None)))
    )
    return set(session.scalars(query))


def _without_parties_or_merged(session: Session, ids: set[int]) -> set[int]:
    """Those of `ids` that have no party (a claim's parties cannot rule them out) or were merged."""
    if not ids:
        return set()
    has_party = select(AgreementPartyRow.id).where(AgreementPartyRow.agreement_id == AgreementRow.id).exists()
    return set(session.scalars(select(AgreementRow.id).where(
        AgreementRow.id.in_(ids), or_(AgreementRow.merged_into_id.is_not(None), ~has_party))))


def _candidate_ids(session: Session, claim: AgreementClaim) -> set[int]:
    """Agreements sharing a party, a signatory's name or the title with the claim; when the
    claim names parties, only those whose parties `_score` could accept."""
    ids: set[int] = set()
    if claim.signatories:
        ids |= set(session.scalars(select(SignatureRow.agreement_id).join(
            PersonRow, PersonRow.id == SignatureRow.person_id).where(PersonRow.name_key.in_(claim.signatories))))
    if claim.title:
        ids |= set(session.scalars(select(AgreementRow.id).where(AgreementRow.title_key == name_key(claim.title))))
    if not claim.parties:
        return ids
    return _party_matches(session, claim.parties) | _without_parties_or_merged(session, ids)


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
