"""Running headers, footers and page numbers: lines at a page edge that repeat page after page.

A line is a candidate when it is among the first or last lines of its page and lies in the
top or bottom margin zone. Candidates are compared with digits masked ("Sida 3 av 12" and
"Sida 4 av 12" are the same line); a line seen on at least half of the pages (two at least)
is running text and is dropped everywhere it occurs in the margin zones.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

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


def remove_running_lines(pages: list[tuple[list[Block], float]]) -> tuple[list[list[Block]], list[str]]:
    """Pages (blocks, page height) with running headers/footers/page numbers removed; and what was removed."""
    page_count = len(pages)
    edges = [_edge_lines(blocks, height) for blocks, height in pages]
    if page_count < 2:
        return [blocks for blocks, _ in pages], []
    seen_on: dict[str, set[int]] = defaultdict(set)
    for number, lines in enumerate(edges):
        for line in lines:
            seen_on[line_key(line.text)].add(number)
    needed = max(2, math.ceil(MIN_SHARE * page_count))
    running = {key for key, numbers in seen_on.items() if len(numbers) >= needed}
    removed: list[str] = []
    cleaned: list[list[Block]] = []
    for (blocks, _), lines in zip(pages, edges):
        drop = {id(line) for line in lines if line_key(line.text) in running}
        removed.extend(line.text for line in lines if id(line) in drop)
        new_blocks = [[line for line in block if id(line) not in drop] for block in blocks]
        cleaned.append([block for block in new_blocks if block])
    return cleaned, sorted(set(removed))
