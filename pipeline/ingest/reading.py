"""One file into one Document: pick the reader by extension, then detect the language."""
from __future__ import annotations

import importlib
from pathlib import Path

from ..document import Document, IngestError
from .language import identify
from .pdf_engines import pdf_engine as choose_pdf_engine

# extension -> "module:function" of the reader (modules of this package, imported on first use)
READERS: dict[str, str] = {
    ".txt": "text:read_text",
    ".text": "text:read_text",
    ".md": "text:read_text",
    ".markdown": "text:read_text",
    ".html": "html:read_html",
    ".htm": "html:read_html",
    ".xhtml": "html:read_html",
    ".pdf": "pdf:read_pdf",
    ".docx": "docx:read_docx",
    ".png": "images:read_image",  # scanned pages, read by OCR (docs/ocr.md)
    ".jpg": "images:read_image",
    ".jpeg": "images:read_image",
    ".tif": "images:read_image",
    ".tiff": "images:read_image",
}
SUPPORTED_EXTENSIONS = frozenset(READERS)


def is_supported(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUPPORTED_EXTENSIONS


def _reader(extension: str):
    module_name, function = READERS[extension].split(":")
    return getattr(importlib.import_module(f"{__package__}.{module_name}"), function)


def read_file(path: str | Path, data: bytes | None = None, pdf_engine: str | None = None) -> Document:
    """Read `path` (bytes may be given when already read) into a Document.

    `Document.source_path` is the absolute path. Raises IngestError(path, reason) for anything that cannot be read: missing file,
    unsupported type, empty file, damaged/encrypted/binary content, no text.
    `pdf_engine` ("pdfium" or "pdfplumber") reads PDFs; None: $SAMVERKAN_PDF_ENGINE, else "pdfium".
    An unknown engine name is a ValueError (a setting to fix, not a fault of the file).
    """
    path = Path(path)
    extension = path.suffix.lower()
    options = {"engine": choose_pdf_engine(pdf_engine)} if extension == ".pdf" else {}
    if extension not in READERS:
        raise IngestError(path, f"unsupported file type '{extension or '(no extension)'}' "
                                f"(supported: {', '.join(sorted(SUPPORTED_EXTENSIONS))})")
    if data is None:
        if not path.exists():
            raise IngestError(path, "no such file")
        if not path.is_file():
            raise IngestError(path, "not a regular file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IngestError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not data:
        raise IngestError(path, "empty file (0 bytes)")
    try:
        document = _reader(extension)(path, data, **options)
    except IngestError:
        raise
    except Exception as exc:  # a library choking on damaged input: an error for this file only
        raise IngestError(path, f"cannot read as {extension[1:]}: {type(exc).__name__}: {exc}") from None
    if not document.text.strip():
        raise IngestError(path, "no text found in the file")
    if "\x00" in document.text:  # no database text type holds NUL (PostgreSQL refuses it); same length
        document.text = document.text.replace("\x00", "\ufffd")
    if document.title and "\x00" in document.title:
        document.title = document.title.replace("\x00", "")
    document.source_path = str(path.resolve())  # a file's identity in the store: its absolute path
    language, variant, probability = identify(document.text)
    document.language = language
    document.language_probability = probability
    if language:
        document.metadata.setdefault("language_probability", round(probability, 4))
        if variant != language:
            document.metadata.setdefault("language_variant", variant)
    return document
