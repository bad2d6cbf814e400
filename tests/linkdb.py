"""Helpers for the linker/store/query tests: a fresh database on SQLite or PostgreSQL, and
documents ingested for real and linked with hand-made or gold extractions.

PostgreSQL: each database is created fresh on the server named by
SAMVERKAN_TEST_POSTGRES_URL (`.ci/postgres.sh` starts one); without it those cases skip.
"""
from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

POSTGRES_ENV = "SAMVERKAN_TEST_POSTGRES_URL"
BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]


@contextmanager
def fresh_database(backend: str, tmp_dir: Path) -> Iterator[str]:
    """A URL of an empty database on `backend` ("sqlite" | "postgres"), removed afterwards."""
    if backend == "sqlite":
        yield str(tmp_dir / f"{uuid.uuid4().hex[:8]}.db")
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set (no PostgreSQL server)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"samverkan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def session(request, tmp_path):
    """A session on a fresh database of each backend (a test module imports it to use it)."""
    from samverkan.store import open_db

    with fresh_database(request.param, tmp_path) as url:
        engine, factory = open_db(url)
        with factory() as s:
            yield s
        engine.dispose()


def add_text_document(session, path: str, text: str, **meta):
    """A document row stored through the real ingestion API (no file needed)."""
    from samverkan.document import Document, content_hash
    from samverkan.ingest import store_document

    doc = Document(source_path=path, format="txt", content_hash=content_hash(text.encode()), text=text,
                   metadata=dict(meta), language="sv")
    row, _ = store_document(session, doc)
    return row


def span_of(text: str, needle: str, start: int = 0) -> list[int]:
    at = text.index(needle, start)
    return [at, at + len(needle)]


def link_gold_folder(session, folder: Path, version: str = "gold") -> dict[str, Any]:
    """Ingest every document of `folder` for real and link its gold annotation as the extraction."""
    from samverkan.ingest import iter_input_files, read_file, store_document
    from samverkan.link import link_document

    rows = {}
    for path in iter_input_files([folder]):
        gold = path.with_suffix(".json")
        if not gold.exists():
            continue
        doc = read_file(path)
        doc.source_path = str(path)
        row, _ = store_document(session, doc)
        extraction = json.loads(gold.read_text(encoding="utf-8"))
        extraction["extractor_version"] = version
        link_document(session, row, extraction)
        rows[path.name] = row
    session.commit()
    return rows
