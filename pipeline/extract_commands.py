"""`samverkan extract PATH... [--spans]`: JSON Lines of extracted records on stdout."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click


def _inputs(paths: tuple[str, ...]):
    """(path as the user would name it, absolute path) for every document under `paths`."""
    from .ingest import iter_input_files
    for given in paths:
        p = Path(given)
        if p.is_dir():
            root = p.resolve()
            for f in iter_input_files([given]):
                yield os.path.join(given, os.path.relpath(f, root)), f
        else:
            yield given, p


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--spans", is_flag=True, help="Include character spans and mentions (docs/EXTRACT_SPANS.md).")
@click.option("--batch-size", default=16, show_default=True, help="Documents per nlp.pipe batch.")
def extract(paths: tuple[str, ...], spans: bool, batch_size: int) -> None:
    """Extract persons, roles, municipalities, agreements and dates from documents.

    Prints one JSON object per document (JSON Lines) with "source" = the path as given;
    folders are read recursively. Unreadable files are reported on stderr and skipped.
    """
    from .document import IngestError
    from .extract import extract_many, strip_spans
    from .ingest import read_file

    def documents():
        for shown, path in _inputs(paths):
            try:
                doc = read_file(path)
            except IngestError as e:
                click.echo(f"error: {shown}: {e.reason}", err=True)
                continue
            doc.source_path = shown
            yield doc

    for rec in extract_many(documents(), batch_size=batch_size, on_error="record"):
        if rec.get("error"):
            click.echo(f"error: {rec['source']}: {rec['error']}", err=True)
            continue
        out = rec if spans else strip_spans(rec)
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
