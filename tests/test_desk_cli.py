"""Accounts on the command line, the queue refresh, "not the same" as a cannot-link, version
counters, and registrars' decisions as training pairs (real SQLite files)."""
from __future__ import annotations

import random

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from samverkan.cli import main
from samverkan.dedup import actions
from samverkan.dedup.benchgen import person_set, synthetic_person_bases
from samverkan.dedup.features import PersonFeatures
from samverkan.dedup.training import decision_pairs, train
from samverkan.desk import accounts, decisions, queue
from samverkan.store import open_db
from samverkan.store.desk import UserRow
from samverkan.store.entities import PersonRow

from dedup_fixtures import build_db


def test_users_add_list_remove(tmp_path):
    db = str(tmp_path / "users.db")
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "anna", "--role", "registrar", "--db", db],
                          input="a-long-password\na-long-password\n")
    assert added.exit_code == 0 and "added registrar anna" in added.output
    assert "a-long-password" not in added.output  # the prompt hides what is typed
    piped = runner.invoke(main, ["users", "add", "rita", "--role", "reader", "--password-stdin", "--db", db],
                          input="another-password\n")
    assert piped.exit_code == 0
    listed = runner.invoke(main, ["users", "list", "--db", db])
    assert [line.split("\t")[:2] for line in listed.output.splitlines()] == [["anna", "registrar"], ["rita", "reader"]]
    _, factory = open_db(db)
    with factory() as session:
        stored = session.execute(select(UserRow.password_hash).where(UserRow.name == "anna")).scalar_one()
        assert stored.startswith("$argon2id$") and "a-long-password" not in stored
        assert accounts.authenticate(session, "anna", "a-long-password").name == "anna"
        assert accounts.authenticate(session, "anna", "wrong-password") is None
        assert accounts.authenticate(session, "nobody", "a-long-password") is None
    assert runner.invoke(main, ["users", "add", "anna", "--role", "reader", "--password-stdin", "--db", db],
                         input="yet-another-pw\n").exit_code == 2
    assert runner.invoke(main, ["users", "add", "bob", "--role", "admin", "--password-stdin", "--db", db],
                         input="yet-another-pw\n").exit_code == 2
    short = runner.invoke(main, ["users", "add", "bob", "--role", "reader", "--password-stdin", "--db", db], input="short\n")
    assert short.exit_code == 2 and "at least 8" in short.output
    assert runner.invoke(main, ["users", "remove", "rita", "--db", db]).exit_code == 0
    assert runner.invoke(main, ["users", "remove", "rita", "--db", db]).exit_code == 2
    assert "rita" not in runner.invoke(main, ["users", "list", "--db", db]).output


def test_not_the_same_is_a_cannot_link_and_versions_move(tmp_path):
    engine, factory, ids = build_db(tmp_path / "q.db")
    a, b = ids["persons"][:2]
    with factory() as session:
        assert queue.refresh_queue(session, ["persons"]) == {"persons": 1}
        session.commit()
        (candidate,) = queue.open_candidates(session, "persons")
        assert sorted(candidate.members) == sorted([a, b]) and candidate.features["names"] == PersonFeatures.names
        versions = {m: session.get(PersonRow, m).version for m in candidate.members}
        decisions.not_same_candidate(session, "anna", candidate.id, candidate.version, versions, "two people")
        session.commit()
        queue.refresh_queue(session, ["persons"])
        session.commit()
        assert all(not {a, b} <= set(c.members) for c in queue.open_candidates(session))
        # the clustering never joins the pair, whatever the threshold; without the decision it does
        from samverkan.dedup import database
        from samverkan.dedup.engine import find_person_duplicates

        records = database.load_persons(session)
        banned = queue.not_same_pairs(session, "persons")
        assert banned == {tuple(sorted((a, b)))}
        assert any({a, b} <= set(c.members) for c in find_person_duplicates(records, threshold=0.0).clusters)
        assert all(not {a, b} <= set(c.members)
                   for c in find_person_duplicates(records, threshold=0.0, cannot_link=banned).clusters)
        # a merge made outside the desk (the CLI) moves the versions: an older desk form is stale
        before = {m: session.get(PersonRow, m).version for m in (a, b)}
        actions.merge(session, "persons", [a, b], "cli", "cli")
        session.commit()
        assert session.get(PersonRow, b).version == before[b] + 1
        with pytest.raises(decisions.Conflict):
            decisions.lock_records(session, "persons", before)
        session.rollback()
        actions.undo(session)
        session.commit()
        assert session.get(PersonRow, b).version == before[b] + 2 and session.get(PersonRow, b).merged_into_id is None


def test_registrar_decisions_become_training_pairs(tmp_path):
    engine, factory, ids = build_db(tmp_path / "t.db")
    db = str(tmp_path / "t.db")
    with factory() as session:
        queue.refresh_queue(session, ["persons"])
        session.commit()
        (candidate,) = queue.open_candidates(session, "persons")
        versions = {m: session.get(PersonRow, m).version for m in candidate.members}
        decisions.merge_candidate(session, "anna", candidate.id, candidate.version, versions, "same")
        session.commit()
    X, y = decision_pairs(db, "persons", list(PersonFeatures.names))
    assert X.shape == (1, len(PersonFeatures.names)) and y.tolist() == [1]
    assert np.allclose(X[0], candidate.features["values"])
    model = train("persons", [person_set(synthetic_person_bases(60, random.Random(1)), random.Random(2))],
                  decided=(X, y))
    assert model.meta["registrar_decisions"] == 1
    # an undone merge is no longer a decision to learn from
    with factory() as session:
        audit = session.execute(select(decisions.AuditRow.id).where(decisions.AuditRow.action == "merge")).scalar_one()
        decisions.undo_entry(session, "anna", audit)
        session.commit()
    assert decision_pairs(db, "persons", list(PersonFeatures.names))[1].tolist() == []


def test_organisation_candidates_and_their_cannot_link(tmp_path):
    from samverkan.store.entities import OrganisationRow

    engine, factory, ids = build_db(tmp_path / "o.db")
    with factory() as session:
        for name in ("Karlstadsregionen", "Karlstadregionen", "Kommunförbundet Skåne"):
            session.add(OrganisationRow(kind="other", name=name, name_key=name.casefold()))
        session.commit()
        found = queue.find_organisation_duplicates(session)
        names = {o.id: o.name for o in session.execute(select(OrganisationRow)).scalars()}
        assert [sorted(names[m] for m in c.members) for c in found] == [["Karlstadregionen", "Karlstadsregionen"]]
        assert "names alike" in found[0].reasons[0]
        queue.refresh_queue(session, ["organisations"])
        session.commit()
        (candidate,) = queue.open_candidates(session, "organisations", municipality="karlstad")
        assert queue.open_candidates(session, "organisations", municipality="Laholm") == []
        versions = {m: session.get(OrganisationRow, m).version for m in candidate.members}
        decisions.not_same_candidate(session, "anna", candidate.id, candidate.version, versions, "two bodies")
        session.commit()
        assert queue.refresh_queue(session, ["organisations"]) == {"organisations": 0}
