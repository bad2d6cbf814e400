"""Component `samverkan_language`: the document language (doc._.language, ISO 639-1).

The detector is the ingestion package's (`samverkan.ingest.language`, py3langid restricted
to the languages we meet); this component only adds the extraction's conservative rule:
Swedish unless another language is clear. Later components do nothing on non-Swedish documents.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from samverkan.ingest.language import SAMPLE_CHARS, _has_letters, identify

from .mentions import register_extensions, text_of

MIN_LETTERS_FOREIGN = 60  # shorter texts are taken as Swedish: too little to tell
MIN_PROB_FOREIGN = 0.9


def detect(text: str) -> str:
    """ISO 639-1 code of `text`; "sv" unless another language is clear (enough text, high probability)."""
    if not _enough_letters(text):
        return "sv"
    lang, _variant, prob = identify(text)
    return decide(text, lang, prob)


def decide(text: str, lang: str | None, prob: float) -> str:
    """The rule of `detect`, given the identifier's answer for `text` (e.g. the reader's)."""
    if lang is None or not _enough_letters(text) or (lang != "sv" and prob < MIN_PROB_FOREIGN):
        return "sv"
    return lang


def _enough_letters(text: str) -> bool:
    return _has_letters(text[:SAMPLE_CHARS], MIN_LETTERS_FOREIGN)


@Language.factory("samverkan_language")
def make_language(nlp: Language, name: str):
    register_extensions()
    return LanguageComponent()


class LanguageComponent:
    def __call__(self, doc: Doc) -> Doc:
        if doc._.language is None:
            doc._.language = detect(text_of(doc))
        return doc
