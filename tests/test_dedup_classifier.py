"""The shipped pair classifiers: load, score, and explain every score by its features."""
from __future__ import annotations

import numpy as np
import pytest

from samverkan.dedup.classifier import PairClassifier, TreeClassifier, load_model
from samverkan.dedup.clustering import average_link, connected_components
from samverkan.dedup.engine import find_agreement_duplicates, find_person_duplicates
from samverkan.dedup.explain import contribution_table, reasons
from samverkan.dedup.features import AgreementFeatures
from samverkan.dedup.metrics import bcubed, pairwise
from samverkan.dedup.records import AgreementRecord, PersonRecord


@pytest.mark.parametrize("kind", ["documents", "agreements", "persons"])
def test_shipped_models_load_and_contributions_add_up(kind):
    model = load_model(kind)
    assert model.kind == kind and model.features
    assert model.meta["pairs"] > 0 and 0 < model.threshold < 1
    X = np.random.default_rng(0).random((6, len(model.features)))
    logits = model.contributions(X).sum(axis=1) + model.baseline
    assert np.allclose(1 / (1 + np.exp(-logits)), model.scores(X))


def test_agreement_duplicates_scored_and_explained():
    parties = ["Eslöv", "Hörby", "Höör", "Lund", "Sjöbo"]
    records = [
        AgreementRecord("a", "avsiktsförklaring", "Avsiktsförklaring om samverkan", "2024-04-17", parties, ["Ove Ring"]),
        AgreementRecord("b", "avsiktsförklaring", None, "2024-04", list(reversed(parties)), ["Ove Ring"]),
        AgreementRecord("c", "ramavtal", "Ramavtal om kollektivtrafik", "2019-05-02", parties[:2], []),
    ]
    result = find_agreement_duplicates(records)
    assert [c.members for c in result.clusters] == [["a", "b"]]
    cluster = result.clusters[0]
    assert cluster.score >= load_model("agreements").threshold
    assert any("same parties (5/5)" == r for r in cluster.reasons)
    assert 1 <= len(cluster.reasons) <= 3


def test_reasons_for_a_non_duplicate_name_what_differs():
    model = load_model("agreements")
    records = [AgreementRecord(1, "avsiktsförklaring", None, "2016-08-10", ["Arboga", "Köping"], []),
               AgreementRecord(2, "förbundsordning", None, "2022-01-01", ["Arboga", "Köping"], [])]
    features = AgreementFeatures(records)
    x = features.matrix(np.array([[0, 1]]))[0]
    assert model.scores(x.reshape(1, -1))[0] < model.threshold
    why = reasons(model, features, 0, 1, x)
    assert any("types conflict" in r or "dates differ" in r for r in why), why
    table = contribution_table(model, x)
    assert abs(table[0][2]) >= abs(table[-1][2])


def test_person_namesakes_in_other_places_stay_apart():
    records = [
        PersonRecord(1, "Erik Lindström", ["kommundirektör"], ["Kil"], [], "2024-03-12", "2024-03-12"),
        PersonRecord(2, "Erik Lindström", ["kommunstyrelsens ordförande"], ["Laholm"], ["C"], "2024-07-04", "2024-07-04"),
        PersonRecord(3, "E. Lindström", ["kommunstyrelsens ordförande"], ["Laholm"], ["C"], "2024-07-04", "2024-07-04"),
    ]
    result = find_person_duplicates(records)
    assert [c.members for c in result.clusters] == [[2, 3]]


def test_average_link_does_not_chain_through_one_weak_link():
    pairs = np.array([[0, 1], [1, 2], [0, 2], [2, 3]])
    scores = np.array([0.99, 0.95, 0.97, 0.6])
    assert [c.members for c in connected_components(4, pairs, scores, 0.5)] == [[0, 1, 2, 3]]
    assert [c.members for c in average_link(4, pairs, scores, 0.7)] == [[0, 1, 2]]


