"""`samverkan run` over a hostile archive (tests/hostile_fixtures.py): every file ends stored or
recorded with a reason naming it, no traceback, the good files stored, a second run adds
nothing; files removed or replaced while the run is going; a 60 MB text and a PDF of 2,000
pages with peak memory measured and bounded; Hypothesis byte mutations of a good file of
each format never escape as anything but a recorded IngestError."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hostile_fixtures import (
    EITHER, FAILED, GOOD_TEXT, STORED, build_archive, good_docx, good_html, good_pdf, write_big_text,
    write_many_page_pdf,
)
from linkdb import BACKENDS, fresh_database

SAMVERKAN = [str(Path(sys.executable).with_name("samverkan"))]
# peak RSS of one `samverkan run` process (spaCy pipeline loaded: ~0.3 GB; tok2vec on one window
# of 100,000 characters: ~0.5-1 GB) must stay under these. Measured on our machine: 916 MB for
# the 60 MB text, 1,265 MB for the 2,000 pages (before windows: 9 GB for 1 M characters).
MAX_RSS_60MB_TEXT_MB = 2000
MAX_RSS_2000_PAGES_MB = 2000


def _stored_and_errors(url: str) -> tuple[dict[str, str], dict[str, str]]:
    from sqlalchemy import select

    from samverkan.store import open_db
    from samverkan.store.documents import DocumentRow, IngestErrorRow

    engine, factory = open_db(url)
    try:
        with factory() as session:
            stored = {row.source_path: row.text for row in session.scalars(
                select(DocumentRow).where(DocumentRow.is_current.is_(True)))}
            errors = {row.source_path: row.reason for row in session.scalars(select(IngestErrorRow))}
    finally:
        engine.dispose()
    return stored, errors


def _run(paths: list[Path], url: str, *extra: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(SAMVERKAN + ["run", *map(str, paths), "--db", url, "--no-progress", *extra],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_hostile_file_is_stored_or_recorded_by_name(backend, tmp_path):
    folder = tmp_path / "arkiv"
    expected = build_archive(folder)
    with fresh_database(backend, tmp_path) as url:
        result = _run([folder], url, "--workers", "2", "--batch-size", "3", cwd=tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode == 1, output  # 1: some files could not be read (listed)
        assert "Traceback" not in output, output
        stored, errors = _stored_and_errors(url)
        for name, expectation in expected.items():
            path = str(folder / name)
            if expectation == STORED:
                assert path in stored and path not in errors, (name, errors.get(path))
            elif expectation == FAILED:
                assert path in errors and path not in stored, (name, stored.get(path, "")[:80])
                assert errors[path].strip(), name
                assert f"FAILED {path}: {errors[path]}" in output
            else:
                assert (path in stored) != (path in errors), name
        assert set(stored) | set(errors) == {str(folder / name) for name in expected}
        # the hard encodings came through as text, not mojibake
        for name in ("utf16 utan bom.txt", "blandad kodning.txt", "namn med mellanslag och åäö ÅÄÖ.txt"):
            assert "överförmyndarnämnd" in stored[str(folder / name)]
        assert "Åmåls kommun" in stored[str(folder / "namn med mellanslag och åäö ÅÄÖ.txt")]
        assert all("\x00" not in text for text in stored.values())
        assert "zip bomb" in errors[str(folder / "zip bomb.docx")] and "symlink loop" in errors[str(folder / "loop.txt")]

        again = _run([folder], url, cwd=tmp_path)
        assert again.returncode == 1 and "Traceback" not in again.stdout + again.stderr
        assert f"new: 0  new versions: 0  re-linked: 0  unchanged (skipped): {len(stored)}" in again.stdout
        assert _stored_and_errors(url) == (stored, errors)


def _linked(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM documents WHERE extractor_version IS NOT NULL").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_files_removed_or_replaced_while_the_run_is_going(tmp_path):
    folder = tmp_path / "arkiv"
    folder.mkdir()
    towns = ["Kils", "Grums", "Forshaga", "Hammarö", "Munkfors", "Storfors", "Filipstads", "Arvika"]
    for i, town in enumerate(towns * 2):
        (folder / f"{i:02d}.txt").write_text(GOOD_TEXT.replace("Kils", town).replace("12 mars", f"{i + 1} mars"),
                                             encoding="utf-8")
    victims = {name: folder / name for name in ("zz-deleted.txt", "zz-fifo.txt", "zz-unreadable.txt")}
    for path in victims.values():
        path.write_text(GOOD_TEXT, encoding="utf-8")
    db = tmp_path / "run.db"
    process = subprocess.Popen(SAMVERKAN + ["run", str(folder), "--db", str(db), "--no-progress", "--batch-size", "1"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300
    while _linked(db) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before the files could be changed"
    victims["zz-deleted.txt"].unlink()
    victims["zz-fifo.txt"].unlink()
    os.mkfifo(victims["zz-fifo.txt"])  # reading a FIFO would block the run for ever
    victims["zz-unreadable.txt"].chmod(0)  # (root reads it all the same)
    assert _linked(db) < len(towns) * 2, "the run got to the changed files before they were changed"
    output = process.communicate(timeout=300)[0]
    assert process.returncode == 1 and "Traceback" not in output, output
    stored, errors = _stored_and_errors(str(db))
    assert all(str(folder / f"{i:02d}.txt") in stored for i in range(len(towns) * 2))
    assert "no such file" in errors[str(victims["zz-deleted.txt"])]
    assert "not a regular file" in errors[str(victims["zz-fifo.txt"])]
    unreadable = str(victims["zz-unreadable.txt"])
    if os.geteuid() == 0:
        assert unreadable in stored or unreadable in errors
    else:
        assert "cannot read" in errors[unreadable] or "permission" in errors[unreadable].lower()


def _run_measured(folder: Path, db: Path) -> tuple[subprocess.CompletedProcess, float, float]:
    """`samverkan run FOLDER` in a child; (result, peak RSS of the child in MB, seconds)."""
    measure = ("import resource, subprocess, sys, time, json; t = time.time(); "
               "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "print(json.dumps({'rc': r.returncode, 'out': r.stdout, 'err': r.stderr, 'seconds': time.time() - t, "
               "'rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")
    wrapper = subprocess.run([sys.executable, "-c", measure, *SAMVERKAN, "run", str(folder), "--db", str(db)],
                             cwd=folder.parent, capture_output=True, text=True, timeout=1500)
    info = json.loads(wrapper.stdout)
    result = subprocess.CompletedProcess([], info["rc"], info["out"], info["err"])
    return result, info["rss_mb"], info["seconds"]


@pytest.mark.slow
def test_a_60_mb_text_is_stored_and_extracted_in_windows_with_bounded_memory(tmp_path):
    folder = tmp_path / "stor"
    folder.mkdir()
    path = write_big_text(folder / "exportlogg 60 MB.txt", size_mb=60)
    result, rss_mb, seconds = _run_measured(folder, tmp_path / "big.db")
    output = result.stdout + result.stderr
    print(f"\n60 MB text: peak RSS {rss_mb:.0f} MB, {seconds:.0f} s")
    assert result.returncode == 0 and "Traceback" not in output, output[-3000:]
    assert "extracting in" in result.stderr and "window" in result.stderr  # progress inside the document
    stored, errors = _stored_and_errors(str(tmp_path / "big.db"))
    assert not errors
    assert len(stored[str(path)]) == path.stat().st_size  # ASCII: one character per byte, nothing lost
    assert rss_mb < MAX_RSS_60MB_TEXT_MB


@pytest.mark.slow
def test_a_pdf_of_2000_pages_is_stored_with_bounded_memory(tmp_path):
    folder = tmp_path / "pdf"
    folder.mkdir()
    path = write_many_page_pdf(folder / "protokoll 2000 sidor.pdf", pages=2000)
    result, rss_mb, seconds = _run_measured(folder, tmp_path / "pdf.db")
    output = result.stdout + result.stderr
    print(f"\n2,000-page PDF: peak RSS {rss_mb:.0f} MB, {seconds:.0f} s")
    assert result.returncode == 0 and "Traceback" not in output, output[-3000:]
    stored, errors = _stored_and_errors(str(tmp_path / "pdf.db"))
    assert not errors
    text = stored[str(path)]
    assert "Protokoll 1:" in text and "Protokoll 1000:" in text and "Protokoll 2000:" in text
    assert text.count("föredrog ärendet") == 2 * 2000
    assert rss_mb < MAX_RSS_2000_PAGES_MB


# --- Hypothesis: byte mutations of a good file of each format --------------------------------

GOOD_FILES = {
    "txt": GOOD_TEXT.encode("utf-8"),
    "md": ("# " + GOOD_TEXT).encode("utf-8"),
    "html": good_html().encode("utf-8"),
    "pdf": good_pdf(),
    "docx": good_docx(),
}


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """`data` with a few bytes flipped, inserted, deleted, or cut short."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "zero"]))
        at = draw(st.integers(0, max(0, len(out) - 1)))
        if kind == "flip" and out:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del out[at:at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del out[at:]
        elif kind == "zero":
            out[at:at + 32] = bytes(len(out[at:at + 32]))
    return bytes(out)


@pytest.mark.parametrize("fmt", sorted(GOOD_FILES))
def test_byte_mutations_are_read_or_refused_with_a_reason(fmt, tmp_path):
    from samverkan.document import Document, IngestError
    from samverkan.ingest import read_file

    path = tmp_path / f"muterad.{fmt}"

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])
    @given(mutated(GOOD_FILES[fmt]))
    def check(data: bytes) -> None:
        try:
            document = read_file(path, data)
        except IngestError as error:
            assert error.reason.strip() and str(path) in str(error)
            return
        assert isinstance(document, Document) and document.text.strip() and "\x00" not in document.text

    check()
