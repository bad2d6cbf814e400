"""The signing-event sentence classifier, measured against the cue rule the pipeline uses.

    python -m samverkan.models.signing_events ../shared/corpus/train [--folds 5] [--seeds 5]

What a sentence says of the signing of an agreement (the issue's signing-event classifier):

    signed      the agreement was signed or entered, or is being signed as the text is written
    will sign   a signing planned, scheduled, proposed, or someone authorised to sign
    decided     a decision or approval of the agreement, no signing stated
    mentioned   anything else (its content, that it exists, a negated or conditional signing)

Data: our own labels (`signing_events/labels.csv`: document, character span, a hash of the
sentence, label; no text) of 323 sentences of `../shared/corpus/train` (its 320 candidate sentences
and three an earlier selection also offered), labelled by meaning with `signing_events/GUIDE.md`.
Nothing is ever stored: every run fits and scores again. A candidate sentence holds a signing cue
(`extractors/data/signing_cues.csv`) or an agreement or signing word stem
(`signing_events/stems.txt`). Features: the signing cue classes, the grammatical cues of
`signing_events/cues.csv` (future, perfect, today, decision, proposal, authorisation, negation,
condition, reference), the sentence's words by their first six letters ("tecknade", "tecknat"
-> "teckna") and the document kind. Model: a multinomial logistic regression (scikit-learn,
class-balanced, C=1).

Prints, on grouped cross-validation (folds by document, several seeds), per-label precision,
recall and F1 and the macro F1 of the classifier next to the cue rule
(`relation_models.signing_event`: done or present cues sign, then planned, then decided; no
cue is a mention). The model card (`models/relations/MODEL_CARD.md`) says why the pipeline
does not use the classifier yet.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from samverkan.extractors.kind import classify
from samverkan.extractors.relation_features import (_sentences, cue_class_patterns, kind_features, signing_cue_starts,
                                                     signing_cues)
from samverkan.extractors.relation_models import signing_event

DATA = Path(__file__).resolve().parent / "signing_events"
LABELS = ("signed", "will sign", "decided", "mentioned")
WORD = re.compile(r"[^\W\d_]+")
PREFIX = 6


@lru_cache(maxsize=1)
def event_cues() -> dict[str, re.Pattern]:
    """cue class -> whole-word pattern, from `signing_events/cues.csv` (columns: cue, class)."""
    return cue_class_patterns(DATA / "cues.csv", literal=True)


@lru_cache(maxsize=1)
def stems() -> re.Pattern:
    words = [w.strip() for w in (DATA / "stems.txt").read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)


def candidate_sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of the sentences of `text` that name a signing or an agreement."""
    bounds = _sentences(text) + [len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:])
            if stems().search(text, a, b) or any(rx.search(text, a, b) for rx in signing_cues().values())]


def features(text: str, a: int, b: int, kind: str | None) -> dict[str, float]:
    """The features of the sentence text[a:b]."""
    sentence = text[a:b]
    f: dict[str, float] = {}
    for c in signing_cues():  # as the pipeline reads them (a signing verb inside a plan is the plan's)
        f[f"sign_{c}"] = float(bool(signing_cue_starts(text, c, a, b)))
    f["stem"] = float(stems().search(text, a, b) is not None)
    for c, rx in event_cues().items():
        f[f"cue_{c}"] = float(rx.search(text, a, b) is not None)
    words = WORD.findall(sentence)
    f["question"] = float(sentence.rstrip().endswith("?"))
    f["short"] = float(len(words) < 6)
    f["n_words_log"] = math.log1p(len(words)) / 5
    for w in words:
        f["w_" + w[:PREFIX].lower()] = 1.0
    f.update(kind_features(kind))
    return f