def test_metrics():
    truth = ["a", "a", "b", "b", "c"]
    assert pairwise(truth, truth)["f1"] == 1.0 and bcubed(truth, truth)["f1"] == 1.0
    predicted = [1, 1, 1, 2, 3]
    pw = pairwise(predicted, truth)
    assert pw["precision"] == pytest.approx(1 / 3) and pw["recall"] == pytest.approx(1 / 2)


def test_model_roundtrip(tmp_path):
    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.9, 0.1], [0.1, 0.8]] * 5)
    y = np.array([0, 1, 1, 0] * 5)
    model = PairClassifier.fit("agreements", ["f1", "f2"], X, y)
    model.save(tmp_path / "m.json")
    again = PairClassifier.load(tmp_path / "m.json")
    assert np.allclose(again.scores(X), model.scores(X))
    assert again.scores(np.array([[1.0, 0.0]]))[0] > 0.5 > again.scores(np.array([[0.0, 1.0]]))[0]


def test_tree_model_roundtrip_and_explanations(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.random((400, 3))
    y = (X[:, 0] > 0.5).astype(int)
    model = TreeClassifier.fit("persons", ["a", "b", "c"], X, y, n_estimators=20)
    model.save(tmp_path / "persons.json")
    again = load_model("persons", tmp_path)
    assert isinstance(again, TreeClassifier)
    assert np.allclose(again.scores(X), model.scores(X))
    contributions = again.contributions(X[:10])
    assert np.allclose(1 / (1 + np.exp(-(contributions.sum(axis=1) + again.baseline))), again.scores(X[:10]))
    assert np.abs(contributions[:, 0]).mean() > 5 * np.abs(contributions[:, 1:]).mean()  # "a" decides


def test_agreement_features_of_the_texts_and_documents():
    quoted = "Avtalet ger kommunerna en gemensam räddningstjänst med en ledningscentral från och med nästa år."
    records = [
        AgreementRecord(0, "avtal", None, None, [], [], f"Nyheter. {quoted} Läs mer om Kil och Grums.", documents=["d1"]),
        AgreementRecord(1, "avsiktsförklaring", None, None, ["Kil", "Grums"], [], f"Pressmeddelande. {quoted}", documents=["d2"]),
        AgreementRecord(2, "ramavtal", None, None, ["Kil", "Arvika"], [], "Kil och Arvika tecknar ramavtal om IT-drift.",
                        documents=["d1"]),
    ]
    features = AgreementFeatures(records)
    rows = {name: column for name, column in zip(features.names, features.matrix(np.array([[0, 1], [0, 2], [1, 2]])).T)}
    assert rows["shared_passages"][0] > 0.5 and rows["shared_passages"][1] == 0.0
    # (0, 2): Arvika is not named in record 0's text; (1, 2): record 1's text names neither Kil nor Arvika
    assert rows["parties_in_text"].tolist() == [1.0, 0.5, 0.0]
    assert rows["same_document"].tolist() == [0.0, 1.0, 0.0]
    assert rows["type_compatible"].tolist() == [1.0, 1.0, 0.0] and rows["both_undated"].tolist() == [1.0, 1.0, 1.0]
    assert features.conflicts([0], [2]) and not features.conflicts([0], [1])


def test_two_agreements_extracted_from_one_document_are_never_joined():
    parties = ["Eslöv", "Hörby", "Höör", "Lund", "Sjöbo"]
    text = "Kommunerna i Skåne tecknar två avsiktsförklaringar om samverkan."
    records = [AgreementRecord(k, "avsiktsförklaring", "Avsiktsförklaring om samverkan", "2024-04-17", parties,
                               ["Ove Ring"], text, documents=[doc]) for k, doc in enumerate(["d1", "d1", "d2"])]
    clusters = [set(c.members) for c in find_agreement_duplicates(records).clusters]
    assert not any({0, 1} <= c for c in clusters)
    assert any(2 in c and len(c) == 2 for c in clusters)  # the other document's report joins one of them
    # without document ids (unknown), the three identical records are one agreement
    unknown = [AgreementRecord(r.id, r.type, r.title, r.date, r.parties, r.signatories, r.text) for r in records]
    assert [sorted(c.members) for c in find_agreement_duplicates(unknown).clusters] == [[0, 1, 2]]
