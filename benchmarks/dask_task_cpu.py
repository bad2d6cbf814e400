"""CPU of reading + extraction inside a Dask worker vs in this process (same files, warm pipeline).

    .venv/bin/python benchmarks/dask_task_cpu.py [FOLDER] [--documents 40]

Prints (CPU seconds of the task's thread, CPU seconds of the whole process, wall seconds) for
`process_chunk` over the files, in-process and in a LocalCluster worker (with samverkan's worker
plugin). On a busy machine wall time says little; the task thread's CPU is the cost of the work
itself, and process CPU minus thread CPU is what the Dask worker's event loop adds.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path


def timed(paths: list[str]) -> tuple[float, float, float]:
    from samverkan.run import process_chunk

    t, p, w = time.thread_time(), time.process_time(), time.perf_counter()
    for i in range(0, len(paths), 8):
        process_chunk(paths[i:i + 8])
    return round(time.thread_time() - t, 2), round(time.process_time() - p, 2), round(time.perf_counter() - w, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--documents", type=int, default=40)
    args = parser.parse_args()
    if args.folder is None:
        from samverkan.bench.corpus import generate

        args.folder = generate(100)
    paths = sorted(str(p) for p in args.folder.iterdir() if p.is_file())[:args.documents]
    from samverkan.run import _init_worker

    _init_worker()
    timed(paths[:8])
    print("in-process   (thread CPU s, process CPU s, wall s):", timed(paths[8:]), flush=True)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from samverkan.cluster import PipelineLoader, connect

    with connect(None, workers=1) as client:
        client.register_plugin(PipelineLoader())
        client.submit(timed, paths[:8], pure=False).result()
        print("Dask worker  (thread CPU s, process CPU s, wall s):", client.submit(timed, paths[8:], pure=False).result())


if __name__ == "__main__":
    main()
