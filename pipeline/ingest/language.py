"""Which language a text is in: py3langid (offline), restricted to the languages we meet.

Swedish municipal material is mostly Swedish; what must be told apart from it are its
neighbours (Norwegian bokmål/nynorsk, Danish), English, and the odd Finnish or German
text. Restricting the candidates keeps short texts from being called, say, Luxembourgish.
Norwegian variants are stored as "no" (the variant goes in `metadata["language_variant"]`).
"""
from __future__ import annotations

from functools import lru_cache

CANDIDATES = ("sv", "no", "nn", "da", "en", "fi", "de", "fr", "es", "is", "fo")
STORED_AS = {"nn": "no", "nb": "no"}
SAMPLE_CHARS = 20_000  # enough to decide; keeps long documents cheap
MIN_LETTERS = 20


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def _has_letters(text: str, n: int) -> bool:
    """True when `text` holds at least `n` letters (stops counting at `n`)."""
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= n:
                return True
    return False


def identify(text: str) -> tuple[str | None, str | None, float]:
    """(ISO 639-1 code as stored, variant as the model said it, probability); None when too little text."""
    return _identify_sample(text[:SAMPLE_CHARS])


@lru_cache(maxsize=64)
def _identify_sample(sample: str) -> tuple[str | None, str | None, float]:
    """`identify` of one sample, remembered: the reader and the extraction pipeline ask about the
    same text in the same process (a `run` worker reads, then extracts)."""
    if not _has_letters(sample, MIN_LETTERS):
        return None, None, 0.0
    code, probability = _identifier().classify(sample)
    return STORED_AS.get(code, code), code, float(probability)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` ("sv", "no", "da", "en", ...), or None for too little text."""
    return identify(text)[0]
