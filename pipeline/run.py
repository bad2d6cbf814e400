"""`samverkan run`: ingest + extract + link files and folders into the database.

Reading and extraction run in worker processes (`workers` > 1; the spaCy pipeline is
loaded once per worker); this process is the single writer. Documents are written in
input order, a chunk at a time, each chunk (ingest + link of its documents) in one
transaction: a run killed at any moment and started again ends with the same database as
an uninterrupted run. Files whose bytes are unchanged and already linked by the current
extractor version are skipped without being read again.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from collections import deque
from contextlib import nullcontext
from itertools import islice
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Iterable, Iterator

import click

CHUNK = 8  # documents per worker task and per write transaction


@dataclass
class RunReport:
    """What a run did: counts, the errors (path, reason) and the time it took."""

    documents: int = 0  # document files considered
    new: int = 0
    new_versions: int = 0
    relinked: int = 0  # same bytes, linked again by a new extractor version
    unchanged: int = 0  # skipped
    not_documents: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)  # rows per table at the end

    @property
    def processed(self) -> int:
        return self.new + self.new_versions + self.relinked

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def summary(self) -> str:
        rate = self.processed / self.seconds if self.seconds else 0.0
        lines = [
            f"documents: {self.documents}  new: {self.new}  new versions: {self.new_versions}  "
            f"re-linked: {self.relinked}  unchanged (skipped): {self.unchanged}  failed: {len(self.errors)}  "
            f"not documents: {self.not_documents}",
            f"time: {self.seconds:.1f} s ({rate:.1f} documents/s)",
        ]
        if self.totals:
            lines.append("database: " + "  ".join(f"{k}: {v}" for k, v in self.totals.items()))
        lines += [f"  FAILED {path}: {reason}" for path, reason in self.errors]
        return "\n".join(lines)


# --- worker side ---------------------------------------------------------------------------

def _init_worker() -> None:
    """Load the extraction pipeline once in this process."""
    from . import extract

    extract.extract_document(_warm_up_document())  # loads spaCy and the knowledge files


def _warm_up_document():
    from .document import Document, content_hash

    text = "Karlstads kommun och Kils kommun."
    return Document("<warm-up>", "txt", content_hash(text.encode()), text)


def process_chunk(paths: list[str]) -> list[tuple[str, Any, Any, str | None]]:
    """Read and extract each file: (path, Document | None, extraction | None, error | None)."""
    from .document import IngestError
    from .extract import extract_many
    from .ingest import read_file

    results: list[tuple[str, Any, Any, str | None]] = []
    documents = []
    for path in paths:
        try:
            document = read_file(path)
            document.source_path = path
            documents.append(document)
            results.append((path, document, None, None))
        except IngestError as exc:
            results.append((path, None, None, exc.reason))
    try:
        extractions = iter(extract_many(documents))
        results = [(p, d, next(extractions), e) if d is not None else (p, d, None, e) for p, d, _, e in results]
    except Exception:  # one bad document must not sink the others: extract one at a time
        from .extract import extract_document

        redone = []
        for path, document, _, error in results:
            if document is not None:
                try:
                    redone.append((path, document, extract_document(document), None))
                except Exception as exc:  # recorded against this document; the run goes on
                    redone.append((path, document, None, f"extraction failed: {type(exc).__name__}: {exc}"))
            else:
                redone.append((path, document, None, error))
        results = redone
    return results


# --- writer side ---------------------------------------------------------------------------

def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _needs_work(session, path: str, current_version: str) -> bool:
    """False when the file's bytes are stored, current and linked by this extractor version."""
    from sqlalchemy import select

    from .document import content_hash
    from .store.documents import DocumentRow

    try:
        digest = content_hash(Path(path).read_bytes())
    except OSError:
        return True  # reading will fail and be recorded
    row = session.scalars(select(DocumentRow).where(
        DocumentRow.source_path == path, DocumentRow.is_current.is_(True))).first()
    return not (row is not None and row.content_hash == digest and row.extractor_version == current_version)


def _write_chunk(session, results, report: RunReport) -> None:
    from .ingest import record_error, store_document
    from .link import link_document

    for path, document, extraction, error in results:
        if document is None:
            record_error(session, path, error)
            report.errors.append((path, error))
            continue
        row, status = store_document(session, document)
        if extraction is None:
            record_error(session, path, error, document.content_hash)
            report.errors.append((path, error))
            continue
        link_document(session, row, extraction)
        if status == "new":
            report.new += 1
        elif status == "new_version":
            report.new_versions += 1
        else:
            report.relinked += 1


def _merge(into: RunReport, part: RunReport) -> None:
    into.new += part.new
    into.new_versions += part.new_versions
    into.relinked += part.relinked
    into.errors += part.errors


def _write_safely(session, results, report: RunReport) -> None:
    """Write a chunk in one transaction; if a document cannot be linked, write the chunk again
    one document per transaction and record that document's error (the run goes on)."""
    from .ingest import record_error
    from .store.first_use import hold_writer_lock, retrying

    def write(chunk) -> RunReport:  # a fresh count per attempt: another process may have raced us
        hold_writer_lock(session)  # another run writing the same database waits (PostgreSQL)
        part = RunReport()
        _write_chunk(session, chunk, part)
        return part

    try:
        _merge(report, retrying(session, lambda: write(results)))
        return
    except Exception:
        pass  # rolled back
    for result in results:
        try:
            part = retrying(session, lambda: write([result]))
        except Exception as exc:  # recorded against this document
            document = result[1]
            reason = f"linking failed: {type(exc).__name__}: {exc}"
            retrying(session, lambda: record_error(session, result[0], reason,
                                                   document.content_hash if document is not None else ""))
            part = RunReport(errors=[(result[0], reason)])
        _merge(report, part)


