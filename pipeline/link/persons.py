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


def _known(session: Session, person_id: int) -> tuple[dict[int, str], set[str]]:
    rows = session.execute(
        select(PositionRow.organisation_id, OrganisationRow.kind, PositionRow.title)
        .outerjoin(OrganisationRow, OrganisationRow.id == PositionRow.organisation_id)
        .where(PositionRow.person_id == person_id)
    ).all()
    rows += [(org, kind, None) for org, kind in session.execute(
        select(SignatureRow.organisation_id, OrganisationRow.kind)
        .join(OrganisationRow, OrganisationRow.id == SignatureRow.organisation_id)
        .where(SignatureRow.person_id == person_id)
    ).all()]
    orgs = {org: kind for org, kind, _ in rows if org is not None and kind != "party"}
    titles = {title for _, _, title in rows if title}
    return orgs, titles


def _public(orgs: dict[int, str]) -> set[int]:
    """The municipalities and regions among `orgs`: a person serves one of each at a time."""
    return {org for org, kind in orgs.items() if kind in ("municipality", "region")}


def resolve_person(session: Session, context: PersonContext) -> PersonRow:
    """The existing person this document's `context` is, or a new one."""
    key = name_key(context.name)
    candidates = []
    for row in session.scalars(select(PersonRow).where(PersonRow.name_key == key).order_by(PersonRow.id)):
        row = canonical(session, row)
        if row not in candidates:
            candidates.append(row)
    ours = {o: k for o, k in context.organisations.items() if k != "party"}
    best, best_score = None, None
    for candidate in candidates:
        theirs, titles = _known(session, candidate.id)
        if _public(ours) and _public(theirs) and not (_public(ours) & _public(theirs)):
            continue  # same name, different municipalities (or regions): different people
        shared_orgs = set(ours) & set(theirs)
        shared_titles = context.titles & titles
        if not shared_orgs and not shared_titles and len(candidates) > 1 and (ours or theirs):
            continue  # nothing tells which of several namesakes this is
        score = (len(shared_orgs), len(shared_titles))
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    if best is not None:
        return best
    person = PersonRow(name=context.name.strip(), name_key=key)
    session.add(person)
    session.flush()
    return person


def position(session: Session, person: PersonRow, organisation_id: int | None, title: str | None) -> PositionRow:
    """The person's position (title at organisation), created on first sight. Its party is
    recomputed from what the documents say (`cleanup.refresh_positions`)."""
    query = select(PositionRow).where(PositionRow.person_id == person.id)
    for column, value in ((PositionRow.organisation_id, organisation_id), (PositionRow.title, title)):
        query = query.where(column.is_(None) if value is None else column == value)
    row = session.scalars(query.order_by(PositionRow.id).limit(1)).first()
    if row is None:
        row = PositionRow(person_id=person.id, organisation_id=organisation_id, title=title)
        session.add(row)
        session.flush()
    return row
