"""The scorer on ../shared/corpus/dev and seeds with the bounds the extraction has to meet."""
from __future__ import annotations

import importlib.util
import json

import pytest

from samverkan.extract import extract_many, strip_spans
from samverkan.ingest import read_file

# The F1 bounds of the extraction brief (all met on dev and seeds; see extractors/SCORES.md).
BOUNDS = {"municipalities": 0.95, "persons": 0.92, "affiliations": 0.85, "titles": 0.80,
          "parties": 0.90, "dates": 0.95, "signatories": 0.80, "agreements": 0.60}
DEV_BOUNDS = SEEDS_BOUNDS = BOUNDS


def _score(shared_dir, folder, tmp_path):
    spec = importlib.util.spec_from_file_location("score", shared_dir / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold_dir = shared_dir / "corpus" / folder if isinstance(folder, str) else folder
    docs = [read_file(p) for p in sorted(gold_dir.iterdir()) if p.suffix != ".json"]
    preds = tmp_path / "preds.jsonl"
    recs = list(extract_many(docs))
    preds.write_text("".join(json.dumps(strip_spans(r), ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    result, missing = score.score(score.load_gold(gold_dir), score.load_pred(preds))
    assert not missing
    gold = score.load_gold(gold_dir)
    by_stem = {score.Path(r["source"]).stem: r for r in recs}
    for stem, g in gold.items():  # foreign documents carry no entity
        if g["kind"] == "foreign":
            r = by_stem[stem]
            assert r["kind"] == "foreign"
            assert all(not r[f] for f in ("municipalities", "regions", "persons", "agreements", "dates"))
    return result


@pytest.mark.slow
def test_dev_scores(shared_dir, tmp_path):
    result = _score(shared_dir, "dev", tmp_path)
    low = {f: result[f]["f1"] for f, b in DEV_BOUNDS.items() if result[f]["f1"] < b}
    assert not low, low


@pytest.mark.slow
def test_seeds_scores(shared_dir, tmp_path):
    result = _score(shared_dir, "seeds", tmp_path)
    low = {f: result[f]["f1"] for f, b in SEEDS_BOUNDS.items() if result[f]["f1"] < b}
    assert not low, low


@pytest.mark.slow
def test_sample_corpus_scores(shared_dir, sample_corpus, tmp_path):
    """The bundled sample (txt, md, html, pdf, docx) with its gold: the same bounds."""
    result = _score(shared_dir, sample_corpus, tmp_path)
    low = {f: result[f]["f1"] for f, b in BOUNDS.items() if result[f]["f1"] < b}
    assert not low, low