def _progress(enabled: bool):
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True), transient=False,
    )


def _totals(session) -> dict[str, int]:
    from sqlalchemy import func, select

    from .store.documents import DocumentRow
    from .store.entities import AgreementRow, OrganisationRow, PersonRow, SignatureRow

    return {name: session.scalar(select(func.count()).select_from(model)) for name, model in (
        ("documents", DocumentRow), ("organisations", OrganisationRow), ("persons", PersonRow),
        ("agreements", AgreementRow), ("signatures", SignatureRow))}


AHEAD = 4  # chunks in flight per worker: enough to keep workers busy, bounded memory


def _results(todo: list[str], workers: int, batch_size: int, executor: str = "processes",
             cluster: str | None = None) -> Iterator[list]:
    """Chunks of processed files, in input order (at most AHEAD chunks per worker in flight);
    on a Dask cluster with `cluster` (its address) or `executor="dask"`: `samverkan.cluster`."""
    if cluster or executor == "dask":
        from .cluster import dask_results

        yield from dask_results(todo, batch_size, address=cluster, workers=workers)
        return
    chunks = iter(list(_chunks(todo, batch_size)))
    if workers <= 1:
        _init_worker()
        for chunk in chunks:
            yield process_chunk(chunk)
        return
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread per worker process
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_init_worker) as pool:
        pending = deque(pool.submit(process_chunk, chunk) for chunk in islice(chunks, workers * AHEAD))
        while pending:
            results = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(process_chunk, following))
            yield results


def run(paths: Iterable[str | Path], db: str | None = None, workers: int = 1, progress: bool = True,
        session_factory=None, batch_size: int = CHUNK, executor: str = "processes",
        cluster: str | None = None) -> RunReport:
    """Ingest, extract and link `paths` (files and folders) into `db`; see the module docstring."""
    from .extract import EXTRACTOR_VERSION
    from .ingest.files import DOCUMENT, NOT_DOCUMENT, discover
    from .ingest import record_error
    from .store import open_db
    from .store.first_use import retrying

    started = time.perf_counter()
    factory = session_factory or open_db(db)[1]
    report = RunReport()
    todo: list[str] = []
    with factory() as session:
        for candidate in discover(paths):
            path = str(candidate.path)
            if candidate.kind == NOT_DOCUMENT:
                report.not_documents += 1
            elif candidate.kind != DOCUMENT:
                report.errors.append((path, candidate.reason))
            else:
                report.documents += 1
                if _needs_work(session, path, EXTRACTOR_VERSION):
                    todo.append(path)
                else:
                    report.unchanged += 1
        session.commit()
        retrying(session, lambda: [record_error(session, path, reason) for path, reason in report.errors])
        with _progress(progress) as bar:
            task = bar.add_task("run", total=len(todo), rate=0.0) if bar is not None else None
            done = ocr_pages = 0
            for results in _results(todo, workers, batch_size, executor, cluster):
                _write_safely(session, results, report)
                done += len(results)
                ocr_pages += sum(len(d.metadata.get("ocr", {}).get("pages", ())) for _, d, _, _ in results if d)
                if bar is not None:
                    elapsed = time.perf_counter() - started
                    bar.update(task, advance=len(results), rate=done / elapsed if elapsed else 0.0,
                               description=f"run ({ocr_pages} pages by OCR)" if ocr_pages else "run")
        report.totals = _totals(session)
    report.seconds = time.perf_counter() - started
    return report


@click.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--db", default=None, metavar="URL",
              help="Database: a SQLite file path or any SQLAlchemy URL (default: samverkan.db).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, None),
              help="Processes that read and extract (the spaCy pipeline loads once in each).")
@click.option("--batch-size", default=CHUNK, show_default=True, type=click.IntRange(1, None),
              help="Documents per worker task and per database transaction.")
@click.option("--executor", type=click.Choice(["processes", "dask"]), default="processes", show_default=True,
              help="Where reading and extraction run: local processes, or Dask (a LocalCluster of --workers "
                   "processes unless --cluster is given).")
@click.option("--cluster", default=None, metavar="ADDRESS",
              help="A Dask scheduler (tcp://HOST:8786, or its scheduler file) whose workers read and extract; "
                   "implies --executor dask. Needs samverkan[cluster]; see docs/scale-out.md.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr.")
def run_command(paths: tuple[str, ...], db: str | None, workers: int, batch_size: int, executor: str,
                cluster: str | None, progress: bool) -> None:
    """Ingest, extract and link documents into the database.

    PATHS are files and folders (read recursively, as `samverkan ingest`).
    Unchanged files already linked by this extractor version are skipped;
    a changed file or a new extractor version replaces that document's
    evidence. Files that cannot be read are recorded with the reason and
    the run goes on (exit status 1). Killed and started again, a run ends
    with the same database as an uninterrupted one.
    """
    report = run(paths, db=db, workers=workers, progress=progress, batch_size=batch_size, executor=executor,
                 cluster=cluster)
    click.echo(report.summary())
    sys.exit(report.exit_code)
