"""Properties of the ingestion building blocks, checked on generated input (hypothesis)."""
from __future__ import annotations

from collections import Counter

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from samverkan.document import IngestError
from samverkan.ingest import read_file
from samverkan.ingest.decoding import decode_text
from samverkan.ingest.layout import reading_blocks
from samverkan.ingest.pdf_words import Word

SWEDISH = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöéüABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ .,;:!?()-–\n0123456789",
                  min_size=1, max_size=400)


@settings(max_examples=60, deadline=None)
@given(text=SWEDISH, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le"]))
def test_unicode_encodings_round_trip(text, encoding):
    if encoding == "utf-16-le":  # no BOM: only text a reader could recognise (some letters, not 1-2 chars)
        assume(len(text) >= 8 and sum(ch.isalpha() for ch in text) >= len(text) / 3)
    assert decode_text(text.encode(encoding))[0] == text


@st.composite
def pages_of_words(draw):
    words = []
    for index in range(draw(st.integers(1, 120))):
        x0 = draw(st.floats(30, 520))
        top = draw(st.floats(30, 800))
        width = draw(st.floats(3, 80))
        height = draw(st.sampled_from([9.4, 11.7, 14.0]))
        words.append(Word(f"w{index}", x0, x0 + width, top, top + height))
    return words


@settings(max_examples=80, deadline=None)
@given(words=pages_of_words())
def test_layout_keeps_every_word_exactly_once(words):
    blocks = reading_blocks(words)
    seen = Counter(word.text for block in blocks for line in block for word in line.words)
    assert seen == Counter(word.text for word in words)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(min_size=1, max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_any_bytes_give_a_document_or_an_ingest_error(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"file{suffix}"
    path.write_bytes(data)
    try:
        doc = read_file(path)
    except IngestError as exc:
        assert exc.path == str(path) and exc.reason
    else:
        assert doc.text.strip()
