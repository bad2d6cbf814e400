"""OCR of page images with Tesseract (through tesserocr) and its Swedish model.

    page = ocr_image(path, image, dpi)   # -> OcrPage: words in points, confidence, rotation, skew

Per page: a 3-pixel median filter takes off the specks of dust and toner (at 150 dpi
and more; measured in docs/ocr.md), Tesseract's orientation detection (OSD, `osd.traineddata`) turns a page lying
at 90/180/270 degrees upright; recognition (`swe` by default; $SAMVERKAN_OCR_LANGUAGES,
e.g. "swe+eng") then finds the words, their boxes and confidences. Tesseract's page
segmentation measures the small skew of the text lines itself and reads skewed lines
correctly; the word boxes are turned back by that angle, and given their text line's
height (baseline, ascenders, descenders), so that the layout code (`layout`) sees level,
evenly spaced lines, as on a PDF text page.

One engine per process (the workers of `samverkan run` each load their own), kept across
files. The models are looked up in $TESSDATA_PREFIX, else in the usual Debian/Homebrew
folders; without them (or without tesserocr) `ocr_image` raises an IngestError that says
what to install. See docs/ocr.md.
"""
from __future__ import annotations

import math
import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFilter

from ..document import IngestError
from .pdf_words import Word

LANGUAGES_ENV = "SAMVERKAN_OCR_LANGUAGES"
DEFAULT_LANGUAGES = "swe"
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata",
    "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata",
)
INSTALL_HINT = ("install Tesseract's Swedish model: apt-get install tesseract-ocr tesseract-ocr-swe "
                "tesseract-ocr-osd (or set TESSDATA_PREFIX to a folder holding swe.traineddata and "
                "osd.traineddata), and the binding: pip install 'samverkan[ocr]'")
MIN_ORIENTATION_CONFIDENCE = 2.0  # OSD's confidence below which a page is left as it is
MIN_WORD_CONFIDENCE = 0  # Tesseract's words of confidence below this are dropped (0: keep all)
TESSDATA_VERSION_ENTRY = 23
DESPECKLE_SIZE = 3  # median filter (pixels) that removes specks smaller than a stroke ...
DESPECKLE_MIN_DPI = 150  # ... at resolutions where strokes are wider than that  # index of the version string in a .traineddata file's table


@dataclass
class OcrPage:
    """One page read by OCR: words in points (top-down), the page height in points, the
    mean word confidence (0-100), the turn applied (degrees counter-clockwise) and the
    skew Tesseract measured (degrees)."""

    words: list[Word]
    height: float
    confidence: float
    rotation: int
    skew: float


def languages() -> str:
    return (os.environ.get(LANGUAGES_ENV) or DEFAULT_LANGUAGES).strip()


