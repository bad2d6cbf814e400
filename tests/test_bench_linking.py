"""The writer benchmark's replayed records: real extraction records of a few generated documents,
varied per document (other persons, municipalities, years) in text and record alike, and
linked by the real writer (no timing asserts)."""
from __future__ import annotations

import json

from samverkan.bench.linking import base_records, link_rate, replayed


def test_replayed_documents_vary_and_the_writer_links_them_all(tmp_path):
    bases = base_records(4, root=tmp_path)
    assert [len(record["persons"]) > 0 for _, record in bases].count(True) >= 2
    assert base_records(4, root=tmp_path) == bases  # cached as JSON

    out = list(replayed(8, bases))
    assert len({doc.content_hash for _, doc, _, _ in out}) == 8
    first, fifth = out[0], out[4]  # both from base record 0
    names = lambda record: {p["name"] for p in record["persons"]}  # noqa: E731
    assert names(first[2]) and names(first[2]) != names(fifth[2])
    for _, doc, record, _ in out:
        assert all(name in doc.text for name in names(record))  # the record speaks of its own text
        assert set(record) >= {"kind", "municipalities", "persons", "agreements", "dates"}

    result = link_rate(8, str(tmp_path / "w.db"), bases=bases)
    assert result["errors"] == 0 and result["totals"]["documents"] == 8
    assert result["totals"]["persons"] > max(len(names(r)) for _, r in bases)
    json.dumps(result)
