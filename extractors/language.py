"""Component `samverkan_language`: the document language (doc._.language, ISO 639-1).

Uses the ingestion package's detector when it is installed (`samverkan.ingest.language`),
else py3langid restricted to the languages the corpus holds. Norwegian Nynorsk/Bokmål both
map to "no". Later components do nothing on non-Swedish documents.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .mentions import register_extensions

LANGS = ["sv", "no", "nn", "nb", "da", "en", "fi", "de"]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGS)
    return ident


def detect(text: str) -> str:
    """ISO 639-1 code of `text` ("sv" for empty text)."""
    sample = text[:5000]
    if not sample.strip():
        return "sv"
    try:  # the ingestion helper's detector, when present
        from samverkan.ingest.language import detect_language  # type: ignore
        lang = detect_language(sample)
        if lang:
            return {"nn": "no", "nb": "no"}.get(lang, lang)
    except Exception:
        pass
    lang, _ = _identifier().classify(sample)
    return {"nn": "no", "nb": "no"}.get(lang, lang)


@Language.factory("samverkan_language")
def make_language(nlp: Language, name: str):
    register_extensions()
    return LanguageComponent()


class LanguageComponent:
    def __call__(self, doc: Doc) -> Doc:
        if doc._.language is None:
            doc._.language = detect(doc.text)
        return doc
