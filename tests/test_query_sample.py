"""Queries on the sample corpus (corpus/sample, ground truth in its README.md), linked from
its gold annotations, with the same answers on SQLite and PostgreSQL.

Documents are ingested for real; the gold JSON stands in for extraction so that these
tests check linking and queries alone (test_run_sample.py runs real extraction).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkdb import BACKENDS, fresh_database, link_gold_folder

from samverkan import query
from samverkan.store import open_db

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample"
FIVE = ["Forshaga", "Grums", "Hammarö", "Karlstad", "Kil"]
THREE = ["Båstad", "Halmstad", "Laholm"]
SIGNERS_A = {("Johan Ekström", "Karlstad"), ("Anna Berg", "Kil"), ("Mikael Dahl", "Grums"),
             ("Karin Sjöberg", "Hammarö"), ("Peter Wallin", "Forshaga")}
SIGNERS_B = {("Kristina Alm", "Halmstad"), ("Erik Lindström", "Laholm"), ("Helena Strand", "Båstad")}


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request, tmp_path_factory):
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        engine, factory = open_db(url)
        with factory() as session:
            link_gold_folder(session, SAMPLE)
        yield url, factory
        engine.dispose()


@pytest.fixture
def session(sample_db):
    with sample_db[1]() as session:
        yield session


def parties(view):
    return sorted(p["name"] for p in view["parties"])


def signers(view):
    return {(s["person"], s["organisation"]) for s in view["signatures"]}


def names(paths):
    return sorted(Path(p).name for p in paths)


def test_all_agreements_are_the_two_of_the_connected_world(session):
    views = query.signatories(session)
    assert [(v["type"], v["date"], parties(v)) for v in views] == [
        ("avsiktsförklaring", "2024-03-28", FIVE), ("samverkansavtal", "2024-07-04", THREE)]
    a, b = views
    assert signers(a) == SIGNERS_A and signers(b) == SIGNERS_B
    assert names(d["path"] for d in a["documents"]) == [
        "avsiktsforklaring-karlstadsregionen.pdf", "grums-nyhet-avsiktsforklaring.md", "hammaro-ny-ordforande.txt",
        "karlstad-pressmeddelande-avsiktsforklaring.html", "karlstadsregionen-nyhetsbrev-juni-2023.pdf",
        "kil-ks-protokoll-2024-03-12.txt", "kommundirektorsnatverket-presentation.md"]
    assert names(d["path"] for d in b["documents"]) == [
        "bastad-nyhet-overformyndare.html", "kustnytt-halmstad-vardkommun.txt",
        "laholm-pressmeddelande-overformyndare.txt", "samverkansavtal-overformyndarnamnd.docx"]
    assert a["place"] == "Karlstad" and b["place"] == "Halmstad"


def test_signatories_of_a_municipality_written_any_way(session):
    for form in ("Kil", "Kils kommun", "kils kommun"):
        views = query.signatories(session, form)
        assert [v["type"] for v in views] == ["avsiktsförklaring"]
        assert [s["person"] for s in views[0]["signatures"] if s["organisation"] == "Kil"] == ["Anna Berg"]
    assert [v["type"] for v in query.signatories(session, "Laholms kommun")] == ["samverkansavtal"]
    assert query.signatories(session, "Göteborgs Stad") == []


def test_between(session):
    assert [v["type"] for v in query.between(session, "Karlstad", "Forshaga")] == ["avsiktsförklaring"]
    assert [v["type"] for v in query.between(session, "Kil", "Grums")] == ["avsiktsförklaring"]
    assert [v["type"] for v in query.between(session, "Båstads kommun", "Halmstad")] == ["samverkansavtal"]
    assert query.between(session, "Karlstad", "Halmstad") == []


def test_network(session):
    partners = query.network(session, "Karlstads kommun")
    assert [(p["name"], p["count"]) for p in partners] == [(m, 1) for m in FIVE if m != "Karlstad"]
    assert all(p["citations"] for p in partners)


def test_person_namesakes_stay_apart(session):
    people = query.person(session, "Erik Lindström")
    assert len(people) == 2
    by_org = {tuple(sorted({r["organisation"] for r in p["roles"]})): p for p in people}
    assert set(by_org) == {("Kil",), ("Laholm",)}
    assert [(s["type"], s["for"]) for s in by_org[("Laholm",)]["signed"]] == [("samverkansavtal", "Laholm")]
    assert by_org[("Kil",)]["signed"] == []
    assert {r["title"] for r in by_org[("Kil",)]["roles"]} == {"kommundirektör"}


def test_person_across_documents_with_roles_and_role_change(session):
    (anna,) = query.person(session, "Anna Berg")
    assert [(s["type"], s["date"], s["for"]) for s in anna["signed"]] == [("avsiktsförklaring", "2024-03-28", "Kil")]
    assert {(r["title"], r["organisation"]) for r in anna["roles"]} >= {("kommunstyrelsens ordförande", "Kil")}
    (karin,) = query.person(session, "Karin Sjöberg")
    titles = {r["title"] for r in karin["roles"] if r["organisation"] == "Hammarö"}
    assert {"kommunalråd", "kommunstyrelsens ordförande"} <= titles
    assert {r["party"] for r in karin["roles"]} >= {"S"}
    (sofia,) = query.person(session, "Sofia Malmberg")  # samordnare (Karlstadsregionen), projektledare (Karlstad)
    assert len(sofia["roles"]) == 2
    assert query.person(session, "Linnea Gustavsson") == []  # HTML boilerplate, not a person of any gold


def test_every_answer_cites_its_documents(session):
    for view in query.signatories(session):
        cited = {c["path"] for s in view["signatures"] for c in s["citations"]}
        assert cited <= {d["path"] for d in view["documents"]}
        assert all(s["citations"] for s in view["signatures"])


def test_search_finds_words_as_prefixes_with_snippets(session):
    hits = query.search(session, "överförmyndar")
    assert names(h["path"] for h in hits) == [
        "bastad-nyhet-overformyndare.html", "kustnytt-halmstad-vardkommun.txt",
        "laholm-pressmeddelande-overformyndare.txt", "samverkansavtal-overformyndarnamnd.docx"]
    for hit in hits:
        assert "[" in hit["snippet"] and hit["end"] > hit["start"]
    assert names(h["path"] for h in query.search(session, "Eidskog")) == ["eidskog-eda-intensjonsavtale.txt"]
    assert query.search(session, "klimatkontrakt") == []


def test_queries_follow_merged_records(session):
    """A registrar merging two persons: the queries show the canonical person with both records' facts."""
    from sqlalchemy import select

    from samverkan.store.entities import PersonRow

    kil, laholm = sorted(session.scalars(select(PersonRow).where(PersonRow.name == "Erik Lindström")),
                         key=lambda p: p.id)
    kil.merged_into_id = laholm.id
    session.flush()
    try:
        (merged,) = query.person(session, "Erik Lindström")
        assert {r["organisation"] for r in merged["roles"]} == {"Kil", "Laholm"}
        assert merged["person_id"] == laholm.id
    finally:
        session.rollback()


