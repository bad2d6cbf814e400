"""Is a PDF page's text layer usable, or must the page be read by OCR?

A page's text layer is unusable when it is
- empty or nearly so: fewer than MIN_CHARACTERS visible characters, or
- undecodable: more than MAX_UNMAPPED of its characters are no real text (private-use
  glyph codes, replacement marks, controls: fonts without a Unicode mapping), or
- garbage: less than MIN_WORDLIKE of its characters sit in word-like tokens. A bad
  embedded OCR layer reads like "Avt4l mel|an H;irjed l3ns kornmun": mixed letters,
  digits and symbols inside a token, case flipping inside a word, no vowels.

A token is word-like (`word_like`) when, stripped of surrounding punctuation, it is
letters only (a hyphen or apostrophe may join parts) with a consistent case (lower,
Capitalised or UPPER) and, if longer than three letters, a vowel; or a number, date or
amount (digits with . , : / - and a % or §). The share is counted in characters, so
short tokens weigh little. Swedish municipal texts score 0.88-1.0 (median 0.99); with one
letter in 20 garbled about 0.78, one in 10 about 0.63 (docs/ocr.md).
"""
from __future__ import annotations

import re
import unicodedata

MIN_CHARACTERS = 20
MAX_UNMAPPED = 0.3
MIN_WORDLIKE = 0.7
VOWELS = set("aeiouyåäöéèüæøAEIOUYÅÄÖÉÈÜÆØ")
PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?*•–—-/"
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
NUMBER = re.compile(r"[§#]?\d[\d.,:/\-–]*(?:%|kr|:-)?")


def word_like(token: str) -> bool:
    core = token.strip(PUNCTUATION)
    if not core:
        return True  # punctuation alone: a dash, a bullet
    if NUMBER.fullmatch(core):
        return True
    if not WORD.fullmatch(core):
        return False
    letters = [ch for ch in core if ch.isalpha()]
    case_ok = core.islower() or core.isupper() or (letters[0].isupper() and "".join(letters[1:]).islower())
    return case_ok and (len(letters) <= 3 or any(ch in VOWELS for ch in letters))


def unmapped_share(text: str) -> float:
    """Share of visible characters that are no real text: private-use codes, replacement marks, controls."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    bad = sum(1 for ch in visible if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs"))
    return bad / len(visible)


def wordlike_share(text: str) -> float:
    """Share of the characters of `text`'s tokens that are in word-like tokens (1.0 for no tokens)."""
    tokens = text.split()
    total = sum(len(t) for t in tokens)
    if not total:
        return 1.0
    return sum(len(t) for t in tokens if word_like(t)) / total


def judge(text: str) -> str | None:
    """Why the text layer `text` of a page is unusable ("no text", "undecodable", "garbage"), or None if usable."""
    visible = sum(1 for ch in text if not ch.isspace())
    if visible < MIN_CHARACTERS:
        return "no text"
    if unmapped_share(text) > MAX_UNMAPPED:
        return "undecodable"
    if wordlike_share(text) < MIN_WORDLIKE:
        return "garbage"
    return None
