"""Several processes starting together on a new database (SQLite and PostgreSQL): the schema
is created once, every run exits 0 or 1 without a traceback, nothing is lost or duplicated
(a third run finds nothing new, the database equals one sequential run), and `serve` started
while a run creates the database waits for the schema instead of failing."""
from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from linkdb import BACKENDS, fresh_database
from samverkan.store import open_db
from samverkan.store.dump import canonical_dump_of as _dump

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "corpus" / "sample"
SAMVERKAN = [str(Path(sys.executable).with_name("samverkan"))]


def _open(url: str, start_at: float) -> None:
    time.sleep(max(0.0, start_at - time.time()))
    engine, _ = open_db(url)
    engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_many_processes_migrate_a_new_database_at_once(backend, tmp_path):
    context = multiprocessing.get_context("spawn")
    for _ in range(4):
        with fresh_database(backend, tmp_path) as url:
            start_at = time.time() + 1.5  # after every process has imported SQLAlchemy and Alembic
            processes = [context.Process(target=_open, args=(url, start_at)) for _ in range(4)]
            for p in processes:
                p.start()
            for p in processes:
                p.join(60)
            assert [p.exitcode for p in processes] == [0, 0, 0, 0]
            engine, factory = open_db(url)
            with engine.connect() as conn:
                from sqlalchemy import text
                assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            engine.dispose()


def _split_sample(tmp_path: Path) -> tuple[Path, Path]:
    halves = (tmp_path / "a", tmp_path / "b")
    for half in halves:
        half.mkdir()
    documents = sorted(p for p in SAMPLE.iterdir() if p.suffix != ".json")
    for i, path in enumerate(documents):
        shutil.copy(path, halves[i % 2] / path.name)
    return halves


def _no_traceback(process: subprocess.Popen, output: str) -> None:
    assert process.returncode in (0, 1), output
    assert "Traceback" not in output, output


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_runs_started_together_on_a_new_database(backend, tmp_path):
    a, b = _split_sample(tmp_path)
    with fresh_database(backend, tmp_path) as url, fresh_database(backend, tmp_path) as reference:
        runs = [subprocess.Popen(SAMVERKAN + ["run", str(folder), "--db", url, "--no-progress", "--batch-size", "2"],
                                 cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for folder in (a, b)]
        for run in runs:
            output = run.communicate(timeout=300)[0]
            _no_traceback(run, output)
            assert "failed: 0" in output, output
        third = subprocess.run(SAMVERKAN + ["run", str(a), str(b), "--db", url, "--no-progress"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert third.returncode == 0, third.stdout + third.stderr
        documents = len(list(a.iterdir())) + len(list(b.iterdir()))
        assert f"documents: {documents}  new: 0  new versions: 0  re-linked: 0  unchanged (skipped): {documents}" \
            in third.stdout, third.stdout
        sequential = subprocess.run(SAMVERKAN + ["run", str(a), str(b), "--db", reference, "--no-progress"],
                                    cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert sequential.returncode == 0, sequential.stdout + sequential.stderr
        assert _dump(url) == _dump(reference)


@pytest.mark.slow
def test_serve_started_while_a_run_creates_the_database(tmp_path):
    from samverkan.web.launch import free_port

    db = tmp_path / "new.db"
    db.touch()  # an empty file, as SQLite leaves it the moment a run opens it
    port = free_port()
    run = subprocess.Popen(SAMVERKAN + ["run", str(SAMPLE), "--db", str(db), "--no-progress"], cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    serve = subprocess.Popen(SAMVERKAN + ["serve", "--db", str(db), "--port", str(port)], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = run.communicate(timeout=300)[0]
        _no_traceback(run, output)
        deadline = time.monotonic() + 60
        while True:
            assert serve.poll() is None, serve.communicate()[0]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/samverkan/search?q=kommun", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "serve never answered"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/samverkan/documents.json?_shape=array",
                                    timeout=10) as r:
            assert r.status == 200
    finally:
        serve.terminate()
        serve_output = serve.communicate(timeout=30)[0]
    assert "Traceback" not in serve_output, serve_output
