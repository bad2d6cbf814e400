"""A text longer than the NER's limit is extracted in windows: the merged record has the same
entities as the windows extracted one by one, at offsets into the whole text."""
from __future__ import annotations

import pytest

from samverkan.windows import RecordMerger, shift, split, window_size

PARAGRAPHS = [
    "Kommunstyrelsen i Kils kommun sammanträdde den 12 mars 2024. Ordförande Anna Bergqvist (S) "
    "öppnade mötet och kommunchef Lars Holmén redogjorde för budgeten.",
    "Grums kommun och Kils kommun har tecknat ett samverkansavtal om gemensam överförmyndarnämnd. "
    "Avtalet undertecknades av Anna Bergqvist (S), kommunstyrelsens ordförande i Kils kommun, "
    "och Mats Ekdahl (M), kommunstyrelsens ordförande i Grums kommun.",
    "Forshaga kommun deltar i arbetet från den 1 juni 2024. Kommundirektör Karin Sjöholm "
    "i Forshaga kommun leder styrgruppen tillsammans med Lars Holmén.",
    "Region Värmland följer samarbetet. Nästa möte hålls i Karlstad den 3 september 2024.",
]


def test_windows_cover_the_text_and_end_at_paragraphs():
    text = "\n\n".join(PARAGRAPHS * 5)
    windows = split(text, 600)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:]))  # no gap, no overlap
    assert all(0 < end - start <= 600 for start, end in windows)
    assert all(text[end - 2:end] == "\n\n" for _, end in windows[:-1])


def test_a_window_without_any_boundary_is_cut_hard():
    assert split("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_shift_moves_every_span():
    rec = {"persons": [{"name": "A", "spans": [[1, 2]], "roles": [{"title": "t", "span": [3, 9]}]}],
           "agreements": [{"type": "avtal", "spans": [[4, 5]], "signatories": [{"name": "A", "span": [6, 7]}]}],
           "mentions": [{"label": "PERSON", "start": 1, "end": 2, "text": "A"}], "dates": ["2024-01-01"]}
    moved = shift(rec, 100)
    assert moved["persons"][0]["spans"] == [[101, 102]] and moved["persons"][0]["roles"][0]["span"] == [103, 109]
    assert moved["agreements"][0]["spans"] == [[104, 105]]
    assert moved["agreements"][0]["signatories"][0]["span"] == [106, 107]
    assert (moved["mentions"][0]["start"], moved["mentions"][0]["end"]) == (101, 102)
    assert moved["dates"] == ["2024-01-01"] and rec["mentions"][0]["start"] == 1  # the original is untouched


def test_merged_persons_and_agreements():
    merger = RecordMerger()
    merger.add({"kind": "other", "municipalities": ["Kil"], "dates": ["2024-03-12"], "regions": [], "organisations": [],
                "persons": [{"name": "A B", "spans": [[0, 3]], "roles": [{"title": "ordförande", "span": [4, 9]}]}],
                "agreements": [{"type": "avtal", "parties": ["Kil"], "spans": [[10, 15]], "signatories": []}],
                "mentions": [{"start": 0, "end": 3}]})
    merger.add({"kind": "protocol", "municipalities": ["Grums", "Kil"], "dates": ["2024-01-01"], "regions": [],
                "organisations": [], "persons": [{"name": "A B", "spans": [[100, 103]],
                                                  "roles": [{"title": "ordförande", "span": [104, 109]}]}],
                "agreements": [{"type": "avtal", "parties": ["Kil"], "spans": [[110, 115]], "signatories": []}],
                "mentions": [{"start": 100, "end": 103}]})
    out = merger.result()
    assert out["kind"] == "protocol" and out["municipalities"] == ["Grums", "Kil"]
    assert out["dates"] == ["2024-01-01", "2024-03-12"]
    assert out["persons"] == [{"name": "A B", "spans": [[0, 3], [100, 103]],
                               "roles": [{"title": "ordförande", "span": [4, 9]}]}]
    assert out["agreements"][0]["spans"] == [[10, 15], [110, 115]] and len(out["agreements"]) == 1
    assert len(out["mentions"]) == 2


@pytest.fixture
def small_limit():
    from samverkan.extract import get_pipeline

    nlp = get_pipeline()
    before = nlp.max_length
    nlp.max_length = 700
    yield 700
    nlp.max_length = before


def test_a_text_over_the_limit_gives_the_entities_of_its_windows(small_limit):
    from samverkan.extract import extract, get_pipeline

    text = "\n\n".join(PARAGRAPHS * 2)
    assert len(text) > small_limit
    record = extract(text)
    assert "error" not in record
    windows = split(text, window_size(small_limit))
    assert len(windows) >= 2
    get_pipeline().max_length = 10**6  # each window on its own, as a whole document
    expected_mentions = []
    for start, end in windows:
        alone = extract(text[start:end])
        expected_mentions += [{**m, "start": m["start"] + start, "end": m["end"] + start} for m in alone["mentions"]]
    assert record["mentions"] == expected_mentions
    assert len(expected_mentions) > 10
    for m in record["mentions"]:  # offsets into the whole text
        assert text[m["start"]:m["end"]] == m["text"]
    names = {p["name"] for p in record["persons"]}
    assert {"Anna Bergqvist", "Lars Holmén", "Mats Ekdahl", "Karin Sjöholm"} <= names
    assert len(names) == len(record["persons"])  # merged by name across windows
    for person in record["persons"]:
        for s, e in person["spans"]:
            assert person["name"].split()[-1] in text[s:e] or text[s:e] in person["name"]
    assert {"Kil", "Grums", "Forshaga"} <= set(record["municipalities"])
