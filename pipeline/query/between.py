"""Agreements two organisations are both party to."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .common import AgreementIds, Canon, agreements_with_party, find_organisations


def between(session: Session, a: str, b: str) -> list[dict[str, Any]]:
    """Agreements to which both `a` and `b` (municipalities or other organisations) are party."""
    canon = Canon(session)
    first = {o.id for o in find_organisations(session, a, canon)}
    second = {o.id for o in find_organisations(session, b, canon)}
    ids = agreements_with_party(session, first, canon, signed_for=False) & \
        agreements_with_party(session, second, canon, signed_for=False)
    return AgreementIds(ids).views(session, canon)
