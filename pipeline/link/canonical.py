"""Following `merged_into_id` pointers to the canonical record."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.entities import AgreementRow, OrganisationRow, PersonRow

MERGEABLE = {"persons": PersonRow, "organisations": OrganisationRow, "agreements": AgreementRow}


def canonical(session: Session, row):
    """The record `row` was (transitively) merged into, or `row` itself."""
    seen = set()
    while row is not None and row.merged_into_id is not None and row.id not in seen:
        seen.add(row.id)
        row = session.get(type(row), row.merged_into_id)
    return row


def canonical_map(session: Session, table: str) -> dict[int, int]:
    """id -> canonical id for every merged record of `table` (unmerged ids are absent)."""
    model = MERGEABLE[table]
    pointers = dict(session.execute(select(model.id, model.merged_into_id).where(model.merged_into_id.is_not(None))).all())
    resolved: dict[int, int] = {}
    for start in pointers:
        current, seen = start, {start}
        while current in pointers and pointers[current] not in seen:
            current = pointers[current]
            seen.add(current)
        resolved[start] = current
    return resolved
