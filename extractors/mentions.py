"""Mentions found by the components: character spans into `doc.text` with a label and a value.

Every component adds its findings to `doc._.sv_mentions` (a list of `Mention`) and to a
spaCy span group of the same label (`doc.spans["MUNICIPALITY"]`, ..., the value in
`span.kb_id_`), so the results can be read the spaCy way or as plain data.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass
class Mention:
    label: str  # MUNICIPALITY REGION ORG PARTY PERSON TITLE DATE PARTIAL_DATE AGREEMENT
    start: int
    end: int
    text: str
    value: str

    def as_dict(self) -> dict:
        return {"label": self.label, "start": self.start, "end": self.end, "text": self.text,
                "value": self.value}


def register_extensions() -> None:
    for name, default in (("sv_mentions", None), ("language", None), ("kind", None),
                          ("persons", None), ("agreements", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def text_of(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy rebuilds it from the tokens on every access)."""
    cached = doc.user_data.get("sv_text")
    if cached is None:
        cached = doc.user_data["sv_text"] = doc.text
    return cached


def mentions(doc: Doc) -> list[Mention]:
    if doc._.sv_mentions is None:
        doc._.sv_mentions = []
    return doc._.sv_mentions


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy joins every token on each `doc.text` access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = ("samverkan", "text")


def add(doc: Doc, label: str, start: int, end: int, value: str) -> Mention:
    """Record a mention; also put it in the span group `label` when it aligns with tokens."""
    m = Mention(label, start, end, doc_text(doc)[start:end], value)
    mentions(doc).append(m)
    span = doc.char_span(start, end, label=label, kb_id=value, alignment_mode="expand")
    if span is not None:
        if label not in doc.spans:
            doc.spans[label] = []
        doc.spans[label].append(span)
    return m


def of(doc: Doc, *labels: str) -> list[Mention]:
    return sorted((m for m in mentions(doc) if m.label in labels), key=lambda m: m.start)


def is_foreign(doc: Doc) -> bool:
    return doc._.language not in (None, "sv")
