"""Reading order of a page from word positions: columns, blocks, lines.

A page is cut recursively (an XY-cut that tries vertical cuts first):
- a vertical strip free of words that splits the words into two sides of comparable
  width, one of them at least two lines tall, is a column gutter (or the space between
  side-by-side signature blocks): read the left side, then the right;
- otherwise the words are split into horizontal bands at wide vertical gaps; consecutive
  bands that share a free vertical strip are regrouped (so a two-column region is not
  cut into pieces where both columns happen to break a paragraph at the same height),
  and each group is ordered in turn;
- a title line glued to the top of two columns (no gap between them) is peeled off first;
- what is left is one block, read line by line.
A label/value form (a narrow column of labels beside wide values) and a table (rows on
shared baselines, cells shorter than their column, and six or more rows or a column of
one-word cells such as parties or numbers) are read row by row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from statistics import median

from .pdf_words import Word

MIN_GUTTER = 8.0  # points; a free strip narrower than this is a word space
GUTTER_HEIGHTS = 0.8  # ...and at least this many character heights
BAND_GAP = 0.5  # a vertical gap of this many character heights separates bands
MIN_SIDE_RATIO = 0.5  # narrower side / wider side, for a cut into columns
MAX_DEPTH = 10
ALIGNED_SHARE = 0.7  # share of the shorter side's lines on a baseline of the other side: rows
FULL_SHARE = 0.75  # a line reaching this share of its side's width fills it (running text)
TABLE_ROWS = 6  # signature blocks have fewer lines than this
TOKEN_SHARE = 0.6  # a column whose lines are mostly single words is a table column
RUNNING_WORDS = 4.0  # running text has this many words per line on average; table cells fewer
PARALLEL_SHARE = 0.4  # aligned rows starting with the same word: parallel blocks, not a table
PEEL_LINES = 2  # full-width lines glued to the top or bottom of a two-column region


@dataclass(eq=False)
class Line:
    words: list[Word] = field(default_factory=list)

    # computed once a line is complete (group_lines fills `words` before anyone asks)
    @cached_property
    def x0(self) -> float:
        return self.words[0].x0

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def height(self) -> float:
        return median(w.height for w in self.words)

    @cached_property
    def max_gap(self) -> float:
        """The widest horizontal gap between two words of the line (a table cell border)."""
        return max((b.x0 - a.x1 for a, b in zip(self.words, self.words[1:])), default=0.0)

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


Block = list[Line]


def group_lines(words: list[Word]) -> list[Line]:
    """Words into lines (top to bottom, each left to right): a word joins a line it overlaps vertically."""
    lines: list[Line] = []
    bounds: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = word.middle
        for index in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bounds[index]
            if top <= middle <= bottom:
                lines[index].words.append(word)
                bounds[index] = (min(top, word.top), max(bottom, word.bottom))
                break
        else:
            lines.append(Line([word]))
            bounds.append((word.top, word.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: line.top)
    return lines


def _typical_height(words: list[Word]) -> float:
    return median(w.height for w in words) if words else 10.0


def free_strips(words: list[Word], min_width: float) -> list[tuple[float, float]]:
    """Vertical strips inside the words' extent that no word touches, widest first."""
    left = min(w.x0 for w in words)
    right = max(w.x1 for w in words)
    covered = bytearray(int(right - left) + 2)
    for w in words:
        covered[int(w.x0 - left): int(w.x1 - left) + 1] = b"\x01" * (int(w.x1 - left) + 1 - int(w.x0 - left))
    strips = []
    for match in re.finditer(rb"\x00+", bytes(covered)):
        if match.start() == 0 or match.end() >= len(covered) - 1:
            continue
        if match.end() - match.start() >= min_width:
            strips.append((left + match.start(), left + match.end()))
    strips.sort(key=lambda s: s[0] - s[1])
    return strips


def _min_gutter(words: list[Word]) -> float:
    return max(MIN_GUTTER, GUTTER_HEIGHTS * _typical_height(words))


def column_cut(words: list[Word]) -> tuple[list[Word], list[Word]] | None:
    """(left, right) when a free strip splits `words` into two columns, else None."""
    if len(words) < 2:
        return None
    for start, end in free_strips(words, _min_gutter(words)):
        middle = (start + end) / 2
        left = [w for w in words if w.x1 <= middle]
        right = [w for w in words if w.x0 >= middle]
        if not left or not right:
            continue
        width_left = max(w.x1 for w in left) - min(w.x0 for w in left)
        width_right = max(w.x1 for w in right) - min(w.x0 for w in right)
        if min(width_left, width_right) < MIN_SIDE_RATIO * max(width_left, width_right):
            continue  # labels beside values, or a stray short item: read by rows
        left_lines, right_lines = group_lines(left), group_lines(right)
        if max(len(left_lines), len(right_lines)) < 2:
            continue  # one row with a wide gap (a tab): keep it a line
        return left, right
    return None


def _rows_aligned(left: list[Line], right: list[Line]) -> bool:
    """Most lines of the shorter side sit on the same baseline as a line of the other side."""
    fewer, more = sorted((left, right), key=len)
    tolerance = 0.3 * median(line.height for line in fewer)
    matched = sum(1 for line in fewer if any(abs(line.bottom - other.bottom) <= tolerance for other in more))
    return matched >= ALIGNED_SHARE * len(fewer)


def _parallel_blocks(left: list[Line], right: list[Line]) -> bool:
    """Side-by-side blocks of the same make-up (signature blocks: "För X kommun" beside "För Y
    kommun", a title beside the same title): many aligned rows start with the same word."""
    pairs = [(a, b) for a in left for b in right if abs(a.bottom - b.bottom) <= 0.3 * a.height]
    if not pairs:
        return False
    same = sum(1 for a, b in pairs if a.words[0].text.lower() == b.words[0].text.lower())
    return same >= PARALLEL_SHARE * len(pairs)


