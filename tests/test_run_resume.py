"""`samverkan run` killed with SIGKILL mid-way and started again ends with the same database as
an uninterrupted run (canonical dump of every table, ids and timestamps left out); unchanged
files are skipped; `--workers 2` gives the same database as one process."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samverkan.store.dump import canonical_dump_of as dump

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "corpus" / "sample"
SAMVERKAN = [sys.executable, "-m", "samverkan.cli"]


def linked_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM documents WHERE extractor_version IS NOT NULL").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> Path:
    """The reference: one uninterrupted run, in its own process like the killed one."""
    db = tmp_path_factory.mktemp("full") / "full.db"
    result = subprocess.run(SAMVERKAN + ["run", str(SAMPLE), "--db", str(db), "--no-progress"],
                            cwd=db.parent, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert linked_documents(db) >= 10
    return db


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_database(uninterrupted, tmp_path):
    db = tmp_path / "killed.db"
    command = SAMVERKAN + ["run", str(SAMPLE), "--db", str(db), "--batch-size", "1", "--no-progress"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while linked_documents(db) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_when_killed = linked_documents(db)
    assert 3 <= done_when_killed < 11

    result = subprocess.run(SAMVERKAN + ["run", str(SAMPLE), "--db", str(db), "--workers", "2", "--no-progress"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert f"unchanged (skipped): {done_when_killed}" in result.stdout, result.stdout + result.stderr
    assert dump(db) == dump(uninterrupted)


def test_unchanged_files_are_skipped(uninterrupted):
    from samverkan.run import run

    before = dump(uninterrupted)
    report = run([SAMPLE], db=str(uninterrupted), progress=False)
    assert report.processed == 0
    assert report.unchanged == report.documents - len(report.errors)
    assert dump(uninterrupted) == before


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path):
    from samverkan.run import run

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "ok.txt").write_text("Kils kommun och Grums kommun har skrivit under en avsiktsförklaring.", encoding="utf-8")
    db = tmp_path / "bad.db"
    report = run([folder], db=str(db), progress=False)
    assert report.new == 1
    assert [(Path(p).name, "empty" in reason) for p, reason in report.errors] == [("empty.txt", True)]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 1
    again = run([folder], db=str(db), progress=False)
    assert again.unchanged == 1 and again.processed == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 1


def test_a_document_that_cannot_be_linked_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    import samverkan.link.document as linking
    from samverkan.run import run

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Kils kommun och Grums kommun skrev under.", encoding="utf-8")
    (folder / "b.txt").write_text("Hammarö kommun och Forshaga kommun skrev under.", encoding="utf-8")
    real = linking.DocumentLinker.run

    def failing(self):
        if self.document.source_path.endswith("a.txt"):
            raise ValueError("odd extraction")
        return real(self)

    monkeypatch.setattr(linking.DocumentLinker, "run", failing)
    db = tmp_path / "x.db"
    report = run([folder], db=str(db), progress=False)
    assert report.new == 1
    assert [(Path(p).name, reason) for p, reason in report.errors] == [("a.txt", "linking failed: ValueError: odd extraction")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source_path FROM documents").fetchall() == [(str(folder / "b.txt"),)]
        assert conn.execute("SELECT reason FROM ingest_errors").fetchall() == [("linking failed: ValueError: odd extraction",)]


def test_a_new_extractor_version_relinks_without_duplicating(uninterrupted, tmp_path, monkeypatch):
    import samverkan.extract as extract
    from samverkan.run import run

    db = tmp_path / "copy.db"
    with sqlite3.connect(uninterrupted) as source, sqlite3.connect(db) as target:
        source.backup(target)  # (a file copy would miss what is still in the WAL)
    before = dump(db)
    real_many = extract.extract_many

    def newer(docs, **kwargs):
        for record in real_many(docs, **kwargs):
            yield dict(record, extractor_version="test-v2")

    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "test-v2")
    monkeypatch.setattr(extract, "extract_many", newer)
    report = run([SAMPLE], db=str(db), progress=False)
    assert report.relinked == report.documents and report.new == 0
    after = dump(db)
    assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
    assert all("test-v2" in row for row in after["evidence"])
    assert [row.replace("test-v2", "V") for row in after["signatures"]] == \
        [row.replace(extract.EXTRACTOR_VERSION, "V") for row in before["signatures"]]


def test_a_changed_file_replaces_its_evidence(tmp_path):
    from samverkan.run import run

    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "press.txt"
    path.write_text("Per Sjödén (S), kommunstyrelsens ordförande i Kils kommun, är nöjd.\n", encoding="utf-8")
    db = tmp_path / "v.db"
    run([folder], db=str(db), progress=False)
    path.write_text("Lena Ekbom (M), kommunalråd i Hammarö kommun, är nöjd.\n", encoding="utf-8")
    report = run([folder], db=str(db), progress=False)
    assert report.new_versions == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        current = conn.execute("SELECT id FROM documents WHERE is_current").fetchone()[0]
        assert {r[0] for r in conn.execute("SELECT DISTINCT document_id FROM evidence")} == {current}
        assert [r[0] for r in conn.execute("SELECT name FROM persons")] == ["Lena Ekbom"]
