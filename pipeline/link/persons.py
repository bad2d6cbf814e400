"""The same person across documents.

A name seen in a document joins an existing person of the same name unless something sets
them apart: two people of the same name tied to different municipalities (or regions) stay
apart. Among several namesakes, a shared organisation or title picks the one; with none,
a new person is made rather than a guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.entities import OrganisationRow, PersonRow, PositionRow, SignatureRow
from .canonical import canonical
from .names import name_key


@dataclass
class PersonContext:
    """What one document says about a person: organisations and titles."""

    name: str
    organisations: dict[int, str] = field(default_factory=dict)  # organisation id -> kind
    titles: set[str] = field(default_factory=set)


def known_facts(session: Session, person_ids: list[int]) -> dict[int, tuple[dict[int, str], set[str]]]:
    """person id -> (organisations {id: kind} from positions and signatures, titles held)."""
    facts: dict[int, tuple[dict[int, str], set[str]]] = {pid: ({}, set()) for pid in person_ids}
    if not person_ids:
        return facts
    rows = session.execute(
        select(PositionRow.person_id, PositionRow.organisation_id, OrganisationRow.kind, PositionRow.title)
        .outerjoin(OrganisationRow, OrganisationRow.id == PositionRow.organisation_id)
        .where(PositionRow.person_id.in_(person_ids))
    ).all()
    rows += [(pid, org, kind, None) for pid, org, kind in session.execute(
        select(SignatureRow.person_id, SignatureRow.organisation_id, OrganisationRow.kind)
        .join(OrganisationRow, OrganisationRow.id == SignatureRow.organisation_id)
        .where(SignatureRow.person_id.in_(person_ids))
    ).all()]
    for pid, org, kind, title in rows:
        orgs, titles = facts[pid]
        if org is not None and kind != "party":
            orgs[org] = kind
        if title:
            titles.add(title)
    return facts


def candidates_by_name(session: Session, keys: list[str]) -> dict[str, list[PersonRow]]:
    """name key -> canonical persons of that name, oldest first."""
    found: dict[str, list[PersonRow]] = {key: [] for key in keys}
    if not keys:
        return found
    for row in session.scalars(select(PersonRow).where(PersonRow.name_key.in_(keys)).order_by(PersonRow.id)):
        target = canonical(session, row)
        if target not in found[row.name_key]:
            found[row.name_key].append(target)
    return found


def _public(orgs: dict[int, str]) -> set[int]:
    """The municipalities and regions among `orgs`: a person serves one of each at a time."""
    return {org for org, kind in orgs.items() if kind in ("municipality", "region")}


def choose(context: PersonContext, candidates: list[PersonRow],
           known: dict[int, tuple[dict[int, str], set[str]]]) -> PersonRow | None:
    """The candidate this document's `context` is, or None (a new person)."""
    ours = {o: k for o, k in context.organisations.items() if k != "party"}
    best, best_score = None, None
    for candidate in candidates:
        theirs, titles = known.get(candidate.id, ({}, set()))
        if _public(ours) and _public(theirs) and not (_public(ours) & _public(theirs)):
            continue  # same name, different municipalities (or regions): different people
        shared_orgs = set(ours) & set(theirs)
        shared_titles = context.titles & titles
        if not shared_orgs and not shared_titles and len(candidates) > 1 and (ours or theirs):
            continue  # nothing tells which of several namesakes this is
        score = (len(shared_orgs), len(shared_titles))
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    return best


def resolve_people(session: Session, contexts: dict[str, PersonContext]) -> dict[str, PersonRow]:
    """name key -> the existing person each context is, or a new one (added and flushed)."""
    candidates = candidates_by_name(session, list(contexts))
    known = known_facts(session, sorted({c.id for rows in candidates.values() for c in rows}))
    people: dict[str, PersonRow] = {}
    for key, context in contexts.items():
        person = choose(context, candidates[key], known)
        if person is None:
            person = PersonRow(name=context.name.strip(), name_key=key)
            session.add(person)
        people[key] = person
    session.flush()
    return people


def resolve_person(session: Session, context: PersonContext) -> PersonRow:
    """The existing person one context is, or a new one."""
    return resolve_people(session, {name_key(context.name): context})[name_key(context.name)]


def positions_of(session: Session, person_ids: list[int]) -> dict[tuple[int, int | None, str | None], PositionRow]:
    """(person, organisation, title) -> position, for these persons (the oldest on duplicates)."""
    found: dict[tuple[int, int | None, str | None], PositionRow] = {}
    if person_ids:
        for row in session.scalars(select(PositionRow).where(PositionRow.person_id.in_(person_ids))
                                   .order_by(PositionRow.id)):
            found.setdefault((row.person_id, row.organisation_id, row.title), row)
    return found
