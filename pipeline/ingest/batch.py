"""A whole ingestion run: discover files, read each, store it or record why it failed."""
from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..document import IngestError, content_hash
from .files import DOCUMENT, NOT_DOCUMENT, Candidate, discover
from .pdf_engines import pdf_engine as choose_pdf_engine
from .reading import read_file
from .storing import NEW, NEW_VERSION, is_unchanged, record_error, store_document

PROGRESS_MIN_FILES = 20  # show a progress bar from this many files on, or whenever stderr is a terminal


@dataclass
class IngestReport:
    """Counts of one run, the errors (path, reason) and the ids of the rows written."""

    new: int = 0
    new_versions: int = 0
    unchanged: int = 0
    not_documents: int = 0
    concurrent: int = 0  # files another process stored at the same moment (already in the store)
    errors: list[tuple[str, str]] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)  # rows that are new or new versions

    @property
    def failed(self) -> int:
        return len(self.errors)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def summary(self) -> str:
        lines = [
            f"new: {self.new}  new versions: {self.new_versions}  unchanged: {self.unchanged}  "
            f"failed: {self.failed}  not documents (skipped): {self.not_documents}"
        ]
        if self.concurrent:
            lines[0] += f"  stored meanwhile by another run: {self.concurrent}"
        for path, reason in self.errors:
            lines.append(f"  FAILED {path}: {reason}")
        return "\n".join(lines)


def open_store(db: str | None) -> sessionmaker[Session]:
    """Session factory for `db` with the schema in place (Alembic via `store.open_db` when present)."""
    from .. import store

    if hasattr(store, "open_db"):
        return store.open_db(db)[1]
    engine = store.make_engine(db)
    store.Base.metadata.create_all(engine)
    return store.make_session_factory(engine)


def ingest_candidate(session: Session, candidate: Candidate, report: IngestReport,
                     pdf_engine: str | None = None) -> None:
    """Handle one discovered path: count it, store it, or record its error (caller commits)."""
    if candidate.kind == NOT_DOCUMENT:
        report.not_documents += 1
        return
    path = str(candidate.path)
    if candidate.kind != DOCUMENT:  # unknown type, missing: not read (one error row per path)
        _fail(session, report, path, candidate.reason)
        return
    try:
        data = candidate.path.read_bytes()
    except OSError as exc:
        _fail(session, report, path, f"cannot read file: {exc.strerror or exc}")
        return
    digest = content_hash(data)
    if data and is_unchanged(session, path, digest):
        report.unchanged += 1
        return
    try:
        document = read_file(candidate.path, data, pdf_engine=pdf_engine)
    except IngestError as exc:
        reason = exc.reason
    else:
        document.source_path = path
        row, status = store_document(session, document)
        if status == NEW:
            report.new += 1
        elif status == NEW_VERSION:
            report.new_versions += 1
        else:
            report.unchanged += 1
        if status in (NEW, NEW_VERSION):
            report.document_ids.append(row.id)
        return
    _fail(session, report, path, reason, digest)


def _fail(session: Session, report: IngestReport, path: str, reason: str, digest: str = "") -> None:
    record_error(session, path, reason, digest)
    report.errors.append((path, reason))


def _progress(total: int, enabled: bool):
    if not enabled or not (sys.stderr.isatty() or total > PROGRESS_MIN_FILES):
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=sys.stderr.isatty(),
    )


def ingest_paths(paths: Iterable[str | Path], db: str | None = None, progress: bool = True,
                 session_factory: sessionmaker[Session] | None = None, pdf_engine: str | None = None) -> IngestReport:
    """Ingest files and folders (recursively) into `db` (SQLite path or SQLAlchemy URL).

    `pdf_engine`: "pdfium" or "pdfplumber" (None: $SAMVERKAN_PDF_ENGINE, else "pdfium").
    """
    pdf_engine = choose_pdf_engine(pdf_engine)  # an unknown name fails before anything is read
    candidates = list(discover(paths))
    factory = session_factory or open_store(db)
    report = IngestReport()
    with _progress(len(candidates), progress) as bar, factory() as session:
        task = bar.add_task("ingest", total=len(candidates)) if bar is not None else None
        for candidate in candidates:
            try:
                ingest_candidate(session, candidate, report, pdf_engine)
                session.commit()
            except IntegrityError:  # another process stored the same (path, bytes) meanwhile
                session.rollback()
                report.concurrent += 1
            if bar is not None:
                bar.advance(task)
    return report
