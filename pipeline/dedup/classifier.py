"""The pair classifier: logistic regression over standardised pair features, stored as JSON.

The model file holds everything needed to score and to explain a score (feature names,
means, scales, coefficients, intercept, the decision threshold and how it was trained), so
it loads without pickles and a reader can see each feature's weight.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "dedup"


def model_dir() -> Path:
    """`models/dedup/` of the installed package (the same folder in an editable install)."""
    try:
        import samverkan.models as models

        return Path(models.__file__).resolve().parent / "dedup"
    except ImportError:  # pragma: no cover
        return MODEL_DIR


@dataclass
class PairClassifier:
    kind: str  # documents | agreements | persons
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def _scaled(self, X: np.ndarray) -> np.ndarray:
        return (np.asarray(X, dtype=float) - np.asarray(self.mean)) / np.asarray(self.scale)

    @property
    def weights(self) -> np.ndarray:
        """Log-odds per unit of each raw feature value."""
        return np.asarray(self.coef) / np.asarray(self.scale)

    @property
    def baseline(self) -> float:
        """Log-odds of a pair whose features are all 0 (nothing in common, nothing in conflict)."""
        return float(self.intercept - (self.weights * np.asarray(self.mean)).sum())

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per pair and feature: weight x raw value, so a feature that is 0 contributes nothing and
        baseline + the sum of a row's contributions is exactly that pair's log-odds."""
        return np.asarray(X, dtype=float).reshape(-1, len(self.features)) * self.weights

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Probability that each pair is a duplicate."""
        X = np.asarray(X, dtype=float).reshape(-1, len(self.features))
        logits = self.contributions(X).sum(axis=1) + self.baseline
        return 1.0 / (1.0 + np.exp(-logits))

    @classmethod
    def fit(cls, kind: str, features: list[str], X: np.ndarray, y: np.ndarray, C: float = 1.0,
            meta: dict[str, Any] | None = None, sample_weight: np.ndarray | None = None) -> "PairClassifier":
        from sklearn.linear_model import LogisticRegression

        X = np.asarray(X, dtype=float)
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        lr.fit((X - mean) / scale, y, sample_weight=sample_weight)
        return cls(kind, list(features), mean.round(6).tolist(), scale.round(6).tolist(),
                   lr.coef_[0].round(6).tolist(), round(float(lr.intercept_[0]), 6), 0.5, dict(meta or {}))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "PairClassifier":
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


@dataclass
class TreeClassifier:
    """Gradient-boosted trees (scikit-learn GradientBoostingClassifier) stored as JSON node
    arrays. Explained like the linear model: log-odds = baseline + one contribution per
    feature, each tree's change along a pair's path credited to the feature split on."""

    kind: str
    features: list[str]
    init: float  # log-odds before the trees
    learning_rate: float
    trees: list[dict[str, list]]  # left, right, feature, threshold, value (per node; leaf: left == -1)
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    algorithm: str = "gradient_boosting"

    @property
    def baseline(self) -> float:
        return float(self.init + self.learning_rate * sum(t["value"][0] for t in self.trees))

    def _walk(self, X: np.ndarray, contributions: np.ndarray | None) -> np.ndarray:
        n = len(X)
        total = np.full(n, self.init, dtype=float)
        rows = np.arange(n)
        for tree in self.trees:
            left, right = np.asarray(tree["left"]), np.asarray(tree["right"])
            feature, cut = np.asarray(tree["feature"]), np.asarray(tree["threshold"])
            value = np.asarray(tree["value"])
            node = np.zeros(n, dtype=np.int64)
            while True:
                inner = left[node] != -1
                if not inner.any():
                    break
                f = feature[node]
                go_left = X[rows, np.where(inner, f, 0)] <= cut[node]
                child = np.where(go_left, left[node], right[node])
                child = np.where(inner, child, node)
                if contributions is not None:
                    delta = self.learning_rate * (value[child] - value[node])
                    np.add.at(contributions, (rows[inner], f[inner]), delta[inner])
                node = child
            total += self.learning_rate * value[node]
        return total

    def contributions(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float).reshape(-1, len(self.features))
        out = np.zeros_like(X)
        self._walk(X, out)
        return out

    def scores(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float).reshape(-1, len(self.features))
        return 1.0 / (1.0 + np.exp(-self._walk(X, None)))

    @classmethod
    def fit(cls, kind: str, features: list[str], X: np.ndarray, y: np.ndarray,
            meta: dict[str, Any] | None = None, n_estimators: int = 150, max_depth: int = 3,
            sample_weight: np.ndarray | None = None) -> "TreeClassifier":
        from sklearn.ensemble import GradientBoostingClassifier

        gb = GradientBoostingClassifier(n_estimators=n_estimators, max_depth=max_depth, random_state=0)
        gb.fit(np.asarray(X, dtype=float), y, sample_weight=sample_weight)
        # the trees' starting log-odds: scikit-learn's (weighted) prior
        prior = float(np.clip(np.average(y, weights=sample_weight), 1e-6, 1 - 1e-6))
        trees = []
        for estimator in gb.estimators_[:, 0]:
            t = estimator.tree_
            trees.append({"left": t.children_left.tolist(), "right": t.children_right.tolist(),
                          "feature": [int(f) if f >= 0 else 0 for f in t.feature],
                          "threshold": [round(float(c), 6) for c in t.threshold],
                          "value": [round(float(v), 6) for v in t.value[:, 0, 0]]})
        model = cls(kind, list(features), float(np.log(prior / (1 - prior))), float(gb.learning_rate), trees,
                    0.5, dict(meta or {}))
        if not np.allclose(model.scores(X[:200]), gb.predict_proba(X[:200])[:, 1], atol=1e-4):
            raise AssertionError("exported trees do not reproduce scikit-learn's probabilities")
        return model

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def load_model(kind: str, directory: Path | None = None) -> PairClassifier | TreeClassifier:
    """The shipped classifier for `kind` (documents | agreements | persons)."""
    path = (directory or model_dir()) / f"{kind}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no trained {kind} classifier; run `samverkan dedup train`")
    data = json.loads(path.read_text(encoding="utf-8"))
    model = TreeClassifier(**data) if data.get("algorithm") == "gradient_boosting" else PairClassifier(**data)
    if model.kind != kind:
        raise ValueError(f"{path}: holds a {model.kind} model, not {kind}")
    return model
