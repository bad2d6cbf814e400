"""Blocking -> pair features -> classifier -> clustering -> reasons, for any kind of item."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Collection, Hashable, Sequence

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
    ids: list[Hashable] = field(default_factory=list)  # item index -> id
    features: Any = None  # the pair features (for the features of a cluster's weakest link)

    def to_json(self) -> dict[str, Any]:
        return {"clusters": [c.to_dict() for c in self.clusters]}


def score_and_cluster(ids: Sequence[Hashable], features, pairs: np.ndarray, stats: BlockStats,
                      model: PairClassifier, threshold: float | None, method: str,
                      fixed: dict[tuple[int, int], tuple[float, list[str]]] | None = None,
                      conflicts=None, cannot_link: Collection[tuple[Hashable, Hashable]] = ()) -> DedupResult:
    """Score candidate `pairs` with `model`, cluster at `threshold`, explain each cluster.

    `fixed` gives pairs decided without the classifier (e.g. identical bytes) with their reasons;
    `conflicts` is a cannot-link test over groups of indices (see `samverkan.dedup.clustering`);
    `cannot_link` holds pairs of ids a registrar found "not the same": never scored, never proposed,
    and two groups holding such a pair are never joined.
    """
    threshold = model.threshold if threshold is None else threshold
    if cannot_link:
        pairs, fixed, conflicts = _apply_cannot_link(ids, pairs, fixed, conflicts, cannot_link)
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
    return DedupResult(out, pairs, scores, stats, raw, list(ids), features)


def _apply_cannot_link(ids, pairs, fixed, conflicts, cannot_link):
    """Drop the registrars' "not the same" pairs and add them to the cannot-link test."""
    forbidden = {frozenset(p) for p in cannot_link}
    index = {i: k for k, i in enumerate(ids)}
    banned = {frozenset((index[a], index[b])) for a, b in (tuple(p) for p in forbidden if len(p) == 2)
              if a in index and b in index}
    if not banned:
        return pairs, fixed, conflicts
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    pairs = pairs[[frozenset((int(i), int(j))) not in banned for i, j in pairs]] if len(pairs) else pairs
    fixed = {p: v for p, v in (fixed or {}).items() if frozenset(p) not in banned}

    def combined(group_a, group_b) -> bool:
        if any(frozenset((a, b)) in banned for a in group_a for b in group_b):
            return True
        return bool(conflicts and conflicts(group_a, group_b))

    return pairs, fixed, combined


def find_agreement_duplicates(records: Sequence[AgreementRecord], threshold: float | None = None,
                              model: PairClassifier | None = None, method: str | None = None,
                              cannot_link: Collection[tuple[Hashable, Hashable]] = ()) -> DedupResult:
    model = model or load_model("agreements")
    pairs, stats = agreement_pairs(records)
    features = AgreementFeatures(records)
    return score_and_cluster([r.id for r in records], features, pairs, stats, model, threshold,
                             method or model.meta.get("clustering") or DEFAULT_METHOD["agreements"],
                             conflicts=features.conflicts, cannot_link=cannot_link)


def find_person_duplicates(records: Sequence[PersonRecord], threshold: float | None = None,
                           model: PairClassifier | None = None, method: str | None = None,
                           cannot_link: Collection[tuple[Hashable, Hashable]] = ()) -> DedupResult:
    model = model or load_model("persons")
    pairs, stats = person_pairs(records)
    return score_and_cluster([r.id for r in records], PersonFeatures(records), pairs, stats, model,
                             threshold, method or model.meta.get("clustering") or DEFAULT_METHOD["persons"],
                             cannot_link=cannot_link)
