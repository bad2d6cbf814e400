"""Font facts the pdfplumber engine needs beyond pdfminer's characters.

PDFium's loose character box spans the font's ascent to descent: the FontDescriptor's
Ascent/Descent, or for a standard font without a descriptor its FontBBox. pdfminer's boxes
are one font size tall from its own descent. `FontFacts` holds both, so the pdfplumber
engine can re-span boxes like PDFium's. It also says whether the font uses WinAnsiEncoding
(unused codes there are bullets, given the bullet's width here) and, for the standard Symbol and ZapfDingbats fonts without
an encoding of their own, their built-in encoding (`data/symbol_fonts.json`), which pdfminer
replaces by StandardEncoding.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pdfminer.encodingdb import EncodingDB
from pdfminer.pdffont import PDFType1Font, PDFType3Font
from pdfminer.pdftypes import PDFObjRef, resolve1


WINANSI_BULLET_CODES = (127, 129, 141, 143, 144, 157)  # unused in WinAnsiEncoding: bullets (PDF spec)


@dataclass(slots=True)
class FontFacts:
    ascent: float  # of the loose box, per unit of font size (PDFium's choice)
    descent: float
    pdfminer_descent: float  # what pdfminer put below the baseline
    winansi: bool
    builtin: dict[str, str] | None = None  # pdfminer's text -> the real character (Symbol, ZapfDingbats)


@lru_cache(maxsize=None)
def _builtin_encoding(font_name: str) -> dict[str, str] | None:
    """For a standard symbolic font: pdfminer's StandardEncoding text -> the font's real character."""
    tables = json.loads((Path(__file__).parent / "data" / "symbol_fonts.json").read_text(encoding="utf-8"))
    table = tables.get(font_name)
    if table is None:
        return None
    return {EncodingDB.std2unicode[int(code)]: char for code, char in table.items()
            if int(code) in EncodingDB.std2unicode}


def _bullet_widths(font: PDFType1Font) -> None:
    """A standard font's unused WinAnsi codes get the bullet's width (pdfminer gives them none,
    so the rest of the line would shift left). Mutates pdfminer's cached font of this document."""
    bullet = font.widths.get("•")
    if bullet is not None:
        for code in WINANSI_BULLET_CODES:
            font.widths.setdefault(code, bullet)


def font_facts(pdf, page) -> dict[str, FontFacts]:
    """Facts about the fonts in the page's resources, by font name (as in `char["fontname"]`).

    Call it before the page is parsed: the fonts it loads are the ones the parser then uses."""
    facts: dict[str, FontFacts] = {}
    resources = resolve1(page.page_obj.resources.get("Font")) or {}
    for ref in resources.values():
        spec = resolve1(ref)
        if not isinstance(spec, dict):
            continue
        font = pdf.rsrcmgr.get_font(ref.objid if isinstance(ref, PDFObjRef) else None, spec)
        if font.fontname in facts or isinstance(font, PDFType3Font):
            continue  # Type3 glyph metrics are in their own units: boxes left as pdfminer made them
        if isinstance(font, PDFType1Font) and "FontDescriptor" not in spec:  # a standard font: its FontBBox
            ascent, descent = font.bbox[3], font.bbox[1]
        else:
            ascent, descent = font.ascent, font.descent
        if ascent <= descent:
            continue
        encoding = resolve1(spec.get("Encoding"))
        if isinstance(encoding, dict):
            encoding = resolve1(encoding.get("BaseEncoding"))
        winansi = getattr(encoding, "name", None) == "WinAnsiEncoding"
        if winansi and isinstance(font, PDFType1Font) and "Widths" not in spec:
            _bullet_widths(font)
        builtin = None
        if "Encoding" not in spec and "ToUnicode" not in spec:
            builtin = _builtin_encoding(font.fontname)
        facts[font.fontname] = FontFacts(ascent / 1000, descent / 1000, font.get_descent(), winansi, builtin)
    return facts
