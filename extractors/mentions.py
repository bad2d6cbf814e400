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


class Occupancy:
    """Which characters of a text are taken by spans: O(1) 'is this position covered' tests."""

    def __init__(self, length: int, spans=()) -> None:
        self.bits = bytearray(length + 1)
        for s, e in spans:
            self.mark(s, e)

    def mark(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * max(0, end - start)

    def covers(self, pos: int) -> bool:
        return 0 <= pos < len(self.bits) and self.bits[pos] == 1

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.bits[start:end]


def text_of(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy rebuilds it from the tokens on every access)."""
    cached = doc.user_data.get("sv_text")
    if cached is None:
        cached = doc.user_data["sv_text"] = doc.text
    return cached


def mentions(doc: Doc) -> list[Mention]:
    """The document's mentions (a list the components add to)."""
    found = doc._.sv_mentions  # (each `doc._` builds a new accessor object: read it once)
    if found is None:
        found = doc._.sv_mentions = []
    return found


def add(doc: Doc, label: str, start: int, end: int, value: str) -> Mention:
    """Record a mention; also put it in the span group `label` when it aligns with tokens."""
    m = Mention(label, start, end, text_of(doc)[start:end], value)
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


def outside_names(mentions: list[Mention], names: list[Mention], keep: tuple[str, ...] = ()) -> list[Mention]:
    """The mentions not inside a longer name of `names` ("Umeå" in "Umeå universitet", "Gotlands"
    in "Gotlands Filmfond AB"); mentions with a label in `keep` stay wherever they are."""
    return [m for m in mentions if m.label in keep or not any(
        n.start <= m.start and m.end <= n.end and n.end - n.start > m.end - m.start for n in names)]
