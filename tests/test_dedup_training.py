"""Training of the agreements classifier: grouped cross-validation over documents chooses the model,
the weight of realistic pairs, the threshold and the clustering."""
from __future__ import annotations

import random

from samverkan.dedup.benchgen import SourceDoc, agreement_set, synthetic_agreement_bases
from samverkan.dedup.training import THRESHOLDS, document_folds, split_documents, train


def _docs(n):
    return [SourceDoc(f"corpus/doc{k}.txt", "", {"agreements": [], "persons": []}) for k in range(n)]


def test_document_folds_keep_each_document_on_one_side():
    docs = _docs(40)
    folds = document_folds(docs, 4)
    assert len(folds) == 4
    validation_names = [d.name for _, val in folds for d in val]
    assert sorted(validation_names) == sorted(d.name for d in docs)  # each document validates exactly once
    for fold_train, fold_val in folds:
        assert fold_val and not {d.name for d in fold_train} & {d.name for d in fold_val}
    training, held_out = split_documents(docs)
    assert held_out and not {d.name for d in training} & {d.name for d in held_out}


def test_cross_validation_chooses_among_models_weights_and_thresholds():
    rng = random.Random(5)

    def labelled(n, realistic=False):
        s = agreement_set(synthetic_agreement_bases(n, rng), rng, [], variants=(1, 3), negatives=(1, 2))
        s.realistic = realistic
        return s

    sets = [labelled(60), labelled(40, realistic=True)]
    folds = [([labelled(50), labelled(30, realistic=True)], [labelled(25)]) for _ in range(2)]
    model = train("agreements", sets, folds=folds)
    assert model.threshold in THRESHOLDS and model.meta["clustering"] in ("components", "average")
    alternatives = model.meta["cv_pairwise_f1_of_alternatives"]
    assert len(alternatives) == 6 and any("realistic pairs x3" in name for name in alternatives)
    assert model.meta["cv_pairwise_f1"] == max(alternatives.values())
    assert 0.5 < model.meta["cv_pairwise_f1"] <= 1.0


def test_sample_documents_telling_one_agreement_share_a_fold():
    from samverkan.dedup.benchgen import load_corpus, same_agreements
    from samverkan.dedup.training import SAMPLE_CORPUS, same_agreement_group

    docs = load_corpus(SAMPLE_CORPUS)
    told = {}
    for key, identity in same_agreements().items():
        told.setdefault(identity, set()).add(key.split("#")[0])
    for _, fold_val in document_folds(docs, 4, group=same_agreement_group):
        stems = {d.name.rsplit(".", 1)[0] for d in fold_val}
        for identity, documents in told.items():
            assert documents <= stems or not documents & stems, identity  # all in this fold or none
