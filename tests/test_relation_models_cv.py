"""The relation models' model card claims, recomputed: grouped cross-validation on ../shared/corpus/train.

Nothing is read from a stored result: the pipeline runs over the training documents, the
folds (grouped by document, seeded) are trained and decided again, and the scores must equal
the ones the shipped `models/relations/scores.json` (and MODEL_CARD.md) state. The final
models trained on all documents must equal the shipped weights (the training is seeded).
"""
from __future__ import annotations

import json

import pytest

from conftest import REPO
from samverkan.extractors.relation_models import MODEL_KINDS, default_model_dir
from samverkan.models.train_relations import train

FIELDS = ("municipalities", "persons", "affiliations", "titles", "parties", "signatories", "agreements", "dates")



def shared_or_skip():
    from conftest import SHARED
    if not (SHARED / "corpus" / "train").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="module")
def retrained(tmp_path_factory):
    shared_dir = shared_or_skip()
    shipped = json.loads((default_model_dir() / "scores.json").read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("relations")
    also = [REPO / folder for folder in shipped["also"]]
    result = train(shared_dir / "corpus" / "train", out, folds=shipped["folds"], seed=shipped["seed"], also=also)
    return shipped, result, out


@pytest.mark.slow
def test_cross_validated_scores_are_the_ones_the_model_card_claims(retrained):
    shipped, result, _ = retrained
    for field in FIELDS:
        assert result["cross_validated"][field]["f1"] == pytest.approx(shipped["cross_validated"][field]["f1"], abs=0.005), field
    card = (default_model_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
    for field in ("signatories", "agreements", "affiliations", "titles", "parties"):
        assert f"{shipped['cross_validated'][field]['f1']:.3f}" in card, field


@pytest.mark.slow
def test_models_beat_the_rules_they_replace_under_cross_validation(retrained):
    """The trained decisions, on documents they never saw, against the rule answers."""
    _, result, _ = retrained
    cv, rules = result["cross_validated"], result["rules_only"]
    for field in ("affiliations", "signatories"):
        assert cv[field]["f1"] > rules[field]["f1"] + 0.05, (field, cv[field], rules[field])
    for field in ("titles", "parties"):
        assert cv[field]["f1"] > rules[field]["f1"], (field, cv[field], rules[field])


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_weights(retrained):
    _, _, out = retrained
    for kind in MODEL_KINDS:
        new = json.loads((out / f"{kind}.json").read_text(encoding="utf-8"))
        old = json.loads((default_model_dir() / f"{kind}.json").read_text(encoding="utf-8"))
        assert new["features"] == old["features"]
        assert new["threshold"] == old["threshold"]
        assert new["weights"] == pytest.approx(old["weights"], abs=1e-3)


def test_leaving_a_batch_out_trains_on_no_document_of_that_batch(monkeypatch):
    """`--by-batch`: each batch (file-name prefix, "mA" of "mA-002") is decided by models trained
    on the other batches and the `extra` documents only; every document is decided once."""
    from samverkan.models import train_relations as tr

    docs = [{"stem": s, "gold": {}} for s in ("aE-001", "aE-002", "mA-001", "nD-001", "nD-002")]
    extra = [{"stem": "sample-1", "gold": {}}]
    trained_on: list[set[str]] = []
    decided: list[str] = []

    def fake_train(train, scorer, seed):
        trained_on.append({d["stem"] for d in train})
        return {"trained_on": trained_on[-1]}

    def fake_decide(test, models):
        assert not {tr.batch_of(d["stem"]) for d in test} & {tr.batch_of(s) for s in models["trained_on"]}
        decided.extend(d["stem"] for d in test)
        return [{"stem": d["stem"]} for d in test]

    class Scorer:
        def score(self, gold, pred):
            return {"documents": {"f1": len(pred) / len(gold)}}, None

    monkeypatch.setattr(tr, "train_models", fake_train)
    monkeypatch.setattr(tr, "decide_records", fake_decide)
    result = tr.cross_validate_by_batch(docs, Scorer(), 0, extra)
    assert sorted(decided) == sorted(d["stem"] for d in docs)
    assert trained_on == [{"mA-001", "nD-001", "nD-002", "sample-1"}, {"aE-001", "aE-002", "nD-001", "nD-002", "sample-1"},
                          {"aE-001", "aE-002", "mA-001", "sample-1"}]
    assert set(result["batches"]) == {"aE", "mA", "nD"} and result["all"]["documents"]["f1"] == 1.0
