"""`samverkan run --cluster` on a real Dask cluster started here as separate hosts would be: a
`dask scheduler` and two `dask worker` processes (one single-threaded worker each), writing into
PostgreSQL (`.ci/postgres.sh`). The database equals a one-process run and a `--workers 2` run
(canonical dump); each worker loads the pipeline once; a worker SIGKILLed mid-run, a task that
raises, and a file that always makes its task raise lose and duplicate nothing; a killed
`run --cluster` resumes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linkdb import fresh_database

from samverkan.store.dump import canonical_dump_of as dump

pytest.importorskip("distributed")

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "corpus" / "sample"
TRAIN = REPO.parent / "shared" / "corpus" / "train"
DASK = str(Path(sys.executable).parent / "dask")
SAMVERKAN = [sys.executable, "-m", "samverkan.cli"]

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler address, test client): `dask scheduler` + 2 × `dask worker ADDRESS`, subprocesses."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    scheduler_file = folder / "scheduler.json"
    log = open(folder / "cluster.log", "wb")
    processes = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(scheduler_file)], cwd=folder, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)]
    try:
        _wait_for(scheduler_file.exists, 60, "the scheduler did not start")
        address = json.loads(scheduler_file.read_text())["address"]
        for name in ("host-a", "host-b"):
            processes.append(subprocess.Popen([DASK, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                               "--name", name, "--no-dashboard"], cwd=folder, env=env,
                                              stdout=log, stderr=subprocess.STDOUT))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            yield address, client
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def linked(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents WHERE extractor_version IS NOT NULL")).scalar()
    except Exception:  # noqa: BLE001 - tables not created yet
        return 0
    finally:
        engine.dispose()


def executed(client) -> dict[str, int]:
    """Tasks each worker has run so far (name -> count)."""
    return client.run(lambda dask_worker: (dask_worker.name, dask_worker.state.executed_count)).values()


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> dict:
    from samverkan.run import run

    with fresh_database("sqlite", tmp_path_factory.mktemp("one")) as url:
        report = run([SAMPLE], db=url, progress=False)
        assert report.errors == [] and report.new == report.documents >= 10
        return dump(url)


def test_cluster_equals_two_workers_and_one_process_each_worker_loading_the_pipeline_once(
        cluster, one_process, tmp_path):
    from samverkan.cluster import pipeline_loads
    from samverkan.run import run

    address, client = cluster
    before = dict(executed(client))
    with fresh_database("postgres", tmp_path) as url:
        report = run([SAMPLE], db=url, progress=False, cluster=address, batch_size=2)
        assert report.errors == [] and report.new == report.documents
        on_cluster = dump(url)
    after = dict(executed(client))
    assert all(after[name] > before.get(name, 0) for name in ("host-a", "host-b")), (before, after)
    assert sorted(client.run(pipeline_loads).values()) == [1, 1]  # once per worker, not per task
    allocator_applied = lambda: __import__("samverkan.allocator", fromlist=["_applied"])._applied  # noqa: E731
    assert list(client.run(allocator_applied).values()) == [True, True]  # despite Dask's MALLOC_TRIM_THRESHOLD_

    with fresh_database("sqlite", tmp_path) as url:
        run([SAMPLE], db=url, progress=False, workers=2)
        two_workers = dump(url)
    assert on_cluster == one_process
    assert two_workers == one_process


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(cluster, one_process, tmp_path):
    address, client = cluster
    with fresh_database("postgres", tmp_path) as url:
        command = SAMVERKAN + ["run", str(SAMPLE), "--db", url, "--cluster", address, "--batch-size", "1",
                               "--no-progress"]
        process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        victim = None
        deadline = time.monotonic() + 120
        while victim is None and process.poll() is None and time.monotonic() < deadline:
            busy = [worker for worker, keys in client.processing().items() if keys]
            if busy and linked(url) >= 1:
                victim = busy[0]
            else:
                time.sleep(0.02)
        assert victim is not None and process.poll() is None, "the run ended before a worker could be killed"
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        done_when_killed = linked(url)
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
        assert done_when_killed < 12
        assert dump(url) == one_process
    client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker for the next tests


WORKER_FAULTS = '''
import os, samverkan.ingest as ingest
real = ingest.read_file
def faulty(path, *args, **kwargs):
    name = os.path.basename(str(path))
    if name == "poison.txt":
        raise RuntimeError("reader crashed")
    if name == "flaky.txt":
        marker = str(path) + ".failed-once"
        if not os.path.exists(marker):
            open(marker, "w").close()
            raise RuntimeError("transient failure")
    return real(path, *args, **kwargs)
faulty.real = real
ingest.read_file = faulty
'''

REMOVE_FAULTS = '''
import samverkan.ingest as ingest
ingest.read_file = getattr(ingest.read_file, "real", ingest.read_file)
'''


def test_a_task_that_raises_is_retried_and_a_file_that_always_fails_is_recorded(cluster, tmp_path):
    """Faults raised inside the real readers of the workers (not IngestErrors: the task itself
    fails). flaky.txt fails once (retried on a worker), poison.txt always (its batch is split,
    its neighbours are stored, it is recorded)."""
    from samverkan.run import run

    address, client = cluster
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {"a.txt": "Kils kommun och Grums kommun har skrivit under en avsiktsförklaring.",
             "flaky.txt": "Hammarö kommun och Forshaga kommun samverkar om räddningstjänst.",
             "poison.txt": "Karlstads kommun bjuder in till samråd.",
             "z.txt": "Arvika kommun och Eda kommun tecknar ett samverkansavtal."}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    client.run(exec, WORKER_FAULTS, {})  # in the workers' processes
    try:
        with fresh_database("postgres", tmp_path) as url:
            report = run([folder], db=url, progress=False, cluster=address, batch_size=2)
            stored = dump(url)
    finally:
        client.run(exec, REMOVE_FAULTS, {})
    assert (folder / "flaky.txt.failed-once").exists()  # it did fail once
    assert report.new == 3
    assert report.errors == [(str(folder / "poison.txt"), "processing failed: RuntimeError: reader crashed")]
    paths = sorted(json.loads(row)[0] for row in stored["documents"])
    assert paths == [str(folder / n) for n in ("a.txt", "flaky.txt", "z.txt")]
    assert [json.loads(row)[::2] for row in stored["ingest_errors"]] == [
        [str(folder / "poison.txt"), "processing failed: RuntimeError: reader crashed"]]


def test_sample_and_shared_train_corpus_same_database_everywhere(cluster, tmp_path):
    """The sample corpus plus ../shared/corpus/train: one process, `--workers 2`, `--cluster`."""
    if not TRAIN.is_dir():
        pytest.skip("../shared is not present")
    from samverkan.run import run

    address, _ = cluster
    dumps = {}
    for label, options in (("one process", {}), ("--workers 2", {"workers": 2}), ("--cluster", {"cluster": address})):
        backend = "postgres" if label == "--cluster" else "sqlite"
        with fresh_database(backend, tmp_path) as url:
            report = run([SAMPLE, TRAIN], db=url, progress=False, **options)
            assert report.new > 50, report.summary()
            dumps[label] = dump(url)
    assert dumps["--cluster"] == dumps["one process"]
    assert dumps["--workers 2"] == dumps["one process"]


def test_a_killed_cluster_run_resumes_to_the_same_database(cluster, one_process, tmp_path):
    """The writer (`samverkan run --cluster`) SIGKILLed mid-run, then started again."""
    address, client = cluster
    with fresh_database("postgres", tmp_path) as url:
        command = SAMVERKAN + ["run", str(SAMPLE), "--db", url, "--cluster", address, "--no-progress"]
        process = subprocess.Popen(command + ["--batch-size", "1"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while linked(url) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process.poll() is None, "the run ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        done_when_killed = linked(url)
        assert 3 <= done_when_killed < 12
        again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stdout + again.stderr
        assert f"unchanged (skipped): {done_when_killed}" in again.stdout, again.stdout
        assert dump(url) == one_process
