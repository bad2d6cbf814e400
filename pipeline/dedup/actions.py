"""Registrar actions on records: merge, split, undo. Each is one `audit` row holding what was
done, when, why, by whom, and the exact prior state of every row it changed, so that it
can be undone exactly. Nothing is deleted: evidence rows are never removed, a merged record
stays in place with `merged_into_id` pointing at the record it joined.

merge(session, entity, ids, reason, actor)
    The first id's canonical record survives; the others (their canonical records) get
    `merged_into_id` = that record. Queries follow the pointer (`canonical_id`).
split(session, entity, ids, reason, actor)                     ("detach")
    Each given record, currently merged into another, is detached (`merged_into_id` = NULL);
    records that had been merged into it stay with it.
split(session, entity, [id], reason, actor, documents=[...], move=[(table, row id)...], name=...)
    ("split a record") A new record is made as a copy of `id` (with `name` when given), and
    what the given documents say about `id` moves to it: its evidence rows from those
    documents, and the rows that refer to it (signatures, positions, parties...) whose
    evidence all comes from those documents. A referring row with evidence from both sides
    is copied for the new record, taking the evidence from the given documents. `move`
    names further referring rows or evidence rows to move.
undo(session, audit_id=None, reason, actor)
    Restores the rows an action changed to their recorded prior state and removes the rows it
    created. Default: the last action not yet undone. An earlier action can be undone only
    when no later, still active action touched the same rows.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable

from sqlalchemy import DateTime, Date, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from ..store.base import Base
from ..store.entities import AuditRow
from .canonical import MERGEABLE, canonical_id, table_of


class ActionError(ValueError):
    """An action that cannot be done as asked (the message says why)."""


# --- row snapshots -----------------------------------------------------------------------------

def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _restore_value(column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def snapshot(session: Session, table_name: str, ids: Iterable[int]) -> list[dict[str, Any]]:
    table = Base.metadata.tables[table_name]
    ids = sorted(set(ids))
    if not ids:
        return []
    rows = session.execute(select(table).where(table.c.id.in_(ids)).order_by(table.c.id)).mappings().all()
    return [{k: _jsonable(v) for k, v in row.items()} for row in rows]


class _Change:
    """Collects the prior state of rows before they are changed, and the rows created."""

    def __init__(self, session: Session):
        self.session = session
        self.rows: dict[str, dict[int, dict[str, Any]]] = {}
        self.created: dict[str, list[int]] = {}

    def before_update(self, table_name: str, ids: Iterable[int]) -> None:
        known = self.rows.setdefault(table_name, {})
        for row in snapshot(self.session, table_name, [i for i in ids if i not in known]):
            known[row["id"]] = row

    def update(self, table_name: str, ids: Iterable[int], **values: Any) -> None:
        ids = sorted(set(ids))
        if not ids:
            return
        self.before_update(table_name, ids)
        table = Base.metadata.tables[table_name]
        if "version" in table.c:  # the optimistic lock: a form shown before this change is stale
            values = {**values, "version": table.c.version + 1}
        self.session.execute(update(table).where(table.c.id.in_(ids)).values(**values))

    def insert(self, table_name: str, values: dict[str, Any]) -> int:
        table = Base.metadata.tables[table_name]
        new_id = self.session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
        self.created.setdefault(table_name, []).append(new_id)
        return new_id

    def state(self) -> dict[str, Any]:
        return {"rows": {t: list(rows.values()) for t, rows in self.rows.items() if rows},
                "created": {t: ids for t, ids in self.created.items() if ids}}


def _record(session: Session, action: str, entity: str, ids: list[int], change: _Change,
            reason: str | None, actor: str | None) -> AuditRow:
    row = AuditRow(action=action, entity=entity, ids=ids, reason=reason, actor=actor, before=change.state())
    session.add(row)
    session.flush()
    return row


def _existing(session: Session, entity: str, ids: Iterable[int]) -> list[int]:
    table = table_of(entity)
    ids = list(ids)
    found = set(session.execute(select(table.c.id).where(table.c.id.in_(ids))).scalars())
    missing = [i for i in ids if i not in found]
    if missing:
        raise ActionError(f"no {entity} with id {', '.join(map(str, missing))}")
    return ids


# --- merge ---------------------------------------------------------------------------------------

def merge(session: Session, entity: str, ids: list[int], reason: str | None = None,
          actor: str | None = None) -> AuditRow:
    """Merge records into the canonical record of the first id. Returns the audit row."""
    _existing(session, entity, ids)
    target = canonical_id(session, entity, ids[0])
    others = []
    for i in ids[1:]:
        c = canonical_id(session, entity, i)
        if c != target and c not in others:
            others.append(c)
    if not others:
        raise ActionError(f"{entity} {', '.join(map(str, ids))} are already one record ({target})")
    change = _Change(session)
    change.update(entity, others, merged_into_id=target)
    return _record(session, "merge", entity, [target, *others], change, reason, actor)


# --- split ---------------------------------------------------------------------------------------

def _referring(entity: str) -> list[tuple[str, str]]:
    """(table, column) pairs holding a foreign key to `entity` (its own merged_into_id excluded)."""
    out = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            for fk in column.foreign_keys:
                if fk.column.table.name == entity and not (table.name == entity and column.name == "merged_into_id"):
                    out.append((table.name, column.name))
    return out


def _evidence_docs(session: Session, fact_table: str, fact_id: int) -> list[tuple[int, int]]:
    ev = Base.metadata.tables["evidence"]
    return list(session.execute(select(ev.c.id, ev.c.document_id).where(
        and_(ev.c.fact_table == fact_table, ev.c.fact_id == fact_id))).all())


def _copy_values(session: Session, table_name: str, row_id: int, **overrides: Any) -> dict[str, Any]:
    table = Base.metadata.tables[table_name]
    row = session.execute(select(table).where(table.c.id == row_id)).mappings().one()
    values = {k: v for k, v in row.items() if k != "id"}
    values.update(overrides)
    return values


def split(session: Session, entity: str, ids: list[int], reason: str | None = None, actor: str | None = None,
          documents: list[int] | None = None, move: list[tuple[str, int]] | None = None,
          name: str | None = None) -> AuditRow:
    """Detach merged records, or split one record by documents / rows (see the module doc)."""
    _existing(session, entity, ids)
    if not documents and not move:
        return _detach(session, entity, ids, reason, actor)
    if len(ids) != 1:
        raise ActionError("splitting a record by --document/--move takes exactly one record id")
    return _split_record(session, entity, ids[0], documents or [], move or [], name, reason, actor)


def _detach(session: Session, entity: str, ids: list[int], reason: str | None, actor: str | None) -> AuditRow:
    table = table_of(entity)
    parents = dict(session.execute(select(table.c.id, table.c.merged_into_id).where(table.c.id.in_(ids))).all())
    not_merged = [i for i in ids if parents.get(i) is None]
    if not_merged:
        raise ActionError(f"{entity} {', '.join(map(str, not_merged))} not merged into another record; "
                          "to split a record itself, give --document or --move")
    change = _Change(session)
    change.update(entity, ids, merged_into_id=None)
    return _record(session, "split", entity, list(ids), change, reason, actor)


def _split_record(session: Session, entity: str, record_id: int, documents: list[int],
                  move: list[tuple[str, int]], name: str | None, reason: str | None, actor: str | None) -> AuditRow:
    docs = set(documents)
    table = table_of(entity)
    change = _Change(session)
    overrides: dict[str, Any] = {"merged_into_id": None}
    if name is not None:
        overrides["name"] = name
        if "name_key" in table.c:
            from ..link.names import name_key  # the linker's lookup key, so it finds the new record

            overrides["name_key"] = name_key(name)
    if entity == "organisations":
        if name is None:
            raise ActionError("splitting an organisation needs --name for the new organisation (names are unique)")
        overrides["scb_code"] = None
    new_id = change.insert(entity, _copy_values(session, entity, record_id, **overrides))
    ev = Base.metadata.tables["evidence"]
    moved_evidence: list[int] = []
    # the record's own evidence from the given documents
    for ev_id, doc in _evidence_docs(session, entity, record_id):
        if doc in docs:
            moved_evidence.append(ev_id)
    change.update("evidence", moved_evidence, fact_id=new_id)
    # rows referring to the record
    explicit = {(t, i) for t, i in move}
    for table_name, column in _referring(entity):
        ref = Base.metadata.tables[table_name]
        rows = session.execute(select(ref.c.id).where(ref.c[column] == record_id)).scalars().all()
        to_move = []
        for row_id in rows:
            if (table_name, row_id) in explicit:
                to_move.append(row_id)
                explicit.discard((table_name, row_id))
                continue
            if not docs:
                continue
            evidence = _evidence_docs(session, table_name, row_id)
            inside = [e for e, d in evidence if d in docs]
            if table_name == "agreement_documents" and "document_id" in ref.c:
                doc_id = session.execute(select(ref.c.document_id).where(ref.c.id == row_id)).scalar_one()
                if doc_id in docs:
                    to_move.append(row_id)
                continue
            if not inside:
                continue
            if len(inside) == len(evidence):
                to_move.append(row_id)
            else:  # evidence on both sides: the new record gets its own copy of the row
                copy_id = change.insert(table_name, _copy_values(session, table_name, row_id, **{column: new_id}))
                change.update("evidence", inside, fact_id=copy_id)
        change.update(table_name, to_move, **{column: new_id})
    for table_name, row_id in sorted(explicit):
        if table_name == "evidence":
            row = session.execute(select(ev.c.fact_table, ev.c.fact_id).where(ev.c.id == row_id)).one_or_none()
            if row is None or (row.fact_table, row.fact_id) != (entity, record_id):
                raise ActionError(f"evidence {row_id} is not evidence of {entity} {record_id}")
            change.update("evidence", [row_id], fact_id=new_id)
        else:
            raise ActionError(f"{table_name} {row_id} does not refer to {entity} {record_id}")
    if not any(t != entity for t in change.rows) and len(change.created) == 1:
        raise ActionError(f"nothing of {entity} {record_id} comes from document(s) "
                          f"{', '.join(map(str, sorted(docs)))}; nothing to split")
    return _record(session, "split", entity, [record_id, new_id], change, reason, actor)


# --- undo ----------------------------------------------------------------------------------------

def _touched(audit: AuditRow) -> set[tuple[str, int]]:
    state = audit.before or {}
    out = {(t, r["id"]) for t, rows in state.get("rows", {}).items() for r in rows}
    out |= {(t, i) for t, ids in state.get("created", {}).items() for i in ids}
    return out


def undo(session: Session, audit_id: int | None = None, reason: str | None = None,
         actor: str | None = None) -> AuditRow:
    """Undo one action exactly (default: the last not undone). Returns the new audit row."""
    active = select(AuditRow).where(AuditRow.action != "undo", AuditRow.undone_by_id.is_(None))
    if audit_id is None:
        target = session.execute(active.order_by(AuditRow.id.desc()).limit(1)).scalar_one_or_none()
        if target is None:
            raise ActionError("nothing to undo")
    else:
        target = session.get(AuditRow, audit_id)
        if target is None:
            raise ActionError(f"no audit entry {audit_id}")
        if target.action == "undo":
            raise ActionError(f"audit entry {audit_id} is itself an undo")
        if target.undone_by_id is not None:
            raise ActionError(f"audit entry {audit_id} was already undone by entry {target.undone_by_id}")
    touched = _touched(target)
    later = session.execute(active.where(AuditRow.id > target.id).order_by(AuditRow.id)).scalars().all()
    blocking = [a.id for a in later if _touched(a) & touched]
    if blocking:
        raise ActionError(f"audit entry {target.id} cannot be undone before later entries "
                          f"{', '.join(map(str, blocking))} that changed the same rows; undo those first")
    change = _Change(session)
    state = target.before or {}
    for table_name, rows in state.get("rows", {}).items():
        table = Base.metadata.tables[table_name]
        change.before_update(table_name, [r["id"] for r in rows])
        for row in rows:
            values = {k: _restore_value(table.c[k], v) for k, v in row.items()
                      if k not in ("id", "version") and k in table.c}
            if "version" in table.c:  # restored content, but a new version: older forms are stale
                values["version"] = table.c.version + 1
            session.execute(update(table).where(table.c.id == row["id"]).values(**values))
    created = state.get("created", {})
    # referring rows first, the records they refer to last
    order = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name in created]
    deleted: dict[str, list[dict[str, Any]]] = {}
    for table_name in order:
        table = Base.metadata.tables[table_name]
        ids = created[table_name]
        for ref_table, column in _referring(table_name):
            ref = Base.metadata.tables[ref_table]
            still = set(session.execute(select(ref.c.id).where(ref.c[column].in_(ids))).scalars())
            still -= set(created.get(ref_table, []))
            if still:
                raise ActionError(f"cannot undo audit entry {target.id}: {ref_table} rows {sorted(still)} now "
                                  f"refer to the {table_name} row(s) it created")
        if table_name != "evidence":
            ev = Base.metadata.tables["evidence"]
            pointing = session.execute(select(ev.c.id).where(and_(ev.c.fact_table == table_name, ev.c.fact_id.in_(ids)))).scalars().all()
            if pointing:
                raise ActionError(f"cannot undo audit entry {target.id}: evidence {pointing} now points at "
                                  f"{table_name} row(s) it created")
        deleted[table_name] = snapshot(session, table_name, ids)
        session.execute(delete(table).where(table.c.id.in_(ids)))
    state_now = change.state()
    state_now["deleted"] = deleted
    row = AuditRow(action="undo", entity=target.entity, ids=[target.id], reason=reason, actor=actor, before=state_now)
    session.add(row)
    session.flush()
    target.undone_by_id = row.id
    session.flush()
    return row


def history(session: Session, limit: int = 20) -> list[AuditRow]:
    return list(session.execute(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)).scalars())
