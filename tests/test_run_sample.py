"""`run` on the sample corpus with real extraction, on SQLite and PostgreSQL: the README's
ground truth through the queries, and the same database on both (canonical dump)."""
from __future__ import annotations

from pathlib import Path

import pytest

from linkdb import BACKENDS, fresh_database

from samverkan import query
from samverkan.store import open_db
from samverkan.store.dump import canonical_dump

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample"
FIVE = ["Forshaga", "Grums", "Hammarö", "Karlstad", "Kil"]
SIGNERS_A = {("Johan Ekström", "Karlstad"), ("Anna Berg", "Kil"), ("Mikael Dahl", "Grums"),
             ("Karin Sjöberg", "Hammarö"), ("Peter Wallin", "Forshaga")}
SIGNERS_B = {("Kristina Alm", "Halmstad"), ("Erik Lindström", "Laholm"), ("Helena Strand", "Båstad")}
DUMPS: dict[str, dict] = {}


@pytest.fixture(scope="module", params=BACKENDS)
def ran(request, tmp_path_factory):
    from samverkan.run import run

    with fresh_database(request.param, tmp_path_factory.mktemp("run")) as url:
        report = run([SAMPLE], db=url, progress=False)
        engine, factory = open_db(url)
        with factory() as session:
            yield request.param, report, session
        engine.dispose()


def signed(view):
    return {(s["person"], s["organisation"]) for s in view["signatures"]}


def test_every_document_is_read_and_linked(ran):
    _, report, _ = ran
    assert report.errors == [] and report.new == report.documents == len(list(SAMPLE.glob("*.json")))


def test_agreement_a_and_b_with_their_signatories(ran):
    _, _, session = ran
    views = query.signatories(session)
    (a,) = [v for v in views if v["type"] == "avsiktsförklaring" and signed(v)]
    (b,) = [v for v in views if v["type"] == "samverkansavtal" and signed(v)]
    assert set(FIVE) <= {p["name"] for p in a["parties"]} and signed(a) == SIGNERS_A
    assert (a["date"], a["place"]) == ("2024-03-28", "Karlstad")
    assert sorted(p["name"] for p in b["parties"]) == ["Båstad", "Halmstad", "Laholm"] and signed(b) == SIGNERS_B
    assert b["date"] == "2024-07-04"
    assert {Path(d["path"]).name for d in a["documents"]} >= {
        "avsiktsforklaring-karlstadsregionen.pdf", "karlstad-pressmeddelande-avsiktsforklaring.html",
        "grums-nyhet-avsiktsforklaring.md", "kil-ks-protokoll-2024-03-12.txt"}
    assert {Path(d["path"]).name for d in b["documents"]} >= {
        "samverkansavtal-overformyndarnamnd.docx", "laholm-pressmeddelande-overformyndare.txt",
        "kustnytt-halmstad-vardkommun.txt"}
    for view in (a, b):  # every signature cites a span of a document that speaks of the agreement
        for signature in view["signatures"]:
            assert signature["citations"] and all(c["start"] is not None for c in signature["citations"])


def test_agreement_a_has_exactly_the_five_parties(ran):
    _, _, session = ran
    (a,) = [v for v in query.signatories(session) if v["type"] == "avsiktsförklaring" and signed(v)]
    assert sorted(p["name"] for p in a["parties"]) == FIVE


def test_readme_queries(ran):
    _, _, session = ran
    (kil_a,) = [v for v in query.signatories(session, "Kil") if signed(v)]
    assert [s["person"] for s in kil_a["signatures"] if s["organisation"] == "Kil"] == ["Anna Berg"]
    assert [v["type"] for v in query.between(session, "Karlstad", "Forshaga")] == ["avsiktsförklaring"]
    assert query.between(session, "Karlstad", "Halmstad") == []
    assert {(m, 1) for m in FIVE if m != "Karlstad"} <= {(p["name"], p["count"]) for p in query.network(session, "Karlstad")}
    lindstrom = query.person(session, "Erik Lindström")
    assert sorted({r["organisation"] for r in p["roles"]} == {"Kil"} for p in lindstrom) == [False, True]
    (laholm,) = [p for p in lindstrom if any(r["organisation"] == "Laholm" for r in p["roles"])]
    assert [(s["type"], s["for"]) for s in laholm["signed"]] == [("samverkansavtal", "Laholm")]
    assert query.person(session, "Linnea Gustavsson") == []


def test_same_database_on_sqlite_and_postgresql(ran):
    backend, _, session = ran
    dump = canonical_dump(session)
    assert dump == DUMPS.setdefault("sample", dump), f"{backend} differs from the first database"
