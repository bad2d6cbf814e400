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


def test_marginal_rates_on_copies_of_a_small_and_a_large_database(tmp_path):
    from samverkan.bench.marginal import SQLiteCopies, build, marginal

    bases = base_records(4, root=tmp_path)
    copies = SQLiteCopies("t", folder=tmp_path / "snapshots")
    runs = build(copies, (4, 8), bases, log=lambda _: None)
    assert sum(r["documents"] for r in runs) == 8 and copies.has(4) and copies.has(8)
    assert build(copies, (4, 8), bases, log=lambda _: None) == []  # kept for the next run
    result = marginal(copies, 4, 8, block=2, rounds=2, bases=bases, log=lambda _: None)
    assert [t["totals"]["documents"] for t in result["trials"]["4"]] == [6, 6]  # each block on a fresh copy
    assert [t["totals"]["documents"] for t in result["trials"]["8"]] == [10, 10]
    assert result["docs_per_cpu_s"]["ratio"] > 0 and all(t["errors"] == 0 for ts in result["trials"].values() for t in ts)


def test_a_sqlite_database_copied_into_postgresql_has_the_same_canonical_dump(tmp_path):
    from linkdb import fresh_database

    from samverkan.bench.copy_db import copy_sqlite_to_postgres
    from samverkan.store.dump import canonical_dump_of

    bases = base_records(4, root=tmp_path)
    sqlite_db = str(tmp_path / "w.db")
    link_rate(8, sqlite_db, bases=bases)
    with fresh_database("postgres", tmp_path) as url:
        copied = copy_sqlite_to_postgres(sqlite_db, url, log=lambda _: None)
        assert copied["documents"] == 8
        assert canonical_dump_of(url) == canonical_dump_of(sqlite_db)
        result = link_rate(4, url, bases=bases, start=8)  # and the linker goes on in the copy
        assert result["errors"] == 0 and result["totals"]["documents"] == 12
