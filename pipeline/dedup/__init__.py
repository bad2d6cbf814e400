"""Deduplication: duplicate documents, agreements and persons; merge, split and undo.

For queries (the linker's `samverkan.query` and anyone else): a merged record keeps its
row and points at the record it was merged into with `merged_into_id`. Resolve ids with

    from samverkan.dedup import canonical_id, canonical_map, cluster_members
    canonical_id(session, "persons", 17)      # -> 12 when 17 was merged into 12
    canonical_map(session, "agreements")      # {id: canonical id} for all rows, one query
    cluster_members(session, "persons", 12)   # [12, 17]: every record standing for 12

Entities: "persons", "agreements", "organisations". Chains are followed to the end
(a merged into b merged into c -> c); a cycle, which the actions never create, stops safely.

Finding duplicates (scored candidate clusters with reasons; nothing is changed):

    find_document_duplicates(items)   samverkan.dedup.documents
    find_agreement_duplicates(records), find_person_duplicates(records)   samverkan.dedup.engine
    samverkan dedup documents|agreements|persons [--db URL] [--threshold T] [--json]

Registrar actions, each recorded in the `audit` table and reversible
(`samverkan.dedup.actions`): merge, split, undo;
CLI `samverkan merge|split|undo`, or the registrar desk in the browser (`samverkan.desk`,
`samverkan dedup queue` + `samverkan serve --registrar`). Evidence is never deleted.
The finders take `cannot_link`: pairs registrars found "not the same", never proposed.

Modules: text (normalisation, shingles), blocking, features, classifier, explain,
clustering, engine, documents, records, database (loading from the store), canonical,
actions, variants, benchgen (labelled sets), training, metrics, bench, commands (CLI).
"""
from __future__ import annotations

from .canonical import canonical_id, canonical_map, cluster_members

__all__ = ["canonical_id", "canonical_map", "cluster_members"]
