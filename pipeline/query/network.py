"""Who an organisation cooperates with, and how often (shared agreements)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from .common import AgreementIds, Canon, agreements_with_party, find_organisations


def network(session: Session, municipality: str) -> list[dict[str, Any]]:
    """The co-parties of `municipality`'s agreements: one row per partner with the number of
    shared agreements, those agreements (type, title, date) and where each names the partner
    as a party (citations)."""
    canon = Canon(session)
    own = find_organisations(session, municipality, canon)
    own_names = {o.name for o in own}
    views = AgreementIds(agreements_with_party(session, {o.id for o in own}, canon, signed_for=False)).views(session, canon)
    partners: dict[str, dict[str, Any]] = defaultdict(lambda: {"agreements": [], "citations": []})
    for view in views:
        for party in view["parties"]:
            if party["name"] in own_names:
                continue
            entry = partners[party["name"]]
            entry.update(name=party["name"], kind=party["kind"], scb_code=party["scb_code"])
            entry["agreements"].append({k: view[k] for k in ("type", "title", "date")})
            entry["citations"] += [c for c in party["citations"] if c not in entry["citations"]]
    rows = [dict(p, count=len(p["agreements"])) for p in partners.values()]
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))
