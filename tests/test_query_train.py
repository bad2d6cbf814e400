"""`samverkan run` on ../shared/corpus/train, then `samverkan query signatories --municipality M`:
the signatories the training gold names for a municipality are found by the query.

The relation models were trained on these documents, so this checks the whole path (reading,
extraction, linking, store, query) rather than accuracy on unseen text, which the grouped
cross-validation in test_relation_models_cv.py measures.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from samverkan.store import open_db



def shared_or_skip():
    from conftest import SHARED
    if not (SHARED / "corpus" / "train").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="module")
def train_db(tmp_path_factory):
    shared_dir = shared_or_skip()
    from samverkan.run import run

    db = tmp_path_factory.mktemp("train") / "train.db"
    report = run([shared_dir / "corpus" / "train"], db=str(db), progress=False)
    assert report.errors == [] and report.new == report.documents >= 107  # 107 texts and INDEX.md
    return db


def gold_signatories_by_municipality(shared_dir) -> dict[str, set[str]]:
    """Municipality -> names of the persons the gold says signed for it."""
    from samverkan.extractors import knowledge

    municipalities = set(knowledge.load().municipalities)
    out: dict[str, set[str]] = {}
    for path in sorted((shared_dir / "corpus" / "train").glob("*.json")):
        for ag in json.loads(path.read_text(encoding="utf-8")).get("agreements") or []:
            for s in ag.get("signatories") or []:
                if s.get("org") in municipalities:
                    out.setdefault(s["org"], set()).add(s["name"])
    return out


@pytest.mark.slow
def test_query_signatories_finds_the_gold_signatories(shared_dir, train_db):
    expected = gold_signatories_by_municipality(shared_dir)
    assert len(expected) >= 15
    found = total = 0
    for municipality, names in sorted(expected.items()):
        out = subprocess.run([sys.executable, "-m", "samverkan.cli", "query", "signatories", "--municipality",
                              municipality, "--db", str(train_db), "--json"],
                             capture_output=True, text=True, check=True)
        signed = {(s["person"], s["organisation"]) for v in json.loads(out.stdout) for s in v["signatures"]}
        found += len({(n, municipality) for n in names} & signed)
        total += len(names)
    assert found / total >= 0.6, (found, total)


@pytest.mark.slow
def test_every_signature_in_the_database_cites_a_span_of_its_document(train_db):
    """Each stored signature has evidence: a document and the character span its name came from."""
    from sqlalchemy import text

    engine, _ = open_db(str(train_db))
    with engine.connect() as c:
        signatures = c.execute(text("select count(*) from signatures")).scalar()
        uncited = c.execute(text(
            "select count(*) from signatures s where not exists (select 1 from evidence e where "
            "e.fact_table = 'signatures' and e.fact_id = s.id and e.start is not null and e.\"end\" > e.start)")).scalar()
        spans = c.execute(text("select d.text, e.start, e.\"end\", e.text from evidence e join documents d "
                               "on d.id = e.document_id where e.fact_table = 'signatures'")).fetchall()
    engine.dispose()
    assert signatures > 20 and uncited == 0
    assert all(doc[start:end] == quoted for doc, start, end, quoted in spans if quoted)
