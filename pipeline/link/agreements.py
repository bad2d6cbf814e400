"""One agreement however many documents speak of it.

A press release about a signing and the declaration itself are the same agreement when
they agree on type (a generic "avtal" fits a "samverkansavtal"), their party sets overlap, their dates are compatible (a council's
decision and the signing may be weeks apart) and their signatories (where both name some)
share a person.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, bindparam, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from ..store.entities import (
    AgreementPartyPairRow, AgreementPartyRow, AgreementRow, EvidenceRow, PartylessAgreementRow, PersonRow, SignatureRow,
)
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


def _score(claim: AgreementClaim, agreement: AgreementRow, facts: "AgreementFacts") -> tuple | None:
    if not types_compatible(agreement.type, claim.type):
        return None
    if not dates_compatible(agreement.date, claim.date):
        return None
    parties = facts.parties.get(agreement.id, set())
    signatories = facts.signatories.get(agreement.id, set())
    shared_signatories = len(claim.signatories & signatories)
    if claim.signatories and signatories and not shared_signatories:
        return None
    overlap = parties_overlap(claim.parties, parties)
    same_title = bool(claim.title) and name_key(claim.title) in facts.titles.get(agreement.id, set())
    if claim.parties and parties:
        if overlap < 0.5:
            return None
    elif not (shared_signatories or same_title):
        return None  # nothing but the type in common
    same_type = name_key(agreement.type or "") == name_key(claim.type or "")
    return (overlap, shared_signatories, same_title, same_type, bool(claim.date and agreement.date))


@dataclass
class AgreementFacts:
    """What `_score` compares, for a set of agreements, read in one query each."""

    parties: dict[int, set[int]] = field(default_factory=dict)  # agreement id -> organisation ids
    signatories: dict[int, set[str]] = field(default_factory=dict)  # agreement id -> name keys
    titles: dict[int, set[str]] = field(default_factory=dict)  # agreement id -> title keys its evidence claims


def agreement_facts(session: Session, ids: list[int], with_titles: bool) -> AgreementFacts:
    facts = AgreementFacts()
    if not ids:
        return facts
    for agreement_id, organisation_id in session.execute(_statements()["parties"], {"ids": ids}):
        facts.parties.setdefault(agreement_id, set()).add(organisation_id)
    for agreement_id, name in session.execute(_statements()["signatories"], {"ids": ids}):
        facts.signatories.setdefault(agreement_id, set()).add(name_key(name))
    if with_titles:
        for agreement_id, claim in session.execute(_statements()["titles"], {"ids": ids}):
            if claim and claim.get("title"):
                facts.titles.setdefault(agreement_id, set()).add(name_key(claim["title"]))
    return facts


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_window(claim_date: str | None) -> dict[str, str] | None:
    """The range of full ISO dates `dates_compatible` accepts for a full claimed date, as
    bind parameters; None when the claim's date cannot narrow the search (unknown or partial)."""
    if not claim_date or not ISO_DATE.fullmatch(claim_date):
        return None
    try:
        day = date.fromisoformat(claim_date)
        span = timedelta(days=DECISION_TO_SIGNING_DAYS)
        return {"earliest": (day - span).isoformat(), "latest": (day + span).isoformat()}
    except (ValueError, OverflowError):
        return None


def _date_may_fit(agreements) -> Any:
    """SQL: the agreement is merged (its canonical record decides) or its date may fit the
    window: unknown, not a full ISO date (prefixes and other forms: `_score` decides), or within
    it. Only agreements `dates_compatible` rejects are left out."""
    column = agreements.c.date
    return or_(agreements.c.merged_into_id.is_not(None), column.is_(None), column == "",
               ~column.like("____-__-__"), column.between(bindparam("earliest"), bindparam("latest")))


def _merged(agreements) -> Any:
    """SQL: the agreement was merged into another. Written as a range (ids are positive) so
    that SQLite reads the few merged ones from the merged pointers' index: it scans the whole
    table for `IS NOT NULL`."""
    return agreements.c.merged_into_id > 0


