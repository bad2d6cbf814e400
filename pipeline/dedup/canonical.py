"""Canonical records: follow `merged_into_id` from a merged record to the one that stands for it.

    canonical_id(session, "persons", 17) -> 12      (17 was merged into 12)
    canonical_map(session, "persons") -> {id: canonical id} for every row
    cluster_members(session, "persons", 12) -> [12, 17]
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.base import Base

MERGEABLE = ("persons", "agreements", "organisations")


def table_of(entity: str):
    if entity not in MERGEABLE:
        raise ValueError(f"unknown entity {entity!r}: one of {', '.join(MERGEABLE)}")
    return Base.metadata.tables[entity]


def canonical_map(session: Session, entity: str) -> dict[int, int]:
    """Every id of `entity` mapped to its canonical id (itself when not merged)."""
    table = table_of(entity)
    parent = dict(session.execute(select(table.c.id, table.c.merged_into_id)).all())
    out: dict[int, int] = {}
    for start in parent:
        seen = [start]
        node = start
        while parent.get(node) is not None and parent[node] not in seen and parent[node] in parent:
            node = parent[node]
            seen.append(node)
            if node in out:
                node = out[node]
                break
        for s in seen:
            out[s] = node
    return out


def canonical_id(session: Session, entity: str, record_id: int) -> int:
    """The id `record_id` resolves to after following `merged_into_id` (cycles stop safely)."""
    table = table_of(entity)
    seen = {record_id}
    node = record_id
    while True:
        parent = session.execute(select(table.c.merged_into_id).where(table.c.id == node)).scalar_one_or_none()
        if parent is None or parent in seen:
            return node
        seen.add(parent)
        node = parent


def cluster_members(session: Session, entity: str, record_id: int) -> list[int]:
    """All ids whose canonical record is the canonical record of `record_id`."""
    mapping = canonical_map(session, entity)
    root = mapping.get(record_id, record_id)
    return sorted(i for i, c in mapping.items() if c == root)
