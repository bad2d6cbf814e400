"""Which files a run reads: the paths given, and folders walked recursively.

The rule (also in `samverkan ingest --help`):
- A file named on the command line is read whatever its name; if its type is not one we
  read, that is an error ("unsupported file type").
- Inside folders: files of a supported type are documents; hidden files and folders
  (".name"), data and sidecar files (JSON/CSV/YAML/..., e.g. a gold `NAME.json` beside
  `NAME.txt`) and editor/OS junk (`~$x.docx`, `Thumbs.db`, `x~`) are "not documents":
  skipped and counted, never errors (the lists live in `data/not_documents.json`). Any
  other file is an error "unknown type".
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from .reading import is_supported

DOCUMENT = "document"
NOT_DOCUMENT = "not_document"
ERROR = "error"


@dataclass(frozen=True)
class Candidate:
    """A path met during discovery: a document to read, a skipped non-document, or an error."""

    path: Path
    kind: str  # document | not_document | error
    reason: str = ""


@lru_cache(maxsize=1)
def _rules() -> dict:
    text = resources.files(__package__).joinpath("data/not_documents.json").read_text(encoding="utf-8")
    rules = json.loads(text)
    return {
        "extensions": {e.lower() for e in rules["data_extensions"]},
        "names": {n.lower() for n in rules["junk_names"]},
        "prefixes": tuple(p.lower() for p in rules["junk_prefixes"]),
        "suffixes": tuple(s.lower() for s in rules["junk_suffixes"]),
    }


def is_not_document(path: Path) -> bool:
    """Hidden, data/sidecar or junk file: skipped silently inside folders."""
    name = path.name.lower()
    rules = _rules()
    return (
        name.startswith(".")
        or name in rules["names"]
        or name.startswith(rules["prefixes"])
        or name.endswith(rules["suffixes"])
        or path.suffix.lower() in rules["extensions"]
    )


def _walk(folder: Path) -> Iterator[Candidate]:
    for root, dirs, files in os.walk(folder):
        hidden = sorted(d for d in dirs if d.startswith("."))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in hidden:
            yield Candidate(Path(root) / name, NOT_DOCUMENT, "hidden folder")
        for name in sorted(files):
            path = Path(root) / name
            if is_not_document(path):
                yield Candidate(path, NOT_DOCUMENT, "not a document")
            elif not path.is_file():  # never opened: reading a FIFO would block, a loop cannot be read
                yield Candidate(path, ERROR, _not_regular(path))
            elif is_supported(path):
                yield Candidate(path, DOCUMENT)
            else:
                yield Candidate(path, ERROR, f"unknown type '{path.suffix.lower() or '(no extension)'}'")


def _not_regular(path: Path) -> str:
    """Why a path met in a folder is not read as a file."""
    if path.is_symlink():
        try:
            path.stat()
        except OSError as exc:
            return "symlink loop" if exc.errno == 40 else "broken symlink (its target is missing)"
    if not path.exists():
        return "no such file (removed while the run was going?)"
    return "not a regular file (a FIFO, socket or device)"


def discover(paths: Iterable[str | Path]) -> Iterator[Candidate]:
    """Every path to consider, in order, each file once (absolute paths)."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found: Iterable[Candidate] = _walk(path)
        elif path.is_file():  # named explicitly: an unsupported type is an error, whatever it is
            found = [Candidate(path, DOCUMENT) if is_supported(path) else
                     Candidate(path, ERROR, f"unsupported file type '{path.suffix.lower() or '(no extension)'}'")]
        elif path.exists():
            found = [Candidate(path, ERROR, "not a regular file")]
        else:
            found = [Candidate(path, ERROR, "no such file or directory")]
        for candidate in found:
            try:
                absolute = candidate.path.resolve()
            except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
                absolute = Path(os.path.abspath(candidate.path))
                candidate = Candidate(absolute, ERROR, _not_regular(absolute))
            if absolute in seen:
                continue
            seen.add(absolute)
            yield Candidate(absolute, candidate.kind, candidate.reason)


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The document files among `paths` (files as given, folders recursively), absolute."""
    for candidate in discover(paths):
        if candidate.kind == DOCUMENT:
            yield candidate.path
