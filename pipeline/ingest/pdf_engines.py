"""Which engine reads a PDF's characters: PDFium (default, fast) or pdfplumber.

    pdf_engine(name=None) -> "pdfium" | "pdfplumber"
    page_source(name) -> function(path, data) -> ([(words, page height)], info)

`name` None means the environment variable SAMVERKAN_PDF_ENGINE, else the default.
Both engines feed the same layout code; see docs/ingestion.md for speeds.
"""
from __future__ import annotations

import importlib
import os

ENV_VAR = "SAMVERKAN_PDF_ENGINE"
DEFAULT_ENGINE = "pdfium"
# engine name -> "module:function" of its page source (modules of this package, imported on first use)
ENGINES: dict[str, str] = {
    "pdfium": "pdf_words:pdfium_pages",
    "pdfplumber": "pdf_words_plumber:plumber_pages",
}


def pdf_engine(name: str | None = None) -> str:
    """The engine to use: `name`, else $SAMVERKAN_PDF_ENGINE, else the default. ValueError if unknown."""
    chosen = (name or os.environ.get(ENV_VAR) or DEFAULT_ENGINE).strip().lower()
    if chosen not in ENGINES:
        source = "pdf_engine" if name else ENV_VAR
        raise ValueError(f"unknown PDF engine {chosen!r} ({source}); choose one of: {', '.join(ENGINES)}")
    return chosen


def page_source(name: str):
    module_name, function = ENGINES[pdf_engine(name)].split(":")
    return getattr(importlib.import_module(f"{__package__}.{module_name}"), function)
