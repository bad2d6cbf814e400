"""Writing documents and ingestion errors to the store, with versions and no duplicates.

A file is identified by its absolute path. Same path, same bytes: unchanged (nothing
written). Same path, new bytes: a new row with version + 1, the previous row stays with
`is_current=False` (nothing is deleted). Bytes that an older version already had (the file
was reverted) make that older row current again: no duplicate row is written.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..document import Document
from ..store.documents import DocumentRow, IngestErrorRow

NEW = "new"
NEW_VERSION = "new_version"
UNCHANGED = "unchanged"


def current_document(session: Session, source_path: str) -> DocumentRow | None:
    return session.scalars(
        select(DocumentRow).where(DocumentRow.source_path == source_path, DocumentRow.is_current.is_(True))
    ).first()


def is_unchanged(session: Session, source_path: str, content_hash: str) -> bool:
    """True when the current version of `source_path` has exactly these bytes."""
    row = current_document(session, source_path)
    return row is not None and row.content_hash == content_hash


def store_document(session: Session, doc: Document) -> tuple[DocumentRow, str]:
    """Add `doc` as a new document or a new version; status in {"new", "new_version", "unchanged"}.

    The caller commits.
    """
    path = doc.source_path
    current = current_document(session, path)
    if current is not None and current.content_hash == doc.content_hash:
        return current, UNCHANGED
    earlier = session.scalars(
        select(DocumentRow).where(DocumentRow.source_path == path, DocumentRow.content_hash == doc.content_hash)
    ).first()
    session.execute(
        update(DocumentRow).where(DocumentRow.source_path == path, DocumentRow.is_current.is_(True)).values(is_current=False)
    )
    if earlier is not None:  # reverted to bytes seen before: that version is current again
        earlier.is_current = True
        session.flush()
        return earlier, NEW_VERSION
    last_version = session.scalar(select(func.max(DocumentRow.version)).where(DocumentRow.source_path == path)) or 0
    row = DocumentRow(
        source_path=path,
        version=last_version + 1,
        is_current=True,
        content_hash=doc.content_hash,
        format=doc.format,
        title=doc.title,
        text=doc.text,
        language=doc.language,
        pages=[[p.number, p.start, p.end] for p in doc.pages],
        meta=dict(doc.metadata),
    )
    session.add(row)
    session.flush()
    return row, (NEW if last_version == 0 else NEW_VERSION)


def record_error(session: Session, path: str | Path, reason: str, content_hash: str = "") -> IngestErrorRow:
    """Record that `path` (with these bytes) could not be read. One row per (path, hash): idempotent."""
    path = str(path)
    row = session.scalars(
        select(IngestErrorRow).where(IngestErrorRow.source_path == path, IngestErrorRow.content_hash == content_hash)
    ).first()
    if row is None:
        row = IngestErrorRow(source_path=path, content_hash=content_hash, reason=reason)
        session.add(row)
    elif row.reason != reason:
        row.reason = reason
    session.flush()
    return row


def document_from_row(row: DocumentRow) -> Document:
    """The Document value back from a stored row (for extraction of stored documents)."""
    from ..document import Page

    return Document(
        source_path=row.source_path,
        format=row.format,
        content_hash=row.content_hash,
        text=row.text,
        title=row.title,
        pages=[Page(number, start, end) for number, start, end in (row.pages or [])],
        metadata=dict(row.meta or {}),
        language=row.language,
    )
