"""Labelled pairs from our own data, and training of the shipped classifiers.

Pairs come from labelled sets (`samverkan.dedup.benchgen`) built on the bundled sample
corpus (`corpus/sample`, gold JSON beside each document) and on synthetic records over the
real municipality list. Each set is blocked exactly as at run time and every candidate
pair is labelled by the true clustering, so the classifier learns from the pairs it will
actually see, hard negatives included. `../shared/corpus/dev` is never used for training
(it is kept for the benchmark).

With `../shared/corpus/train` present (read at train time only; nothing of it is shipped but
the fitted numbers), its documents are split by document (`split_documents`, a seeded hash
of the document name): about 70% add realistic pairs (each gold agreement told again by
other documents, with the hard negatives of its parties; every gold person with name
variants and namesakes, and the real namesakes across documents: the same name in
another municipality), the other 30% are held out and never used for training or for
choosing thresholds: `heldout_report` scores the shipped models on them (pairwise and B-cubed).
The agreements model, the weight of the realistic pairs, the threshold and the clustering method
are chosen by grouped cross-validation (`agreement_cv_folds`: folds of whole training documents and
of `corpus/sample` documents, validated on sets made as the held-out sets and as the benchmark);
documents and persons on validation sets made from the same sources with another seed.

Registrars' decisions in a database (`--db`, table desk_decisions: "same" / "not the
same" with the features of the pair as it was shown) are added as training pairs.

Retrain all three models (writes `models/dedup/*.json`):

    samverkan dedup train [--db samverkan.db]     # or: python -m samverkan.dedup.training
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
SHARED_TRAIN = REPO.parent / "shared" / "corpus" / "train"
SEED = 20240328
HELD_OUT = 0.3  # share of ../shared/corpus/train documents kept out of training
EXTRA_ROUNDS = {"agreements": 3, "persons": 2}  # labelled sets generated from each training document
CV_FOLDS = 4  # grouped cross-validation over the training documents (agreements model)
CV_SEEDS = (SEED + 10, SEED + 11, SEED + 12)  # validation sets per fold, made as the held-out sets are
REALISTIC_WEIGHTS = (1.0, 3.0)  # weight of a pair from the realistic sets, chosen by cross-validation


def split_documents(sources: list[SourceDoc], held_out: float = HELD_OUT,
                    seed: int = SEED) -> tuple[list[SourceDoc], list[SourceDoc]]:
    """(training, held-out) documents: a whole document goes to one side (grouped split)."""
    import hashlib

    def side(doc: SourceDoc) -> float:
        digest = hashlib.sha256(f"{seed}:{doc.name}".encode()).hexdigest()
        return int(digest[:8], 16) / 0xFFFFFFFF

    train = [d for d in sources if side(d) >= held_out]
    test = [d for d in sources if side(d) < held_out]
    return train, test


def real_person_set(sources: list[SourceDoc]) -> LabelledSet:
    """Every gold person occurrence of `sources` as it is, one record per document.

    True clusters from the gold: the same name with an organisation in common is one
    person; the same name in other organisations only (a namesake in another municipality)
    is another person. An occurrence without any organisation whose name also occurs in
    another document is left out (the gold cannot tell)."""
    from .records import PersonRecord
    from .text import fold

    occurrences = []
    for src in sources:
        for k, person in enumerate(src.gold.get("persons") or []):
            orgs = {fold(r["org"]) for r in person.get("roles") or [] if r.get("org")}
            occurrences.append((f"{src.name}#p{k}", person, orgs, sorted(src.gold.get("dates") or [])))
    by_name: dict[str, list[int]] = {}
    for n, (_, person, _, _) in enumerate(occurrences):
        by_name.setdefault(fold(person["name"]).strip(), []).append(n)
    items, truth = [], []
    for name, members in by_name.items():
        groups: list[tuple[set[str], list[int]]] = []
        for n in members:
            orgs = occurrences[n][2]
            if not orgs:
                if len(members) > 1:
                    continue
                groups.append((set(), [n]))
                continue
            for group in groups:
                if group[0] & orgs:
                    group[0].update(orgs)
                    group[1].append(n)
                    break
            else:
                groups.append((set(orgs), [n]))
        for g, (_, ns) in enumerate(groups):
            for n in ns:
                record_id, person, _, dates = occurrences[n]
                items.append(PersonRecord.from_dict(record_id, person, dates))
                truth.append(f"real:{name}:{g}")
    return LabelledSet(items, truth, {"real occurrences": len(items)})


def shared_train_split(shared: Path | None = SHARED_TRAIN) -> tuple[list[SourceDoc], list[SourceDoc]]:
    if shared is None or not Path(shared).is_dir():
        return [], []
    return split_documents(load_corpus(Path(shared)))


def labelled_pairs(labelled: LabelledSet, kind: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Feature matrix, labels and feature names of the candidate pairs of a labelled set."""
    _, pairs, X, _ = _prepare(kind, labelled)
    y = np.asarray([labelled.truth[i] == labelled.truth[j] for i, j in pairs], dtype=int)
    names = {"documents": DocumentFeatures, "agreements": AgreementFeatures, "persons": PersonFeatures}[kind].names
    return X, y, list(names)