def tessdata_dir(needed: tuple[str, ...]) -> Path | None:
    """The first folder holding all `needed` models ("swe", "osd"): $TESSDATA_PREFIX, then TESSDATA_DIRS."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [prefix, os.path.join(prefix, "tessdata")] if prefix else list(TESSDATA_DIRS)
    for folder in candidates:
        if folder and all((Path(folder) / f"{name}.traineddata").is_file() for name in needed):
            return Path(folder)
    return None


def model_version(path: Path) -> str:
    """The version string stored in a .traineddata file (e.g. '4.00.00alpha:swe:synth20170629'),
    else its size and the start of its SHA-256."""
    try:
        with open(path, "rb") as handle:
            count = struct.unpack("<i", handle.read(4))[0]
            offsets = struct.unpack(f"<{count}q", handle.read(8 * count))
            start = offsets[TESSDATA_VERSION_ENTRY] if count > TESSDATA_VERSION_ENTRY else -1
            if start > 0:
                ends = [o for o in offsets if o > start] + [path.stat().st_size]
                handle.seek(start)
                return handle.read(min(ends) - start).rstrip(b"\0").decode("ascii", "replace")
    except (OSError, struct.error, ValueError):
        pass
    import hashlib

    return f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"


class Engine:
    """Tesseract's recognizer and orientation detector, loaded once."""

    def __init__(self, tessdata: Path, langs: str):
        import tesserocr

        self.tesserocr = tesserocr
        path = str(tessdata) + os.sep
        self.reader = tesserocr.PyTessBaseAPI(path=path, lang=langs, psm=tesserocr.PSM.AUTO)
        self.orienter = tesserocr.PyTessBaseAPI(path=path, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        self.info = {
            "engine": f"tesseract {tesserocr.tesseract_version().split()[1]}",
            "binding": f"tesserocr {getattr(tesserocr, '__version__', '')}".strip(),
            "languages": langs,
            "models": {name: model_version(tessdata / f"{name}.traineddata") for name in langs.split("+") + ["osd"]},
        }


@lru_cache(maxsize=4)
def _engine(tessdata: Path, langs: str) -> Engine:
    return Engine(tessdata, langs)


def engine(path) -> Engine:
    """This process's engine; IngestError(path, what to install) when Tesseract is missing."""
    langs = languages()
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        raise IngestError(path, f"scanned pages need OCR, but tesserocr is not installed: {INSTALL_HINT}") from None
    folder = tessdata_dir(tuple(langs.split("+")) + ("osd",))
    if folder is None:
        raise IngestError(path, f"scanned pages need OCR, but Tesseract's models ({langs}, osd) "
                                f"were not found: {INSTALL_HINT}")
    return _engine(folder, langs)


def engine_info(path) -> dict:
    """Engine, binding, languages and model versions, for a document's metadata."""
    return dict(engine(path).info)


def _orientation(ocr: Engine, image) -> int:
    """Degrees (counter-clockwise) to turn `image` upright, per Tesseract's OSD; 0 when unsure."""
    ocr.orienter.SetImage(image)
    try:
        found = ocr.orienter.DetectOrientationScript()
    except RuntimeError:  # too little text to judge
        return 0
    if not found or found.get("orient_conf", 0.0) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return int(found["orient_deg"]) % 360


def _level(x: float, y: float, cx: float, cy: float, cos_a: float, sin_a: float) -> tuple[float, float]:
    """Point (x, y) of the image (y down) turned about (cx, cy) so that skewed lines become level."""
    dx, dy = x - cx, y - cy
    return cx + dx * cos_a - dy * sin_a, cy + dx * sin_a + dy * cos_a


def _line_box(word, line_level, x: float, top: float, bottom: float) -> tuple[float, float]:
    """A word's top and bottom as its text line's: from the line's baseline (at `x`) up by the
    row height (x-height + ascenders) and down by the descenders, as a PDF text layer's font
    boxes are. Tight glyph boxes ("mon" vs "Gläd") would make the gaps between lines
    uneven and break paragraphs apart. Falls back to the word's own box."""
    try:
        (bx0, by0), (bx1, by1) = word.Baseline(line_level)
        row = word.RowAttributes()
    except (RuntimeError, TypeError, ValueError):
        return top, bottom
    base = by0 + (by1 - by0) * (x - bx0) / (bx1 - bx0) if bx1 != bx0 else by0
    height, descenders = row.get("row_height", 0.0), row.get("descenders", 0.0)
    if height <= 0:
        return top, bottom
    return base - height, base - descenders


def ocr_image(path, image, dpi: float) -> OcrPage:
    """Read one page image (PIL) scanned at `dpi`: upright it, recognise, words in points."""
    ocr = engine(path)
    tesserocr = ocr.tesserocr
    image = image.convert("L") if image.mode not in ("L", "RGB") else image
    if dpi >= DESPECKLE_MIN_DPI:
        image = image.filter(ImageFilter.MedianFilter(DESPECKLE_SIZE))  # dust and toner specks off
    rotation = _orientation(ocr, image)
    if rotation:
        image = image.rotate(rotation, expand=True)
    api = ocr.reader
    api.SetImage(image)
    api.SetSourceResolution(int(round(dpi)))
    api.Recognize()
    iterator = api.GetIterator()
    skew = 0.0
    words: list[Word] = []
    confidences: list[float] = []
    if iterator is not None:
        try:
            skew = float(iterator.Orientation()[3])  # radians, Tesseract's deskew angle
        except RuntimeError:
            skew = 0.0
        cx, cy = image.size[0] / 2, image.size[1] / 2
        cos_a, sin_a = math.cos(skew), -math.sin(skew)  # turn back by the measured skew
        scale = 72.0 / dpi
        level = tesserocr.RIL.WORD
        for word in tesserocr.iterate_level(iterator, level):
            text = (word.GetUTF8Text(level) or "").strip()
            if not text:
                continue
            confidence = word.Confidence(level)
            if confidence < MIN_WORD_CONFIDENCE:
                continue
            box = word.BoundingBox(level)
            if box is None:
                continue
            x0, y0, x1, y1 = box
            y0, y1 = _line_box(word, tesserocr.RIL.TEXTLINE, (x0 + x1) / 2, y0, y1)
            mx, my = _level((x0 + x1) / 2, (y0 + y1) / 2, cx, cy, cos_a, sin_a)
            half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
            words.append(Word(text, (mx - half_w) * scale, (mx + half_w) * scale,
                              (my - half_h) * scale, (my + half_h) * scale))
            confidences.append(confidence)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(words, image.size[1] * 72.0 / dpi, round(mean, 1), rotation, round(math.degrees(skew), 2))
