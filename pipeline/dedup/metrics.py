"""Clustering quality against a true clustering: pairwise and B-cubed precision/recall/F1."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Hashable, Sequence


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(labels: Sequence[Hashable]) -> set[tuple[int, int]]:
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[label].append(i)
    out = set()
    for members in groups.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                out.add((members[a], members[b]))
    return out


def pairwise(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> dict[str, float]:
    """Precision/recall/F1 over the pairs placed in one cluster."""
    pred, true = _pairs(predicted), _pairs(truth)
    tp = len(pred & true)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(true) if true else 1.0
    return {"precision": p, "recall": r, "f1": _f1(p, r), "true_pairs": len(true), "predicted_pairs": len(pred)}


def bcubed(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision/recall/F1 (per item, averaged)."""
    pred_size = Counter(predicted)
    true_size = Counter(truth)
    both = Counter(zip(predicted, truth))
    n = len(truth)
    p = sum(both[(a, b)] / pred_size[a] for a, b in zip(predicted, truth)) / n if n else 1.0
    r = sum(both[(a, b)] / true_size[b] for a, b in zip(predicted, truth)) / n if n else 1.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}
