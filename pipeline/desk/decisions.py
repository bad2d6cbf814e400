"""The registrar's decisions on candidates, each under an optimistic lock and in the audit table.

    merge_candidate(session, "anna", candidate_id, version, record_versions, reason)
    not_same_candidate(session, "anna", candidate_id, version, record_versions, reason)
    split_by_document(session, "anna", "persons", record_id, version, document_id, reason, name=None)
    undo_entry(session, "anna", audit_id, reason)

The data changes are `samverkan.dedup.actions` (merge, split, undo); this module adds the
lock, the candidate's status and the pair decisions. The lock: the form a registrar acts on
carries the version of the candidate and of each record it shows; the first statement of the
transaction raises those versions only where they are unchanged (a conditional UPDATE, which
also takes the database's write lock), so of two registrars acting on one cluster the second
finds a version that moved and gets `Conflict` (HTTP 409), never a silent overwrite.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..dedup import actions
from ..dedup.canonical import MERGEABLE
from ..store.base import Base, utcnow
from ..store.desk import DeskCandidateRow, DeskDecisionRow
from ..store.entities import AuditRow
from .queue import pair_key


class Conflict(Exception):
    """Someone else changed what this decision was about since the registrar saw it."""


class DecisionError(ValueError):
    """A decision that cannot be made as asked (the message says why)."""


def _lock_candidate(session: Session, candidate_id: int, version: int) -> DeskCandidateRow:
    result = session.execute(update(DeskCandidateRow).where(
        DeskCandidateRow.id == candidate_id, DeskCandidateRow.version == version, DeskCandidateRow.status == "open")
        .values(version=DeskCandidateRow.version + 1))
    row = session.get(DeskCandidateRow, candidate_id)
    if result.rowcount != 1:
        if row is None:
            raise Conflict(f"candidate {candidate_id} is no longer in the queue (a new dedup run replaced it)")
        if row.status != "open":
            who = f" by {row.decided_by}" if row.decided_by else ""
            when = f" at {row.decided_at:%Y-%m-%d %H:%M:%S} UTC" if row.decided_at else ""
            raise Conflict(f"candidate {candidate_id} was already decided ({row.status.replace('_', ' ')}){who}{when}; "
                           "reload to see it")
        raise Conflict(f"candidate {candidate_id} changed since you opened it (version {version}, now {row.version}); "
                       "reload and decide again")
    return row


def lock_records(session: Session, entity: str, versions: dict[int, int]) -> None:
    """Raise the version of each record if it is still `versions[id]`, else Conflict."""
    if entity not in MERGEABLE:
        return
    table = Base.metadata.tables[entity]
    for record_id, version in sorted(versions.items()):
        result = session.execute(update(table).where(table.c.id == record_id, table.c.version == version)
                                 .values(version=table.c.version + 1))
        if result.rowcount != 1:
            raise Conflict(f"{entity} {record_id} was changed by another action since you opened this page; "
                           "reload and decide again")


def _check_members(candidate: DeskCandidateRow, versions: dict[int, int]) -> None:
    if candidate.kind in MERGEABLE and set(versions) != set(candidate.members):
        raise DecisionError("the form must carry the version of every record of the candidate")


def _decide(candidate: DeskCandidateRow, status: str, actor: str) -> None:
    candidate.status, candidate.decided_by, candidate.decided_at = status, actor, utcnow()


def _pair_decisions(session: Session, candidate: DeskCandidateRow, same: bool, actor: str, reason: str | None,
                    audit_id: int) -> None:
    """One decision per pair of members; the weakest link carries its features (a training pair)."""
    edge = candidate.features.get("pair") if candidate.features else None
    edge_key = pair_key(*edge) if edge else None
    for a, b in combinations(candidate.members, 2):
        key = pair_key(a, b)
        features = {k: v for k, v in candidate.features.items() if k != "pair"} if key == edge_key else {}
        session.add(DeskDecisionRow(kind=candidate.kind, left_key=key[0], right_key=key[1], same=same,
                                    features=features, reason=reason, actor=actor, candidate_id=candidate.id,
                                    audit_id=audit_id, undone=False))


def _audit_entry(session: Session, action: str, candidate, actor: str, reason: str | None) -> AuditRow:
    """An audit entry for a decision on all of a candidate's records that changes no record."""
    audit = AuditRow(action=action, entity=candidate.kind, ids=list(candidate.members), reason=reason,
                     actor=actor, before={})
    session.add(audit)
    session.flush()
    return audit