def rule_event(f: dict[str, float]) -> str:
    """The pipeline's cue rule (`relation_models.signing_event`) on one sentence; a sentence with no
    cue of its classes is a mention."""
    cues = {f"sent_{c}": f.get(f"sign_{c}", 0.0) for c in ("done", "present", "planned", "decided")}
    return signing_event(cues) if any(cues.values()) else "mentioned"


def labelled(corpus: Path, labels: Path = DATA / "labels.csv") -> list[tuple[str, dict[str, float], str]]:
    """(document, features, label) of every labelled sentence whose text is still the one labelled
    (the hash in the labels file); a changed text raises."""
    out = []
    docs: dict[str, tuple[str, str | None]] = {}  # stem -> (text, kind), read and classified once
    with open(labels, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            stem, a, b = r["stem"], int(r["start"]), int(r["end"])
            if stem not in docs:
                text = (corpus / f"{stem}.txt").read_text(encoding="utf-8")
                docs[stem] = (text, classify(text, None))
            text, kind = docs[stem]
            if hashlib.sha1(text[a:b].encode("utf-8")).hexdigest()[:len(r["sha1"])] != r["sha1"]:
                raise ValueError(f"{stem} {a}-{b}: the text is not the one labelled")
            out.append((stem, features(text, a, b, kind), r["label"]))
    return out


def report(gold: list[str], said: list[str]) -> dict[str, Any]:
    """Per-label precision, recall, F1 and support; macro F1; accuracy."""
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    p, r, f1, support = precision_recall_fscore_support(gold, said, labels=list(LABELS), zero_division=0)
    out: dict[str, Any] = {lab: {"precision": round(float(p[i]), 3), "recall": round(float(r[i]), 3),
                                 "f1": round(float(f1[i]), 3), "support": int(support[i])}
                           for i, lab in enumerate(LABELS)}
    out["macro_f1"] = round(sum(out[lab]["f1"] for lab in LABELS) / len(LABELS), 3)
    out["accuracy"] = round(float(accuracy_score(gold, said)), 3)
    return out


def cross_validate(examples: list[tuple[str, dict[str, float], str]], folds: int, seed: int) -> list[str]:
    """The label each sentence gets from a classifier fitted on the other folds' documents."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from samverkan.models.train_relations import folds_of

    said = [""] * len(examples)
    for fold in folds_of(list({s for s, _, _ in examples}), folds, seed):
        held = set(fold)
        train = [(f, y) for s, f, y in examples if s not in held]
        vec = DictVectorizer()
        clf = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced", random_state=seed)
        clf.fit(vec.fit_transform([f for f, _ in train]), [y for _, y in train])
        idx = [i for i, (s, _, _) in enumerate(examples) if s in held]
        for i, y in zip(idx, clf.predict(vec.transform([examples[i][1] for i in idx]))):
            said[i] = str(y)
    return said


def evaluate(corpus: Path, folds: int = 5, seeds: int = 5) -> dict[str, Any]:
    """The classifier's mean scores over `seeds` seeds of grouped k-fold, and the cue rule's."""
    examples = labelled(corpus)
    gold = [y for _, _, y in examples]
    runs = [report(gold, cross_validate(examples, folds, seed)) for seed in range(seeds)]
    mean = {lab: {k: round(sum(r[lab][k] for r in runs) / seeds, 3) for k in ("precision", "recall", "f1")} for lab in LABELS}
    mean.update({k: round(sum(r[k] for r in runs) / seeds, 3) for k in ("macro_f1", "accuracy")})
    return {"sentences": len(examples), "labels": {lab: gold.count(lab) for lab in LABELS}, "folds": folds, "seeds": seeds,
            "classifier": mean, "cue_rule": report(gold, [rule_event(f) for _, f, _ in examples])}


@click.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--folds", default=5, show_default=True)
@click.option("--seeds", default=5, show_default=True)
def main(corpus: Path, folds: int, seeds: int) -> None:
    click.echo(json.dumps(evaluate(corpus, folds, seeds), indent=1))


if __name__ == "__main__":
    main()
