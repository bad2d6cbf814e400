"""PDF reader: text in reading order with page ranges.

Words with positions come from the chosen engine (`pdf_engines`: PDFium by default,
`pdf_words`; or pdfplumber, `pdf_words_plumber`); the rest is the same for both.
Per page: words with positions -> reading order (`layout`: columns, tables, blocks,
lines) -> running headers/footers/page numbers removed (`running_lines`) -> lines joined
into paragraphs -> words hyphenated at line ends joined and list bullets normalised
(`cleanup`). `Document.pages` gives each page's character range.
A page without a usable text layer (scanned, or a bad OCR layer) is read by OCR first
(`pdf_ocr`); its words then go the same way.

A line continues the paragraph of the line above (joined with a space) when no wider
vertical gap separates them, neither is a table row (a wide gap inside the line), and
either it starts in lower case after a line without a full stop, or - in a column wide
enough to judge - the line above is full: its first word would not have fitted there.
Blocks that run on into the next column or page are joined the same way (lower-case start).
A ruled table the pdfplumber engine rendered already (one word holding its rows) stays apart.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

from ..document import Document, IngestError, Page, content_hash
from .cleanup import bullet_form, join_hyphenated
from .layout import GUTTER_HEIGHTS, MIN_GUTTER, Block, Line, reading_blocks
from .pdf_engines import page_source, pdf_engine
from .pdf_ocr import ocr_unreadable_pages
from .running_lines import remove_running_lines

NARROW = 16  # a column narrower than this many character heights joins lines only on a lower-case start
FULL_LINE = 0.6  # a line shorter than this share of its block's width ends a paragraph
PARAGRAPH_GAP = 0.25  # line gap wider than the block's leading by this many character heights: new paragraph
INDENT_GAP = 0.5  # a dash followed by a gap of this many character heights is a bullet
SENTENCE_END = tuple(".!?:;")
MAX_UNMAPPED = 0.3  # more undecodable glyphs than this: the text layer is unusable
PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


def _pdf_date(value: str | None) -> str | None:
    match = PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        datetime(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(part for part in (year, month, day) if part)


def _is_table(line: Line) -> bool:
    """A table the engine already rendered (`pdf_tables_plumber`): one word holding its rows."""
    return "\n" in line.words[0].text


def _line_text(line: Line) -> tuple[str, bool]:
    """(text, is_list_item) of a line, with a leading bullet glyph normalised."""
    words = line.words
    gap = words[1].x0 - words[0].x1 if len(words) > 1 else None
    form = bullet_form(words[0].text, gap, INDENT_GAP * line.height)
    if form is None:
        return line.text, False
    rest = " ".join(w.text for w in words[1:])
    return (f"{form} {rest}" if rest else form), True


def _wrapped(previous: Line, line: Line, right: float, width: float, many_lines: bool, leading_gap: float) -> bool:
    """True when `line` continues the paragraph of `previous` (the line was wrapped, not broken).

    `leading_gap` is the block's smallest gap between lines: a clearly wider gap is
    paragraph spacing.
    """
    gap = line.top - previous.bottom
    if gap >= 0.8 * previous.height or gap > leading_gap + PARAGRAPH_GAP * previous.height:
        return False  # a vertical gap: a new paragraph
    cell_gap = max(MIN_GUTTER, GUTTER_HEIGHTS * previous.height)
    if previous.max_gap >= cell_gap or line.max_gap >= cell_gap:
        return False  # rows of a table or a form are lines of their own
    if line.words[0].text[:1].islower() and not previous.words[-1].text.endswith(SENTENCE_END):
        return True
    if not many_lines or width < NARROW * previous.height:
        return False  # too few lines to know the column's right edge, or a narrow block (signatures)
    first = line.words[0]
    would_end = previous.x1 + 0.25 * previous.height + (first.x1 - first.x0)
    return would_end > right - previous.height and (previous.x1 - previous.x0) >= FULL_LINE * width


def column_frames(blocks: list[Block]) -> list[tuple[float, float, int]]:
    """For each block, (right edge, width, line count) of the text column it sits in.

    The column is the blocks of the page that start at the same left edge and do not reach
    much further right (a full-width title above two columns is not part of the left column).
    A short block thus learns the column's right edge from its longer neighbours.
    """
    extents = [(min(l.x0 for l in b), max(l.x1 for l in b), len(b)) for b in blocks]
    frames = []
    for left, right, _ in extents:
        reach = right + 0.25 * (right - left)
        family = [(r, n) for l, r, n in extents if abs(l - left) <= 3 and r <= reach]
        column_right = max(r for r, _ in family)
        frames.append((column_right, column_right - left, sum(n for _, n in family)))
    return frames


def block_text(block: Block, frame: tuple[float, float, int] | None = None) -> str:
    """Lines of one block joined into paragraphs (see module docstring)."""
    right, width, line_count = frame or column_frames([block])[0]
    many_lines = line_count >= 3
    gaps = [after.top - before.bottom for before, after in zip(block, block[1:])]
    leading_gap = min(gaps) if gaps else 0.0
    parts: list[str] = []
    previous: Line | None = None
    for line in block:
        text, is_item = _line_text(line)
        if previous is None or _is_table(line) or _is_table(previous):
            parts.append(text)
            previous = line
            continue
        last = parts[-1]
        joined = None
        if last.endswith("-") and not is_item:
            head, _, tail = last.rpartition(" ")
            joined = join_hyphenated(tail, line.words[0].text)
        if joined is not None:
            rest = text.partition(" ")[2]
            parts[-1] = (head + " " if head else "") + joined + (" " + rest if rest else "")
        elif not is_item and _wrapped(previous, line, right, width, many_lines, leading_gap):
            parts[-1] = last + " " + text
        else:
            parts.append(text)
        previous = line
    return "\n".join(parts)



def _block_join(parts: list[str], piece: str) -> tuple[str, str]:
    """(separator, piece) between the text so far and the next block's text.

    A block that starts in lower case after one that ends without a full stop continues
    the same paragraph (it ran on into the next column or page): join with a space, or
    join the hyphenated word. Otherwise a line break.
    """
    last = parts[-1]
    if not piece[:1].islower() or not last or last.endswith(SENTENCE_END) or last.endswith("\n"):
        return "\n", piece
    if last.endswith("-"):
        head, _, tail = last.rpartition(" ")
        first, _, rest = piece.partition(" ")
        joined = join_hyphenated(tail, first)
        if joined is not None:
            parts[-1] = (head + " " if head else "") + joined
            return "", (" " + rest if rest else "")
    return " ", piece


def _unmapped_share(text: str) -> float:
    """Share of characters that are no real text: private-use glyph codes, replacement marks, controls."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    bad = sum(1 for ch in visible if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs"))
    return bad / len(visible)


