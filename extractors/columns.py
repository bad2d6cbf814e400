"""Side-by-side columns in plain text: signature blocks typed, or exported (`pdftotext -layout`),
with tabs or runs of spaces between the columns:

    Hjo 2025-05-14            Tidaholm 2025-05-14
    För Hjo kommun            För Tidaholms kommun
    Eva Dahl                  Karl Berg
    Kommunchef                Lokalpolisområdeschef

The same for a table our DOCX and PDF readers write as "Eva Dahl | Karl Berg" (`PIPE_GAP`). Only
a document with a row of two names in two cells is read so (`side_by_side_gap`): a table of one
person a row ("Eva Dahl     Kommunchef     0503-350 00") is read row by row, as prose. A *cell* is one
column's part of such a row. The rules that read a signature block line by line
("a name alone on its line", "the title on the line below the name", "För X" above the name) read
cell by cell there (`relations.Linker`, `relation_features._signature_block`, `agreements`).
Offsets are the text's own: nothing is moved.
"""
from __future__ import annotations

import re

GAP = re.compile(r"\t+| {3,}")  # what separates two cells of a row
# ... and in a table our DOCX and PDF readers write as "cell | cell", where its columns are the
# signers side by side (`side_by_side_gap` decides: two names in one row)
PIPE_GAP = re.compile(r"\t+| {3,}|[ \t]*\|[ \t]*")
MAX_CELL = 60  # longer pieces are prose, not a column of a block
MAX_ROW = 300  # longer lines are prose (and are not split at all: a text may be one long line)
ROW_REACH = 3  # a row is a column row only with another such row this many lines away or nearer
ROWS_UP = 4  # how many rows above a cell `cells_above` looks at
CELL_TEXT = re.compile(r"\w.*\w|[_.]{3,}")  # two word characters, or a signature line ("_____")

# a form's label before the signer's name under the signature line ("Namnförtydligande: Eva Dahl")
NAME_LABEL = re.compile(r"(?:Namnförtydligande|Namnförtydl\.|Namn)[ \t]*:[ \t]*", re.I)

Span = tuple[int, int]


def past_name_label(text: str, start: int) -> int:
    """Where the name of a line or cell starting at `start` begins: after a form's label."""
    m = NAME_LABEL.match(text, start)
    return m.end() if m else start


def line_of(text: str, pos: int) -> Span:
    """Start and end of the line holding `pos` (looked for at most `MAX_ROW` characters away:
    a longer line is returned cut, which is enough to know it is no row)."""
    ls = text.rfind("\n", max(0, pos - MAX_ROW - 1), pos) + 1 or max(0, pos - MAX_ROW - 1)
    le = text.find("\n", pos, pos + MAX_ROW + 1)
    return ls, min(len(text), pos + MAX_ROW + 1) if le < 0 else le


def cells(text: str, ls: int, le: int, gap: re.Pattern = GAP) -> list[Span]:
    """The cells of the line `ls`..`le`: its text split at tabs and runs of three or more spaces."""
    out, start = [], ls
    for end, nxt in [(m.start(), m.end()) for m in gap.finditer(text, ls, le)] + [(le, le)]:
        piece = text[start:end]
        s = start + len(piece) - len(piece.lstrip())
        e = start + len(piece.rstrip())
        if e > s:
            out.append((s, e))
        start = nxt
    return out


def _is_row(text: str, ls: int, le: int, gap: re.Pattern = GAP) -> bool:
    if le - ls > MAX_ROW:
        return False
    row = cells(text, ls, le, gap)
    return len(row) >= 2 and all(e - s <= MAX_CELL and CELL_TEXT.search(text, s, e) for s, e in row)


def _lines_around(text: str, ls: int, le: int, reach: int):
    """Start and end of up to `reach` lines above (nearest first), then below (nearest first)."""
    a = ls
    for _ in range(reach):
        if a == 0:
            break
        a, b = line_of(text, a - 1)
        yield a, b
    b = le
    for _ in range(reach):
        if b >= len(text):
            break
        a, b = line_of(text, b + 1)
        yield a, b


def is_column_row(text: str, ls: int, le: int, gap: re.Pattern = GAP) -> bool:
    """A row of a column block: two or more short cells, with another such row near it."""
    return _is_row(text, ls, le, gap) and any(_is_row(text, a, b, gap) for a, b in _lines_around(text, ls, le, ROW_REACH))


def cell_at(text: str, pos: int, gap: re.Pattern | None = GAP) -> Span | None:
    """The cell holding `pos`, when its line is a column row; else None (always for `gap` None: a
    document with no side-by-side block)."""
    if gap is None:
        return None
    ls, le = line_of(text, pos)
    if not is_column_row(text, ls, le, gap):
        return None
    return next(((s, e) for s, e in cells(text, ls, le, gap) if s <= pos < e), None)


def side_by_side_gap(text: str, name_starts: list[int]) -> re.Pattern | None:
    """How a document's side-by-side block separates its cells, or None when it has none.

    A block of columns is read column by column only when one of its rows holds two names in two
    cells ("Eva Dahl      Karl Berg", "Eva Dahl | Karl Berg"): its columns are people side by side.
    A table of one person a row ("Eva Dahl     Kommunchef     0503-350 00") is read row by row."""
    by_gap: dict[re.Pattern, dict[int, set[int]]] = {PIPE_GAP: {}, GAP: {}}
    for pos in name_starts:
        ls, le = line_of(text, pos)
        for gap in ((PIPE_GAP, GAP) if "|" in text[ls:le] else (GAP,)):
            cell = cell_at(text, pos, gap)
            if cell is not None:
                by_gap[gap].setdefault(ls, set()).add(cell[0])
    for gap in (PIPE_GAP, GAP):
        if any(len(cells_of_row) >= 2 for cells_of_row in by_gap[gap].values()):
            return gap
    return None


def _same_column(text: str, cell: Span, row: list[Span], index: int, n_cells: int) -> Span | None:
    if len(row) == n_cells:
        return row[index]
    ls = line_of(text, cell[0])[0]
    x0, x1 = cell[0] - ls, cell[1] - ls
    rs = line_of(text, row[0][0])[0] if row else 0
    return next(((s, e) for s, e in row if s - rs < x1 and e - rs > x0), None)


def cells_above(text: str, cell: Span, rows: int = ROWS_UP, gap: re.Pattern = GAP) -> list[Span]:
    """The cells of the same column in the rows above `cell`, nearest first (blank lines skipped)."""
    return _cells_beside(text, cell, rows, True, gap)


def cells_below(text: str, cell: Span, rows: int = ROWS_UP, gap: re.Pattern = GAP) -> list[Span]:
    """The cells of the same column in the rows below `cell`, nearest first (blank lines skipped)."""
    return _cells_beside(text, cell, rows, False, gap)


def _cells_beside(text: str, cell: Span, rows: int, up: bool, gap: re.Pattern) -> list[Span]:
    ls, le = line_of(text, cell[0])
    own = cells(text, ls, le, gap)
    index, n_cells = own.index(cell), len(own)
    out: list[Span] = []
    for a, b in _lines_around(text, ls, le, rows * 3):
        if (a < ls) != up or not text[a:b].strip():
            continue
        if not _is_row(text, a, b, gap):
            break  # the block ends: prose or a line of one piece
        found = _same_column(text, cell, cells(text, a, b, gap), index, n_cells)
        if found is not None:
            out.append(found)
        if len(out) >= rows:
            break
    return out
