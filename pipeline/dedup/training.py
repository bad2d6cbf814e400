"""Labelled pairs from our own data, and training of the shipped classifiers.

Pairs come from labelled sets (`samverkan.dedup.benchgen`) built on the bundled sample
corpus (`corpus/sample`, gold JSON beside each document) and on synthetic records over the
real municipality list. Each set is blocked exactly as at run time and every candidate
pair is labelled by the true clustering, so the classifier learns from the pairs it will
actually see, hard negatives included. `../shared/corpus/dev` is never used for training
(it is kept for the benchmark).

Retrain all three models (writes `models/dedup/*.json`):

    samverkan dedup train            # or: python -m samverkan.dedup.training
"""
from __future__ import annotations

import random
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .benchgen import (LabelledSet, SourceDoc, agreement_set, document_set, gold_agreement_bases,
                       gold_person_bases, load_corpus, same_agreements, person_set, synthetic_agreement_bases,
                       synthetic_person_bases, _all_parties)
from .blocking import agreement_pairs, lsh_pairs, person_pairs
from .classifier import PairClassifier, TreeClassifier, model_dir
from .documents import LSH_THRESHOLD
from .features import AgreementFeatures, DocumentFeatures, PersonFeatures

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLE_CORPUS = REPO / "corpus" / "sample"
SEED = 20240328


