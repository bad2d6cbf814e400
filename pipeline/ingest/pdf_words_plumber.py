"""Words with their positions from PDF pages, read through pdfplumber (pdfminer): the second engine.

pdfplumber's page layout gives every character with its box, turned top-down; they go
through the same `group_words` as PDFium's characters, so both engines hand the layout the
same kind of `Word`s. Characters are normalised as in the PDFium engine: ligatures
("ﬁ" -> "fi"), soft hyphens -> "-", whitespace and controls end a word, and a glyph without
a Unicode mapping (pdfminer's "(cid:N)", or mapped to U+0000) is kept as U+FFFD so the reader can judge an
undecodable text layer - except the unused codes of WinAnsiEncoding, which the PDF
specification maps to the bullet "•" (pdfminer leaves them unmapped; reportlab writes "•" so),
and the standard Symbol and ZapfDingbats fonts, which pdfminer decodes with StandardEncoding
(ZapfDingbats "■" comes out as "n"): their built-in encodings (`pdf_plumber_fonts`) apply.

Boxes: pdfminer makes every character box one font size tall; PDFium's loose box spans the
font's ascent to descent. The layout's thresholds are in character heights, so boxes are
re-spanned around the baseline with the font's ascent and descent as PDFium does, when the
font is in the page's resources (`pdf_plumber_fonts`). Ruled tables are read cell by cell
with pdfplumber's `find_tables` (`pdf_tables_plumber`), which PDFium cannot do.
"""
from __future__ import annotations

import io

import pdfplumber
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ..document import IngestError
from .pdf_plumber_fonts import WINANSI_BULLET_CODES, FontFacts, font_facts
from .pdf_tables_plumber import with_ruled_tables
from .pdf_words import LIGATURES, Word, group_words

# soft hyphen, PDFium's generated hyphen code and U+FFFE all mean a hyphen at a line end
CHAR_MAP = str.maketrans({"\xad": "-", "\x02": "-", "\ufffe": "-", **{chr(k): v for k, v in LIGATURES.items()}})
UNMAPPED = "(cid:"
WINANSI_BULLETS = frozenset(f"(cid:{code})" for code in WINANSI_BULLET_CODES)


def _char_text(text: str, font: FontFacts | None = None) -> str | None:
    """The character's text for a word, or None when it ends a word (whitespace, control)."""
    if text.startswith(UNMAPPED):
        return "•" if font is not None and font.winansi and text in WINANSI_BULLETS else "\ufffd"
    if "\x00" in text:  # mapped to code 0: no Unicode value, as PDFium reports it
        return "\ufffd"
    if font is not None and font.builtin is not None:
        text = font.builtin.get(text, text)
    text = text.translate(CHAR_MAP)
    if not text or text.isspace() or all(ord(ch) < 32 for ch in text):
        return None
    return text


def _layout_chars(items, height: float, x_shift: float, y_shift: float):
    """pdfminer's characters of a pdfplumber page layout, in content order, as (LTChar, top, bottom).

    The coordinates are pdfplumber's (`page.chars`), computed here from the layout objects:
    turning every object into a dict, as `page.chars` does, took two thirds of the time.
    """
    for item in items:
        if isinstance(item, LTChar):
            yield item, height - item.y1 + y_shift, height - item.y0 + y_shift
        elif isinstance(item, LTContainer):  # a form XObject (LTFigure): its characters in order
            yield from _layout_chars(item, height, x_shift, y_shift)


def _plumber_chars(page, fonts: dict[str, FontFacts]):
    x_shift, y_shift = page.mediabox[:2]
    for char, top, bottom in _layout_chars(page.layout, float(page.height), x_shift, y_shift):
        font = fonts.get(char.fontname)
        text = _char_text(char.get_text(), font)
        if text is None:
            yield None, 0.0, 0.0, 0.0, 0.0
            continue
        x0, x1 = char.x0 + x_shift, char.x1 + x_shift
        if font is None or not char.upright:
            yield text, x0, x1, top, bottom
        else:
            size = char.size
            baseline = bottom + font.pdfminer_descent * size
            yield text, x0, x1, baseline - font.ascent * size, baseline - font.descent * size


def page_words(pdf, page) -> list[Word]:
    """The words of one pdfplumber page (of `pdf`), in content-stream order."""
    fonts = font_facts(pdf, page)  # before parsing: loads (and mends) the fonts the parser uses
    return group_words(_plumber_chars(page, fonts))


def _info(metadata: dict) -> dict[str, str]:
    """Document info values as text (pdfminer may give bytes or PDF names)."""
    info = {}
    for key, value in metadata.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and value.strip():
            info[key] = value
    return info


def _reason(exc: Exception) -> str:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted PDF (a password is needed to open it)"
    return f"damaged PDF: {type(cause).__name__}: {cause}"


def plumber_pages(path, data: bytes) -> tuple[list[tuple[list[Word], float]], dict[str, str]]:
    """([(words, page height)] per page, document info such as Title/CreationDate) via pdfplumber."""
    try:
        with pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False) as pdf:
            pages = []
            for page in pdf.pages:
                pages.append((with_ruled_tables(page, page_words(pdf, page)), float(page.height)))
                page.close()  # drop the page's parsed objects
            return pages, _info(pdf.metadata)
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        raise IngestError(path, _reason(exc)) from None
