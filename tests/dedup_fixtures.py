"""A small real SQLite database with persons, agreements, organisations, signatures and evidence."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from samverkan.store import open_db
from samverkan.store.base import Base


def build_db(path: Path):
    engine, factory = open_db(str(path))
    t = Base.metadata.tables
    with engine.begin() as conn:
        docs = []
        for k, body in enumerate([
            "Kil och Grums har tecknat en avsiktsförklaring. Anna Berg skrev under.",
            "Karlstad, Kil och Grums skrev under avsiktsförklaringen den 28 mars 2024. Anna Berg, Kil.",
            "Laholm: Anna Berg (C), kommunalråd i Laholm, om överförmyndare.",
        ]):
            docs.append(conn.execute(t["documents"].insert().values(
                source_path=f"/corpus/doc{k}.txt", content_hash=f"h{k}", format="txt", text=body, version=1,
                is_current=True, pages=[], metadata={}).returning(t["documents"].c.id)).scalar_one())

        def org(name):
            return conn.execute(t["organisations"].insert().values(kind="municipality", name=name, name_key=name.casefold())
                                .returning(t["organisations"].c.id)).scalar_one()

        kil, grums, karlstad, laholm = org("Kil"), org("Grums"), org("Karlstad"), org("Laholm")
        persons = [conn.execute(t["persons"].insert().values(name=n, name_key=n.casefold()).returning(t["persons"].c.id)).scalar_one()
                   for n in ("Anna Berg", "Anna Berg", "A. Berg")]
        agreements = [conn.execute(t["agreements"].insert().values(type="avsiktsförklaring", date=d)
                                   .returning(t["agreements"].c.id)).scalar_one() for d in (None, "2024-03-28")]
        for a, parties in zip(agreements, [(kil, grums), (karlstad, kil, grums)]):
            for o in parties:
                pid = conn.execute(t["agreement_parties"].insert().values(agreement_id=a, organisation_id=o)
                                   .returning(t["agreement_parties"].c.id)).scalar_one()
                conn.execute(t["evidence"].insert().values(fact_table="agreement_parties", fact_id=pid,
                                                           document_id=docs[agreements.index(a)], extractor_version="t"))
        for k, (a, p, doc) in enumerate([(agreements[0], persons[0], docs[0]), (agreements[1], persons[1], docs[1])]):
            sid = conn.execute(t["signatures"].insert().values(agreement_id=a, person_id=p, organisation_id=kil)
                               .returning(t["signatures"].c.id)).scalar_one()
            conn.execute(t["evidence"].insert().values(fact_table="signatures", fact_id=sid, document_id=doc, extractor_version="t"))
        conn.execute(t["positions"].insert().values(person_id=persons[0], organisation_id=kil, title="kommunstyrelsens ordförande", party="S"))
        conn.execute(t["positions"].insert().values(person_id=persons[2], organisation_id=laholm, title="kommunalråd", party="C"))
        for p, doc in [(persons[0], docs[0]), (persons[0], docs[2]), (persons[1], docs[1]), (persons[2], docs[2])]:
            conn.execute(t["evidence"].insert().values(fact_table="persons", fact_id=p, document_id=doc, extractor_version="t"))
        for a, doc in zip(agreements, docs[:2]):
            conn.execute(t["agreement_documents"].insert().values(agreement_id=a, document_id=doc))
            conn.execute(t["evidence"].insert().values(fact_table="agreements", fact_id=a, document_id=doc, extractor_version="t"))
    return engine, factory, {"docs": docs, "persons": persons, "agreements": agreements, "orgs": [kil, grums, karlstad, laholm]}


def dump(engine, skip=("audit",)) -> dict[str, list[tuple]]:
    """Every row of every table (except `skip`), ordered by id: for exact comparisons.

    The optimistic-lock counter `version` is left out: every change, an undo included,
    moves it forward on purpose (a form shown before is stale), so it is not content."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in skip:
                continue
            columns = [c for c in table.columns if c.name != "version"]
            out[table.name] = [tuple(r) for r in conn.execute(select(*columns).order_by(*table.primary_key.columns))]
    return out
