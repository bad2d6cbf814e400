"""Who signed what for whom, and when: the agreements a municipality (or everyone) is party to."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.entities import AgreementRow
from .common import AgreementIds, Canon, agreements_with_party, find_organisations


def signatories(session: Session, municipality: str | None = None) -> list[dict[str, Any]]:
    """Agreements involving `municipality` (all agreements when None), each with its signatures,
    parties, documents and citations (document path + span)."""
    canon = Canon(session)
    if municipality is None:
        ids = {canon("agreements", i) for i in session.scalars(select(AgreementRow.id))}
    else:
        orgs = find_organisations(session, municipality, canon)
        ids = agreements_with_party(session, {o.id for o in orgs}, canon)
    return AgreementIds(ids).views(session, canon)
