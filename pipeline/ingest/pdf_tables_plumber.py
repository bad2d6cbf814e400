"""Ruled tables in the pdfplumber engine: pdfplumber's `find_tables` finds the cells from the lines.

Our layout reads an unruled table row by row from word positions, but a cell wrapped over
several lines then comes out interleaved with its neighbours' lines ("Johan Ekström,
Ansvarar för ..." / "kommunstyrelsens ordförande gemensamma ..."). Where a table is drawn
with rules, pdfplumber knows each cell's box: the words of each cell are joined in order,
and the table becomes one `Word` whose text is its rows, one per line, cells joined by
" | " (as the docx reader writes tables), placed at the table's box. `pdf.block_text` keeps
such a pre-rendered table apart from the paragraphs around it.

Only pages with enough drawn lines or rectangles to form a grid are searched (finding
tables turns every object on the page into a dict, which is slow).
"""
from __future__ import annotations

from pdfminer.layout import LTCurve

from .cleanup import join_hyphenated
from .layout import group_lines
from .pdf_words import Word

MIN_RULES = 4  # two horizontal and two vertical edges at least
TABLE_SEPARATOR = " | "


def _cell_text(words: list[Word]) -> str:
    """The words of one cell, line by line, joined with spaces (words hyphenated at a line end joined)."""
    text = ""
    for line in group_lines(words):
        for word in line.words:
            if text.endswith("-"):
                head, _, tail = text.rpartition(" ")
                joined = join_hyphenated(tail, word.text)
                if joined is not None:
                    text = (head + " " if head else "") + joined
                    continue
            text = f"{text} {word.text}" if text else word.text
    return text


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (word.x0 + word.x1) / 2 <= x1 and top <= word.middle <= bottom


def with_ruled_tables(page, words: list[Word]) -> list[Word]:
    """`words` with the words of each ruled table (two rows and two columns at least) replaced by
    one Word holding the table's text."""
    if sum(1 for item in page.layout if isinstance(item, LTCurve)) < MIN_RULES:  # LTLine, LTRect are LTCurves
        return words
    for table in page.find_tables():
        rows = []
        for row in table.rows:
            cells = [_cell_text([w for w in words if _inside(w, cell)]) for cell in row.cells if cell is not None]
            if sum(1 for cell in cells if cell) >= 1:
                rows.append(cells)
        if len(rows) < 2 or max(len(cells) for cells in rows) < 2:
            continue
        text = "\n".join(TABLE_SEPARATOR.join(cell for cell in cells if cell) for cells in rows)
        words = [w for w in words if not _inside(w, table.bbox)]
        x0, top, x1, bottom = table.bbox
        words.append(Word(text, x0, x1, top, bottom))
    return words