def labelled_pairs(labelled: LabelledSet, kind: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Feature matrix, labels and feature names of the candidate pairs of a labelled set."""
    if kind == "documents":
        features = DocumentFeatures([it.text for it in labelled.items])
        pairs, _ = lsh_pairs(features.chars, threshold=LSH_THRESHOLD)
    elif kind == "agreements":
        features = AgreementFeatures(labelled.items)
        pairs, _ = agreement_pairs(labelled.items)
    else:
        features = PersonFeatures(labelled.items)
        pairs, _ = person_pairs(labelled.items)
    X = features.matrix(pairs)
    y = np.asarray([labelled.truth[i] == labelled.truth[j] for i, j in pairs], dtype=int)
    return X, y, features.names


def _synthetic_documents(rng: random.Random, n: int) -> list[SourceDoc]:
    """Templated press releases: many near-alike texts that are not duplicates."""
    docs = []
    for base_id, agreement, text, _ in synthetic_agreement_bases(n, rng):
        docs.append(SourceDoc(f"synthetic/{base_id}.txt", text, {"agreements": [agreement], "persons": []}))
    return docs


def training_sets(sample: Path = SAMPLE_CORPUS, seed: int = SEED) -> dict[str, list[LabelledSet]]:
    rng = random.Random(seed)
    sources = load_corpus(sample) if sample.is_dir() else []
    sets: dict[str, list[LabelledSet]] = {"documents": [], "agreements": [], "persons": []}
    with tempfile.TemporaryDirectory() as tmp:
        sets["documents"].append(document_set(sources, rng, Path(tmp), per_source=4))
    sets["documents"].append(document_set(_synthetic_documents(rng, 40), rng, None, per_source=2))
    parties = _all_parties(sources)
    sets["agreements"].append(agreement_set(gold_agreement_bases(sources), rng, parties, variants=(2, 4), negatives=(2, 3),
                                                    same=same_agreements()))
    sets["agreements"].append(agreement_set(synthetic_agreement_bases(1000, rng), rng, parties, variants=(1, 5)))
    sets["persons"].append(person_set(gold_person_bases(sources), rng))
    sets["persons"].append(person_set(synthetic_person_bases(1500, rng), rng))
    return sets


def best_threshold(kind: str, model: PairClassifier, validation: list[LabelledSet]) -> tuple[float, str, float]:
    """The clustering method and threshold with the best mean pairwise F1 of the clusterings
    of `validation` sets (generated from the same sources with another seed).
    Returns (threshold, method, F1)."""
    from .clustering import cluster, labels
    from .metrics import pairwise

    prepared = []
    for labelled in validation:
        if kind == "documents":
            features = DocumentFeatures([it.text for it in labelled.items])
            pairs, _ = lsh_pairs(features.chars, threshold=LSH_THRESHOLD)
        elif kind == "agreements":
            features = AgreementFeatures(labelled.items)
            pairs, _ = agreement_pairs(labelled.items)
        else:
            features = PersonFeatures(labelled.items)
            pairs, _ = person_pairs(labelled.items)
        conflicts = features.conflicts if kind == "agreements" else None
        prepared.append((labelled, pairs, model.scores(features.matrix(pairs)), conflicts))
    best, best_method, best_f1 = 0.5, "components", -1.0
    for method in ("components", "average"):
        for t in np.round(np.arange(0.3, 0.96, 0.05), 2):
            f1s = []
            for labelled, pairs, scores, conflicts in prepared:
                predicted = labels(len(labelled.items), cluster(len(labelled.items), pairs, scores, t, method, conflicts))
                f1s.append(pairwise(predicted, labelled.truth)["f1"])
            if np.mean(f1s) > best_f1 + 1e-9:
                best, best_method, best_f1 = float(t), method, float(np.mean(f1s))
    return best, best_method, best_f1


def train(kind: str, sets: list[LabelledSet], C: float = 1.0, sources: str = "",
          validation: list[LabelledSet] | None = None) -> PairClassifier | TreeClassifier:
    """Fit a logistic regression and gradient-boosted trees on the candidate pairs of `sets`;
    with `validation`, keep the one whose clustering of the validation sets scores best
    (each with its best threshold and clustering method)."""
    blocks = [labelled_pairs(s, kind) for s in sets]
    X = np.vstack([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    names = blocks[0][2]
    if len(set(y.tolist())) < 2:
        raise ValueError(f"{kind}: training pairs have a single class ({len(y)} pairs)")
    common: dict[str, Any] = {
        "trained_on": date.today().isoformat(),
        "pairs": int(len(y)), "positives": int(y.sum()), "negatives": int(len(y) - y.sum()),
        "items": int(sum(len(s.items) for s in sets)), "sources": sources, "seed": SEED,
    }
    candidates = [
        PairClassifier.fit(kind, names, X, y, C=C, meta=dict(
            common, algorithm=f"scikit-learn LogisticRegression (balanced classes, C={C}) on standardised features")),
        TreeClassifier.fit(kind, names, X, y, meta=dict(
            common, algorithm="scikit-learn GradientBoostingClassifier (150 trees, depth 3)")),
    ]
    if not validation:
        return _finish(candidates[0], X, y)
    scored = []
    for model in candidates:
        model.threshold, model.meta["clustering"], f1 = best_threshold(kind, model, validation)
        model.meta["validation_pairwise_f1"] = round(f1, 4)
        scored.append((f1, model))
    best = max(scored, key=lambda pair: pair[0])[1]
    best.meta["validation_pairwise_f1_of_alternatives"] = {
        m.meta["algorithm"].split(" (")[0]: m.meta["validation_pairwise_f1"] for _, m in scored}
    return _finish(best, X, y)


def _finish(model, X: np.ndarray, y: np.ndarray):
    predicted = model.scores(X) >= model.threshold
    tp = int((predicted & (y == 1)).sum())
    model.meta["training_precision"] = round(tp / max(1, int(predicted.sum())), 4)
    model.meta["training_recall"] = round(tp / max(1, int(y.sum())), 4)
    return model


def train_all(out_dir: Path | None = None, sample: Path = SAMPLE_CORPUS) -> dict[str, PairClassifier]:
    out_dir = out_dir or model_dir()
    sets = training_sets(sample)
    validation = training_sets(sample, seed=SEED + 1)
    described = f"corpus/{sample.name} gold + synthetic records over the SCB municipality list"
    models = {}
    for kind in ("documents", "agreements", "persons"):
        model = train(kind, sets[kind], sources=described, validation=validation[kind])
        model.save(out_dir / f"{kind}.json")
        models[kind] = model
    return models


if __name__ == "__main__":  # pragma: no cover
    for kind, model in train_all().items():
        print(kind, model.meta)
