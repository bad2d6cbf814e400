"""Component `samverkan_kind`: the document kind (doc._.kind) from cue words.

press_release | news | declaration | agreement | protocol | other | foreign. Not scored; simple
ordered rules on the opening of the text and on cue words (cues in `data/kind_cues.csv`).
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .knowledge import DATA_DIR
from .mentions import is_foreign, text_of


@lru_cache(maxsize=1)
def cues() -> list[tuple[str, str, re.Pattern]]:
    with open(DATA_DIR / "kind_cues.csv", encoding="utf-8", newline="") as f:
        return [(r["kind"], r["where"], re.compile(r["pattern"], re.I | re.M)) for r in csv.DictReader(f)]


def classify(text: str, language: str | None) -> str:
    if language not in (None, "sv"):
        return "foreign"
    opening = text.lstrip()[:300]
    for kind, where, rx in cues():
        hay = opening if where == "opening" else text
        if rx.search(hay):
            return kind
    return "other"


@Language.factory("samverkan_kind")
def make_kind(nlp: Language, name: str):
    return KindComponent()


class KindComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.kind = "foreign" if is_foreign(doc) else classify(text_of(doc), doc._.language)
        return doc
