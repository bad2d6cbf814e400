"""Duplicate documents: the same bytes (content hash) or the same text in another form.

Near duplicates are the same text converted to another format, wrapped in other
headers/footers, re-broken into other lines, damaged by OCR, or cut off. Texts are
normalised (`samverkan.dedup.text`), blocked with MinHash LSH over character shingles,
compared on shingle Jaccard and containment, length ratio and TF-IDF cosine, and scored by
the documents classifier. Identical content hashes are duplicates without scoring.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Collection, Hashable, Sequence

import numpy as np

from .blocking import lsh_pairs
from .classifier import PairClassifier, load_model
from .engine import DEFAULT_METHOD, DedupResult, score_and_cluster
from .features import DocumentFeatures

LSH_THRESHOLD = 0.2


@dataclass
class DocumentItem:
    id: Hashable  # what the output names: a source path or a database id
    text: str
    content_hash: str | None = None


def find_document_duplicates(items: Sequence[DocumentItem], threshold: float | None = None,
                             model: PairClassifier | None = None, method: str | None = None,
                             lsh_threshold: float = LSH_THRESHOLD,
                             cannot_link: Collection[tuple[Hashable, Hashable]] = ()) -> DedupResult:
    """Clusters of exact and near-duplicate documents among `items`, with scores and reasons."""
    model = model or load_model("documents")
    features = DocumentFeatures([it.text for it in items])
    pairs, stats = lsh_pairs(features.chars, threshold=lsh_threshold)
    by_hash: dict[str, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        if it.content_hash:
            by_hash[it.content_hash].append(k)
    fixed = {}
    for members in by_hash.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                fixed[(members[a], members[b])] = (1.0, ["identical bytes (same content hash)"])
    return score_and_cluster([it.id for it in items], features, np.asarray(pairs).reshape(-1, 2), stats,
                             model, threshold, method or model.meta.get("clustering") or DEFAULT_METHOD["documents"], fixed,
                             cannot_link=cannot_link)
