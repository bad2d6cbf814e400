"""Read queries behind our pages. Every query follows `merged_into_id` to canonical records.

Each function takes a Datasette `Database` (read-only connections) and returns plain dicts.
"""
from __future__ import annotations

from typing import Any

from .text import find_any_term, find_folded, fts_query, search_terms, snippet

MAX_HOPS = 50  # a merge chain longer than this is a data error, not a reason to loop


def _roots(table: str, alias: str) -> str:
    """A CTE `alias(id, root)` mapping every row of `table` to the canonical row it was merged into."""
    return (
        f"{alias}(id, root) AS (SELECT id, id FROM {table} WHERE merged_into_id IS NULL "
        f"UNION ALL SELECT t.id, r.root FROM {table} t JOIN {alias} r ON t.merged_into_id = r.id)"
    )


ROOTS = "WITH RECURSIVE " + ", ".join(
    [_roots("persons", "person_root"), _roots("organisations", "org_root"), _roots("agreements", "agreement_root")]
)


async def rows(db, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    result = await db.execute(sql, params or {})
    return [dict(row) for row in result.rows]


async def canonical_id(db, table: str, row_id: int) -> int | None:
    """The id `row_id` was merged into (following chains), itself if not merged, None if absent."""
    assert table in {"persons", "organisations", "agreements"}
    seen = set()
    current = row_id
    for _ in range(MAX_HOPS):
        found = await rows(db, f"SELECT id, merged_into_id FROM {table} WHERE id = :id", {"id": current})
        if not found:
            return None
        nxt = found[0]["merged_into_id"]
        if nxt is None or nxt in seen:
            return current
        seen.add(current)
        current = nxt
    return current


async def aliases(db, table: str, root_id: int, label_column: str) -> list[dict]:
    """Records merged into `root_id` (directly or through others)."""
    sql = (
        f"WITH RECURSIVE m(id) AS (SELECT id FROM {table} WHERE merged_into_id = :id "
        f"UNION SELECT t.id FROM {table} t JOIN m ON t.merged_into_id = m.id) "
        f"SELECT t.id, t.{label_column} AS label FROM {table} t JOIN m ON m.id = t.id ORDER BY t.id"
    )
    return await rows(db, sql, {"id": root_id})


async def has_table(db, name: str) -> bool:
    found = await rows(db, "SELECT 1 FROM sqlite_master WHERE name = :n", {"n": name})
    return bool(found)


async def evidence_for(db, fact_table: str, fact_ids: list[int]) -> dict[int, list[dict]]:
    """Evidence rows (document, span, quoted text) for facts, grouped by fact id."""
    if not fact_ids:
        return {}
    marks = ", ".join(f":i{n}" for n in range(len(fact_ids)))
    params = {f"i{n}": fid for n, fid in enumerate(fact_ids)}
    params["t"] = fact_table
    found = await rows(
        db,
        "SELECT e.id, e.fact_id, e.document_id, e.start, e.\"end\", e.text, e.extractor_version,"
        " d.title AS document_title, d.source_path, d.kind AS document_kind"
        f" FROM evidence e JOIN documents d ON d.id = e.document_id"
        f" WHERE e.fact_table = :t AND e.fact_id IN ({marks}) ORDER BY e.document_id, e.start",
        params,
    )
    grouped: dict[int, list[dict]] = {}
    for row in found:
        grouped.setdefault(row["fact_id"], []).append(row)
    return grouped


async def _attach_evidence(db, fact_table: str, items: list[dict], key: str = "id") -> list[dict]:
    evidence = await evidence_for(db, fact_table, [i[key] for i in items])
    for item in items:
        item["evidence"] = evidence.get(item[key], [])
    return items


# ---------------------------------------------------------------- persons

async def person(db, person_id: int) -> dict | None:
    found = await rows(db, "SELECT id, name FROM persons WHERE id = :id", {"id": person_id})
    if not found:
        return None
    result = found[0]
    result["aliases"] = await aliases(db, "persons", person_id, "name")
    member_ids = [person_id] + [a["id"] for a in result["aliases"]]
    members = ", ".join(str(int(i)) for i in member_ids)
    result["positions"] = await _attach_evidence(db, "positions", await rows(db, f"""
        {ROOTS}
        SELECT pos.id, pos.title, pos.party, pos.first_seen, pos.last_seen,
               o.id AS org_id, o.name AS org_name, o.kind AS org_kind
        FROM positions pos
        LEFT JOIN org_root r ON r.id = pos.organisation_id
        LEFT JOIN organisations o ON o.id = r.root
        WHERE pos.person_id IN ({members})
        ORDER BY COALESCE(pos.last_seen, pos.first_seen) DESC, o.name, pos.title"""))
    result["signatures"] = await _attach_evidence(db, "signatures", await rows(db, f"""
        {ROOTS}
        SELECT s.id, a.id AS agreement_id, a.type, a.title, a.date, a.place,
               o.id AS org_id, o.name AS org_name, pos.title AS role, pos.party
        FROM signatures s
        JOIN agreement_root ar ON ar.id = s.agreement_id
        JOIN agreements a ON a.id = ar.root
        LEFT JOIN org_root r ON r.id = s.organisation_id
        LEFT JOIN organisations o ON o.id = r.root
        LEFT JOIN positions pos ON pos.id = s.position_id
        WHERE s.person_id IN ({members})
        ORDER BY a.date DESC, a.id"""))
    result["cosigners"] = await rows(db, f"""
        {ROOTS}
        SELECT p.id, p.name, COUNT(DISTINCT ar.root) AS agreements
        FROM signatures mine
        JOIN agreement_root ar ON ar.id = mine.agreement_id
        JOIN agreement_root ar2 ON ar2.root = ar.root
        JOIN signatures other ON other.agreement_id = ar2.id
        JOIN person_root pr ON pr.id = other.person_id
        JOIN persons p ON p.id = pr.root
        WHERE mine.person_id IN ({members}) AND pr.root != :id
        GROUP BY p.id, p.name ORDER BY agreements DESC, p.name""", {"id": person_id})
    result["mentions"] = await _documents_citing(db, "persons", member_ids)
    return result


async def _documents_citing(db, fact_table: str, fact_ids: list[int]) -> list[dict]:
    """One row per document citing the facts: its first cited passage and how many passages."""
    evidence = await evidence_for(db, fact_table, fact_ids)
    by_document: dict[int, dict] = {}
    for item in sorted((e for items in evidence.values() for e in items),
                       key=lambda e: (e["document_id"], e["start"] is None, e["start"] or 0)):
        first = by_document.setdefault(item["document_id"], {**item, "passages": 0})
        first["passages"] += 1
    return sorted(by_document.values(), key=lambda e: (e["document_title"] or e["source_path"] or ""))


# ---------------------------------------------------------------- organisations

async def organisation(db, org_id: int) -> dict | None:
    found = await rows(db, "SELECT * FROM organisations WHERE id = :id", {"id": org_id})
    if not found:
        return None
    result = found[0]
    result["aliases"] = await aliases(db, "organisations", org_id, "name")
    result["evidence"] = await _documents_citing(db, "organisations", [org_id] + [a["id"] for a in result["aliases"]])
    params = {"id": org_id}
    agreements = await rows(db, f"""
        {ROOTS}
        SELECT DISTINCT a.id, a.type, a.title, a.date, a.place
        FROM agreement_parties ap
        JOIN org_root r ON r.id = ap.organisation_id AND r.root = :id
        JOIN agreement_root ar ON ar.id = ap.agreement_id
        JOIN agreements a ON a.id = ar.root
        ORDER BY a.date DESC, a.id""", params)
    for agreement in agreements:
        agreement["parties"] = await _parties(db, agreement["id"])
    result["agreements"] = agreements
    result["signatories"] = await _attach_evidence(db, "signatures", await rows(db, f"""
        {ROOTS}
        SELECT s.id, p.id AS person_id, p.name, pos.title AS role, pos.party,
               a.id AS agreement_id, a.type, a.title, a.date
        FROM signatures s
        JOIN org_root r ON r.id = s.organisation_id AND r.root = :id
        JOIN person_root pr ON pr.id = s.person_id
        JOIN persons p ON p.id = pr.root
        JOIN agreement_root ar ON ar.id = s.agreement_id
        JOIN agreements a ON a.id = ar.root
        LEFT JOIN positions pos ON pos.id = s.position_id
        ORDER BY a.date DESC, p.name""", params))
    result["people"] = await _attach_evidence(db, "positions", await rows(db, f"""
        {ROOTS}
        SELECT pos.id, p.id AS person_id, p.name, pos.title, pos.party, pos.first_seen, pos.last_seen
        FROM positions pos
        JOIN org_root r ON r.id = pos.organisation_id AND r.root = :id
        JOIN person_root pr ON pr.id = pos.person_id
        JOIN persons p ON p.id = pr.root
        ORDER BY p.name, pos.title""", params))
    result["network"] = await network(db, org_id)
    return result


async def network(db, org_id: int) -> list[dict]:
    """Organisations that share agreements with `org_id`, with how many and the latest date."""
    return await rows(db, f"""
        {ROOTS},
        party(agreement, org) AS (
            SELECT DISTINCT ar.root, r.root FROM agreement_parties ap
            JOIN agreement_root ar ON ar.id = ap.agreement_id
            JOIN org_root r ON r.id = ap.organisation_id)
        SELECT o.id, o.name, o.kind, COUNT(*) AS shared, MAX(a.date) AS latest
        FROM party mine
        JOIN party other ON other.agreement = mine.agreement AND other.org != mine.org
        JOIN organisations o ON o.id = other.org
        JOIN agreements a ON a.id = mine.agreement
        WHERE mine.org = :id
        GROUP BY o.id, o.name, o.kind ORDER BY shared DESC, o.name""", {"id": org_id})


# ---------------------------------------------------------------- agreements

async def _parties(db, agreement_id: int) -> list[dict]:
    return await rows(db, f"""
        {ROOTS}
        SELECT DISTINCT o.id, o.name, o.kind
        FROM agreement_parties ap
        JOIN agreement_root ar ON ar.id = ap.agreement_id AND ar.root = :id
        JOIN org_root r ON r.id = ap.organisation_id
        JOIN organisations o ON o.id = r.root
        ORDER BY o.name""", {"id": agreement_id})


async def agreement(db, agreement_id: int) -> dict | None:
    found = await rows(db, "SELECT * FROM agreements WHERE id = :id", {"id": agreement_id})
    if not found:
        return None
    result = found[0]
    result["aliases"] = await aliases(db, "agreements", agreement_id, "title")
    members = ", ".join(str(int(i)) for i in [agreement_id] + [a["id"] for a in result["aliases"]])
    result["evidence"] = await _documents_citing(db, "agreements", [agreement_id] + [a["id"] for a in result["aliases"]])
    result["parties"] = await _attach_evidence(db, "agreement_parties", await rows(db, f"""
        {ROOTS}
        SELECT ap.id, o.id AS org_id, o.name, o.kind, o.scb_code
        FROM agreement_parties ap
        JOIN org_root r ON r.id = ap.organisation_id
        JOIN organisations o ON o.id = r.root
        WHERE ap.agreement_id IN ({members})
        ORDER BY o.name"""))
    result["signatories"] = await _attach_evidence(db, "signatures", await rows(db, f"""
        {ROOTS}
        SELECT s.id, p.id AS person_id, p.name, pos.title AS role, pos.party,
               o.id AS org_id, o.name AS org_name
        FROM signatures s
        JOIN person_root pr ON pr.id = s.person_id
        JOIN persons p ON p.id = pr.root
        LEFT JOIN org_root r ON r.id = s.organisation_id
        LEFT JOIN organisations o ON o.id = r.root
        LEFT JOIN positions pos ON pos.id = s.position_id
        WHERE s.agreement_id IN ({members})
        ORDER BY o.name, p.name"""))
    result["documents"] = await rows(db, f"""
        SELECT DISTINCT d.id, d.title, d.source_path, d.kind, d.format, d.version, d.is_current
        FROM agreement_documents ad JOIN documents d ON d.id = ad.document_id
        WHERE ad.agreement_id IN ({members})
        ORDER BY d.kind, d.source_path""")
    return result


# ---------------------------------------------------------------- documents

async def document(db, document_id: int) -> dict | None:
    found = await rows(db, """
        SELECT id, source_path, version, is_current, content_hash, format, title, text, language,
               kind, ingested_at, extractor_version, extracted_at, metadata
        FROM documents WHERE id = :id""", {"id": document_id})
    if not found:
        return None
    result = found[0]
    result["ocr"] = _ocr(result.pop("metadata"))
    current = await rows(db, """
        SELECT id, version FROM documents
        WHERE source_path = :p AND is_current AND id != :id ORDER BY version DESC LIMIT 1""",
        {"p": result["source_path"], "id": document_id})
    result["current_version"] = current[0] if current else None
    result["facts"] = await rows(db, f"""
        {ROOTS}
        SELECT e.id, e.fact_table, e.fact_id, e.start, e."end", e.text,
          CASE e.fact_table
            WHEN 'persons' THEN (SELECT pr.root FROM person_root pr WHERE pr.id = e.fact_id)
            WHEN 'positions' THEN (SELECT pr.root FROM positions x JOIN person_root pr ON pr.id = x.person_id WHERE x.id = e.fact_id)
            WHEN 'organisations' THEN (SELECT r.root FROM org_root r WHERE r.id = e.fact_id)
            WHEN 'agreements' THEN (SELECT ar.root FROM agreement_root ar WHERE ar.id = e.fact_id)
            WHEN 'agreement_parties' THEN (SELECT ar.root FROM agreement_parties x JOIN agreement_root ar ON ar.id = x.agreement_id WHERE x.id = e.fact_id)
            WHEN 'signatures' THEN (SELECT ar.root FROM signatures x JOIN agreement_root ar ON ar.id = x.agreement_id WHERE x.id = e.fact_id)
          END AS target_id,
          CASE e.fact_table
            WHEN 'persons' THEN (SELECT name FROM persons WHERE id = e.fact_id)
            WHEN 'positions' THEN (SELECT p.name || COALESCE(', ' || x.title, '') || COALESCE(' (' || x.party || ')', '')
                                   || COALESCE(', ' || o.name, '')
                                   FROM positions x JOIN persons p ON p.id = x.person_id
                                   LEFT JOIN organisations o ON o.id = x.organisation_id WHERE x.id = e.fact_id)
            WHEN 'organisations' THEN (SELECT name FROM organisations WHERE id = e.fact_id)
            WHEN 'agreements' THEN (SELECT COALESCE(type, 'agreement') || COALESCE(': ' || title, '') FROM agreements WHERE id = e.fact_id)
            WHEN 'agreement_parties' THEN (SELECT o.name || ' is a party' FROM agreement_parties x
                                           JOIN organisations o ON o.id = x.organisation_id WHERE x.id = e.fact_id)
            WHEN 'signatures' THEN (SELECT p.name || ' signed' || COALESCE(' for ' || o.name, '') FROM signatures x
                                    JOIN persons p ON p.id = x.person_id
                                    LEFT JOIN organisations o ON o.id = x.organisation_id WHERE x.id = e.fact_id)
          END AS label
        FROM evidence e WHERE e.document_id = :id ORDER BY e.start, e.fact_table""", {"id": document_id})
    for fact in result["facts"]:
        fact["target_page"] = FACT_PAGES.get(fact["fact_table"])
        fact["kind"] = FACT_KINDS.get(fact["fact_table"], fact["fact_table"])
    return result


def _ocr(metadata) -> dict | None:
    """The document's OCR record (engine, models, per-page confidence; docs/ocr.md), if it was read by OCR."""
    import json

    try:
        found = json.loads(metadata) if isinstance(metadata, str) else (metadata or {})
    except ValueError:
        return None
    return found.get("ocr") if isinstance(found, dict) else None


FACT_PAGES = {
    "persons": "person",
    "positions": "person",
    "organisations": "municipality",
    "agreements": "agreement",
    "agreement_parties": "agreement",
    "signatures": "agreement",
}


FACT_KINDS = {
    "persons": "person",
    "positions": "role",
    "organisations": "organisation",
    "agreements": "agreement",
    "agreement_parties": "party",
    "signatures": "signature",
}


# ---------------------------------------------------------------- search

SEARCH_LIMIT = 50


async def search(db, text: str) -> dict[str, list[dict]]:
    """Persons, organisations, agreements and documents matching `text` (case and accents ignored)."""
    params = {"q": text.strip()}
    persons = await rows(db, f"""
        {ROOTS}
        SELECT p.id, p.name,
               (SELECT COUNT(*) FROM signatures s JOIN person_root x ON x.id = s.person_id WHERE x.root = p.id) AS signatures,
               (SELECT group_concat(DISTINCT pos.title) FROM positions pos JOIN person_root x ON x.id = pos.person_id WHERE x.root = p.id) AS titles
        FROM persons p
        WHERE p.id IN (SELECT pr.root FROM persons m JOIN person_root pr ON pr.id = m.id
                       WHERE instr(sv_fold(m.name), sv_fold(:q)) > 0)
        ORDER BY p.name LIMIT {SEARCH_LIMIT}""", params)
    organisations = await rows(db, f"""
        {ROOTS}
        SELECT o.id, o.name, o.kind, o.scb_code,
               (SELECT COUNT(DISTINCT ap.agreement_id) FROM agreement_parties ap JOIN org_root x ON x.id = ap.organisation_id WHERE x.root = o.id) AS agreements
        FROM organisations o
        WHERE o.id IN (SELECT r.root FROM organisations m JOIN org_root r ON r.id = m.id
                       WHERE instr(sv_fold(m.name), sv_fold(:q)) > 0 OR sv_fold(m.name) = sv_fold(sv_org_name(:q)))
        ORDER BY o.kind != 'municipality', o.name LIMIT {SEARCH_LIMIT}""", params)
    agreements = await rows(db, f"""
        {ROOTS}
        SELECT a.id, a.type, a.title, a.date, a.place FROM agreements a
        WHERE a.id IN (
            SELECT ar.root FROM agreements m JOIN agreement_root ar ON ar.id = m.id
            WHERE instr(sv_fold(COALESCE(m.title, '') || ' ' || COALESCE(m.type, '') || ' ' || COALESCE(m.place, '')), sv_fold(:q)) > 0
            UNION
            SELECT ar.root FROM agreement_parties ap JOIN agreement_root ar ON ar.id = ap.agreement_id
            JOIN org_root r ON r.id = ap.organisation_id JOIN organisations o ON o.id = r.root
            WHERE sv_fold(o.name) = sv_fold(sv_org_name(:q)))
        ORDER BY a.date DESC LIMIT {SEARCH_LIMIT}""", params)
    for item in agreements:
        item["parties"] = await _parties(db, item["id"])
    return {
        "persons": persons,
        "organisations": organisations,
        "agreements": agreements,
        "documents": await search_documents(db, text),
    }


async def fts_table(db) -> str | None:
    """The full-text index over documents, if the database has one (`documents_fts`)."""
    return "documents_fts" if await has_table(db, "documents_fts") else None


async def search_documents(db, text: str, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Current documents containing every word of `text`.

    The full-text index (`documents_fts`, exact words) is asked first; when it finds nothing
    or is absent, a scan that ignores case and accents ("sjoden" finds "Sjödén") is used.
    """
    terms = search_terms(text)
    if not terms:
        return []
    found = []
    fts = await fts_table(db)
    if fts:
        columns = [r["name"] for r in await rows(db, f"PRAGMA table_info({fts})")]
        key = "document_id" if "document_id" in columns else "rowid"
        found = await rows(db, f"""
            SELECT d.id, d.title, d.source_path, d.kind, d.text FROM documents d
            WHERE d.is_current AND d.id IN (SELECT {key} FROM {fts} WHERE {fts} MATCH :m)
            ORDER BY d.title LIMIT {int(limit)}""", {"m": fts_query(text)})
    if not found:
        where = " AND ".join(f"instr(sv_fold(d.text || ' ' || COALESCE(d.title, '')), sv_fold(:t{n})) > 0"
                             for n in range(len(terms)))
        found = await rows(db, f"""
            SELECT d.id, d.title, d.source_path, d.kind, d.text FROM documents d
            WHERE d.is_current AND {where} ORDER BY d.title LIMIT {int(limit)}""",
            {f"t{n}": t for n, t in enumerate(terms)})
    for doc in found:
        body = doc.pop("text")
        span = find_folded(body, text) or find_any_term(body, terms)
        doc["span"] = span
        doc["snippet"] = snippet(body, span)
    return found


async def overview(db) -> dict[str, int]:
    """How many canonical records of each kind the database holds."""
    counts = {}
    for table, where in [("documents", "is_current"), ("persons", "merged_into_id IS NULL"),
                         ("organisations", "merged_into_id IS NULL"), ("agreements", "merged_into_id IS NULL"),
                         ("signatures", "1")]:
        counts[table] = (await db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}")).single_value()
    return counts
