"""Text normalisation and shingling for near-duplicate detection.

Normalisation removes what differs between copies of the same text in other formats:
Unicode forms and mojibake (ftfy), case, hyphenation at line ends, line breaks and
runs of whitespace, punctuation. Letters keep their Swedish diacritics.
"""
from __future__ import annotations

import re
import unicodedata

import ftfy

_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\s*\n\s*(\w)")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_MOJIBAKE = re.compile("[\u00c2\u00c3\u00e2\ufffd]|&[a-z]+;|&#")


def normalise(text: str) -> str:
    """Lowercase, de-hyphenated, punctuation-free text with single spaces."""
    text = text or ""
    if _MOJIBAKE.search(text):  # ftfy is slow: only for text that looks mis-decoded
        text = ftfy.fix_text(text, normalization="NFC")
    else:
        text = unicodedata.normalize("NFC", text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = text.lower().replace("_", " ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """`normalise` plus diacritics removed (å -> a): for names and keys, not for text shingles."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ascii_fold(normalised: str) -> str:
    """An already normalised text with diacritics dropped at C speed (å -> a; letters without an
    ASCII base are dropped): for finding folded names such as party keys in long texts."""
    return unicodedata.normalize("NFKD", normalised).encode("ascii", "ignore").decode("ascii")


def word_ngram_hashes(normalised: str, k: int = 8) -> frozenset[int]:
    """Hashes of the word k-grams of an already normalised text: a passage of k words told in two
    texts (a sentence quoted or copied) is one shared hash."""
    tokens = normalised.split()
    if len(tokens) < k:
        return frozenset()
    return frozenset(map(hash, zip(*(tokens[i:] for i in range(k)))))


def words(text: str) -> list[str]:
    return normalise(text).split()


def char_shingles(normalised: str, k: int = 5) -> set[str]:
    """Character k-grams of an already normalised text (robust to OCR noise and rewrapping)."""
    if len(normalised) <= k:
        return {normalised} if normalised else set()
    return {normalised[i : i + k] for i in range(len(normalised) - k + 1)}


def word_shingles(normalised: str, k: int = 3) -> set[str]:
    tokens = normalised.split()
    if len(tokens) <= k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(a: set, b: set) -> float:
    """Share of the smaller set found in the larger one (high when one text is a cut of the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
