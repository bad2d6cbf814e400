"""Running headers, footers and page numbers: lines at a page edge that repeat page after page.

A line is a candidate when it is among the first or last lines of its page and lies in the
top or bottom margin zone. Candidates are compared with digits masked ("Sida 3 av 12" and
"Sida 4 av 12" are the same line); a line seen on at least half of the pages (two at least)
is running text and is dropped everywhere it occurs in the margin zones, provided it is
the same text each time or its numbers differ only by a page counter (one number that
grows with the page number, all others constant): body lines such as "Paragraf 1 ..." and
"Paragraf 43 ..." at the tops of pages are not page numbers.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache

from .cleanup import rules_data
from .layout import Block, Line

EDGE_LINES = 3  # how many lines from the top and from the bottom of a page are candidates
MARGIN_ZONE = 0.15  # ...provided they lie in this share of the page height at top or bottom
MIN_SHARE = 0.5
DIGITS = re.compile(r"\d+")
SPACES = re.compile(r"\s+")


def line_key(text: str) -> str:
    return SPACES.sub(" ", DIGITS.sub("#", text.lower())).strip()


def _edge_lines(blocks: list[Block], page_height: float) -> list[Line]:
    lines = sorted((line for block in blocks for line in block), key=lambda line: line.top)
    top_zone = MARGIN_ZONE * page_height
    bottom_zone = (1 - MARGIN_ZONE) * page_height
    head = [line for line in lines[:EDGE_LINES] if line.bottom <= top_zone]
    tail = [line for line in lines[-EDGE_LINES:] if line.top >= bottom_zone]
    return head + [line for line in tail if line not in head]


def _outermost(lines: list[Line]) -> list[Line]:
    """The topmost and the bottommost of the edge lines."""
    if not lines:
        return []
    ordered = sorted(lines, key=lambda line: line.top)
    return [ordered[0]] if len(ordered) == 1 else [ordered[0], ordered[-1]]


def _repeats(texts: dict[int, str]) -> bool:
    """Same text on every page, or numbers that differ only by a page counter."""
    if len(set(texts.values())) == 1:
        return True
    numbers = {page: [int(n) for n in DIGITS.findall(text)] for page, text in texts.items()}
    columns = list(zip(*numbers.values()))
    pages = list(numbers)
    counters = [c for c in columns if len({value - page for value, page in zip(c, pages)}) == 1]
    constants = [c for c in columns if len(set(c)) == 1]
    return len(counters) >= 1 and len(counters) + len(constants) >= len(columns)


@lru_cache(maxsize=1)
def _page_number_patterns() -> tuple[re.Pattern, re.Pattern]:
    data = rules_data()
    return re.compile(data["page_number"], re.I), re.compile(data["page_number_phrase"], re.I)


def is_page_number(text: str, page: int) -> bool:
    """A line that is only this page's number ("3", "3 (12)"), or holds "Sida 3 av 12" for this page."""
    whole, phrase = _page_number_patterns()
    match = whole.match(text)
    if match and int(match.group(1)) == page:
        return True
    return any(int(m.group(1)) == page for m in phrase.finditer(text))


def remove_running_lines(pages: list[tuple[list[Block], float]]) -> tuple[list[list[Block]], list[str]]:
    """Pages (blocks, page height) with running headers/footers/page numbers removed; and what was removed."""
    page_count = len(pages)
    edges = [_edge_lines(blocks, height) for blocks, height in pages]
    if page_count < 2:  # nothing repeats on one page: only page-number lines can go
        edges = [[line for line in _outermost(lines) if is_page_number(line.text, number)]
                 for number, lines in enumerate(edges, 1)]
        return _drop(pages, edges)
    seen: dict[str, dict[int, str]] = defaultdict(dict)
    for number, lines in enumerate(edges):
        for line in lines:
            seen[line_key(line.text)].setdefault(number, line.text)
    needed = max(2, math.ceil(MIN_SHARE * page_count))
    running = {key for key, texts in seen.items() if len(texts) >= needed and _repeats(texts)}
    edges = [[line for line in lines if line_key(line.text) in running
              or (line in _outermost(lines) and is_page_number(line.text, number))]
             for number, lines in enumerate(edges, 1)]
    return _drop(pages, edges)


def _drop(pages: list[tuple[list[Block], float]], doomed: list[list[Line]]) -> tuple[list[list[Block]], list[str]]:
    removed: list[str] = []
    cleaned: list[list[Block]] = []
    for (blocks, _), lines in zip(pages, doomed):
        drop = {id(line) for line in lines}
        removed.extend(line.text for line in lines)
        new_blocks = [[line for line in block if id(line) not in drop] for block in blocks]
        cleaned.append([block for block in new_blocks if block])
    return cleaned, sorted(set(removed))
