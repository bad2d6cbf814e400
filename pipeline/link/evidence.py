"""Evidence rows: every fact -> document, character span, extractor version (and claim)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..store.base import utcnow
from ..store.documents import DocumentRow
from ..store.entities import AgreementDocumentRow, EvidenceRow, MentionRow


class EvidenceWriter:
    """Collects evidence of one document, at most one row per (fact, span); `write()` inserts
    it all at once."""

    def __init__(self, session: Session, document: DocumentRow, extractor_version: str, observed_on: str | None):
        self.session = session
        self.document = document
        self.extractor_version = extractor_version
        self.observed_on = observed_on
        self._seen: set[tuple] = set()
        self._rows: list[dict[str, Any]] = []

    def add(self, table: str, fact_id: int, span: Any = None, *, claim: dict | None = None,
            observed_on: str | None = None) -> None:
        start, end = _span(span)
        key = (table, fact_id, start, end)
        if key in self._seen:
            return
        self._seen.add(key)
        text = self.document.text[start:end] if start is not None and end is not None else None
        self._rows.append(dict(
            fact_table=table, fact_id=fact_id, document_id=self.document.id, start=start, end=end, text=text,
            extractor_version=self.extractor_version, observed_on=observed_on or self.observed_on, claim=claim,
            created_at=utcnow(),
        ))

    def write(self) -> None:
        if self._rows:
            self.session.execute(EvidenceRow.__table__.insert(), self._rows)  # executemany, no ORM
            self._rows = []


def _span(span: Any) -> tuple[int | None, int | None]:
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span):
        return span[0], span[1]
    return None, None


def versions_of(session: Session, document: DocumentRow) -> list[int]:
    """Ids of every stored version of the document's file (its own id included)."""
    ids = session.scalars(select(DocumentRow.id).where(DocumentRow.source_path == document.source_path)).all()
    return sorted(set(ids) | {document.id})


def clear_documents(session: Session, document_ids: list[int]) -> set[tuple[str, int]]:
    """Remove what these documents attested; returns the (table, id) facts that lost evidence."""
    touched = set(session.execute(
        select(EvidenceRow.fact_table, EvidenceRow.fact_id).where(EvidenceRow.document_id.in_(document_ids))
    ).all())
    touched |= {("agreements", a) for a in session.scalars(
        select(AgreementDocumentRow.agreement_id).where(AgreementDocumentRow.document_id.in_(document_ids)))}
    session.execute(delete(EvidenceRow).where(EvidenceRow.document_id.in_(document_ids)))
    session.execute(delete(AgreementDocumentRow).where(AgreementDocumentRow.document_id.in_(document_ids)))
    session.execute(delete(MentionRow).where(MentionRow.document_id.in_(document_ids)))
    return {(t, i) for t, i in touched}