def test_identical_answers_on_every_database(sample_db, tmp_path):
    """The answers as JSON, database ids left out, are the same on SQLite and PostgreSQL."""
    url, factory = sample_db
    with factory() as session:
        answers = {
            "signatories": query.signatories(session), "kil": query.signatories(session, "Kil"),
            "between": query.between(session, "Kil", "Grums"), "network": query.network(session, "Karlstad"),
            "person": query.person(session, "Erik Lindström"), "search": query.search(session, "avsiktsförklaring"),
        }
    text = json.dumps(answers, ensure_ascii=False, sort_keys=True)
    for key in ("agreement_id", "person_id"):
        text = __import__("re").sub(rf'"{key}": \d+', f'"{key}": 0', text)
    assert text == _ANSWERS.setdefault("sample", text)  # the first database's answers, compared by the next


_ANSWERS: dict[str, str] = {}


def test_cli_answers_as_table_and_json(sample_db):
    from samverkan.cli import main

    url, _ = sample_db
    runner = CliRunner()
    result = runner.invoke(main, ["query", "signatories", "--municipality", "Kils kommun", "--db", url])
    assert result.exit_code == 0, result.output
    assert "Anna Berg" in result.output and "avsiktsförklaring" in result.output
    result = runner.invoke(main, ["query", "between", "Kil", "Grums", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    assert [v["type"] for v in json.loads(result.output)] == ["avsiktsförklaring"]
    result = runner.invoke(main, ["query", "person", "Erik Lindström", "--db", url, "--json"])
    assert len(json.loads(result.output)) == 2
    result = runner.invoke(main, ["query", "network", "-m", "Karlstad", "--db", url])
    assert result.exit_code == 0 and "Forshaga" in result.output
    result = runner.invoke(main, ["search", "överförmyndar", "--db", url, "--json"])
    assert len(json.loads(result.output)) == 4
