"""Benchmark: `samverkan run --workers N` vs `--workers 1` on the dev corpus repeated to at
least 1,000 documents. Prints documents/s for each and the speed-up (goal: >= 1.7x for 2).

    .venv/bin/python benchmarks/run_workers.py [--documents 1000] [--workers 2] [--repeat 1] [--corpus ../shared/corpus/dev]

Each copy of a text gets its own file name and a trailing line ("Kopia N.") so every file is
a distinct document; each run writes a fresh SQLite database. Timing includes loading the
spaCy pipeline (once per process). CPU seconds are printed too: on a machine shared with
other jobs, "CPUs busy on average" well below the number of processes means the run was
starved, and the wall-clock ratio says little.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_corpus(source: Path, target: Path, documents: int) -> int:
    texts = sorted(p for p in source.iterdir() if p.suffix == ".txt")
    if not texts:
        sys.exit(f"no .txt files in {source}")
    target.mkdir(parents=True)
    made = 0
    copy = 0
    while made < documents:
        copy += 1
        for path in texts:
            if made >= documents:
                break
            text = path.read_text(encoding="utf-8")
            (target / f"{path.stem}-{copy:03d}.txt").write_text(f"{text}\n\nKopia {copy}.\n", encoding="utf-8")
            made += 1
    return made


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # worker processes, once joined
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed_run(corpus: Path, db: Path, workers: int) -> tuple[float, object, float, float]:
    """Wall seconds, the run's report, and CPU seconds of this process and of the workers."""
    from samverkan.run import run

    own_before, children_before = _cpu()
    started = time.perf_counter()
    report = run([corpus], db=str(db), workers=workers, progress=sys.stderr.isatty())
    seconds = time.perf_counter() - started
    own_after, children_after = _cpu()
    return seconds, report, own_after - own_before, children_after - children_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting; the fastest counts (noisy machines)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="samverkan-bench-"))
    try:
        corpus = workdir / "corpus"
        count = make_corpus(args.corpus, corpus, args.documents)
        print(f"{count} documents from {args.corpus} ({os.cpu_count()} CPUs)")
        results = {}
        for attempt in range(args.repeat):
            for workers in (1, args.workers):
                seconds, report, own, children = timed_run(corpus, workdir / f"w{workers}-{attempt}.db", workers)
                assert report.processed == count, report.summary()
                results[workers] = min(seconds, results.get(workers, seconds))
                print(f"--workers {workers}: {seconds:7.1f} s  {count / seconds:6.2f} documents/s  "
                      f"CPU: writer process {own:.1f} s, workers {children:.1f} s "
                      f"(CPUs busy on average: {(own + children) / seconds:.2f})", flush=True)
        print(f"speed-up --workers {args.workers} vs 1: {results[1] / results[args.workers]:.2f}x (goal >= 1.7x)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
