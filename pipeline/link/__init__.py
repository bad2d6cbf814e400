"""Linking: one document's extraction -> organisations, persons, positions, agreements,
signatures across documents, each fact with evidence (document, span, extractor version).

One module per job: `organisations` (names -> SCB-coded rows), `persons` (the same person
across documents), `agreements` (one agreement however many documents speak of it),
`evidence`, `cleanup` (re-linking), `document` (the whole of one document).
"""
from __future__ import annotations

from .document import LinkReport, link_document

__all__ = ["LinkReport", "link_document"]
