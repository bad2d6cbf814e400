"""Plain text (.txt) and Markdown (.md): decoded, repaired, title from the first line or heading.

The text is kept as written (Markdown markup included), so character offsets point into
what the author wrote.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Document, IngestError, content_hash
from .decoding import decode_text

MAX_TITLE = 300
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:MAX_TITLE]
    return None


def markdown_title(text: str) -> str | None:
    """The first heading (ATX '# Title' or setext 'Title\\n====='), else the first non-empty line."""
    body = FRONT_MATTER.sub("", text, count=1)
    lines = body.splitlines()
    for index, line in enumerate(lines):
        match = ATX_HEADING.match(line)
        if match:
            return match.group(1).strip()[:MAX_TITLE]
        if line.strip() and index + 1 < len(lines) and SETEXT_UNDERLINE.match(lines[index + 1]):
            return line.strip()[:MAX_TITLE]
    return first_line(body)


def read_text(path: str | Path, data: bytes) -> Document:
    """A .txt or .md file's bytes as a Document."""
    path = Path(path)
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    text, encoding = decode_text(data, str(path))
    if not text.strip():
        raise IngestError(path, "no text (file holds only whitespace)")
    title = markdown_title(text) if fmt == "md" else first_line(text)
    return Document(
        source_path=str(path),
        format=fmt,
        content_hash=content_hash(data),
        text=text,
        title=title,
        metadata={"encoding": encoding},
    )
