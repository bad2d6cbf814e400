"""Merge / split / undo on a real SQLite database: audited, reversible, evidence never lost."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from samverkan.dedup import canonical_id, canonical_map, cluster_members
from samverkan.dedup.actions import ActionError, merge, split, undo
from samverkan.store import make_engine, make_session_factory
from samverkan.store.base import Base

from dedup_fixtures import build_db, dump


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("dedup") / "template.db"
    engine, _, ids = build_db(path)
    engine.dispose()
    return path, ids


def fresh(template, tmp_path: Path, name: str = "t.db"):
    path, ids = template
    target = tmp_path / name
    shutil.copy(path, target)
    engine = make_engine(str(target))
    return engine, make_session_factory(engine), ids


def evidence_ok(engine) -> set[int]:
    """Ids of all evidence rows, after checking each points at an existing fact row."""
    with engine.connect() as conn:
        ev = Base.metadata.tables["evidence"]
        rows = conn.execute(select(ev.c.id, ev.c.fact_table, ev.c.fact_id)).all()
        for _, table, fact_id in rows:
            t = Base.metadata.tables[table]
            assert conn.execute(select(t.c.id).where(t.c.id == fact_id)).first() is not None, (table, fact_id)
    return {r[0] for r in rows}


def test_merge_points_at_canonical_and_is_audited(template, tmp_path):
    engine, factory, ids = fresh(template, tmp_path)
    p = ids["persons"]
    with factory() as s:
        row = merge(s, "persons", [p[0], p[1]], "same person in two documents", "registrar")
        s.commit()
        assert canonical_id(s, "persons", p[1]) == p[0]
        assert cluster_members(s, "persons", p[1]) == sorted([p[0], p[1]])
        assert row.action == "merge" and row.reason == "same person in two documents" and row.actor == "registrar"
        assert row.before["rows"]["persons"][0]["merged_into_id"] is None
        # merging into a record that was itself merged goes to its canonical record
        merge(s, "persons", [p[2], p[1]], "chain", None)
        s.commit()
        assert canonical_map(s, "persons")[p[0]] == p[2]
        assert canonical_id(s, "persons", p[1]) == p[2]
        with pytest.raises(ActionError):
            merge(s, "persons", [p[0], p[1]], "again", None)
        with pytest.raises(ActionError):
            merge(s, "persons", [p[0], 999], "missing", None)


def test_split_by_document_moves_evidence_and_undo_restores(template, tmp_path):
    engine, factory, ids = fresh(template, tmp_path)
    start = dump(engine)
    evidence = evidence_ok(engine)
    with factory() as s:
        row = split(s, "persons", [ids["persons"][0]], "namesake in Laholm", "registrar", documents=[ids["docs"][2]])
        s.commit()
        new_id = row.ids[1]
        ev = Base.metadata.tables["evidence"]
        moved = s.execute(select(ev.c.document_id).where(ev.c.fact_table == "persons", ev.c.fact_id == new_id)).scalars().all()
        assert moved == [ids["docs"][2]]
    assert evidence_ok(engine) == evidence
    with factory() as s:
        undo(s, reason="wrong call")
        s.commit()
    assert dump(engine) == start


def test_split_agreement_copies_rows_with_evidence_on_both_sides(template, tmp_path):
    engine, factory, ids = fresh(template, tmp_path)
    start = dump(engine)
    with factory() as s:
        a = ids["agreements"][1]
        row = split(s, "agreements", [a], "two agreements told as one", None, documents=[ids["docs"][1]])
        s.commit()
        new_id = row.ids[1]
        parties = Base.metadata.tables["agreement_parties"]
        assert len(s.execute(select(parties.c.id).where(parties.c.agreement_id == new_id)).all()) == 3
        assert s.execute(select(parties.c.id).where(parties.c.agreement_id == a)).all() == []
        with pytest.raises(ActionError):
            split(s, "agreements", [a], "nothing there", None, documents=[ids["docs"][2]])
        s.rollback()
        undo(s)
        s.commit()
    assert dump(engine) == start


def test_detach_and_undo_order(template, tmp_path):
    engine, factory, ids = fresh(template, tmp_path)
    p = ids["persons"]
    with factory() as s:
        first = merge(s, "persons", [p[0], p[1]], "same", None)
        merge(s, "persons", [p[0], p[2]], "same too", None)
        s.commit()
        with pytest.raises(ActionError):
            split(s, "persons", [p[0]], "not merged", None)
        detach = split(s, "persons", [p[1]], "different person after all", None)
        s.commit()
        assert canonical_id(s, "persons", p[1]) == p[1]
        with pytest.raises(ActionError, match="later entries"):
            undo(s, first.id)  # the detach touched the same row
        undo(s, detach.id)
        undo(s, first.id)  # the second merge touched another row: allowed
        s.commit()
        assert canonical_id(s, "persons", p[1]) == p[1]
        assert canonical_id(s, "persons", p[2]) == p[0]
        with pytest.raises(ActionError, match="already undone"):
            undo(s, first.id)


OPS = st.lists(st.one_of(
    st.tuples(st.just("merge"), st.sampled_from(["persons", "agreements", "organisations"]),
              st.lists(st.integers(0, 3), min_size=2, max_size=3)),
    st.tuples(st.just("detach"), st.sampled_from(["persons", "agreements", "organisations"]), st.integers(0, 3)),
    st.tuples(st.just("split"), st.sampled_from(["persons", "agreements"]), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("undo"),),
), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_loses_no_evidence_and_undo_restores_exactly(template, tmp_path, ops):
    engine, factory, ids = fresh(template, tmp_path, "prop.db")
    try:
        pools = {"persons": ids["persons"], "agreements": ids["agreements"], "organisations": ids["orgs"]}
        evidence = evidence_ok(engine)
        states = []  # dumps before each action still active, newest last
        for op in ops:
            before = dump(engine)
            with factory() as s:
                try:
                    if op[0] == "merge":
                        pool = pools[op[1]]
                        merge(s, op[1], [pool[i % len(pool)] for i in op[2]], "test", None)
                    elif op[0] == "detach":
                        pool = pools[op[1]]
                        split(s, op[1], [pool[op[2] % len(pool)]], "test", None)
                    elif op[0] == "split":
                        pool = pools[op[1]]
                        split(s, op[1], [pool[op[2] % len(pool)]], "test", None, documents=[ids["docs"][op[3]]])
                    else:
                        undo(s)
                    s.commit()
                except ActionError:
                    s.rollback()
                    assert dump(engine) == before  # a refused action changes nothing
                    continue
            if op[0] == "undo":
                assert dump(engine) == states.pop()
            else:
                states.append(before)
            assert evidence_ok(engine) == evidence
        while states:  # undo everything still active, newest first
            with factory() as s:
                undo(s)
                s.commit()
            assert dump(engine) == states.pop()
    finally:
        engine.dispose()


def test_split_with_a_new_name_uses_the_linker_name_key(template, tmp_path):
    engine, factory, ids = fresh(template, tmp_path)
    with factory() as s:
        row = split(s, "persons", [ids["persons"][0]], "two people", None, documents=[ids["docs"][2]],
                    name="Anna  Berg-Ek")
        s.commit()
        persons = Base.metadata.tables["persons"]
        name, key = s.execute(select(persons.c.name, persons.c.name_key).where(persons.c.id == row.ids[1])).one()
        assert (name, key) == ("Anna  Berg-Ek", "anna berg-ek")
