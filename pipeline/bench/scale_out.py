"""The scale-out benchmark, in one run: `run --executor dask` (a LocalCluster: the same code
path as `--cluster`) against `run --workers N` with 1 and N workers, and the single writer's own
documents/s at a small and a large number of documents on SQLite (and PostgreSQL when a URL is
given). Rows as in `samverkan.bench.suites`; printed with `runner.format_table`.

    python benchmarks/scale_out.py [--documents 200] [--workers 2] [--link 10000,100000] [--postgres URL]
"""
from __future__ import annotations

import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from . import suites
from .linking import base_records, link_rate


def dask_vs_processes(folder: Path, workers: int, log: Callable[[str], None] = print) -> tuple[list, list]:
    """`run` with 1 and `workers` workers, processes vs Dask, each pair back to back (the second
    pair in the other order)."""
    workdir = suites.temp_workdir()
    rows, runs = [], []
    try:
        for turn, n in enumerate(sorted({1, workers})):
            measured = {}
            for executor in ("processes", "dask")[::-1 if turn % 2 else 1]:  # ABBA: a load trend hits both
                log(f"samverkan run --executor {executor} --workers {n} ...")
                measured[executor] = suites.samverkan_run(folder, n, workdir, ("--executor", executor))
                log(f"  {measured[executor]['seconds']:.1f} s")
            processes, dask = measured["processes"], measured["dask"]
            runs += [processes, dask]
            docs = processes["documents"]
            ratio = processes["seconds"] / dask["seconds"]
            rows.append(suites.row(
                f"dask_{n}", f"run: documents/s, {n} Dask worker{'s' if n > 1 else ''} (LocalCluster)",
                docs / dask["seconds"], "docs/s", f"--workers {n} (processes)", docs / processes["seconds"], ratio,
                ">= 0.9x", ratio >= 0.9, f"{docs} files, fresh SQLite, includes start-up and model loading"))
            cpu_ratio = processes["cpu_seconds"] / dask["cpu_seconds"]
            rows.append(suites.row(
                f"dask_{n}_cpu", f"run: documents per CPU second (process tree), {n} Dask worker{'s' if n > 1 else ''}",
                docs / dask["cpu_seconds"], "docs/CPU s", f"--workers {n} (processes)", docs / processes["cpu_seconds"],
                cpu_ratio, ">= 0.9x", cpu_ratio >= 0.9,
                f"CPU {dask['cpu_seconds']:.0f} s vs {processes['cpu_seconds']:.0f} s: what Dask costs on a busy machine"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return rows, runs


@contextmanager
def _database(backend: str, postgres: str | None) -> Iterator[str]:
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="samverkan-link-")
        try:
            yield str(Path(folder) / "link.db")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"samverkan_link_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def linker(sizes: tuple[int, int], postgres: str | None = None, log: Callable[[str], None] = print,
           save: Callable[[dict], None] | None = None, sqlite: bool = True) -> tuple[list, list]:
    """The writer alone (store + link of replayed extraction records) at both sizes, per backend."""
    bases = base_records()
    rows, measured, partial = [], [], []
    for backend in (["sqlite"] if sqlite else []) + (["postgresql"] if postgres else []):
        got = []
        for n in sizes:
            log(f"linker alone, {n} documents, {backend} ...")
            with _database(backend, postgres) as url:
                got.append(link_rate(n, url, bases=bases, progress=lambda step, b=backend: (
                    log(f"  {b}: {step}"), partial.append({"db": b, "target": n, **step}),
                    save and save({"linker": measured, "linker_progress": partial}))))
            log(f"  {got[-1]['docs_per_s']} docs/s (last tenth {got[-1]['last_tenth_docs_per_s']})")
            measured.append(got[-1])
            if save:
                save({"linker": measured, "linker_progress": partial})
        small, large = got
        for unit, key, what in (("docs/s", "docs_per_s", "documents/s"),
                                ("docs/CPU s", "docs_per_cpu_s", "documents per CPU second of the writer")):
            ratio = large[key] / small[key]
            rows.append(suites.row(
                f"link_{backend}_{key}", f"linker alone: {what}, {large['documents']} documents ({backend})",
                large[key], unit, f"{small['documents']} documents", small[key], ratio, ">= 0.8x (flat)",
                ratio >= 0.8, f"writer only (store + link, a transaction per 8 documents); last tenth of the large "
                f"run {large['last_tenth_docs_per_s']} docs/s; database at the end: {large['totals']}"))
    return rows, measured


def run_scale_out(folder: Path | None, workers: int, link_sizes: tuple[int, int] | None, postgres: str | None = None,
                  sqlite: bool = True, log: Callable[[str], None] = print, save: Callable[[dict], None] | None = None) -> dict[str, Any]:
    from .runner import machine

    result: dict[str, Any] = {"machine": machine(), "rows": [], "runs": [], "linker": []}
    if folder is not None:
        rows, result["runs"] = dask_vs_processes(folder, workers, log)
        result["rows"] += rows
        if save:
            save(result)
    if link_sizes:
        rows, result["linker"] = linker(link_sizes, postgres, log, save=lambda part: save and save({**result, **part}),
                                          sqlite=sqlite)
        result["rows"] += rows
    return result
