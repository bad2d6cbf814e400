"""Two registrars acting on the same cluster at once: the second gets 409 Conflict with a clear
message, never a silent overwrite (real server process, real SQLite, two HTTP sessions)."""
from __future__ import annotations

import threading

import pytest

from samverkan.web.launch import serving

from desk_fixtures import DeskClient, build_desk_db, db_hash, query


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    db = build_desk_db(tmp_path_factory.mktemp("desk-conflict"))
    with serving(db, "--registrar") as base:
        yield base, db


@pytest.fixture
def registrars(desk):
    anna, bert = DeskClient(desk[0]), DeskClient(desk[0])
    assert anna.login("anna").status_code == 303 and bert.login("bert").status_code == 303
    yield anna, bert
    anna.close()
    bert.close()


def open_candidate(db, fragment: str) -> int:
    rows = [r[0] for r in query(db, "SELECT id FROM desk_candidates WHERE status = 'open' AND reasons LIKE ?",
                                f"%{fragment}%")]
    assert rows, f"no open candidate with {fragment}"
    return rows[0]


def test_second_decision_on_a_stale_page_is_a_conflict(desk, registrars):
    base, db = desk
    anna, bert = registrars
    cid = open_candidate(db, "Walin")
    page = f"/samverkan/desk/candidate/{cid}"
    anna_form = anna.form(page, f"{page}/merge")
    bert_form = bert.form(page, f"{page}/not-same")  # both look at the same version
    assert anna.post(f"{page}/merge", {**anna_form, "reason": "same person"}).status_code == 303
    after_merge = db_hash(db)
    answer = bert.post(f"{page}/not-same", {**bert_form, "reason": "not the same"})
    assert answer.status_code == 409
    assert "already decided (merged) by anna" in answer.text
    assert db_hash(db) == after_merge  # nothing of bert's was written
    assert query(db, "SELECT action, actor FROM audit ORDER BY id") == [("merge", "anna")]
    assert query(db, "SELECT status, decided_by FROM desk_candidates WHERE id = ?", cid) == [("merged", "anna")]

    # undo twice from two stale audit pages: the second undo is a conflict too
    anna_undo = anna.form("/samverkan/desk/audit", "/samverkan/desk/undo")
    bert_undo = bert.form("/samverkan/desk/audit", "/samverkan/desk/undo")
    assert anna.post("/samverkan/desk/undo", anna_undo).status_code == 303
    again = bert.post("/samverkan/desk/undo", bert_undo)
    assert again.status_code == 409 and "already undone by anna" in again.text

    # a record changed by another action since the page was shown: its version moved
    stale = bert.form(page, f"{page}/merge")  # the candidate is open again after the undo
    fresh = anna.form(page, f"{page}/merge")
    assert anna.post(f"{page}/merge", fresh).status_code == 303
    assert anna.post("/samverkan/desk/undo", anna.form("/samverkan/desk/audit", "/samverkan/desk/undo")).status_code == 303
    # the candidate is open again with a new version, the records have new versions: bert's form is stale
    answer = bert.post(f"{page}/merge", stale)
    assert answer.status_code == 409 and "changed" in answer.text


def test_simultaneous_decisions_one_wins_one_conflicts(desk, registrars):
    base, db = desk
    anna, bert = registrars
    cid = open_candidate(db, "Sjoberg")
    page = f"/samverkan/desk/candidate/{cid}"
    forms = [anna.form(page, f"{page}/merge"), bert.form(page, f"{page}/not-same")]
    entries_before = query(db, "SELECT count(*) FROM audit")[0][0]
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def act(name, client, path, form):
        barrier.wait()
        statuses[name] = client.post(path, form).status_code

    threads = [threading.Thread(target=act, args=("anna", anna, f"{page}/merge", forms[0])),
               threading.Thread(target=act, args=("bert", bert, f"{page}/not-same", forms[1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses.values()) == [303, 409], statuses
    winner = "anna" if statuses["anna"] == 303 else "bert"
    assert query(db, "SELECT count(*) FROM audit")[0][0] == entries_before + 1
    status, decided_by = query(db, "SELECT status, decided_by FROM desk_candidates WHERE id = ?", cid)[0]
    assert decided_by == winner and status == ("merged" if winner == "anna" else "not_same")