def _running_text(lines: list[Line]) -> bool:
    """Wrapped paragraphs, not table cells: lines of many words, or lines that fill their side."""
    if sum(len(line.words) for line in lines) >= RUNNING_WORDS * len(lines):
        return True
    left = min(line.x0 for line in lines)
    width = max(line.x1 for line in lines) - left
    full = sum(1 for line in lines if line.x1 - line.x0 >= FULL_SHARE * width)
    return full >= 0.5 * len(lines)


def _has_token_column(words: list[Word], strips: list[tuple[float, float]]) -> bool:
    """Some column between the free strips holds mostly one-word cells (parties, numbers, dates)."""
    cuts = sorted((start + end) / 2 for start, end in strips)
    edges = [float("-inf")] + cuts + [float("inf")]
    for low, high in zip(edges, edges[1:]):
        lines = group_lines([w for w in words if w.x0 >= low and w.x1 <= high])
        if len(lines) >= 3 and sum(1 for line in lines if len(line.words) == 1) >= TOKEN_SHARE * len(lines):
            return True
    return False


def is_table(left: list[Line], right: list[Line], words: list[Word], strips: list[tuple[float, float]]) -> bool:
    """Two sides that are columns of a table rather than two columns of text or signature
    blocks side by side: rows on shared baselines, neither side running text (lines that
    fill their column), rows that are not parallel blocks (signatures), and either many
    rows or a column of one-word cells."""
    if not _rows_aligned(left, right) or _running_text(left) or _running_text(right):
        return False
    if _parallel_blocks(left, right):
        return False
    return max(len(left), len(right)) >= TABLE_ROWS or _has_token_column(words, strips)


def bands(words: list[Word]) -> list[list[Word]]:
    """Words split into horizontal bands at vertical gaps of at least BAND_GAP character heights."""
    gap = BAND_GAP * _typical_height(words)
    result: list[list[Word]] = []
    bottom = None
    for word in sorted(words, key=lambda w: w.top):
        if bottom is None or word.top - bottom >= gap:
            result.append([word])
            bottom = word.bottom
        else:
            result[-1].append(word)
            bottom = max(bottom, word.bottom)
    return result


def _overlapping(strips_a: list[tuple[float, float]], strips_b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    shared = []
    for a0, a1 in strips_a:
        for b0, b1 in strips_b:
            low, high = max(a0, b0), min(a1, b1)
            if high - low >= MIN_GUTTER:
                shared.append((low, high))
    return shared


def regroup(band_list: list[list[Word]], min_width: float) -> list[list[Word]]:
    """Consecutive bands that share a free vertical strip, joined into one group."""
    groups: list[list[Word]] = []
    group_strips: list[tuple[float, float]] = []
    for band in band_list:
        strips = free_strips(band, min_width)
        shared = _overlapping(group_strips, strips) if groups else []
        if shared:
            groups[-1].extend(band)
            group_strips = shared
        else:
            groups.append(list(band))
            group_strips = strips
    return groups


def peel_spanning_lines(words: list[Word]) -> tuple[Block, list[Word], Block] | None:
    """(lines above, column words, lines below) when up to PEEL_LINES full-width lines sit
    right on top of (or under) two columns with no gap to separate them, else None."""
    lines = group_lines(words)
    if len(lines) < 2 * PEEL_LINES + 2:
        return None
    core = [w for line in lines[PEEL_LINES:len(lines) - PEEL_LINES] for w in line.words]
    if not free_strips(core, _min_gutter(core)):
        return None  # peeling the most lines leaves no gutter: peeling fewer cannot either
    for top in range(PEEL_LINES + 1):
        for bottom in range(PEEL_LINES + 1):
            if top + bottom == 0 or len(lines) - top - bottom < 2:
                continue
            middle = [w for line in lines[top:len(lines) - bottom] for w in line.words]
            if column_cut(middle) is not None:
                return lines[:top], middle, lines[len(lines) - bottom:]
    return None


def table_block(words: list[Word]) -> Block | None:
    """The lines of `words` when they form a table (read row by row), else None."""
    strips = free_strips(words, _min_gutter(words))
    for start, end in strips:
        middle = (start + end) / 2
        left = group_lines([w for w in words if w.x1 <= middle])
        right = group_lines([w for w in words if w.x0 >= middle])
        if left and right and len(left) + len(right) >= 4 and is_table(left, right, words, strips):
            return group_lines(words)
    return None


def reading_blocks(words: list[Word], depth: int = 0) -> list[Block]:
    """The page's words as blocks of lines, in reading order."""
    if not words:
        return []
    if depth >= MAX_DEPTH or len(words) == 1:
        return [group_lines(words)]
    table = table_block(words)
    if table is not None:
        return [table]
    cut = column_cut(words)
    if cut is not None:
        left, right = cut
        return reading_blocks(left, depth + 1) + reading_blocks(right, depth + 1)
    peeled = peel_spanning_lines(words)
    if peeled is not None:
        above, columns, below = peeled
        return ([above] if above else []) + reading_blocks(columns, depth + 1) + ([below] if below else [])
    band_list = bands(words)
    if len(band_list) == 1:
        return [group_lines(words)]
    groups = regroup(band_list, _min_gutter(words))
    if len(groups) == 1:  # one group is all the words again, and no column cut: a plain block
        return [group_lines(words)]
    blocks: list[Block] = []
    for group in groups:
        blocks.extend(reading_blocks(group, depth + 1))
    return blocks
