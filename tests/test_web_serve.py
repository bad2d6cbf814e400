"""`samverkan serve` as a real server process: read-only, SQLite only, localhost by default."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.web.example import build_example_db
from samverkan.web.launch import serving
from samverkan.web.text import fold, fts_query, split_passage


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    return build_example_db(tmp_path_factory.mktemp("serve") / "example.db")


@pytest.fixture(scope="module")
def server(example_db):
    with serving(example_db) as base:
        yield base


def request(url: str, data: bytes | None = None, method: str | None = None, headers=None):
    """(status, body) of an HTTP request; error statuses are returned, not raised."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def snapshot(db: Path):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "persons", "organisations", "signatures", "evidence")}
        names = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
    finally:
        conn.close()
    return counts, names, hashlib.sha256(db.read_bytes()).hexdigest()


WRITES = [
    "INSERT INTO persons (name, name_key) VALUES ('Inbrott', 'inbrott')",
    "UPDATE persons SET name = 'Ändrad'",
    "DELETE FROM signatures",
    "DROP TABLE evidence",
    "CREATE TABLE x (a)",
    "WITH t AS (SELECT 1) INSERT INTO persons (name, name_key) SELECT 'cte', 'cte' FROM t",
    "SELECT 1; DELETE FROM persons",
    "ATTACH DATABASE '/tmp/samverkan-attack.db' AS x",
    "PRAGMA journal_mode=DELETE",
    "REPLACE INTO persons (id, name, name_key) VALUES (1, 'x', 'x')",
]


def test_sql_writes_are_refused_through_every_endpoint(server, example_db):
    before = snapshot(example_db)
    for sql in WRITES:
        query = urllib.parse.urlencode({"sql": sql})
        for url in (f"{server}/samverkan?{query}", f"{server}/samverkan.json?{query}",
                    f"{server}/samverkan.csv?{query}"):
            status, body = request(url)
            # CSV is streamed: a statement that passes Datasette's SELECT check (WITH ... INSERT)
            # fails on the read-only connection after the 200 header went out, with no rows
            refused = status == 400 or (".csv?" in url and status == 200 and not body.strip())
            assert refused, (url, status, body[:300])
        form = urllib.parse.urlencode({"sql": sql}).encode()
        for path in ("/samverkan", "/samverkan/-/query", "/-/create", "/samverkan/-/create",
                     "/samverkan/persons/-/insert", "/samverkan/persons/-/upsert", "/samverkan/persons/1/-/update",
                     "/samverkan/persons/1/-/delete", "/samverkan/persons/-/drop",
                     "/samverkan/signatories_by_municipality"):
            status, body = request(f"{server}{path}", data=form, method="POST",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert status == 405 and "read-only" in body, (path, status, body[:300])
        for method in ("PUT", "PATCH", "DELETE"):
            status, _ = request(f"{server}/samverkan/persons/1", method=method,
                                data=json.dumps({"row": {"name": "x", "name_key": "x"}}).encode(),
                                headers={"Content-Type": "application/json"})
            assert status == 405
    assert snapshot(example_db) == before
    assert not Path("/tmp/samverkan-attack.db").exists()


def test_reads_still_work_and_pages_are_utf8(server):
    status, body = request(f"{server}/samverkan.json?" + urllib.parse.urlencode(
        {"sql": "SELECT name FROM persons WHERE merged_into_id IS NULL ORDER BY name", "_shape": "array"}))
    assert status == 200
    assert [r["name"] for r in json.loads(body)] == [
        "Anna Lindqvist", "Karin Ahlström", "Per Sjödén", "Åsa Öberg", "Élise Nordén"]
    status, body = request(f"{server}/samverkan/search?q=%C3%85sa")
    assert status == 200 and "Åsa Öberg" in body


def test_serve_binds_localhost_by_default():
    from samverkan.web.commands import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


@pytest.mark.parametrize("db, message", [
    ("postgresql+psycopg://user:secret@localhost/samverkan", "serve needs a SQLite database"),
    ("mysql://u@h/db", "serve needs a SQLite database"),
    ("sqlite://", "serve needs a SQLite file"),
])
def test_serve_refuses_non_sqlite_databases(db, message):
    result = CliRunner().invoke(main, ["serve", "--db", db])
    assert result.exit_code == 2
    assert message in result.output
    assert "secret" not in result.output


def test_serve_refuses_missing_and_non_sqlite_files(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nothing.db")])
    assert result.exit_code == 2 and "no database at" in result.output
    assert not (tmp_path / "nothing.db").exists()  # not created
    text = tmp_path / "notes.db"
    text.write_text("inte en databas", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--db", str(text)])
    assert result.exit_code == 2 and "is not a SQLite database" in result.output


def test_immutable_is_refused_while_the_wal_holds_writes(tmp_path):
    db = build_example_db(tmp_path / "live.db")
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO persons (name, name_key) VALUES ('Ny Person', 'ny person')")
    writer.commit()
    try:
        result = CliRunner().invoke(main, ["serve", "--db", str(db), "--immutable"])
        assert result.exit_code == 2 and "-wal" in result.output
    finally:
        writer.close()


def test_fold_keeps_length_and_ignores_case_and_accents():
    for text in ("Åsa Öberg", "Élise Nordén", "Per Sjödén", "ÄNGEN", "ﬁle İstanbul ß"):
        assert len(fold(text)) == len(text)
    assert fold("Åsa Öberg") == "asa oberg"
    assert fold("Élise Nordén") == "elise norden"


def test_fts_query_quotes_user_input():
    assert fts_query('Sjödén" OR *') == '"Sjödén"* AND "OR"*'
    assert fts_query("Åsa Öberg") == '"Åsa"* AND "Öberg"*'


def test_split_passage_checks_the_span():
    text = "För Kils kommun\nÅsa Öberg (C)"
    passage = split_passage(text, 16, 25)
    assert (passage.before, passage.cited, passage.after) == ("För Kils kommun\n", "Åsa Öberg", " (C)")
    assert split_passage(text, 5, 500).problem
    assert split_passage(text, 9, 9).problem
    assert split_passage(text, None, None).cited == ""


def test_immutable_mode_serves_a_finished_database(example_db):
    with serving(example_db, "--immutable") as base:
        status, body = request(f"{base}/samverkan/search?q=Nord%C3%A9n")
        assert status == 200 and "Élise Nordén" in body
        status, _ = request(f"{base}/samverkan?" + urllib.parse.urlencode({"sql": "DELETE FROM persons"}))
        assert status == 400
