"""Ingestion into the store: versions, unchanged files, errors recorded, folder rules, CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from ingest_fixtures.makers import OWN_TEXT, docx_file, encrypted_pdf, one_column_pdf
from linkdb import BACKENDS, fresh_database
from samverkan.ingest import ingest_paths, iter_input_files
from samverkan.ingest.commands import ingest
from samverkan.store import open_db
from samverkan.store.documents import DocumentRow, IngestErrorRow

FIXTURES = Path(__file__).resolve().parent / "ingest_fixtures"
REPO = Path(__file__).resolve().parent.parent


def rows(db: str, model):
    _, factory = open_db(db)
    with factory() as session:
        return list(session.scalars(select(model).order_by(model.id)))


@pytest.fixture
def good_folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "press.txt").write_text(OWN_TEXT, encoding="utf-8")
    (folder / "press.json").write_text('{"gold": true}', encoding="utf-8")  # sidecar: not a document
    (folder / "note.md").write_text("# Avtal om samverkan\n\n" + OWN_TEXT, encoding="utf-8")
    one_column_pdf(folder / "sub" / "protokoll.pdf", "\n".join([OWN_TEXT] * 3))
    docx_file(folder / "sub" / "avtal.docx", "Samverkansavtal", OWN_TEXT.splitlines())
    shutil.copy(FIXTURES / "municipal_page.html", folder / "sub" / "nyhet.html")
    (folder / ".hidden.txt").write_text("dold fil", encoding="utf-8")
    (folder / "~$avtal.docx").write_bytes(b"\x00lock")
    (folder / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return folder


@pytest.fixture
def bad_files(tmp_path) -> dict[str, str]:
    """Bad inputs in a folder of their own: file name -> expected words of the reason."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    whole = one_column_pdf(tmp_path / "whole.pdf", OWN_TEXT)
    (folder / "truncated.pdf").write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    encrypted_pdf(folder / "encrypted.pdf")
    (folder / "junk.txt").write_bytes(os.urandom(3000) + b"\x00")
    (folder / "junk.docx").write_bytes(os.urandom(2000))
    (folder / "drawing.xyz").write_bytes(b"whatever this is")
    return {"empty.txt": "empty", "truncated.pdf": "truncated", "encrypted.pdf": "encrypted",
            "junk.txt": "binary", "junk.docx": "DOCX", "drawing.xyz": "unknown type"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_folder_stored_then_unchanged(tmp_path, good_folder, backend):
    with fresh_database(backend, tmp_path) as db:
        report = ingest_paths([good_folder], db=db, progress=False)
        assert (report.new, report.new_versions, report.unchanged, report.failed) == (5, 0, 0, 0)
        assert report.not_documents == 4  # press.json, .hidden.txt, ~$avtal.docx, data.csv
        stored = rows(db, DocumentRow)
        assert sorted(Path(r.source_path).name for r in stored) == [
            "avtal.docx", "note.md", "nyhet.html", "press.txt", "protokoll.pdf"]
        assert all(Path(r.source_path).is_absolute() and r.version == 1 and r.is_current for r in stored)
        assert {r.format for r in stored} == {"txt", "md", "pdf", "docx", "html"}
        assert all(r.language == "sv" for r in stored)
        pdf_row = next(r for r in stored if r.format == "pdf")
        assert pdf_row.pages and pdf_row.pages[0][:2] == [1, 0]

        again = ingest_paths([good_folder], db=db, progress=False)
        assert (again.new, again.new_versions, again.unchanged, again.failed) == (0, 0, 5, 0)
        assert len(rows(db, DocumentRow)) == 5


def test_changed_file_becomes_new_version_and_revert_reuses_row(tmp_path, good_folder):
    db = str(tmp_path / "v.db")
    ingest_paths([good_folder], db=db, progress=False)
    press = good_folder / "press.txt"
    press.write_text(OWN_TEXT + "Tillägg: avtalet förlängs med två år.\n", encoding="utf-8")
    report = ingest_paths([good_folder], db=db, progress=False)
    assert (report.new, report.new_versions, report.unchanged) == (0, 1, 4)
    versions = [r for r in rows(db, DocumentRow) if r.source_path == str(press.resolve())]
    assert [(r.version, r.is_current) for r in versions] == [(1, False), (2, True)]
    assert "förlängs" in versions[1].text and "förlängs" not in versions[0].text

    press.write_text(OWN_TEXT, encoding="utf-8")  # back to the first bytes: no duplicate row
    ingest_paths([press], db=db, progress=False)
    versions = [r for r in rows(db, DocumentRow) if r.source_path == str(press.resolve())]
    assert [(r.version, r.is_current) for r in versions] == [(1, True), (2, False)]


def test_bad_files_recorded_run_goes_on(tmp_path, good_folder, bad_files):
    db = str(tmp_path / "bad.db")
    bad = tmp_path / "bad"
    report = ingest_paths([good_folder, bad], db=db, progress=False)
    assert report.new == 5
    assert report.failed == len(bad_files) and report.exit_code == 1
    errors = {Path(r.source_path).name: r.reason for r in rows(db, IngestErrorRow)}
    assert set(errors) == set(bad_files)
    for name, words in bad_files.items():
        assert words in errors[name], (name, errors[name])
    stored = {Path(r.source_path).name for r in rows(db, DocumentRow)}
    assert not stored & set(bad_files)
    assert len(stored) == 5

    again = ingest_paths([good_folder, bad], db=db, progress=False)
    assert again.unchanged == 5 and again.failed == len(bad_files)
    assert len(rows(db, IngestErrorRow)) == len(bad_files)  # no duplicate error rows


def test_explicit_files_unsupported_or_missing_are_errors(tmp_path):
    db = str(tmp_path / "x.db")
    sidecar = tmp_path / "gold.json"
    sidecar.write_text("{}", encoding="utf-8")
    good = tmp_path / "ok.txt"
    good.write_text(OWN_TEXT, encoding="utf-8")
    report = ingest_paths([sidecar, tmp_path / "missing.pdf", good], db=db, progress=False)
    assert report.new == 1
    reasons = dict(report.errors)
    assert "unsupported file type '.json'" in reasons[str(sidecar.resolve())]
    assert "no such file" in reasons[str((tmp_path / "missing.pdf").resolve())]
    assert list(iter_input_files([sidecar, good])) == [good.resolve()]


def test_cli_summary_and_exit_status(tmp_path, good_folder, bad_files):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(ingest, [str(good_folder), str(tmp_path / "bad"), "--db", db])
    assert result.exit_code == 1
    assert "new: 5" in result.stdout and f"failed: {len(bad_files)}" in result.stdout
    assert "not documents (skipped): 4" in result.stdout
    for name in bad_files:
        assert f"{name}: " in result.stdout
    result = runner.invoke(ingest, [str(good_folder), "--db", db])
    assert result.exit_code == 0
    assert "new: 0  new versions: 0  unchanged: 5  failed: 0" in result.stdout


def test_cli_help_states_the_folder_rule():
    result = CliRunner().invoke(ingest, ["--help"])
    assert result.exit_code == 0
    assert "not documents" in result.output and "unknown type" in result.output


def test_installed_command_piped_output_is_clean(tmp_path, good_folder):
    """The real `samverkan ingest` with stdout piped: summary only, no progress-bar control codes."""
    exe = Path(sys.executable).with_name("samverkan")
    if not exe.exists():
        pytest.skip("samverkan console script not installed")
    result = subprocess.run([str(exe), "ingest", str(good_folder), "--db", str(tmp_path / "p.db")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("new: 5")
    assert "\x1b" not in result.stdout


def test_dev_corpus_all_stored_then_unchanged(tmp_path, shared_dir):
    db = str(tmp_path / "dev.db")
    dev = shared_dir / "corpus" / "dev"
    report = ingest_paths([dev], db=db, progress=False)
    texts = len(list(dev.glob("*.txt")))
    assert (report.new, report.failed) == (texts, 0)
    assert report.not_documents == len(list(dev.glob("*.json")))
    again = ingest_paths([dev], db=db, progress=False)
    assert (again.new, again.new_versions, again.unchanged, again.failed) == (0, 0, texts, 0)
