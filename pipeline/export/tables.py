"""The database's tables as plain rows (document text left out), for CSV and JSON export."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.documents import DocumentRow, IngestErrorRow
from ..store.entities import (
    AgreementDocumentRow, AgreementPartyRow, AgreementRow, EvidenceRow, MentionRow, OrganisationRow, PersonRow,
    PositionRow, SignatureRow,
)

TABLES = {
    "documents": DocumentRow, "ingest_errors": IngestErrorRow, "organisations": OrganisationRow,
    "persons": PersonRow, "positions": PositionRow, "agreements": AgreementRow,
    "agreement_parties": AgreementPartyRow, "agreement_documents": AgreementDocumentRow,
    "signatures": SignatureRow, "evidence": EvidenceRow, "mentions": MentionRow,
}
LEFT_OUT = {"documents": {"text", "pages"}}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def table_rows(session: Session, table: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and rows (dicts) of one table, in id order."""
    model = TABLES[table]
    columns = [c for c in model.__table__.columns if c.name not in LEFT_OUT.get(table, set())]
    names = [c.name for c in columns]
    rows = session.execute(select(*columns).order_by(model.id)).all()
    return names, [{n: _plain(v) for n, v in zip(names, row)} for row in rows]