def _close(session: Session, candidate, outcome: str, audit: AuditRow, actor: str, reason: str | None) -> AuditRow:
    """Mark the candidate decided and remember the decision for each pair of its records."""
    _decide(candidate, outcome, actor)
    _pair_decisions(session, candidate, outcome == "merged", actor, reason, audit.id)
    session.flush()
    return audit


def merge_candidate(session: Session, actor: str, candidate_id: int, version: int, versions: dict[int, int],
                    reason: str | None = None) -> AuditRow:
    """Merge a candidate's records (documents: confirm them as duplicates; nothing is merged)."""
    candidate = _lock_candidate(session, candidate_id, version)
    _check_members(candidate, versions)
    lock_records(session, candidate.kind, versions)
    if candidate.kind in MERGEABLE:
        try:
            audit = actions.merge(session, candidate.kind, list(candidate.members), reason, actor)
        except actions.ActionError as error:
            raise Conflict(str(error)) from error
    else:
        audit = _audit_entry(session, "duplicate", candidate, actor, reason)
    return _close(session, candidate, "merged", audit, actor, reason)


def not_same_candidate(session: Session, actor: str, candidate_id: int, version: int, versions: dict[int, int],
                       reason: str | None = None) -> AuditRow:
    """Record that a candidate's records are not the same: no pair of them is proposed again."""
    candidate = _lock_candidate(session, candidate_id, version)
    _check_members(candidate, versions)
    lock_records(session, candidate.kind, versions)
    return _close(session, candidate, "not_same", _audit_entry(session, "not_same", candidate, actor, reason),
                  actor, reason)


def split_by_document(session: Session, actor: str, entity: str, record_id: int, version: int, document_id: int,
                      reason: str | None = None, name: str | None = None) -> AuditRow:
    """What `document_id` says about the record moves to a new record (`actions.split`)."""
    if entity not in MERGEABLE:
        raise DecisionError(f"only {', '.join(MERGEABLE)} can be split")
    lock_records(session, entity, {record_id: version})
    try:
        return actions.split(session, entity, [record_id], reason, actor, documents=[document_id], name=name or None)
    except actions.ActionError as error:
        raise DecisionError(str(error)) from error


def undo_entry(session: Session, actor: str, audit_id: int, reason: str | None = None) -> AuditRow:
    """Undo an audit entry; the candidate it decided goes back into the queue."""
    # the lock: mark the entry as being undone only if nobody has undone it yet
    claimed = session.execute(update(AuditRow).where(AuditRow.id == audit_id, AuditRow.undone_by_id.is_(None),
                                                     AuditRow.action != "undo")
                              .values(undone_by_id=None))
    target = session.get(AuditRow, audit_id)
    if target is None:
        raise DecisionError(f"no audit entry {audit_id}")
    if claimed.rowcount != 1:
        if target.undone_by_id is not None:
            undone = session.get(AuditRow, target.undone_by_id)
            who = f" by {undone.actor}" if undone and undone.actor else ""
            raise Conflict(f"audit entry {audit_id} was already undone{who} (entry {target.undone_by_id})")
        raise DecisionError(f"audit entry {audit_id} is itself an undo")
    try:
        row = actions.undo(session, audit_id, reason, actor)
    except actions.ActionError as error:
        raise DecisionError(str(error)) from error
    decisions = list(session.execute(select(DeskDecisionRow).where(DeskDecisionRow.audit_id == audit_id)).scalars())
    for decision in decisions:
        decision.undone = True
    for candidate_id in {d.candidate_id for d in decisions if d.candidate_id is not None}:
        candidate = session.get(DeskCandidateRow, candidate_id)
        if candidate is not None:
            candidate.status, candidate.version = "open", candidate.version + 1
            candidate.decided_by = candidate.decided_at = None
    session.flush()
    return row


def audit_trail(session: Session, limit: int | None = None) -> list[dict[str, Any]]:
    """Every audit entry, newest first: who, when, what, why, undone or not (and by whom)."""
    query = select(AuditRow).order_by(AuditRow.id.desc())
    if limit:
        query = query.limit(limit)
    rows = list(session.execute(query).scalars())
    actors = dict(session.execute(select(AuditRow.id, AuditRow.actor)).all())
    out = []
    for a in rows:
        out.append({"id": a.id, "at": a.at, "actor": a.actor or "", "action": a.action, "entity": a.entity,
                    "ids": list(a.ids or []), "reason": a.reason or "",
                    "undone_by_id": a.undone_by_id, "undone_by": actors.get(a.undone_by_id) if a.undone_by_id else None,
                    "can_undo": a.action != "undo" and a.undone_by_id is None})
    return out
