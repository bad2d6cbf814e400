"""OCR for the PDF pages whose text layer is unusable (`text_layer.judge`) and that carry an image.

    pages, metadata = ocr_unreadable_pages(path, data, pages)

`pages` are the engine's [(words, page height)]; each page that needs OCR is rendered
with PDFium (pypdfium2) at the resolution of its largest image (RENDER_DPI_MIN to
RENDER_DPI_MAX; RENDER_DPI when unknown) and read by `ocr.ocr_image`; its words replace
the text layer's. A page with an unusable layer but no image (a blank page, vector
drawing) is left as it is. `metadata` is None when no page was OCR'd, else {"ocr": engine,
models and each OCR'd page's number, mean word confidence, turn and skew}.
Without Tesseract, a PDF that has no usable text layer at all is an IngestError saying what
to install; one with some text pages is read without its scanned pages, and the metadata
says so: {"ocr_unavailable": {"reason": ..., "pages": [numbers of the pages skipped]}}.
"""
from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import IngestError
from .ocr import OcrPage, engine, engine_info, ocr_image
from .text_layer import judge

RENDER_DPI = 300
RENDER_DPI_MIN = 150
RENDER_DPI_MAX = 400


def page_text(words) -> str:
    return " ".join(word.text for word in words)


def _image_dpi(page) -> float | None:
    """The resolution of the page's largest image (pixels per inch on the page), None without images."""
    best: tuple[float, float] | None = None  # (area in points², dpi)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        width_pt, height_pt = right - left, top - bottom
        if width_pt <= 1 or height_pt <= 1:
            continue
        try:
            px_w, px_h = obj.get_px_size()
        except Exception:  # an image PDFium cannot measure: still an image
            px_w, px_h = 0, 0
        dpi = max(px_w / (width_pt / 72), px_h / (height_pt / 72)) if px_w and px_h else float(RENDER_DPI)
        if best is None or width_pt * height_pt > best[0]:
            best = (width_pt * height_pt, dpi)
    return best[1] if best else None


def render_dpi(image_dpi: float) -> int:
    return int(round(min(RENDER_DPI_MAX, max(RENDER_DPI_MIN, image_dpi))))


def ocr_page(path, page, image_dpi: float) -> OcrPage:
    """Render one PDF page in grey and read it by OCR."""
    dpi = render_dpi(image_dpi)
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    return ocr_image(path, image, dpi)


def ocr_unreadable_pages(path, data: bytes, pages: list) -> tuple[list, dict | None]:
    """`pages` with the unusable text layers of image pages replaced by OCR, and the metadata
    entry to add ({"ocr": ...} or {"ocr_unavailable": ...}; None: nothing to add)."""
    verdicts = [judge(page_text(words)) for words, _ in pages]
    if not any(verdicts):
        return pages, None
    pdf = pdfium.PdfDocument(data)
    try:
        wanted = []  # (index, verdict, image dpi) of the pages to OCR
        for index, verdict in enumerate(verdicts):
            if verdict is not None:
                page = pdf[index]
                try:
                    image_dpi = _image_dpi(page)
                finally:
                    page.close()
                if image_dpi is not None:
                    wanted.append((index, verdict, image_dpi))
        if not wanted:
            return pages, None
        if None in verdicts:  # some pages have a usable text layer: without Tesseract, keep those and say so
            try:
                engine(path)
            except IngestError as exc:
                return pages, {"ocr_unavailable": {"reason": exc.reason, "pages": [i + 1 for i, _, _ in wanted]}}
        done: list[dict] = []
        result = list(pages)
        for index, verdict, image_dpi in wanted:
            page = pdf[index]
            try:
                read = ocr_page(path, page, image_dpi)
            finally:
                page.close()
            result[index] = (read.words, read.height)
            done.append({"page": index + 1, "text_layer": verdict, "confidence": read.confidence,
                         "rotation": read.rotation, "skew": read.skew})
    finally:
        pdf.close()
    return result, {"ocr": ocr_metadata(path, done)}


def ocr_metadata(path, pages: list[dict]) -> dict:
    """The `ocr` entry of a document's metadata: engine and models, per page and overall confidence."""
    words_weighted = [p["confidence"] for p in pages]
    return {**engine_info(path), "pages": pages,
            "confidence": round(sum(words_weighted) / len(words_weighted), 1)}
