"""Readers of the added NER corpora (Universal NER, SUC 3.0 subset) and the training union (own fixtures)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import DocBin

from samverkan.models.ner_datasets import (
    SUC_FILE,
    UNER_FILES,
    build_corpora,
    clean_iob,
    iob_sentences_to_docs,
    map_suc_tag,
    read_suc,
    read_uner,
    suc_split,
)

UNER_SAMPLE = (
    "# newdoc id = X1\n"
    "# sent_id = X1-0001\n"
    "# text = Anna Berg (Kils kommun) reste till Oslo.\n"
    "1\tAnna\tB-PER\t-\t-\n2\tBerg\tI-PER\t-\t-\n3\t(\tO\t-\t-\n4\tKils\tB-ORG\t-\t-\n"
    "5\tkommun\tI-ORG\t-\t-\n6\t)\tO\t-\t-\n7\treste\tO\t-\t-\n8\ttill\tO\t-\t-\n9\tOslo\tI-LOC\t-\t-\n"
    "10\t.\tO\t-\t-\n"
    "\n"
    "# sent_id = X1-0002\n"
    "# text = Det regnar.\n"
    "1-2\tDet regnar\t_\t-\t-\n1\tDet\tO\t-\t-\n2\tregnar\tO\t-\t-\n3\t.\tO\t-\t-\n"
    "\n"
)

SUC_SAMPLE = (
    "s-0001\n"
    "Per          B-person  B-PRS\nLund         I-person  I-PRS\nleder        O         O\n"
    "Lantmäteriet B-inst    B-ORG\ni            O         O\nGävle        B-place   B-LOC\n"
    "och          O         O\nläser        O         O\nRöda         B-work    B-WRK\nrummet       I-work    I-WRK\n"
    "med          O         O\nkatten       O         O\nMissan       B-animal  B-PRS\n.            O         O\n"
    "\n"
    "s-0002\n"
    "Ingen        O         O\nhär         O         O\n.            O         O\n"
    "\n"
)


def test_uner_reader_reads_tokens_tags_and_spacing(tmp_path):
    path = tmp_path / "sample.iob2"
    path.write_text(UNER_SAMPLE, encoding="utf-8")
    first, second = read_uner(path)
    assert first.id == "X1-0001" and second.words == ["Det", "regnar", "."]  # the 1-2 range line is skipped
    assert first.tags[-2] == "B-LOC"  # a stray I- after O starts an entity
    doc = iob_sentences_to_docs(spacy.blank("sv").vocab, [first, second])[0]
    assert doc.text == "Anna Berg (Kils kommun) reste till Oslo. Det regnar."  # spacing from `# text`
    assert [(e.text, e.label_) for e in doc.ents] == [("Anna Berg", "PER"), ("Kils kommun", "ORG"), ("Oslo", "LOC")]
    assert [s[0].text for s in doc.sents] == ["Anna", "Det"]


def test_clean_iob_starts_an_entity_at_a_label_change():
    assert clean_iob(["I-PER", "I-PER", "I-ORG", "O", "I-LOC"]) == ["B-PER", "I-PER", "B-ORG", "O", "B-LOC"]


def test_suc_tags_are_mapped_to_our_labels():
    assert [map_suc_tag(t) for t in ("B-inst", "I-inst", "B-person", "B-place", "B-work", "I-event",
                                     "B-other", "B-product", "B-animal", "I-myth", "O")] == [
        "B-ORG", "I-ORG", "B-PER", "B-LOC", "B-MISC", "I-MISC", "B-MISC", "B-MISC", "O", "O", "O"]


def test_suc_reader_uses_the_manual_tags(tmp_path):
    path = tmp_path / SUC_FILE
    path.write_text(SUC_SAMPLE, encoding="utf-8")
    sentences = read_suc(path)
    assert [s.id for s in sentences] == ["s-0001", "s-0002"]
    doc = iob_sentences_to_docs(spacy.blank("sv").vocab, sentences[:1])[0]
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Per Lund", "PER"), ("Lantmäteriet", "ORG"), ("Gävle", "LOC"), ("Röda rummet", "MISC")]  # animal dropped


def test_suc_reader_names_a_bad_line(tmp_path):
    path = tmp_path / SUC_FILE
    path.write_text("s-1\nOrd O O\nensam\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="s-1"):
        read_suc(path)


def _sentences(n):
    from samverkan.models.ner_datasets import IOBSentence

    return [IOBSentence(f"id-{i}", ["Ord"], [False], ["O"]) for i in range(n)]


def test_suc_split_is_seeded_disjoint_and_independent_of_order():
    sentences = _sentences(2000)
    parts = suc_split(sentences, seed=0)
    ids = {part: {s.id for s in items} for part, items in parts.items()}
    assert sum(map(len, ids.values())) == 2000 and not (ids["test"] & ids["train"]) and not (ids["dev"] & ids["train"])
    assert 340 < len(ids["test"]) < 460 and 140 < len(ids["dev"]) < 260  # 20 % / 10 %
    again = suc_split(list(reversed(sentences)), seed=0)
    assert {s.id for s in again["test"]} == ids["test"]  # by sentence id, not by position
    assert {s.id for s in suc_split(sentences, seed=1)["test"]} != ids["test"]


def test_build_corpora_keeps_test_splits_out_of_the_training_union(tmp_path):
    data = tmp_path / "data"
    web, uner, suc = data / "swedish-ner-corpus", data / "uner-swedish", data / "suc3-ner-subset"
    for folder in (web, uner, suc):
        folder.mkdir(parents=True)
    (web / "train_corpus.txt").write_text("Anna\tPER\nbor\t0\n.\t0\n\n" * 20, encoding="utf-8")
    (web / "test_corpus.txt").write_text("Kil\tLOC\n.\t0\n\n", encoding="utf-8")
    for filename in UNER_FILES.values():
        (uner / filename).write_text(UNER_SAMPLE, encoding="utf-8")
    (suc / SUC_FILE).write_text("".join(SUC_SAMPLE.replace("s-0001", f"a{i}").replace("s-0002", f"b{i}")
                                        for i in range(30)), encoding="utf-8")
    paths = build_corpora(data, tmp_path / "out", sents_per_doc=1, dev_fraction=0.1, seed=2)
    vocab = spacy.blank("sv").vocab

    def count(name):
        return len(list(DocBin().from_disk(paths[name]).get_docs(vocab)))

    assert count("train") == count("webbnyheter_train") + count("uner_train") + count("suc_train")
    assert count("dev") == count("webbnyheter_dev") + count("uner_dev") + count("suc_dev")
    assert count("suc_train") + count("suc_dev") + count("suc_test") == 60 and count("suc_test") > 0
    assert count("webbnyheter_test") == 1 and count("uner_pud_test") == 2
    again = build_corpora(data, tmp_path / "again", sents_per_doc=1, dev_fraction=0.1, seed=2)
    assert again["suc_test"].read_bytes() == paths["suc_test"].read_bytes()


def test_build_corpora_names_a_missing_corpus(tmp_path):
    with pytest.raises(FileNotFoundError, match="train_corpus.txt"):
        build_corpora(tmp_path, tmp_path / "out")


def test_score_ner_can_leave_out_labels_a_corpus_does_not_annotate(tmp_path):
    from samverkan.models.ner_corpus import write_docbin
    from samverkan.models.ner_evaluate import score_ner

    nlp = spacy.blank("sv")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Anna"}, {"label": "MISC", "pattern": "Volvo"}])
    gold = nlp.make_doc("Anna köpte en Volvo")
    gold.ents = [gold.char_span(0, 4, label="PER")]
    path = write_docbin([gold], tmp_path / "gold.spacy")
    assert score_ner(nlp, path)["ents_p"] == 0.5  # the MISC guess counts against precision
    only = score_ner(nlp, path, labels=("PER", "ORG", "LOC"))
    assert only["ents_p"] == 1.0 and set(only["per_type"]) == {"PER"} and only["n_gold_per_type"] == {"PER": 1}
