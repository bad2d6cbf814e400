"""Kill -9 at random moments: `samverkan run` (its whole process group, workers included) is
killed at a random time between its start and the end of an uninterrupted run (so during
start-up, migration, reading, extraction or writing), started again to completion, and the
database's canonical dump must equal the uninterrupted run's. 20 trials: SQLite and
PostgreSQL, one process and `--workers 2`, on four documents of corpus/sample.

The moments come from SAMVERKAN_KILL_SEED (printed on failure), else from the clock."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linkdb import BACKENDS, fresh_database
from samverkan.store.dump import canonical_dump_of as _dump

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample"
SAMVERKAN = [str(Path(sys.executable).with_name("samverkan"))]
DOCUMENTS = ["hammaro-ny-ordforande.txt", "bastad-nyhet-overformyndare.html",
             "avsiktsforklaring-karlstadsregionen.pdf", "samverkansavtal-overformyndarnamnd.docx"]
TRIALS = 5  # per backend and worker setting: 20 in all
SEED = int(os.environ.get("SAMVERKAN_KILL_SEED", time.time_ns() % 1_000_000))


def _command(folder: Path, url: str, workers: int) -> list[str]:
    return SAMVERKAN + ["run", str(folder), "--db", url, "--no-progress", "--batch-size", "1",
                        "--workers", str(workers)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "korpus"
    folder.mkdir()
    for name in DOCUMENTS:
        shutil.copy(SAMPLE / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[dict, float]:
    """The uninterrupted run's dump and how long it took (SQLite; dumps compare across backends)."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    started = time.monotonic()
    result = subprocess.run(_command(corpus, str(db), 1), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return _dump(str(db)), time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2], ids=["one-process", "workers-2"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_at_random_moments_ends_like_an_uninterrupted_run(backend, workers, corpus, reference, tmp_path):
    expected, duration = reference
    rng = random.Random(f"{SEED}-{backend}-{workers}")
    moments = []
    for trial in range(TRIALS):
        with fresh_database(backend, tmp_path) as url:
            delay = rng.uniform(0.0, duration * (1.5 if workers > 1 else 1.0))
            moments.append(round(delay, 2))
            process = subprocess.Popen(_command(corpus, url, workers), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(delay)
            os.killpg(process.pid, signal.SIGKILL)  # the run and its workers, at once
            process.wait()
            again = subprocess.run(_command(corpus, url, workers), capture_output=True, text=True, timeout=300)
            context = f"seed {SEED}, kill moments {moments} s (SAMVERKAN_KILL_SEED={SEED} to repeat)"
            assert again.returncode == 0, f"{context}\n{again.stdout}{again.stderr}"
            assert "Traceback" not in again.stderr, context
            assert _dump(url) == expected, context
