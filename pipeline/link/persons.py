"""The same person across documents.

A name seen in a document joins an existing person of the same name unless something sets
them apart: two people of the same name tied to different municipalities (or regions) stay
apart. Among several namesakes, a shared organisation or title picks the one; with none,
a new person is made rather than a guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
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


def candidates_by_name(session: Session, keys: list[str]) -> dict[str, list[int]]:
    """name key -> ids of the canonical persons of that name, oldest first (in the order of the
    persons of that name, a merged one standing for the record it was merged into)."""
    return _namesakes(session, keys)[0]


def _namesakes(session: Session, keys: list[str]) -> tuple[dict[str, list[int]], set[int]]:
    """`candidates_by_name`, and the candidates reached through a merged person. Read as (id,
    merged pointer) pairs: the namesakes of a common name grow with the archive."""
    found: dict[str, list[int]] = {key: [] for key in keys}
    redirected: set[int] = set()
    if not keys:
        return found, redirected
    rows = session.execute(select(PersonRow.name_key, PersonRow.id, PersonRow.merged_into_id)
                           .where(PersonRow.name_key.in_(keys)).order_by(PersonRow.id))
    for key, person_id, merged_into in rows:
        target = person_id
        if merged_into is not None:
            target = getattr(canonical(session, session.get(PersonRow, person_id)), "id", None)
            redirected.add(target)
        if target is not None and target not in found[key]:
            found[key].append(target)
    return found, redirected - {None}


def _holding(session: Session, keys: list[str], ids: list[int], ours: set[int] | None, titles: set[str]) -> set[int]:
    """Persons of these name keys and of these ids with a position or signature at
    one of `ours` or a position of one of `titles`; with `ours` None, those with a position or
    signature at any organisation but a party. Joined from the names in SQL: the namesakes are
    many, the names few."""
    found: set[int] = set()
    for model in (PositionRow, SignatureRow):
        if ours is None:
            condition = select(OrganisationRow.id).where(
                OrganisationRow.id == model.organisation_id, OrganisationRow.kind != "party").exists()
        else:  # `+ 0`: the person's rows, not all of an organisation's
            condition = (model.organisation_id + 0).in_(ours)
            if model is PositionRow:
                condition = or_(condition, PositionRow.title.in_(titles))
        query = select(model.person_id).where(condition)
        for who in ([PersonRow.name_key.in_(keys)] if keys else [],  # merged ones too: the caller keeps candidates
                    [PersonRow.id.in_(ids)] if ids else []):
            if who:
                found |= set(session.scalars(query.join(PersonRow, PersonRow.id == model.person_id).where(*who)))
    return found


def _telling(session: Session, contexts: dict[str, PersonContext], candidates: dict[str, list[int]],
             redirected: set[int] = frozenset()) -> set[int]:
    """The candidates `choose` can pick: the only one of its name, or among several namesakes
    those sharing an organisation or title with the context (or with no organisation at all
    when the context has none). The others it skips whatever else they hold, so only these
    need their positions and signatures read."""
    single = {ids[0] for ids in candidates.values() if len(ids) == 1}
    several = {key: ids for key, ids in candidates.items() if len(ids) > 1}
    if not several:
        return single
    ours = {o for key in several for o, kind in contexts[key].organisations.items() if kind != "party"}
    titles = {t for key in several for t in contexts[key].titles}
    moved = sorted({i for rows in several.values() for i in rows} & set(redirected))
    telling = _holding(session, sorted(several), moved, ours, titles)
    bare = [key for key in several if not _without_party(contexts[key].organisations)]
    if bare:  # a context without organisations: a namesake without any is not skipped either
        ids = {i for key in bare for i in several[key]}
        telling |= ids - _holding(session, bare, sorted(ids & set(redirected)), None, set())
    return single | (telling & {i for rows in several.values() for i in rows})


def _without_party(orgs: dict[int, str]) -> dict[int, str]:
    return {o: k for o, k in orgs.items() if k != "party"}


def _public(orgs: dict[int, str]) -> set[int]:
    """The municipalities and regions among `orgs`: a person serves one of each at a time."""
    return {org for org, kind in orgs.items() if kind in ("municipality", "region")}


def choose(context: PersonContext, candidates: list[int],
           known: dict[int, tuple[dict[int, str], set[str]]], namesakes: int | None = None) -> int | None:
    """The candidate (person id) this document's `context` is, or None (a new person);
    `namesakes`: how many persons have the name when `candidates` are only those that can be
    picked (default: all of them)."""
    ours = _without_party(context.organisations)
    several = (len(candidates) if namesakes is None else namesakes) > 1
    best, best_score = None, None
    for candidate in candidates:
        theirs, titles = known.get(candidate, ({}, set()))
        if _public(ours) and _public(theirs) and not (_public(ours) & _public(theirs)):
            continue  # same name, different municipalities (or regions): different people
        shared_orgs = set(ours) & set(theirs)
        shared_titles = context.titles & titles
        if not shared_orgs and not shared_titles and several and (ours or theirs):
            continue  # nothing tells which of several namesakes this is
        score = (len(shared_orgs), len(shared_titles))
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    return best


def resolve_people(session: Session, contexts: dict[str, PersonContext]) -> dict[str, PersonRow]:
    """name key -> the existing person each context is, or a new one (added and flushed)."""
    candidates, redirected = _namesakes(session, list(contexts))
    telling = _telling(session, contexts, candidates, redirected)
    known = known_facts(session, sorted(telling))
    chosen = {key: choose(context, [i for i in candidates[key] if i in telling], known, len(candidates[key]))
              for key, context in contexts.items()}
    ids = sorted({i for i in chosen.values() if i is not None})
    rows = {row.id: row for row in session.scalars(select(PersonRow).where(PersonRow.id.in_(ids)))} if ids else {}
    people: dict[str, PersonRow] = {}
    for key, context in contexts.items():
        person = rows.get(chosen[key])
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
