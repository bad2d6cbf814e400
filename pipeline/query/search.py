"""Full-text search over the documents: SQLite FTS5 or PostgreSQL full text, same answers.

The database finds the documents holding every word (as a word prefix, case-insensitive);
hits, spans and snippets are then cut from the text the same way on both databases.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..store.documents import DocumentRow

WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CONTEXT = 60


def _terms(query: str) -> list[str]:
    return [w.lower() for w in WORD.findall(query)]


def _matching_ids(session: Session, terms: list[str]) -> list[int]:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = " AND ".join(f'"{t}"*' for t in terms)
        sql = text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :match")
        return list(session.scalars(sql, {"match": match}))
    if dialect == "postgresql":
        tsquery = " & ".join(f"{t}:*" for t in terms)
        sql = text("SELECT id FROM documents WHERE to_tsvector('simple', coalesce(title, '') || ' ' || text) "
                   "@@ to_tsquery('simple', :q)")
        return list(session.scalars(sql, {"q": tsquery}))
    pattern = "%" + "%".join(terms) + "%"  # any other database: a plain scan
    return list(session.scalars(select(DocumentRow.id).where(DocumentRow.text.ilike(pattern))))


def _snippet(body: str, start: int, end: int) -> str:
    left = max(0, start - SNIPPET_CONTEXT)
    right = min(len(body), end + SNIPPET_CONTEXT)
    snippet = body[left:start] + "[" + body[start:end] + "]" + body[end:right]
    snippet = " ".join(snippet.split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(body) else "")


def search(session: Session, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Current documents holding every word of `query` (word prefixes), most hits first, each with
    the span and a snippet of its first hit and the number of hits."""
    terms = _terms(query)
    if not terms:
        return []
    ids = _matching_ids(session, terms)
    if not ids:
        return []
    patterns = [re.compile(r"\b" + re.escape(t) + r"\w*", re.IGNORECASE) for t in terms]
    results = []
    for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids), DocumentRow.is_current.is_(True))):
        hits = sorted(m.span() for p in patterns for m in p.finditer(row.text))
        if not hits:
            continue  # matched in the title only
        start, end = hits[0]
        results.append({"path": row.source_path, "title": row.title, "kind": row.kind, "start": start, "end": end,
                        "hits": len(hits), "snippet": _snippet(row.text, start, end)})
    results.sort(key=lambda r: (-r["hits"], r["path"]))
    return results[:limit]
