"""Scale-out benchmark in one run: `run --executor dask` vs `run --workers N` (1 and N workers)
and the single writer's documents/s at two sizes (SQLite, and PostgreSQL with --postgres).

    .venv/bin/python benchmarks/scale_out.py [--documents 200] [--workers 2] [--link 10000,100000] \
        [--postgres postgresql+psycopg://...] [--out benchmarks/results-scale-out.json]

The corpus is the bench generator's (variations of corpus/sample, cached). Prints a Markdown
table (ratios against the baseline measured in the same run) and writes JSON after each step.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    from samverkan.bench.corpus import generate
    from samverkan.bench.runner import format_table, write_json
    from samverkan.bench.scale_out import run_scale_out

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--link", default="10000,100000", metavar="N,M", help="writer sizes; 'none' to skip")
    parser.add_argument("--no-dask", action="store_true", help="only the writer")
    parser.add_argument("--no-sqlite", action="store_true", help="the writer on PostgreSQL only")
    parser.add_argument("--postgres", default=None, metavar="URL", help="server URL; a database is created per size")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results-scale-out.json")
    args = parser.parse_args()
    started = time.perf_counter()
    folder = None if args.no_dask else generate(args.documents)
    sizes = None if args.link == "none" else tuple(int(x) for x in args.link.split(","))

    progress: dict = {}  # the per-block figures, kept in the final file too

    def save(result: dict) -> None:
        progress.update({key: result[key] for key in ("linker_progress",) if key in result})
        write_json({**result, "seconds": round(time.perf_counter() - started, 1)}, args.out)

    result = run_scale_out(folder, args.workers, sizes, args.postgres, sqlite=not args.no_sqlite, log=lambda s: print(s, file=sys.stderr, flush=True),
                           save=save)
    result = {**progress, **result, "seconds": round(time.perf_counter() - started, 1)}
    write_json(result, args.out)
    print(format_table(result))


if __name__ == "__main__":
    main()
