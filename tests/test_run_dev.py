"""`run` on ../shared/corpus/dev + seeds with real extraction: the seeds' two signed declarations
come out with their signatories and parties. Depends on extraction quality."""
from __future__ import annotations

import pytest

from samverkan import query
from samverkan.store import open_db

KARLSTADSREGIONEN = {("Anders Johansson", "Kil"), ("Solweig Gard", "Hammarö"), ("Malin Hagström", "Grums"),
                     ("Per Lawén", "Forshaga"), ("Per-Samuel Nisser", "Karlstad")}
LAHOLMSBUKTEN = {
    ("Per Svensson", "Falkenberg"), ("Kikki Nordberg", "Falkenberg"), ("Ronny Löfquist", "Hylte"),
    ("Emma Gröndahl", "Hylte"), ("Stefan Pålsson", "Halmstad"), ("Mattias Rossköld", "Halmstad"),
    ("Ove Bengtsson", "Laholm"), ("Anders Einarsson", "Laholm"), ("Johan Olsson Swansten", "Båstad"),
    ("Per Borg", "Båstad")}


@pytest.fixture(scope="module")
def dev_db(tmp_path_factory):
    from conftest import SHARED
    from samverkan.run import run

    if not (SHARED / "corpus" / "dev").is_dir():
        pytest.skip("../shared is not present")
    db = tmp_path_factory.mktemp("dev") / "dev.db"
    report = run([SHARED / "corpus" / "dev", SHARED / "corpus" / "seeds"], db=str(db), progress=False)
    assert report.errors == [] and report.new == report.documents
    engine, factory = open_db(str(db))
    yield factory
    engine.dispose()


def _agreements_with(factory, municipality):
    with factory() as session:
        return query.signatories(session, municipality)


def _declaration(factory, municipality):
    views = [v for v in _agreements_with(factory, municipality) if v["type"] == "avsiktsförklaring"]
    assert len(views) == 1  # however many documents or mentions: one agreement
    return views[0]


def _found(view, expected):
    """The expected (person, municipality) signatures found; no signature attributed wrongly."""
    signed = {(s["person"], s["organisation"]) for s in view["signatures"]}
    names = {name for name, _ in expected}
    assert all(pair in expected for pair in signed if pair[0] in names and pair[1] is not None)
    return signed & expected


def test_laholmsbukten_declaration(dev_db):
    view = _declaration(dev_db, "Laholm")
    assert sorted(p["name"] for p in view["parties"]) == ["Båstad", "Falkenberg", "Halmstad", "Hylte", "Laholm"]
    assert (view["date"], view["place"]) == ("2024-03-28", "Falkenberg")
    assert len(_found(view, LAHOLMSBUKTEN)) >= 8


def test_karlstadsregionen_declaration(dev_db):
    view = _declaration(dev_db, "Karlstad")
    assert sorted(p["name"] for p in view["parties"]) == ["Forshaga", "Grums", "Hammarö", "Karlstad", "Kil"]
    assert len(_found(view, KARLSTADSREGIONEN)) >= 4


def test_laholmsbukten_all_ten_signatories(dev_db):
    assert _found(_declaration(dev_db, "Laholm"), LAHOLMSBUKTEN) == LAHOLMSBUKTEN


def test_karlstadsregionen_all_five_chairs(dev_db):
    assert _found(_declaration(dev_db, "Karlstad"), KARLSTADSREGIONEN) == KARLSTADSREGIONEN
