"""Exports of the sample corpus (linked from its gold): CSV, JSON, GraphML (networkx), FollowTheMoney."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from linkdb import fresh_database, link_gold_folder

from samverkan.export import export
from samverkan.store import open_db

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    with fresh_database("sqlite", tmp_path_factory.mktemp("db")) as url:
        engine, factory = open_db(url)
        with factory() as session:
            link_gold_folder(session, SAMPLE)
        yield url, factory
        engine.dispose()


def test_csv_has_every_table(sample_db, tmp_path):
    with sample_db[1]() as session:
        written = export(session, "csv", tmp_path)
    assert {p.name for p in written} >= {"documents.csv", "organisations.csv", "persons.csv", "agreements.csv",
                                         "signatures.csv", "evidence.csv", "positions.csv", "mentions.csv"}
    with (tmp_path / "organisations.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"Karlstad", "1780"} <= {v for r in rows if r["name"] == "Karlstad" for v in (r["name"], r["scb_code"])}
    with (tmp_path / "documents.csv").open(encoding="utf-8") as handle:
        assert "text" not in next(csv.DictReader(handle))


def test_json_holds_the_tables(sample_db, tmp_path):
    with sample_db[1]() as session:
        (path,) = export(session, "json", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["signatures"]) == 8
    assert sorted(a["type"] for a in data["agreements"]) == ["avsiktsförklaring", "samverkansavtal"]


def test_graphml_network_for_gephi(sample_db, tmp_path):
    with sample_db[1]() as session:
        (path,) = export(session, "graphml", tmp_path)
    graph = nx.read_graphml(path)
    labels = {n: d["label"] for n, d in graph.nodes(data=True)}
    (kil,) = [n for n, label in labels.items() if label == "Kil" and graph.nodes[n]["kind"] == "municipality"]
    (anna,) = [n for n, label in labels.items() if label == "Anna Berg"]
    agreement = next(n for n in graph.neighbors(kil) if graph.nodes[n]["type"] == "agreement")
    assert graph.nodes[agreement]["kind"] == "avsiktsförklaring"
    assert graph.has_edge(anna, agreement) and graph.has_edge(anna, kil)
    assert sum(1 for n in graph.neighbors(agreement) if graph.nodes[n]["type"] == "person") == 5


def test_followthemoney_entities(sample_db, tmp_path):
    from followthemoney import model

    with sample_db[1]() as session:
        (path,) = export(session, "ftm", tmp_path)
    entities = [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
    by_id = {e.id: e for e in entities}
    schemata = {e.schema.name for e in entities}
    assert {"PublicBody", "Person", "Membership", "Contract", "UnknownLink", "Document"} <= schemata
    contracts = [e for e in entities if e.schema.name == "Contract"]
    avsikt = next(c for c in contracts if c.first("type") == "avsiktsförklaring")
    assert sorted(by_id[i].first("name") for i in avsikt.get("authority")) == ["Forshaga", "Grums", "Hammarö",
                                                                             "Karlstad", "Kil"]
    signers = {by_id[link.first("subject")].first("name") for link in entities
               if link.schema.name == "UnknownLink" and link.first("object") == avsikt.id}
    assert signers == {"Johan Ekström", "Anna Berg", "Mikael Dahl", "Karin Sjöberg", "Peter Wallin"}
    assert all(i in by_id for e in entities for prop, values in e.properties.items()
               if e.schema.properties[prop].type.name == "entity" for i in values)


def test_export_command(sample_db, tmp_path):
    from samverkan.cli import main

    result = CliRunner().invoke(main, ["export", "--format", "graphml", "--format", "ftm", "--out", str(tmp_path),
                                       "--db", sample_db[0]])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "samverkan.graphml").exists() and (tmp_path / "samverkan.ftm.json").exists()