def _synthetic_documents(rng: random.Random, n: int) -> list[SourceDoc]:
    """Templated press releases: many near-alike texts that are not duplicates."""
    docs = []
    for base_id, agreement, text, _ in synthetic_agreement_bases(n, rng):
        docs.append(SourceDoc(f"synthetic/{base_id}.txt", text, {"agreements": [agreement], "persons": []}))
    return docs


def training_sets(sample: Path | list[SourceDoc] = SAMPLE_CORPUS, seed: int = SEED,
                  extra: list[SourceDoc] | None = None) -> dict[str, list[LabelledSet]]:
    """Labelled sets per kind: corpus/sample gold (the folder, or its documents), synthetic
    records, and the documents of `extra` (the training side of ../shared/corpus/train)."""
    rng = random.Random(seed)
    if isinstance(sample, list):
        sources = sample
    else:
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
    if extra:  # realistic documents weigh more than the synthetic records: several rounds of variants
        extra_parties = _all_parties(sources + extra)
        for _ in range(EXTRA_ROUNDS["agreements"]):
            sets["agreements"].append(agreement_set(gold_agreement_bases(extra), rng, extra_parties,
                                                    variants=(2, 4), negatives=(2, 3)))
        for _ in range(EXTRA_ROUNDS["persons"]):
            sets["persons"].append(person_set(gold_person_bases(extra), rng))
        sets["persons"].append(real_person_set(extra))
        for kind in ("agreements", "persons"):
            for labelled in sets[kind][2:]:
                labelled.realistic = True
    return sets


def document_folds(docs: list[SourceDoc], k: int = CV_FOLDS, seed: int = SEED,
                   group=lambda doc: doc.name) -> list[tuple[list[SourceDoc], list[SourceDoc]]]:
    """k (training, validation) splits of `docs`, a whole group of documents (by default one
    document) on one side (grouped k-fold)."""
    import hashlib

    fold = {d.name: int(hashlib.sha256(f"{seed}:fold:{group(d)}".encode()).hexdigest()[:8], 16) % k for d in docs}
    return [([d for d in docs if fold[d.name] != f], [d for d in docs if fold[d.name] == f]) for f in range(k)]


def same_agreement_group(doc: SourceDoc) -> str:
    """The annotated agreement a document tells (`same_agreements`), else the document itself:
    documents telling one agreement stay in one fold."""
    stem = doc.name.rsplit(".", 1)[0]
    same = same_agreements()
    keys = [f"{stem}#a{a}" for a in range(len(doc.gold.get("agreements") or []))]
    return min((same[key] for key in keys if key in same), default=doc.name)


def agreement_cv_folds(train_docs: list[SourceDoc], sample: Path = SAMPLE_CORPUS, k: int = CV_FOLDS,
                       seeds: tuple[int, ...] = CV_SEEDS) -> list[tuple[list[LabelledSet], list[LabelledSet]]]:
    """Grouped cross-validation sets for the agreements model. Per fold: training sets made as
    `training_sets` makes them but from the other folds' documents only; validation sets made from
    the fold's training documents exactly as the held-out sets are (`heldout_sets`, with `seeds`),
    and from the fold's `corpus/sample` documents as the benchmark makes them (one agreement told
    by several documents is one true cluster: the documents telling it are in one fold)."""
    sample_docs = load_corpus(sample) if Path(sample).is_dir() else []
    folds = []
    for (fold_train, fold_val), (sample_train, sample_val) in zip(
            document_folds(train_docs, k), document_folds(sample_docs, k, group=same_agreement_group)):
        sets = training_sets(sample_train, extra=fold_train)["agreements"]
        validation = [labelled for seed in seeds for labelled in heldout_sets(fold_val, seed)["agreements"]]
        if sample_val:
            validation += [agreement_set(gold_agreement_bases(sample_val), random.Random(seed), _all_parties(sample_val),
                                         variants=(2, 4), negatives=(2, 3), same=same_agreements()) for seed in seeds]
        folds.append((sets, validation))
    return folds


