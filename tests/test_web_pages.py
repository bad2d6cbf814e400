"""The web interface in-process (Datasette's own client): our pages, canned queries, metadata.

A small example database (Karlstad, Kil, Grums, Hammarö; `samverkan.web.example`) is built with
the store's real schema; evidence spans are found by quoting the passages.
"""
from __future__ import annotations

import asyncio
import html
import re
import sqlite3
from pathlib import Path

import pytest

from samverkan.store.base import Base
from samverkan.web.app import ReadOnlyDatabase, load_metadata, make_datasette
from samverkan.web.example import build_example_db, document_text, load_example


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    return build_example_db(tmp_path_factory.mktemp("web") / "example.db")


@pytest.fixture(scope="module")
def client(example_db):
    """get(path) -> (status, text, headers) through a read-only Datasette over the example db."""
    loop = asyncio.new_event_loop()
    ds = make_datasette(example_db)
    loop.run_until_complete(ds.invoke_startup())

    def get(path: str):
        response = loop.run_until_complete(ds.client.get(path))
        return response.status_code, response.text, response.headers

    yield get
    loop.close()


def ids(db: Path, sql: str, *params) -> list:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute(sql, params)]
    finally:
        conn.close()


def one(db: Path, sql: str, *params):
    return ids(db, sql, *params)[0]


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_metadata_describes_every_table_and_column():
    tables = load_metadata()["databases"]["samverkan"]["tables"]
    for table in Base.metadata.sorted_tables:
        assert tables.get(table.name, {}).get("description"), f"no description for table {table.name}"
        described = tables[table.name].get("columns", {})
        missing = [c.name for c in table.columns if not described.get(c.name)]
        assert not missing, f"{table.name}: no description for columns {missing}"


def test_canned_queries_are_listed(client):
    status, page, _ = client("/samverkan")
    assert status == 200
    for name in ("signatories_by_municipality", "person_roles_and_signatures", "agreements_between",
                 "municipality_network"):
        assert f"/samverkan/{name}" in page


def test_signatories_by_municipality_follows_merges_and_cites(client, example_db):
    status, body, _ = client("/samverkan/signatories_by_municipality.json?municipality=Karlstads%20kommun&_shape=array")
    assert status == 200
    import json
    rows = json.loads(body)
    # Per Sjoden (no accent) was merged into Per Sjödén: both signatures under the canonical name
    assert sorted((r["person"], r["agreement_type"]) for r in rows) == [
        ("Per Sjödén", "avsiktsförklaring"), ("Per Sjödén", "samverkansavtal")]
    for row in rows:
        match = re.fullmatch(r"/samverkan/document/(\d+)\?start=(\d+)&end=(\d+)#hl", row["source"])
        assert match, row["source"]
        doc, start, end = map(int, match.groups())
        text = one(example_db, "SELECT text FROM documents WHERE id = ?", doc)
        assert "Per Sj" in text[start:end]


def test_person_query_ignores_case_and_accents(client):
    import json
    status, body, _ = client("/samverkan/person_roles_and_signatures.json?name=asa%20oberg&_shape=array")
    assert status == 200
    rows = json.loads(body)
    assert {r["person"] for r in rows} == {"Åsa Öberg"}
    assert {r["fact"] for r in rows} == {"role", "signature"}


def test_agreements_between_and_network(client):
    import json
    _, body, _ = client("/samverkan/agreements_between.json?a=kil&b=Grums%20kommun&_shape=array")
    rows = json.loads(body)
    assert [r["parties"] for r in rows] == ["Grums, Karlstad, Kil"]
    assert rows[0]["signatures"] == 3
    _, body, _ = client("/samverkan/agreements_between.json?a=Kil&b=Hammar%C3%B6&_shape=array")
    assert json.loads(body) == []
    _, body, _ = client("/samverkan/municipality_network.json?municipality=Karlstad&_shape=array")
    assert sorted(r["partner"] for r in json.loads(body)) == ["Grums", "Hammarö", "Kil"]


