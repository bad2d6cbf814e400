"""Smoke test of the benchmark: tiny sizes, checks that every row is there (no timing asserts)."""
from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from samverkan.bench.corpus import format_counts, generate
from samverkan.bench.runner import ROW_IDS


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_corpus_is_deterministic_in_every_format_and_a_prefix_of_larger_ones(tmp_path):
    a = generate(12, seed=3, root=tmp_path / "a")
    b = generate(12, seed=3, root=tmp_path / "b")
    assert _digests(a) == _digests(b)
    assert set(format_counts(a)) == {"txt", "md", "html", "pdf", "docx"}
    other = generate(12, seed=4, root=tmp_path / "a")
    assert _digests(other) != _digests(a)
    small = generate(5, seed=3, root=tmp_path / "a")  # hard-linked from the larger corpus
    assert _digests(small).items() <= _digests(a).items() and len(_digests(small)) == 5


def test_generated_documents_are_readable_and_varied(tmp_path):
    from samverkan.ingest import read_file

    folder = generate(24, seed=5, root=tmp_path)
    texts = [read_file(p).text for p in sorted(folder.iterdir())]
    assert all(t.strip() for t in texts)
    assert texts[0] != texts[12]  # the same template twice, different swaps


@pytest.mark.slow
def test_bench_quick_writes_every_row(tmp_path):
    from samverkan.bench.commands import bench

    out = tmp_path / "results.json"
    result = CliRunner().invoke(bench, ["--quick", "--small", "4", "--large", "8", "--dedup", "30,60",
                                        "--cache", str(tmp_path / "cache"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in data["rows"]] == list(ROW_IDS)
    assert all(r["note"] is not None and not r["note"].startswith("failed") for r in data["rows"]), data["rows"]
    for r in data["rows"]:
        assert r["figure"] in result.output
    assert data["machine"]["nproc"] >= 1 and data["machine"]["versions"]