def heldout_sets(held_out: list[SourceDoc], seed: int = SEED + 2) -> dict[str, list[LabelledSet]]:
    """The evaluation sets of the held-out documents, made as the training sets are."""
    rng = random.Random(seed)
    parties = _all_parties(held_out)
    return {"agreements": [agreement_set(gold_agreement_bases(held_out), rng, parties, variants=(2, 4),
                                         negatives=(2, 3))],
            "persons": [person_set(gold_person_bases(held_out), rng), real_person_set(held_out)]}


HELDOUT_SEEDS = (SEED + 2, SEED + 3, SEED + 4, SEED + 5, SEED + 6)


def heldout_report(models: dict[str, Any], held_out: list[SourceDoc],
                   seeds: tuple[int, ...] = HELDOUT_SEEDS) -> dict[str, Any]:
    """Pairwise and B-cubed P/R/F1 of each model's clustering on the held-out documents' sets,
    generated with each of `seeds` (the held-out documents are few: one seed is noisy);
    per set the mean over seeds, the lowest and highest pairwise F1, and each seed's figures."""
    from .bench import evaluate
    from .engine import find_agreement_duplicates, find_person_duplicates

    finders = {"agreements": find_agreement_duplicates, "persons": find_person_duplicates}
    names = {"agreements": ["told by other documents + hard negatives"],
             "persons": ["name variants + namesakes", "real occurrences across documents"]}
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for seed in seeds:
        for kind, sets in heldout_sets(held_out, seed).items():
            for name, labelled in zip(names[kind], sets):
                runs.setdefault((kind, name), []).append(
                    evaluate(finders[kind](labelled.items, model=models[kind]), labelled))
    report: dict[str, Any] = {"documents": len(held_out), "seeds": list(seeds)}
    for (kind, name), results in runs.items():
        def mean(metric: str, key: str) -> float:
            return round(float(np.mean([r[metric][key] for r in results])), 4)

        f1s = [r["pairwise"]["f1"] for r in results]
        report.setdefault(kind, []).append({
            "set": name, "items": int(np.mean([r["items"] for r in results])),
            "true_pairs": int(np.mean([r["pairwise"]["true_pairs"] for r in results])),
            "pairwise": {k: mean("pairwise", k) for k in ("precision", "recall", "f1")},
            "pairwise_f1_range": [round(min(f1s), 4), round(max(f1s), 4)],
            "bcubed": {k: mean("bcubed", k) for k in ("precision", "recall", "f1")},
            "per_seed": [{"seed": seed, "pairwise": {k: round(r["pairwise"][k], 4) for k in ("precision", "recall", "f1")},
                          "bcubed": {k: round(r["bcubed"][k], 4) for k in ("precision", "recall", "f1")}}
                         for seed, r in zip(seeds, results)]})
    return report