@lru_cache(maxsize=None)
def _sharing_statement():
    """Agreements sharing at least `min_shared` of `parties` (counted on agreement_parties alone,
    from its (organisation_id, agreement_id) index) with their party count, merged pointer and
    date; and merged ones sharing any party (few: a registrar merged them)."""
    ap, every, agreements = (AgreementPartyRow.__table__, AgreementPartyRow.__table__.alias("every"),
                             AgreementRow.__table__)
    parties = bindparam("parties", expanding=True)
    sharing = (select(ap.c.agreement_id, func.count().label("shared")).where(ap.c.organisation_id.in_(parties))
               .group_by(ap.c.agreement_id).having(func.count() >= bindparam("min_shared", type_=Integer)).subquery())
    total = select(func.count()).where(every.c.agreement_id == sharing.c.agreement_id).scalar_subquery()
    counted = (select(sharing.c.agreement_id, sharing.c.shared, total, agreements.c.merged_into_id, agreements.c.date)
               .join(agreements, agreements.c.id == sharing.c.agreement_id))
    merged = select(agreements.c.id, literal(0), literal(0), agreements.c.merged_into_id, null()).where(  # index only
        _merged(agreements),
        select(ap.c.id).where(ap.c.agreement_id == agreements.c.id, ap.c.organisation_id.in_(parties)).exists())
    return union_all(counted, merged)


@lru_cache(maxsize=None)
def _pair_statement():
    """Agreements with two or more of `parties` among theirs, read from `agreement_party_pairs`'
    index (the claim's pairs, not all the agreements of each party): how many of the claim's
    pairs each has (s shared parties make s(s-1)/2 pairs), its party count, merged pointer and
    date; and merged ones sharing any party."""
    pairs, ap, every, agreements = (AgreementPartyPairRow.__table__, AgreementPartyRow.__table__,
                                    AgreementPartyRow.__table__.alias("every"), AgreementRow.__table__)
    parties = bindparam("parties", expanding=True)
    paired = (select(pairs.c.agreement_id, func.count().label("pairs"))
              .where(pairs.c.organisation_a.in_(parties), pairs.c.organisation_b.in_(parties))
              .group_by(pairs.c.agreement_id).subquery())
    total = select(func.count()).where(every.c.agreement_id == paired.c.agreement_id).scalar_subquery()
    found = (select(agreements.c.id, paired.c.pairs, total, agreements.c.merged_into_id, agreements.c.date)
             .join(paired, paired.c.agreement_id == agreements.c.id))
    merged = select(agreements.c.id, literal(0), literal(0), agreements.c.merged_into_id, null()).where(
        _merged(agreements),
        select(ap.c.id).where(ap.c.agreement_id == agreements.c.id, ap.c.organisation_id.in_(parties)).exists())
    return union_all(found, merged)


def shared_of_pairs(pairs: int) -> int:
    """How many parties two sets share when they have `pairs` pairs of parties in common."""
    return round((1 + math.sqrt(1 + 8 * pairs)) / 2) if pairs else 0


def can_match(shared: int, total: int, n: int) -> bool:
    """Whether an agreement of `total` parties sharing `shared` of a claim's `n` can reach
    `parties_overlap` >= 0.5 (in integers); with 3+ claimed parties, only by sharing 2."""
    possible = 3 * shared >= n + total or (shared >= 2 and (shared == n or shared == total))
    return possible and (shared >= 2 or n < 3)


@lru_cache(maxsize=None)
def _named_statement(by: str, windowed: bool, partyless: bool):
    """Agreements signed by a person of one of the claim's signatories' names (`by` =
    "signatory") or of the claim's title ("title"); `windowed`: whose date may fit the claim's;
    `partyless`: only those without parties or merged (a claim naming parties matches the others
    through `_party_matches`)."""
    agreements, signatures, persons = AgreementRow.__table__, SignatureRow.__table__, PersonRow.__table__
    if by == "signatory":
        query = (select(signatures.c.agreement_id)
                 .join(persons, persons.c.id == signatures.c.person_id)
                 .join(agreements, agreements.c.id == signatures.c.agreement_id)
                 .where(persons.c.name_key.in_(bindparam("keys", expanding=True))))
    elif partyless:  # from the partyless agreements' title index, and the merged ones'
        partyless_table = PartylessAgreementRow.__table__
        title = select(agreements.c.id).join(partyless_table, partyless_table.c.agreement_id == agreements.c.id).where(
            partyless_table.c.title_key == bindparam("title_key"))
        merged = select(agreements.c.id).where(  # `|| ''`: read from the merged pointers' index, not the title's
            _merged(agreements), (agreements.c.title_key + "") == bindparam("title_key"))
        if windowed:
            title, merged = title.where(_date_may_fit(agreements)), merged.where(_date_may_fit(agreements))
        return union_all(title, merged)
    else:
        query = select(agreements.c.id).where(agreements.c.title_key == bindparam("title_key"))
    if windowed:
        query = query.where(_date_may_fit(agreements))
    if partyless:
        has_party = select(AgreementPartyRow.id).where(AgreementPartyRow.agreement_id == agreements.c.id).exists()
        query = query.where(or_(agreements.c.merged_into_id.is_not(None), ~has_party))
    return query