def assemble(pages_blocks: list[list[Block]]) -> tuple[list[str], list[Page]]:
    """The text pieces of all pages in order, and each page's character range.

    Pages are contiguous ranges: a page starts where its first block's text starts (after
    the separator) and runs up to the next page's start.
    """
    parts: list[str] = []
    pages: list[Page] = []
    offset = 0
    for number, blocks in enumerate(pages_blocks, start=1):
        start = None
        for block, frame in zip(blocks, column_frames(blocks)):
            piece = block_text(block, frame)
            if parts:
                before = len(parts[-1])
                separator, piece = _block_join(parts, piece)
                offset += len(parts[-1]) - before  # a hyphenated word joined across the break
                parts.append(separator)
                offset += len(separator)
            if start is None:
                start = offset
            parts.append(piece)
            offset += len(piece)
        if start is None:  # a page without text
            start = offset
        if pages:
            pages[-1].end = start
        pages.append(Page(number, start, offset))
    return parts, pages


def _check_bytes(path: Path, data: bytes) -> None:
    """Errors both engines report alike: not a PDF at all, or cut off before its end."""
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(path, "truncated or damaged PDF (no %%EOF marker at the end)")


def page_text(page_words: list) -> tuple[str, list[Page], list]:
    """Text, page ranges and removed running lines from [(words, page height)] per page."""
    laid_out = [(reading_blocks(words), height) for words, height in page_words]
    pages_blocks, removed = remove_running_lines(laid_out)
    text_parts, pages = assemble(pages_blocks)
    return "".join(text_parts), pages, removed


def read_pdf(path: str | Path, data: bytes, engine: str | None = None) -> Document:
    """A PDF file's bytes as a Document with page ranges; `engine`: see `pdf_engines.pdf_engine`."""
    path = Path(path)
    engine = pdf_engine(engine)
    _check_bytes(path, data)
    page_words, info = page_source(engine)(path, data)
    page_words, ocr_metadata = ocr_unreadable_pages(path, data, page_words)  # scanned pages, bad OCR layers
    text, pages, removed = page_text(page_words)
    if not text.strip():
        raise IngestError(path, "no text layer and no page image to read by OCR")
    if _unmapped_share(text) > MAX_UNMAPPED:
        raise IngestError(path, "text layer cannot be decoded (fonts without a Unicode mapping)")
    metadata: dict = {"page_count": len(pages), "pdf_engine": engine}
    metadata.update(ocr_metadata or {})
    if removed:
        metadata["removed_running_lines"] = removed[:20]
    title = (info.get("Title") or "").strip()
    if title.lower() in ("", "(anonymous)", "untitled") or title.lower().endswith((".doc", ".docx", ".pdf")):
        title = ""
    for key, name in (("CreationDate", "created"), ("ModDate", "modified")):
        date = _pdf_date(info.get(key))
        if date:
            metadata[name] = date
    if info.get("Author") and info["Author"] != "(anonymous)":
        metadata["author"] = info["Author"]
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Document(
        source_path=str(path),
        format="pdf",
        content_hash=content_hash(data),
        text=text,
        title=title or (first_line[:300] if first_line else None),
        pages=pages,
        metadata=metadata,
    )
