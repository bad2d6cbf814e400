"""Score a spaCy NER pipeline on a DocBin file: per-label P/R/F1 and throughput (words/s)."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.training import Corpus


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def score_ner(nlp: Language, docbin_path: Path | str, labels: Iterable[str] | None = None) -> dict:
    """Entity P/R/F1 (overall and per label) of `nlp` on the gold docs in `docbin_path`.

    The text of each gold doc is re-tokenized by the pipeline's own tokenizer (as in real
    use); gold entities are aligned to those tokens by spaCy's Example alignment. With
    `labels`, predictions of other labels are left out before scoring (for a corpus that does
    not annotate them, e.g. MISC in Universal NER).
    """
    examples = list(Corpus(str(docbin_path))(nlp))
    for example, doc in zip(examples, nlp.pipe((eg.predicted for eg in examples), batch_size=64)):
        if labels is not None:
            doc.ents = [ent for ent in doc.ents if ent.label_ in set(labels)]
        example.predicted = doc
    scores = get_ner_prf(examples)
    per_type = {
        label: {"p": _round(s["p"]), "r": _round(s["r"]), "f": _round(s["f"])}
        for label, s in sorted((scores.get("ents_per_type") or {}).items())
    }
    return {
        "ents_p": _round(scores["ents_p"]),
        "ents_r": _round(scores["ents_r"]),
        "ents_f": _round(scores["ents_f"]),
        "per_type": per_type,
        "n_docs": len(examples),
        "n_words": sum(len(eg.reference) for eg in examples),
        "n_entities": sum(len(eg.reference.ents) for eg in examples),
        "n_gold_per_type": dict(sorted(Counter(e.label_ for eg in examples for e in eg.reference.ents).items())),
    }


def score_test_sets(nlp: Language, paths: dict[str, Path]) -> dict[str, dict]:
    """`score_ner` on every test split of `TEST_SETS` present in `paths`, each with its labels."""
    from .ner_datasets import TEST_SETS

    return {name: {"corpus": title, **score_ner(nlp, paths[name], labels)}
            for name, (title, labels) in TEST_SETS.items() if name in paths}


def words_per_second(nlp: Language, texts: list[str], batch_size: int = 64, repeats: int = 2) -> float:
    """Best-of-`repeats` throughput of `nlp.pipe` over `texts`, in tokens per second."""
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        n_words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
        elapsed = time.perf_counter() - start
        best = max(best, n_words / elapsed if elapsed else 0.0)
    return round(best)


def docbin_texts(nlp: Language, docbin_path: Path | str) -> list[str]:
    return [eg.reference.text for eg in Corpus(str(docbin_path))(nlp)]
