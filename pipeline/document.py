"""The document value every reader returns, whatever the input format."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def content_hash(data: bytes) -> str:
    """SHA-256 of the raw bytes: the identity of a file's content."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Page:
    """A page as a half-open character range [start, end) of `Document.text` (1-based number)."""

    number: int
    start: int
    end: int


@dataclass
class Document:
    """One ingested file: its text and what is known about where the text came from."""

    source_path: str
    format: str  # txt | md | html | pdf | docx
    content_hash: str
    text: str
    title: str | None = None
    pages: list[Page] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)  # e.g. {"published": "2024-03-28", "encoding": "cp1252"}
    language: str | None = None  # ISO 639-1, e.g. "sv", "no", "da", "en"
    # the language identifier's probability for `language` (set by read_file; not stored: the
    # extraction pipeline reuses it instead of classifying the same text again)
    language_probability: float | None = field(default=None, repr=False, compare=False)

    @property
    def stem(self) -> str:
        return Path(self.source_path).stem

    def page_of(self, offset: int) -> int | None:
        """Page number holding character `offset`, or None when the format has no pages."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_path": self.source_path,
            "format": self.format,
            "content_hash": self.content_hash,
            "title": self.title,
            "text": self.text,
            "pages": [[p.number, p.start, p.end] for p in self.pages],
            "metadata": self.metadata,
            "language": self.language,
        }


class IngestError(Exception):
    """A file that cannot be read. `reason` is a short human sentence naming what is wrong."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
