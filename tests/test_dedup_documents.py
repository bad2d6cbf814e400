"""Near-duplicate documents across formats: real PDF (reportlab) and HTML read back by the ingestion reader."""
from __future__ import annotations

import random

from samverkan.dedup.benchgen import load_corpus
from samverkan.dedup.documents import DocumentItem, find_document_duplicates
from samverkan.dedup.text import normalise
from samverkan.dedup.variants import add_header_footer, html_page, ocr_noise, rewrap, truncate, write_pdf
from samverkan.document import content_hash
from samverkan.ingest import read_file


def test_same_text_in_other_formats_and_forms_is_one_cluster(sample_corpus, tmp_path):
    docs = load_corpus(sample_corpus)
    press = next(d for d in docs if d.name.endswith("laholm-pressmeddelande-overformyndare.txt"))
    rng = random.Random(5)
    pdf = tmp_path / "copy.pdf"
    write_pdf(press.text, pdf)
    html = tmp_path / "copy.html"
    html.write_text(html_page(add_header_footer(press.text, rng), "Pressmeddelande", rng), encoding="utf-8")
    items = [DocumentItem("original.txt", press.text, content_hash(press.text.encode()))]
    items.append(DocumentItem("same-bytes.txt", press.text, content_hash(press.text.encode())))
    items.append(DocumentItem("copy.pdf", read_file(pdf).text, content_hash(pdf.read_bytes())))
    items.append(DocumentItem("copy.html", read_file(html).text, content_hash(html.read_bytes())))
    items.append(DocumentItem("ocr-truncated.txt", truncate(ocr_noise(rewrap(press.text, rng), rng, 0.03), rng)))
    # other documents of the sample corpus, several about the same kind of agreement: not duplicates
    others = [d for d in docs if d is not press]
    items += [DocumentItem(d.name, d.text) for d in others]
    result = find_document_duplicates(items)
    members = [set(c.members) for c in result.clusters]
    assert {"original.txt", "same-bytes.txt", "copy.pdf", "copy.html", "ocr-truncated.txt"} in members
    assert len(result.clusters) == 1, result.to_json()
    assert result.stats.candidate_pairs < result.stats.all_pairs / 3


def test_identical_bytes_reason_and_normalisation():
    text = "Kil och Grums skrev under av-\nsiktsförklaringen den 28 mars 2024."
    assert normalise(text) == "kil och grums skrev under avsiktsförklaringen den 28 mars 2024"
    other = "Protokoll: kommunstyrelsen i Laholm beslutade om budget för 2025 och nya bygglovsregler."
    result = find_document_duplicates([DocumentItem("a", text, "h1"), DocumentItem("b", text, "h1"),
                                       DocumentItem("c", other, "h2")])
    assert [c.to_dict() for c in result.clusters] == [
        {"members": ["a", "b"], "score": 1.0, "reasons": ["identical bytes (same content hash)"]}]