def test_search_page_finds_persons_without_accents(client, example_db):
    status, page, headers = client("/samverkan/search?q=sjoden")
    assert status == 200
    assert "charset=utf-8" in headers["content-type"]
    sjoden = one(example_db, "SELECT id FROM persons WHERE name = 'Per Sjödén'")
    assert f'href="/samverkan/person/{sjoden}"' in page
    assert "Per Sjödén" in page
    merged = one(example_db, "SELECT id FROM persons WHERE name = 'Per Sjoden'")
    assert f'href="/samverkan/person/{merged}"' not in page  # only the canonical record is listed


def test_search_finds_municipalities_agreements_and_documents(client):
    _, page, _ = client("/samverkan/search?q=Hammar%C3%B6%20kommun")
    text = visible_text(page)
    assert "Hammarö" in text and "samverkansavtal: Gemensam IT-drift" in text
    _, page, _ = client("/samverkan/search?q=krisberedskap")
    assert 'id="documents"' in page and "<mark>krisberedskap</mark>" in page


def test_document_search_without_full_text_index(tmp_path):
    db = build_example_db(tmp_path / "nofts.db", fts=False)
    assert not ids(db, "SELECT name FROM sqlite_master WHERE name = 'documents_fts'")
    loop = asyncio.new_event_loop()
    try:
        ds = make_datasette(db)
        loop.run_until_complete(ds.invoke_startup())
        page = loop.run_until_complete(ds.client.get("/samverkan/search?q=raddningstjansten")).text
    finally:
        loop.close()
    assert "no full-text index" in page
    assert "<mark>Räddningstjänsten</mark>" in page


def test_person_page_lists_roles_and_signatures_with_passages(client, example_db):
    sjoden = one(example_db, "SELECT id FROM persons WHERE name = 'Per Sjödén'")
    status, page, _ = client(f"/samverkan/person/{sjoden}")
    assert status == 200
    text = visible_text(page)
    assert "Per Sjödén" in text and "Also recorded as" in text and "Per Sjoden" in text
    assert "samverkansavtal: Gemensam IT-drift" in text  # signed under the merged spelling
    assert "Åsa Öberg" in text and "Élise Nordén" in text  # signed together with
    links = re.findall(r'href="(/samverkan/document/\d+\?start=\d+&amp;end=\d+#hl)"', page)
    assert len(links) >= 4


def test_merged_record_redirects_to_canonical(client, example_db):
    merged = one(example_db, "SELECT id FROM persons WHERE name = 'Per Sjoden'")
    sjoden = one(example_db, "SELECT id FROM persons WHERE name = 'Per Sjödén'")
    status, _, headers = client(f"/samverkan/person/{merged}")
    assert status == 302
    assert headers["location"] == f"/samverkan/person/{sjoden}?merged_from={merged}"


def test_missing_records_are_404(client):
    for page in ("person", "municipality", "agreement", "document"):
        status, body, _ = client(f"/samverkan/{page}/99999")
        assert status == 404 and "Not found" in body


def test_municipality_page(client, example_db):
    karlstad = one(example_db, "SELECT id FROM organisations WHERE name = 'Karlstad'")
    status, page, _ = client(f"/samverkan/municipality/{karlstad}")
    assert status == 200
    text = visible_text(page)
    assert "SCB code 1780" in text
    network = text[text.index("Network"):text.index("People with roles")]
    assert all(name in network for name in ("Grums", "Hammarö", "Kil"))
    sjoden = one(example_db, "SELECT id FROM persons WHERE name = 'Per Sjödén'")
    signed = page[page.index('id="signatories"'):page.index('id="network"')]
    assert signed.count(f'<a href="/samverkan/person/{sjoden}">Per Sjödén</a>') == 2  # one under the merged spelling


