"""Scanned images as documents: PNG, JPEG and TIFF (every page of a multi-page TIFF), read by OCR.

Each frame is opened with Pillow (a JPEG's EXIF orientation applied), read by
`ocr.ocr_image` at the resolution the file states (DEFAULT_DPI when it states none or
an implausible one), and its words go through the same layout as a PDF page (`pdf.page_text`):
one text with a character range per page. The `ocr` metadata is as for a scanned PDF.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ..document import Document, IngestError, content_hash
from .ocr import ocr_image
from .pdf import page_text
from .pdf_ocr import ocr_metadata

DEFAULT_DPI = 200
PLAUSIBLE_DPI = (70, 1200)
FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg", "TIFF": "tiff"}


def _dpi(frame: Image.Image) -> float:
    stated = frame.info.get("dpi")
    try:
        value = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if PLAUSIBLE_DPI[0] <= value <= PLAUSIBLE_DPI[1] else float(DEFAULT_DPI)


def read_image(path: str | Path, data: bytes) -> Document:
    """An image file's bytes as a Document read by OCR, one page per frame."""
    path = Path(path)
    try:
        image = Image.open(io.BytesIO(data))
        kind = FORMATS.get(image.format or "")
        if kind is None:
            raise IngestError(path, f"not a scanned page image ({image.format or 'unknown'} image)")
    except UnidentifiedImageError:
        raise IngestError(path, "not a readable image (damaged, or not an image at all)") from None
    pages, done = [], []
    try:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            dpi = _dpi(frame)
            frame = ImageOps.exif_transpose(frame) if kind == "jpeg" else frame.copy()
            frame.load()
            read = ocr_image(path, frame, dpi)
            pages.append((read.words, read.height))
            done.append({"page": number, "confidence": read.confidence,
                         "rotation": read.rotation, "skew": read.skew, "dpi": round(dpi)})
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or damaged image data
        raise IngestError(path, f"not a readable image: {exc}") from None
    text, ranges, removed = page_text(pages)
    if not text.strip():
        raise IngestError(path, "no text found by OCR in the image")
    metadata: dict = {"page_count": len(ranges), "image_format": kind, "ocr": ocr_metadata(path, done)}
    if removed:
        metadata["removed_running_lines"] = removed[:20]
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Document(
        source_path=str(path),
        format=kind if kind != "jpeg" else "jpg",
        content_hash=content_hash(data),
        text=text,
        title=first_line[:300] if first_line else None,
        pages=ranges,
        metadata=metadata,
    )
