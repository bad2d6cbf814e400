"""Text helpers for the web pages: accent- and case-insensitive matching, passage splitting."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base[0] if base else char


def fold(text: str | None) -> str:
    """Lowercase and drop accents, one character for one character ("Åsa Öberg" -> "asa oberg").

    Keeping the length lets an offset found in the folded text be used in the original text.
    """
    if text is None:
        return ""
    return "".join(_fold_char(c) for c in text)


def find_folded(text: str, query: str) -> tuple[int, int] | None:
    """The first span of `text` that matches `query` ignoring case and accents, or None."""
    needle = fold(query.strip())
    if not needle:
        return None
    at = fold(text).find(needle)
    return None if at < 0 else (at, at + len(needle))


def find_any_term(text: str, terms: list[str]) -> tuple[int, int] | None:
    """The earliest span of `text` matching any of `terms` (ignoring case and accents)."""
    folded = fold(text)
    best: tuple[int, int] | None = None
    for term in terms:
        needle = fold(term)
        if not needle:
            continue
        at = folded.find(needle)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(needle))
    return best


@dataclass(frozen=True)
class Passage:
    """A document text cut around a cited span [start, end)."""

    before: str
    cited: str
    after: str
    start: int | None
    end: int | None
    problem: str | None = None  # why the requested span could not be highlighted


def split_passage(text: str, start: int | None, end: int | None) -> Passage:
    """Cut `text` at a half-open character span; a span outside the text is reported, not guessed."""
    if start is None and end is None:
        return Passage(text, "", "", None, None)
    if start is None or end is None:
        return Passage(text, "", "", None, None, "the passage needs both start and end")
    if not 0 <= start < end <= len(text):
        return Passage(text, "", "", None, None,
                       f"characters {start}–{end} are outside this document (length {len(text)})")
    return Passage(text[:start], text[start:end], text[end:], start, end)


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word quoted as a prefix, all required (no operators from user input).

    Same matching as `samverkan.query.search`: "Öberg" also finds "Öbergs".
    """
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)


def search_terms(text: str) -> list[str]:
    """The words of a search text, as used to find where a document matched."""
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if len(w) > 1]


def snippet(text: str, span: tuple[int, int] | None, width: int = 90) -> tuple[str, str, str]:
    """(before, match, after) around `span`, each side cut to about `width` characters."""
    if span is None:
        head = text[: 2 * width]
        return "", "", head + ("…" if len(text) > len(head) else "")
    start, end = span
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    if start - width > 0:
        before = "…" + before
    if end + width < len(text):
        after = after + "…"
    return before, text[start:end], after