def test_agreement_page_has_parties_signatories_and_documents(client, example_db):
    crisis = one(example_db, "SELECT id FROM agreements WHERE type = 'avsiktsförklaring'")
    status, page, _ = client(f"/samverkan/agreement/{crisis}")
    assert status == 200
    text = visible_text(page)
    parties = text[text.index("Parties"):text.index("Signatories")]
    assert all(name in parties for name in ("Grums", "Karlstad", "Kil"))
    signatories = text[text.index("Signatories"):text.index("Source documents")]
    for name in ("Per Sjödén", "Åsa Öberg", "Élise Nordén"):
        assert name in signatories
    assert "Kils kommun, kommunstyrelsen, protokoll 2024-02-27" in text[text.index("Source documents"):]


def test_document_page_shows_whole_long_text_with_cited_span(client, example_db):
    spec = next(d for d in load_example()["documents"] if d["key"] == "minutes")
    full = document_text(spec)
    assert len(full) > 10_000
    doc = one(example_db, "SELECT id FROM documents WHERE source_path = ?", spec["source_path"])
    quote = "kommunstyrelsens ordförande Åsa Öberg (C)"
    start = one(example_db, "SELECT start FROM evidence WHERE document_id = ? AND text = ?", doc, quote)
    end = one(example_db, "SELECT \"end\" FROM evidence WHERE document_id = ? AND text = ?", doc, quote)
    assert full[start:end] == quote
    status, page, _ = client(f"/samverkan/document/{doc}?start={start}&end={end}")
    assert status == 200
    assert f'<mark id="hl">{quote}</mark>' in page
    article = page[page.index('<article class="doc-text"'):page.index("</article>")]
    assert html.unescape(re.sub(r"<[^>]+>", "", article.split(">", 1)[1])) == full  # nothing cut


def test_document_page_reports_a_span_outside_the_text(client):
    status, page, _ = client("/samverkan/document/1?start=5&end=999999")
    assert status == 200
    assert 'id="hl"' not in page and "outside this document" in page
    status, page, _ = client("/samverkan/document/1?start=abc&end=3")
    assert status == 200 and "whole number" in page


def test_table_views_and_facets_render(client):
    for path in ("/samverkan/documents", "/samverkan/persons", "/samverkan/evidence?_facet=fact_table",
                 "/samverkan/organisations", "/samverkan/signatures", "/samverkan/audit"):
        status, page, _ = client(path)
        assert status == 200, path
    status, page, _ = client("/samverkan/documents?_search=krisberedskap")
    assert status == 200 and "krisberedskap" in page


def test_readonly_database_refuses_its_write_connection(example_db):
    loop = asyncio.new_event_loop()
    try:
        ds = make_datasette(example_db)
        db = ds.get_database("samverkan")
        assert isinstance(db, ReadOnlyDatabase)
        with pytest.raises(sqlite3.OperationalError, match="read-only"):
            loop.run_until_complete(db.execute_write("DELETE FROM persons"))
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            loop.run_until_complete(db.execute_fn(lambda conn: conn.execute("DELETE FROM persons")))
    finally:
        loop.close()
    assert one(example_db, "SELECT COUNT(*) FROM persons") == 6


def test_live_database_with_unsaved_wal_is_seen(tmp_path):
    """The default (mode=ro) reads writes still in the -wal file; --immutable would not."""
    db = build_example_db(tmp_path / "live.db")
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO persons (name, name_key) VALUES ('Göran Ärlig', 'göran ärlig')")
    writer.commit()
    try:
        from samverkan.web.app import has_pending_wal
        assert has_pending_wal(db)
        loop = asyncio.new_event_loop()
        try:
            ds = make_datasette(db)
            loop.run_until_complete(ds.invoke_startup())
            page = loop.run_until_complete(ds.client.get("/samverkan/search?q=goran")).text
        finally:
            loop.close()
        assert "Göran Ärlig" in page
    finally:
        writer.close()
