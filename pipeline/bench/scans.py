"""Make scans of a text: what a paper page looks like after a scanner, made with Pillow.

    pages = scan_pages(text, dpi=200, rotation=0.6, speckle=0.002, seed=1)   # PIL images, one per page
    save_pdf(pages, "scan.pdf", dpi=200)      # image-only PDF (no text layer)
    save_tiff(pages, "scan.tif", dpi=200)     # multi-page TIFF

The text is typeset on A4 pages (a DejaVu TrueType font, Debian `fonts-dejavu-core`),
word-wrapped, paragraphs apart; then each page is turned by `rotation` degrees (a page
fed slightly askew), speckled with black and white dots (dust, toner) and kept as a
greyscale image. Used by the OCR tests and benchmarks; never by the pipeline itself.
"""
from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts")
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.9


def font_path(name: str = "DejaVuSerif.ttf") -> Path:
    """A DejaVu font file; FileNotFoundError naming the package to install when absent."""
    for folder in FONT_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"font {name} not found in {', '.join(FONT_DIRS)}: apt-get install fonts-dejavu-core")


def _wrap(draw: ImageDraw.ImageDraw, paragraph: str, font, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        trial = f"{line} {word}" if line else word
        if line and draw.textlength(trial, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def typeset(text: str, dpi: int = 200, points: float = 11.0, font: str = "DejaVuSerif.ttf") -> list[Image.Image]:
    """`text` on clean white A4 pages (greyscale), paragraphs separated by blank lines in `text`."""
    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    margin = round(MARGIN_INCHES * dpi)
    face = ImageFont.truetype(str(font_path(font)), round(points * dpi / 72))
    leading = round(points * 1.45 * dpi / 72)
    pages: list[Image.Image] = []
    page = draw = None
    y = 0

    def new_page():
        nonlocal page, draw, y
        page = Image.new("L", size, 255)
        draw = ImageDraw.Draw(page)
        pages.append(page)
        y = margin

    new_page()
    paragraphs = text.replace("\r\n", "\n").split("\n")
    for paragraph in paragraphs:
        if not paragraph.strip():
            y += leading // 2
            continue
        for line in _wrap(draw, paragraph, face, size[0] - 2 * margin):
            if y + leading > size[1] - margin:
                new_page()
            draw.text((margin, y), line, font=face, fill=0)
            y += leading
        y += leading // 3
    return pages


def degrade(page: Image.Image, rotation: float = 0.0, speckle: float = 0.0, seed: int = 0) -> Image.Image:
    """The page turned by `rotation` degrees (counter-clockwise) and speckled: a share
    `speckle` of its pixels set to black or white at random."""
    rng = random.Random(seed)
    image = page.rotate(rotation, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255) if rotation else page.copy()
    if speckle:
        pixels = image.load()
        width, height = image.size
        for _ in range(int(width * height * speckle)):
            x, y = rng.randrange(width), rng.randrange(height)
            pixels[x, y] = 0 if rng.random() < 0.6 else 255
            if rng.random() < 0.3 and x + 1 < width:  # some dots are two pixels wide
                pixels[x + 1, y] = pixels[x, y]
    return image


def scan_pages(text: str, dpi: int = 200, rotation: float = 0.0, speckle: float = 0.0, seed: int = 0,
               points: float = 11.0) -> list[Image.Image]:
    """`text` typeset and degraded page by page (each page its own speckle pattern)."""
    return [degrade(page, rotation, speckle, seed + number) for number, page in enumerate(typeset(text, dpi, points))]


def save_pdf(pages: list[Image.Image], path: str | Path, dpi: int = 200) -> Path:
    """An image-only PDF: one page per image, no text layer (Pillow's PDF writer)."""
    path = Path(path)
    first, *rest = [page.convert("L") for page in pages]
    first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return path


def save_tiff(pages: list[Image.Image], path: str | Path, dpi: int = 200) -> Path:
    """A multi-page TIFF (deflate-compressed)."""
    path = Path(path)
    first, *rest = pages
    first.save(path, "TIFF", dpi=(dpi, dpi), save_all=True, append_images=rest, compression="tiff_deflate")
    return path
