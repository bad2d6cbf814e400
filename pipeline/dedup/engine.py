"""Blocking -> pair features -> classifier -> clustering -> reasons, for any kind of item."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Sequence

import numpy as np

from .blocking import BlockStats, agreement_pairs, person_pairs
from .classifier import PairClassifier, load_model
from .clustering import Cluster, cluster
from .explain import reasons
from .features import AgreementFeatures, PersonFeatures
from .records import AgreementRecord, PersonRecord

DEFAULT_METHOD = {"documents": "components", "agreements": "average", "persons": "average"}


@dataclass
class DuplicateCluster:
    members: list[Hashable]  # ids (records) or source paths (documents)
    score: float
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"members": self.members, "score": round(float(self.score), 4), "reasons": self.reasons}


@dataclass
class DedupResult:
    clusters: list[DuplicateCluster]
    pairs: np.ndarray  # candidate pairs (indices)
    scores: np.ndarray  # duplicate probability per candidate pair
    stats: BlockStats
    raw_clusters: list[Cluster] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"clusters": [c.to_dict() for c in self.clusters]}


def score_and_cluster(ids: Sequence[Hashable], features, pairs: np.ndarray, stats: BlockStats,
                      model: PairClassifier, threshold: float | None, method: str,
                      fixed: dict[tuple[int, int], tuple[float, list[str]]] | None = None,
                      conflicts=None) -> DedupResult:
    """Score candidate `pairs` with `model`, cluster at `threshold`, explain each cluster.

    `fixed` gives pairs decided without the classifier (e.g. identical bytes) with their reasons;
    `conflicts` is a cannot-link test over groups of indices (see `samverkan.dedup.clustering`).
    """
    threshold = model.threshold if threshold is None else threshold
    X = features.matrix(pairs) if len(pairs) else np.zeros((0, len(model.features)))
    scores = model.scores(X) if len(pairs) else np.zeros(0)
    fixed = fixed or {}
    if fixed:
        known = {(int(i), int(j)) for i, j in pairs}
        extra = [p for p in fixed if p not in known]
        if extra:
            pairs = np.vstack([pairs.reshape(-1, 2), np.asarray(extra, dtype=np.int64)])
            X = np.vstack([X, np.zeros((len(extra), X.shape[1]))])
            scores = np.concatenate([scores, np.zeros(len(extra))])
        for k, (i, j) in enumerate(pairs):
            if (int(i), int(j)) in fixed:
                scores[k] = fixed[(int(i), int(j))][0]
    row_of = {(int(i), int(j)): k for k, (i, j) in enumerate(pairs)}
    raw = cluster(len(ids), pairs, scores, threshold, method, conflicts)
    edge_rows = [row_of[c.edge] for c in raw if c.edge not in fixed]
    contrib = dict(zip(edge_rows, model.contributions(X[edge_rows]))) if edge_rows else {}
    out = []
    for c in raw:
        i, j = c.edge
        if (i, j) in fixed:
            why = fixed[(i, j)][1]
        else:
            k = row_of[(i, j)]
            why = reasons(model, features, i, j, X[k], contrib=contrib[k], score=float(scores[k]))
        if len(c.members) > 2:
            why = why + [f"weakest link: {ids[i]} ~ {ids[j]}"]
        out.append(DuplicateCluster([ids[m] for m in c.members], c.score, why))
    return DedupResult(out, pairs, scores, stats, raw)


def find_agreement_duplicates(records: Sequence[AgreementRecord], threshold: float | None = None,
                              model: PairClassifier | None = None, method: str | None = None) -> DedupResult:
    model = model or load_model("agreements")
    pairs, stats = agreement_pairs(records)
    features = AgreementFeatures(records)
    return score_and_cluster([r.id for r in records], features, pairs, stats, model, threshold,
                             method or model.meta.get("clustering") or DEFAULT_METHOD["agreements"],
                             conflicts=features.conflicts)


def find_person_duplicates(records: Sequence[PersonRecord], threshold: float | None = None,
                           model: PairClassifier | None = None, method: str | None = None) -> DedupResult:
    model = model or load_model("persons")
    pairs, stats = person_pairs(records)
    return score_and_cluster([r.id for r in records], PersonFeatures(records), pairs, stats, model,
                             threshold, method or model.meta.get("clustering") or DEFAULT_METHOD["persons"])
