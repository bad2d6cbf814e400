"""`samverkan ingest`: the command-line shell over `samverkan.ingest.ingest_paths`."""
from __future__ import annotations

import sys

import click

from .pdf_engines import DEFAULT_ENGINE, ENGINES, ENV_VAR


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--db", default=None, metavar="URL",
              help="Database: a SQLite file path or any SQLAlchemy URL (default: samverkan.db).")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Progress bar on stderr (shown on a terminal, or for more than 20 files).")
@click.option("--pdf-engine", type=click.Choice(sorted(ENGINES)), default=None,
              help=f"Engine that reads PDF characters (default: ${ENV_VAR}, else {DEFAULT_ENGINE}; "
                   "pdfium is several times faster, the layout is the same).")
def ingest(paths: tuple[str, ...], db: str | None, progress: bool, pdf_engine: str | None) -> None:
    """Read documents (.txt .md .html .htm .pdf .docx; scans .png .jpg .jpeg
    .tif .tiff and PDF pages without a usable text layer are read by OCR,
    docs/ocr.md) into the database.

    PATHS are files and folders; folders are read recursively.

    \b
    Which files are documents:
    - A file named on the command line must be of a supported type;
      any other type is an error ("unsupported file type").
    - Inside folders, supported files are documents. Hidden files and
      folders, data/sidecar files (.json .csv .yaml ..., e.g. the gold
      NAME.json beside NAME.txt) and editor/OS junk (~$x.docx, x~,
      Thumbs.db) are skipped and counted as "not documents". Any other
      file is an error ("unknown type").

    \b
    Versions: a file whose bytes did not change is skipped; changed bytes
    become a new version (the old one stays, no longer current).
    Files that cannot be read (empty, damaged, encrypted, binary, unknown
    type) are recorded in the ingest_errors table with the reason; the run
    goes on and the exit status is 1.
    """
    from .batch import ingest_paths

    report = ingest_paths(paths, db=db, progress=progress, pdf_engine=pdf_engine)
    click.echo(report.summary())
    sys.exit(report.exit_code)