@lru_cache(maxsize=None)
def _statements() -> dict[str, Any]:
    """The statements `agreement_facts` runs, built once (their parameters bound per call)."""
    signatures, persons = SignatureRow.__table__, PersonRow.__table__
    ids = bindparam("ids", expanding=True)
    return {
        "parties": select(AgreementPartyRow.agreement_id, AgreementPartyRow.organisation_id)
        .where(AgreementPartyRow.agreement_id.in_(ids)),
        "signatories": select(signatures.c.agreement_id, persons.c.name)
        .join(persons, persons.c.id == signatures.c.person_id).where(signatures.c.agreement_id.in_(ids)),
        "titles": select(EvidenceRow.fact_id, EvidenceRow.claim)
        .where(EvidenceRow.fact_table == "agreements", EvidenceRow.fact_id.in_(ids)),
    }


def _party_matches(session: Session, parties: set[int], claim_date: str | None) -> set[int]:
    """Agreements sharing a party with `parties` whose own party set can still match them
    (`can_match`) and whose date fits the claim's, or that were merged into another (their
    canonical record decides). The rest would be rejected by `_score` anyway. A claim of 3+
    parties can only match by sharing two: those come from the pairs' index, so the work per
    claim follows the agreements of the claim's pairs of parties, not of each party; with 1-2
    parties one shared party can do, counted on the party index alone."""
    n = len(parties)
    if n < 3:  # one shared party can be enough: counted over the agreements of each party
        rows = session.execute(_sharing_statement(), {"parties": sorted(parties), "min_shared": 1})
        return {agreement_id for agreement_id, shared, total, merged_into, when in rows
                if merged_into is not None or (can_match(shared, total, n) and dates_compatible(when, claim_date))}
    rows = session.execute(_pair_statement(), {"parties": sorted(parties)})
    return {agreement_id for agreement_id, pairs, total, merged_into, when in rows
            if merged_into is not None or (can_match(shared_of_pairs(pairs), total, n) and dates_compatible(when, claim_date))}


def _candidate_ids(session: Session, claim: AgreementClaim) -> set[int]:
    """Agreements sharing a party, a signatory's name or the title with the claim, whose date
    may fit the claim's; when the claim names parties, only those whose parties `_score` could
    accept (by name: only those without parties, or merged)."""
    window = date_window(claim.date)
    windowed, partyless = window is not None, bool(claim.parties)
    ids: set[int] = set()
    if claim.signatories:
        ids |= set(session.scalars(_named_statement("signatory", windowed, partyless),
                                   {"keys": sorted(claim.signatories), **(window or {})}))
    if claim.title:
        ids |= set(session.scalars(_named_statement("title", windowed, partyless),
                                   {"title_key": name_key(claim.title), **(window or {})}))
    if claim.parties:
        ids |= _party_matches(session, claim.parties, claim.date)
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
    plausible = {i: a for i, a in candidates.items()
                 if types_compatible(a.type, claim.type) and dates_compatible(a.date, claim.date)}
    facts = agreement_facts(session, sorted(plausible), with_titles=bool(claim.title))
    for _, agreement in sorted(plausible.items()):
        score = _score(claim, agreement, facts)
        if score is not None and (best_score is None or score > best_score):
            best, best_score = agreement, score
    return best
