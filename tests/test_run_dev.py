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


def test_laholmsbukten_declaration_has_its_ten_signatories(dev_db):
    views = [v for v in _agreements_with(dev_db, "Laholm") if v["type"] == "avsiktsförklaring"]
    assert len(views) == 1
    (view,) = views
    assert sorted(p["name"] for p in view["parties"]) == ["Båstad", "Falkenberg", "Halmstad", "Hylte", "Laholm"]
    assert {(s["person"], s["organisation"]) for s in view["signatures"]} == LAHOLMSBUKTEN
    assert (view["date"], view["place"]) == ("2024-03-28", "Falkenberg")


def test_karlstadsregionen_parties(dev_db):
    views = [v for v in _agreements_with(dev_db, "Karlstad") if v["type"] == "avsiktsförklaring"]
    assert len(views) == 1
    assert sorted(p["name"] for p in views[0]["parties"]) == ["Forshaga", "Grums", "Hammarö", "Karlstad", "Kil"]


def test_karlstadsregionen_five_chairs_sign_one_declaration(dev_db):
    views = [v for v in _agreements_with(dev_db, "Karlstad") if v["type"] == "avsiktsförklaring"]
    assert len(views) == 1
    assert {(s["person"], s["organisation"]) for s in views[0]["signatures"]} == KARLSTADSREGIONEN
