"""Ingestion: files (txt, md, html, pdf, docx; png, jpeg, tiff scans by OCR) into `Document` values and into the store.

    read_file(path, pdf_engine=None) -> Document   one file (raises IngestError);
                                                pdf_engine "pdfium" (default) | "pdfplumber"
    iter_input_files(paths) -> Iterator[Path]   documents among files and folders
    store_document(session, doc) -> (row, status)   status: new | new_version | unchanged
    record_error(session, path, reason, content_hash="")
    ingest_paths(paths, db=None, progress=True, pdf_engine=None) -> IngestReport
"""
from __future__ import annotations

from ..document import Document, IngestError, Page
from .batch import IngestReport, ingest_paths
from .files import iter_input_files
from .language import detect_language
from .reading import SUPPORTED_EXTENSIONS, read_file
from .storing import document_from_row, record_error, store_document

__all__ = [
    "Document", "IngestError", "IngestReport", "Page", "SUPPORTED_EXTENSIONS", "detect_language",
    "document_from_row", "ingest_paths", "iter_input_files", "read_file", "record_error", "store_document",
]
