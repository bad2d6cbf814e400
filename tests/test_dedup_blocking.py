"""Blocking compares candidates only: never all pairs, and true duplicates are among them."""
from __future__ import annotations

import random

from samverkan.dedup.benchgen import agreement_set, person_set, synthetic_agreement_bases, synthetic_person_bases
from samverkan.dedup.blocking import (agreement_pairs, key_pairs, lsh_pairs, named_parties, party_mention_pairs,
                                      person_pairs)
from samverkan.dedup.records import AgreementRecord, PersonRecord
from samverkan.dedup.text import char_shingles, normalise


def _recall(pairs, truth):
    found = {tuple(p) for p in pairs.tolist()}
    true = {(i, j) for i in range(len(truth)) for j in range(i + 1, len(truth)) if truth[i] == truth[j]}
    return len(found & true) / len(true)


def test_agreement_blocking_is_far_from_all_pairs_and_keeps_duplicates():
    rng = random.Random(3)
    labelled = agreement_set(synthetic_agreement_bases(600, rng), rng, [])
    pairs, stats = agreement_pairs(labelled.items)
    assert stats.candidate_pairs == len(pairs) < stats.all_pairs / 20
    assert all(i < j for i, j in pairs.tolist())
    assert _recall(pairs, labelled.truth) > 0.95


def test_person_blocking_on_surname_and_initial():
    rng = random.Random(4)
    labelled = person_set(synthetic_person_bases(800, rng), rng)
    pairs, stats = person_pairs(labelled.items)
    assert stats.candidate_pairs < stats.all_pairs / 50
    assert _recall(pairs, labelled.truth) > 0.85
    a, b = PersonRecord(1, "Per-Olof Svensson"), PersonRecord(2, "Svensson, P.")
    c = PersonRecord(3, "Karin Sjöberg")
    found = {tuple(p) for p in person_pairs([a, b, c])[0].tolist()}
    assert found == {(0, 1)}


def test_oversized_blocks_are_refined_then_skipped_not_compared_all_to_all():
    keys = [["same"] for _ in range(50)]
    pairs, stats = key_pairs(keys, max_block=10, refiners=[lambda i: i % 10])
    assert stats.skipped_blocks == 0 and len(pairs) == 10 * 10  # 10 sub-blocks of 5: 10 pairs each
    pairs, stats = key_pairs(keys, max_block=10)
    assert len(pairs) == 0 and stats.skipped_blocks == 1


def test_document_lsh_pairs_only_similar_texts(sample_corpus):
    from samverkan.dedup.benchgen import load_corpus
    from samverkan.dedup.variants import ocr_noise, rewrap

    texts = [doc.text for doc in load_corpus(sample_corpus)]
    assert len(texts) >= 8
    texts.append(ocr_noise(rewrap(texts[0], random.Random(1)), random.Random(2), 0.03))
    pairs, stats = lsh_pairs([char_shingles(normalise(t), 7) for t in texts])
    assert (0, len(texts) - 1) in {tuple(p) for p in pairs.tolist()}
    assert stats.candidate_pairs < stats.all_pairs / 4


def test_agreement_keys_need_no_shared_party_for_shared_signatory():
    a = AgreementRecord(1, "avsiktsförklaring", None, "2024-03-28", [], ["Anna Berg"])
    b = AgreementRecord(2, "avsiktsförklaring", None, "2024-03", ["Kil", "Grums"], ["Anna Berg"])
    c = AgreementRecord(3, "ramavtal", None, None, ["Laholm", "Båstad"], ["Erik Ek"])
    assert {tuple(p) for p in agreement_pairs([a, b, c])[0].tolist()} == {(0, 1)}


def test_partyless_record_meets_the_records_whose_parties_its_text_names():
    text = "Avtalet mellan Övertorneå kommun och Haparanda stad skrevs under i Haparanda i går."
    mention = AgreementRecord("mention", "samverkansavtal", None, None, [], [], text)
    named = AgreementRecord("named", "samverkansavtal", None, None, ["Övertorneå", "Haparanda"], [], "Pressmeddelande.")
    half = AgreementRecord("half", "samverkansavtal", None, None, ["Kalix", "Haparanda"], [], "Pressmeddelande.")
    far = AgreementRecord("far", "samverkansavtal", None, "2010", ["Övertorneå", "Haparanda"], [], "Pressmeddelande.")
    dated = AgreementRecord("dated", "samverkansavtal", None, "2014-05", [], [], text)
    pairs = {tuple(p) for p in party_mention_pairs([mention, named, half, far, dated]).tolist()}
    # "half": Kalix is not named; "far" only for the undated mention (2010 is years from 2014-05)
    assert pairs == {(0, 1), (0, 3), (1, 4)}
    assert {(0, 1), (0, 3)} <= {tuple(p) for p in agreement_pairs([mention, named, half, far, dated])[0].tolist()}


def test_named_parties_are_whole_words_without_diacritics():
    vocabulary = {"overtornea", "region skane", "lund"}
    assert named_parties("Region Skåne och Övertorneå; Lunds universitet", vocabulary) == {"region skane", "overtornea"}