def decision_pairs(db: str | None, kind: str, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Registrars' decisions (not undone) on `kind` pairs as training rows (X, y): the features
    stored with each decision, when they are the features this model uses."""
    from sqlalchemy import select

    from ..store import open_db
    from ..store.desk import DeskDecisionRow

    _, factory = open_db(db)
    X, y = [], []
    with factory() as session:
        for features, same in session.execute(select(DeskDecisionRow.features, DeskDecisionRow.same).where(
                DeskDecisionRow.kind == kind, DeskDecisionRow.undone.is_(False))):
            if features and features.get("names") == names:
                X.append(features["values"])
                y.append(int(bool(same)))
    return np.asarray(X, dtype=float).reshape(-1, len(names)), np.asarray(y, dtype=int)


def _prepare(kind: str, labelled: LabelledSet):
    """Candidate pairs and their features of a labelled set, as at run time."""
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
    return labelled, pairs, features.matrix(pairs), conflicts


THRESHOLDS = tuple(float(t) for t in np.round(np.arange(0.2, 0.96, 0.05), 2))


def clustering_f1(model, prepared: list) -> dict[tuple[str, float], list[float]]:
    """Pairwise F1 of each prepared set's clustering by `model`, per (method, threshold)."""
    from .clustering import cluster, labels
    from .metrics import pairwise

    out: dict[tuple[str, float], list[float]] = {}
    for labelled, pairs, X, conflicts in prepared:
        scores = model.scores(X)
        n = len(labelled.items)
        for method in ("components", "average"):
            for t in THRESHOLDS:
                predicted = labels(n, cluster(n, pairs, scores, t, method, conflicts))
                out.setdefault((method, t), []).append(pairwise(predicted, labelled.truth)["f1"])
    return out


def _best(grid: dict[tuple[str, float], list[float]]) -> tuple[float, str, float]:
    best, best_method, best_f1 = 0.5, "components", -1.0
    for method in ("components", "average"):  # (components first: it wins a tie)
        for t in THRESHOLDS:
            f1 = float(np.mean(grid[(method, t)]))
            if f1 > best_f1 + 1e-9:
                best, best_method, best_f1 = t, method, f1
    return best, best_method, best_f1


def best_threshold(kind: str, model: PairClassifier, validation: list[LabelledSet]) -> tuple[float, str, float]:
    """The clustering method and threshold with the best mean pairwise F1 of the clusterings
    of `validation` sets (generated from the same sources with another seed).
    Returns (threshold, method, F1)."""
    return _best(clustering_f1(model, [_prepare(kind, labelled) for labelled in validation]))


def _candidates(kind: str, C: float) -> list[tuple[str, float, Any]]:
    """(name, weight of realistic pairs, fit(kind, names, X, y, meta, sample_weight)) to choose from."""
    linear = (f"scikit-learn LogisticRegression (balanced classes, C={C}) on standardised features",
              lambda *a, **kw: PairClassifier.fit(*a, C=C, **kw))
    trees150 = ("scikit-learn GradientBoostingClassifier (150 trees, depth 3)", TreeClassifier.fit)
    trees300 = ("scikit-learn GradientBoostingClassifier (300 trees, depth 3)",
                lambda *a, **kw: TreeClassifier.fit(*a, n_estimators=300, **kw))
    if kind != "agreements":
        return [(name, 1.0, fit) for name, fit in (linear, trees150, trees300)]
    return [(name, w, fit) for name, fit in (linear, trees150, trees300) for w in REALISTIC_WEIGHTS]


def _label(name: str, weight: float) -> str:
    short = name.split(", C=")[0].split(" (balanced")[0].replace(", depth 3)", ")")
    return short if weight == 1.0 else f"{short}, realistic pairs x{weight:g}"


def _pairs_of(kind: str, sets: list[LabelledSet]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Features, labels, realistic-set mask and feature names of the candidate pairs of `sets`."""
    blocks = [labelled_pairs(s, kind) for s in sets]
    X = np.vstack([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    realistic = np.concatenate([np.full(len(b[1]), s.realistic) for s, b in zip(sets, blocks)])
    return X, y, realistic, blocks[0][2]


def train(kind: str, sets: list[LabelledSet], C: float = 1.0, sources: str = "",
          validation: list[LabelledSet] | None = None,
          decided: tuple[np.ndarray, np.ndarray] | None = None,
          folds: list[tuple[list[LabelledSet], list[LabelledSet]]] | None = None) -> PairClassifier | TreeClassifier:
    """Fit a logistic regression and gradient-boosted trees on the candidate pairs of `sets`
    (plus `decided`: registrars' decisions as (X, y)) and keep the one whose clustering scores best
    (each with its best threshold and method): on `folds` (grouped cross-validation: each candidate
    fitted on a fold's training sets, scored on its validation sets; agreements also try weighing
    the realistic sets' pairs more), else on `validation` sets; without either, the logistic model."""
    specs = _candidates(kind, C)
    if not folds:
        specs = [spec for spec in specs if spec[1] == 1.0]
    X_all, y_all, realistic_all, names = _pairs_of(kind, sets)
    X, y = X_all, y_all
    extra_X = extra_y = None
    if decided is not None and len(decided[1]):
        extra_X, extra_y = decided
        X, y = np.vstack([X, extra_X]), np.concatenate([y, extra_y])
    if len(set(y.tolist())) < 2:
        raise ValueError(f"{kind}: training pairs have a single class ({len(y)} pairs)")
    common: dict[str, Any] = {
        "trained_on": date.today().isoformat(),
        "pairs": int(len(y)), "positives": int(y.sum()), "negatives": int(len(y) - y.sum()),
        "items": int(sum(len(s.items) for s in sets)), "sources": sources, "seed": SEED,
        "registrar_decisions": int(len(decided[1])) if decided is not None else 0,
    }

    def fit(spec, Xs, ys, realistic, decisions: bool = False):
        name, weight, fitter = spec
        weights = np.where(realistic, weight, 1.0)
        if decisions and extra_X is not None:
            Xs, ys = np.vstack([Xs, extra_X]), np.concatenate([ys, extra_y])
            weights = np.concatenate([weights, np.ones(len(extra_y))])
        meta = dict(common, algorithm=name)
        if weight != 1.0:
            meta["realistic_pair_weight"] = weight
        return fitter(kind, names, Xs, ys, meta=meta, sample_weight=None if weight == 1.0 else weights)

    if folds:  # grouped cross-validation: choose model, weight, threshold and method on held-in documents
        prepared = [(_pairs_of(kind, fold_sets)[:3], [_prepare(kind, v) for v in fold_val]) for fold_sets, fold_val in folds]
        scored = []
        for spec in specs:
            grid: dict[tuple[str, float], list[float]] = {}
            for fold_pairs, fold_prepared in prepared:
                for key, f1s in clustering_f1(fit(spec, *fold_pairs), fold_prepared).items():
                    grid.setdefault(key, []).extend(f1s)
            threshold, method, f1 = _best(grid)
            scored.append((f1, threshold, method, spec))
        f1, threshold, method, spec = max(scored, key=lambda row: row[0])
        best = fit(spec, X_all, y_all, realistic_all, decisions=True)
        best.threshold = threshold
        best.meta["clustering"] = method
        best.meta["cv_pairwise_f1"] = round(f1, 4)
        best.meta["cv"] = (f"grouped {len(folds)}-fold cross-validation over the training documents and corpus/sample "
                           f"(validation sets made as the held-out sets and as the benchmark, {len(CV_SEEDS)} seeds per fold)")
        best.meta["cv_pairwise_f1_of_alternatives"] = {_label(s[3][0], s[3][1]): round(s[0], 4) for s in scored}
        return _finish(best, X, y)
    candidates = [fit(spec, X_all, y_all, realistic_all, decisions=True) for spec in specs]
    if not validation:
        return _finish(candidates[0], X, y)
    scored = []
    for model in candidates:
        model.threshold, model.meta["clustering"], f1 = best_threshold(kind, model, validation)
        model.meta["validation_pairwise_f1"] = round(f1, 4)
        scored.append((f1, model))
    best = max(scored, key=lambda pair: pair[0])[1]
    best.meta["validation_pairwise_f1_of_alternatives"] = {
        _label(m.meta["algorithm"], 1.0): m.meta["validation_pairwise_f1"] for _, m in scored}
    return _finish(best, X, y)


def _finish(model, X: np.ndarray, y: np.ndarray):
    predicted = model.scores(X) >= model.threshold
    tp = int((predicted & (y == 1)).sum())
    model.meta["training_precision"] = round(tp / max(1, int(predicted.sum())), 4)
    model.meta["training_recall"] = round(tp / max(1, int(y.sum())), 4)
    return model


def train_all(out_dir: Path | None = None, sample: Path = SAMPLE_CORPUS, db: str | None = None,
              shared: Path | None = SHARED_TRAIN) -> dict[str, PairClassifier]:
    """Train and save the three models; with ../shared/corpus/train, also score them on its
    held-out documents (`meta.heldout`)."""
    out_dir = out_dir or model_dir()
    train_docs, held_out = shared_train_split(shared)
    sets = training_sets(sample, extra=train_docs)
    validation = training_sets(sample, seed=SEED + 1, extra=train_docs)
    described = f"corpus/{sample.name} gold + synthetic records over the SCB municipality list"
    if train_docs:
        described += (f" + {len(train_docs)} documents of ../shared/corpus/train "
                      f"({len(held_out)} more held out by document for the held-out figures)")
    models = {}
    for kind in ("documents", "agreements", "persons"):
        decided = None
        if db is not None:
            names = {"documents": DocumentFeatures, "agreements": AgreementFeatures, "persons": PersonFeatures}[kind]
            decided = decision_pairs(db, kind, list(names.names))
        folds = agreement_cv_folds(train_docs, sample) if kind == "agreements" and train_docs else None
        models[kind] = train(kind, sets[kind], sources=described, validation=validation[kind], decided=decided,
                             folds=folds)
    if held_out:
        report = heldout_report(models, held_out)
        for kind in ("agreements", "persons"):
            models[kind].meta["heldout"] = {"documents": report["documents"], "sets": report[kind]}
    for kind, model in models.items():
        model.save(out_dir / f"{kind}.json")
    return models


if __name__ == "__main__":  # pragma: no cover
    for kind, model in train_all().items():
        print(kind, model.meta)
