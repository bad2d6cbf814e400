"""Why a pair scored as it did: the features that moved its score most, in words.

A logistic model's log-odds is a baseline plus one contribution per feature (weight x
value, zero when the feature is absent), so the largest contributions are the reasons.
Features describing the same fact (e.g. party Jaccard and party containment) yield the
same sentence; each sentence is given once.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from .classifier import PairClassifier


class Describes(Protocol):
    names: list[str]

    def describe(self, name: str, i: int, j: int, value: float) -> str: ...


def reasons(model: PairClassifier, features: Describes, i: int, j: int, x: np.ndarray, top: int = 3,
            contrib: np.ndarray | None = None, score: float | None = None) -> list[str]:
    """Up to `top` human reasons for pair (i, j) with feature row `x`, strongest first.

    For a pair scored as a duplicate the reasons are the features pushing towards "same";
    otherwise those pushing towards "different". Features the pair has (non-zero values)
    come before the absence of something (e.g. no date conflict).
    """
    if contrib is None:  # (callers explaining many pairs pass them, computed in one batch)
        contrib = model.contributions(np.asarray(x).reshape(1, -1))[0]
    if score is None:
        score = float(model.scores(np.asarray(x).reshape(1, -1))[0])
    sign = 1.0 if score >= model.threshold else -1.0
    order = [k for k in np.argsort(-sign * contrib) if sign * contrib[k] > 0]
    # what the pair has (a feature that is not 0) before what it lacks (a conflict that is absent)
    order = [k for k in order if x[k] != 0] + [k for k in order if x[k] == 0]
    out: list[str] = []
    for k in order:
        text = features.describe(model.features[k], i, j, float(x[k]))
        if text not in out:
            out.append(text)
        if len(out) == top:
            break
    return out


def contribution_table(model: PairClassifier, x: np.ndarray) -> list[tuple[str, float, float]]:
    """(feature, value, contribution) for every feature, largest absolute contribution first."""
    contrib = model.contributions(np.asarray(x).reshape(1, -1))[0]
    rows = [(name, float(v), float(c)) for name, v, c in zip(model.features, x, contrib)]
    return sorted(rows, key=lambda r: -abs(r[2]))
