"""Component `samverkan_language`: the document language (doc._.language, ISO 639-1).

Uses the ingestion package's detector when it is installed (`samverkan.ingest.language`),
else py3langid restricted to the languages the corpus holds. Norwegian Nynorsk/Bokmål both
map to "no". Later components do nothing on non-Swedish documents.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .mentions import register_extensions, text_of

LANGS = ["sv", "no", "nn", "da", "en", "fi", "de"]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGS)
    return ident


MIN_LETTERS_FOREIGN = 60  # shorter texts are taken as Swedish: too little to tell
MIN_PROB_FOREIGN = 0.9


def has_letters(text: str, n: int) -> bool:
    """True when `text` holds at least `n` letters (stops counting at `n`)."""
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= n:
                return True
    return False


def detect(text: str) -> str:
    """ISO 639-1 code of `text`; "sv" unless another language is clear (enough text, high probability)."""
    sample = text[:20000]
    if not has_letters(sample, MIN_LETTERS_FOREIGN):
        return "sv"
    try:  # the ingestion helper's detector, when present
        from samverkan.ingest.language import identify  # type: ignore
        lang, _variant, prob = identify(sample)
    except ImportError:
        lang, prob = _identifier().classify(sample)
    lang = {"nn": "no", "nb": "no"}.get(lang, lang)
    if lang is None or (lang != "sv" and prob < MIN_PROB_FOREIGN):
        return "sv"
    return lang


@Language.factory("samverkan_language")
def make_language(nlp: Language, name: str):
    register_extensions()
    return LanguageComponent()


class LanguageComponent:
    def __call__(self, doc: Doc) -> Doc:
        if doc._.language is None:
            doc._.language = detect(text_of(doc))
        return doc
