"""The web interface over a database the real pipeline built from corpus/sample, checked
against the Python query API (`samverkan.query`): the same facts, the same passages."""
from __future__ import annotations

import asyncio
import html
import json
import re
import sqlite3
import urllib.parse

import pytest

from samverkan import query
from samverkan.store import open_db
from samverkan.web.app import make_datasette

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    from conftest import SAMPLE_CORPUS
    from samverkan.run import run

    if not any(SAMPLE_CORPUS.iterdir()):
        pytest.skip("corpus/sample is empty")
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    run([SAMPLE_CORPUS], db=str(db), progress=False)
    return db


@pytest.fixture(scope="module")
def get(sample_db):
    loop = asyncio.new_event_loop()
    ds = make_datasette(sample_db)
    loop.run_until_complete(ds.invoke_startup())

    def fetch(path: str) -> str:
        response = loop.run_until_complete(ds.client.get(path))
        assert response.status_code == 200, (path, response.status_code)
        return response.text

    yield fetch
    loop.close()


@pytest.fixture(scope="module")
def session(sample_db):
    _, factory = open_db(str(sample_db))
    with factory() as session:
        yield session


def municipalities_with_agreements(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute(
            "SELECT DISTINCT o.name FROM agreement_parties ap JOIN organisations o ON o.id = ap.organisation_id"
            " WHERE o.kind = 'municipality' AND o.merged_into_id IS NULL ORDER BY o.name")]
    finally:
        conn.close()


def canned(get, name: str, **params) -> list[dict]:
    return json.loads(get(f"/samverkan/{name}.json?_shape=array&" + urllib.parse.urlencode(params)))


def test_signatories_agree_with_the_query_api(sample_db, get, session):
    names = municipalities_with_agreements(sample_db)
    assert names, "the sample run linked no agreements"
    for name in names:
        ours = {(r["person"], r["agreement_page"]) for r in canned(get, "signatories_by_municipality", municipality=name)}
        theirs = {(s["person"], f"/samverkan/agreement/{a['agreement_id']}")
                  for a in query.signatories(session, name) for s in a["signatures"] if s["organisation"] == name}
        assert ours == theirs, name


def test_network_agrees_with_the_query_api(sample_db, get, session):
    for name in municipalities_with_agreements(sample_db):
        ours = {(r["partner"], r["shared_agreements"]) for r in canned(get, "municipality_network", municipality=name)}
        theirs = {(r["name"], r["count"]) for r in query.network(session, name)}
        assert ours == theirs, name


def test_person_pages_agree_and_cite_exact_passages(sample_db, get, session):
    conn = sqlite3.connect(sample_db)
    try:
        signers = conn.execute("SELECT DISTINCT p.id, p.name FROM signatures s JOIN persons p ON p.id = s.person_id"
                               " WHERE p.merged_into_id IS NULL").fetchall()
        texts = dict(conn.execute("SELECT id, text FROM documents"))
    finally:
        conn.close()
    assert signers
    for person_id, name in signers:
        page = get(f"/samverkan/person/{person_id}")
        section = page[page.index('id="signatures"'):page.index("</section>", page.index('id="signatures"'))]
        ours = set(map(int, re.findall(r'href="/samverkan/agreement/(\d+)"', section)))
        theirs = {s["agreement_id"] for p in query.person(session, name) if p["person_id"] == person_id
                  for s in p["signed"]}
        assert ours == theirs, name
        # every passage link highlights exactly the evidence text
        for doc, start, end, title in re.findall(
                r'href="/samverkan/document/(\d+)\?start=(\d+)&amp;end=(\d+)#hl" title="([^"]*)"', page):
            assert texts[int(doc)][int(start):int(end)] == html.unescape(title)
