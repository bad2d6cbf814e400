"""What the desk shows of each record of a candidate: its fields, its version (the lock),
its documents, and the passages of its evidence cut around the cited span."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.base import Base
from ..web.text import snippet

PASSAGE_WIDTH = 120  # characters shown either side of a cited span
SHOWN_PASSAGES = 4  # per record; the rest are counted ("and 7 more passages")


def _t(name: str):
    return Base.metadata.tables[name]


def _evidence(session: Session, facts: list[tuple[str, int]], texts: dict[int, str]) -> list[dict[str, Any]]:
    ev, docs = _t("evidence"), _t("documents")
    out = []
    by_table: dict[str, list[int]] = defaultdict(list)
    for table, fact_id in facts:
        by_table[table].append(fact_id)
    for table, ids in by_table.items():
        rows = session.execute(select(ev.c.fact_table, ev.c.document_id, ev.c.start, ev.c.end, ev.c.text,
                                      docs.c.title, docs.c.source_path)
                               .join(docs, docs.c.id == ev.c.document_id)
                               .where(ev.c.fact_table == table, ev.c.fact_id.in_(ids)).order_by(ev.c.id)).mappings()
        for row in rows:
            text = texts.get(row["document_id"])
            if text is None:
                text = session.execute(select(docs.c.text).where(docs.c.id == row["document_id"])).scalar_one() or ""
                texts[row["document_id"]] = text
            span = (row["start"], row["end"]) if row["start"] is not None and row["end"] is not None \
                and 0 <= row["start"] < row["end"] <= len(text) else None
            before, cited, after = snippet(text, span, PASSAGE_WIDTH)
            out.append({"fact": row["fact_table"], "document_id": row["document_id"], "start": row["start"],
                        "end": row["end"], "document": row["title"] or row["source_path"],
                        "before": before, "cited": cited, "after": after})
    return out


def _shown(record: dict[str, Any]) -> dict[str, Any]:
    """The first passages of each document first (one per document, then the others), capped."""
    evidence = record["evidence"]
    first, rest, seen = [], [], set()
    for e in evidence:
        (rest if e["document_id"] in seen else first).append(e)
        seen.add(e["document_id"])
    ordered = first + rest
    record["evidence"], record["more_passages"] = ordered[:SHOWN_PASSAGES], max(0, len(ordered) - SHOWN_PASSAGES)
    return record


def _documents(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[int, str] = {}
    for e in evidence:
        seen.setdefault(e["document_id"], e["document"])
    return [{"id": i, "title": t} for i, t in seen.items()]


def person(session: Session, person_id: int, texts: dict[int, str]) -> dict[str, Any]:
    persons, positions, orgs, sigs, agreements = (_t(n) for n in ("persons", "positions", "organisations",
                                                                  "signatures", "agreements"))
    row = session.execute(select(persons).where(persons.c.id == person_id)).mappings().one()
    roles = session.execute(select(positions.c.id, positions.c.title, positions.c.party, positions.c.first_seen,
                                   positions.c.last_seen, orgs.c.name.label("org"))
                            .join(orgs, orgs.c.id == positions.c.organisation_id, isouter=True)
                            .where(positions.c.person_id == person_id).order_by(positions.c.id)).mappings().all()
    signed = session.execute(select(sigs.c.id, agreements.c.type, agreements.c.title, agreements.c.date)
                             .join(agreements, agreements.c.id == sigs.c.agreement_id)
                             .where(sigs.c.person_id == person_id)).mappings().all()
    facts = [("persons", person_id)] + [("positions", r["id"]) for r in roles] + [("signatures", s["id"]) for s in signed]
    evidence = _evidence(session, facts, texts)
    dates = sorted({d for r in roles for d in (r["first_seen"], r["last_seen"]) if d})
    role_text = ["".join([r["title"] or "", f" ({r['party']})" if r["party"] else "", f", {r['org']}" if r["org"] else ""])
                 for r in roles]
    fields = [("name", row["name"]),
              ("roles", "; ".join(t for t in role_text if t)),
              ("active", " – ".join(dict.fromkeys(dates[:1] + dates[-1:]))),
              ("signed", "; ".join(f"{s['type'] or 'agreement'} {s['date'] or ''}".strip() for s in signed))]
    return {"id": person_id, "label": row["name"], "version": row["version"], "fields": fields,
            "evidence": evidence, "documents": _documents(evidence), "link": f"/samverkan/person/{person_id}"}


def agreement(session: Session, agreement_id: int, texts: dict[int, str]) -> dict[str, Any]:
    agreements, parties, orgs, sigs, persons, links = (_t(n) for n in (
        "agreements", "agreement_parties", "organisations", "signatures", "persons", "agreement_documents"))
    row = session.execute(select(agreements).where(agreements.c.id == agreement_id)).mappings().one()
    party_rows = session.execute(select(parties.c.id, orgs.c.name).join(orgs, orgs.c.id == parties.c.organisation_id)
                                 .where(parties.c.agreement_id == agreement_id)).all()
    signers = session.execute(select(sigs.c.id, persons.c.name).join(persons, persons.c.id == sigs.c.person_id)
                              .where(sigs.c.agreement_id == agreement_id)).all()
    facts = [("agreements", agreement_id)] + [("agreement_parties", i) for i, _ in party_rows] + \
        [("signatures", i) for i, _ in signers]
    evidence = _evidence(session, facts, texts)
    docs = _t("documents")
    linked = session.execute(select(docs.c.id, docs.c.title, docs.c.source_path)
                             .join(links, links.c.document_id == docs.c.id)
                             .where(links.c.agreement_id == agreement_id)).all()
    documents = _documents(evidence)
    known = {d["id"] for d in documents}
    documents += [{"id": i, "title": t or p} for i, t, p in linked if i not in known]
    fields = [("type", row["type"]), ("title", row["title"]), ("date", row["date"]), ("place", row["place"]),
              ("parties", ", ".join(sorted(n for _, n in party_rows))),
              ("signatories", ", ".join(sorted(n for _, n in signers)))]
    return {"id": agreement_id, "label": row["title"] or row["type"] or f"agreement {agreement_id}",
            "version": row["version"], "fields": fields, "evidence": evidence, "documents": documents,
            "link": f"/samverkan/agreement/{agreement_id}"}


def organisation(session: Session, org_id: int, texts: dict[int, str]) -> dict[str, Any]:
    orgs = _t("organisations")
    row = session.execute(select(orgs).where(orgs.c.id == org_id)).mappings().one()
    evidence = _evidence(session, [("organisations", org_id)], texts)
    fields = [("name", row["name"]), ("kind", row["kind"]), ("SCB code", row["scb_code"]),
              ("organisation number", row["org_number"])]
    return {"id": org_id, "label": row["name"], "version": row["version"], "fields": fields, "evidence": evidence,
            "documents": _documents(evidence), "link": f"/samverkan/municipality/{org_id}"}


def document(session: Session, document_id: int, texts: dict[int, str]) -> dict[str, Any]:
    docs = _t("documents")
    row = session.execute(select(docs).where(docs.c.id == document_id)).mappings().one()
    text = row["text"] or ""
    before, cited, after = snippet(text, None, 300)
    fields = [("title", row["title"]), ("source", row["source_path"]), ("format", row["format"]),
              ("language", row["language"]), ("length", f"{len(text)} characters")]
    return {"id": document_id, "label": row["title"] or row["source_path"], "version": None, "fields": fields,
            "evidence": [{"fact": "text", "document_id": document_id, "start": None, "end": None,
                          "document": row["title"] or row["source_path"], "before": before, "cited": cited,
                          "after": after}],
            "documents": [], "link": f"/samverkan/document/{document_id}"}


LOADERS = {"persons": person, "agreements": agreement, "organisations": organisation, "documents": document}


def candidate_records(session: Session, kind: str, members: list[int]) -> list[dict[str, Any] | None]:
    """The records of a candidate as the desk shows them (None for a record that no longer exists)."""
    table = _t(kind)
    existing = set(session.execute(select(table.c.id).where(table.c.id.in_(members))).scalars())
    texts: dict[int, str] = {}
    return [_shown(LOADERS[kind](session, m, texts)) if m in existing else None for m in members]
