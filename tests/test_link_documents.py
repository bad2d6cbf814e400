"""Linking hand-made extractions (EXTRACT_SPANS format) across documents, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from linkdb import add_text_document, session, span_of  # noqa: F401 (the fixture)

from samverkan.link import link_document
from samverkan.store.documents import DocumentRow
from samverkan.store.entities import (
    AgreementDocumentRow, AgreementRow, EvidenceRow, OrganisationRow, PersonRow, PositionRow, SignatureRow,
)

FIVE = ["Forshaga", "Grums", "Hammarö", "Karlstad", "Kil"]



def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def person_doc(session, path, name, title, org, party=None, extra=""):
    text = f"{extra}{name} ({party}), {title} i {org}s kommun, säger att samarbetet är viktigt."
    row = add_text_document(session, path, text)
    extraction = {
        "kind": "news", "municipalities": [org], "regions": [], "organisations": [],
        "persons": [{"name": name, "spans": [span_of(text, name)],
                     "roles": [{"title": title, "org": org, "party": party, "span": span_of(text, title)}]}],
        "agreements": [], "dates": [],
        "mentions": [{"label": "MUNICIPALITY", "start": span_of(text, org)[0], "end": span_of(text, org)[1] + 1,
                      "text": org + "s", "value": org}],
        "extractor_version": "test 1",
    }
    link_document(session, row, extraction)
    return row, extraction


def agreement_doc(session, path, kind, signers, date=None, place=None, agreement_type="avsiktsförklaring",
                  parties=FIVE, version="test 1"):
    names = ", ".join(f"{n} ({o})" for n, o in signers)
    text = f"En {agreement_type} mellan {', '.join(parties)} undertecknades {date or ''} av {names}."
    row = add_text_document(session, path, text)
    extraction = {
        "kind": kind, "municipalities": list(parties), "regions": [], "organisations": [],
        "persons": [{"name": n, "spans": [span_of(text, n)],
                     "roles": [{"title": "kommunstyrelsens ordförande", "org": o, "party": None,
                                "span": span_of(text, n)}]} for n, o in signers],
        "agreements": [{"type": agreement_type, "title": None, "date": date, "place": place, "parties": list(parties),
                        "spans": [span_of(text, agreement_type)],
                        "signatories": [{"name": n, "role": "kommunstyrelsens ordförande", "org": o,
                                         "span": span_of(text, f"{n} ({o})")} for n, o in signers]}],
        "dates": [date] if date and len(date) == 10 else [],
        "mentions": [], "extractor_version": version,
    }
    link_document(session, row, extraction)
    return row, extraction


def test_municipality_mentions_become_one_scb_coded_organisation(session):
    person_doc(session, "/a.txt", "Per Sjödén", "kommunstyrelsens ordförande", "Forshaga", "S")
    person_doc(session, "/b.txt", "Lena Berg", "kommunalråd", "Forshaga", "M")
    session.commit()
    forshaga = session.scalars(select(OrganisationRow).where(OrganisationRow.kind == "municipality")).all()
    assert [(o.name, o.scb_code, o.lan_code) for o in forshaga] == [("Forshaga", "1763", "17")]
    evidence = session.scalars(select(EvidenceRow).where(
        EvidenceRow.fact_table == "organisations", EvidenceRow.fact_id == forshaga[0].id)).all()
    assert sorted(e.text for e in evidence) == ["Forshagas", "Forshagas"]  # the mention spans, one per document
    assert {e.extractor_version for e in evidence} == {"test 1"}


def test_a_municipality_named_by_its_seat_is_cited_at_the_seat(session):
    """A SEAT mention ("Bålsta", Håbo's seat) is the evidence of the municipality it names."""
    from samverkan.extract import extract
    text = "Bolaget har byggt nya bostäder i Bålsta under året.\n"
    row = add_text_document(session, "/seat.txt", text)
    extraction = extract(text)
    assert [(m["label"], m["text"], m["value"]) for m in extraction["mentions"] if m["label"] == "SEAT"] == [
        ("SEAT", "Bålsta", "Håbo")]
    link_document(session, row, extraction)
    session.commit()
    (habo,) = session.scalars(select(OrganisationRow).where(OrganisationRow.kind == "municipality")).all()
    evidence = session.scalars(select(EvidenceRow).where(
        EvidenceRow.fact_table == "organisations", EvidenceRow.fact_id == habo.id)).all()
    assert (habo.name, [e.text for e in evidence]) == ("Håbo", ["Bålsta"])


def test_same_person_across_documents_is_one_person_namesakes_in_other_municipalities_are_not(session):
    person_doc(session, "/kil1.txt", "Erik Lindström", "kommundirektör", "Kil")
    person_doc(session, "/laholm1.txt", "Erik Lindström", "kommunstyrelsens ordförande", "Laholm", "C")
    person_doc(session, "/laholm2.txt", "Erik  Lindström", "kommunstyrelsens ordförande", "Laholm", "C",
               extra="Nytt avtal. ")
    session.commit()
    people = session.scalars(select(PersonRow).order_by(PersonRow.id)).all()
    assert len(people) == 2
    by_org = {}
    for person in people:
        orgs = session.scalars(select(OrganisationRow.name).join(PositionRow, PositionRow.organisation_id == OrganisationRow.id)
                               .where(PositionRow.person_id == person.id)).all()
        docs = session.scalars(select(DocumentRow.source_path).join(EvidenceRow, EvidenceRow.document_id == DocumentRow.id)
                               .where(EvidenceRow.fact_table == "persons", EvidenceRow.fact_id == person.id)).all()
        by_org[tuple(sorted(set(orgs)))] = sorted(set(docs))
    assert by_org == {("Kil",): ["/kil1.txt"], ("Laholm",): ["/laholm1.txt", "/laholm2.txt"]}


def test_a_name_without_organisation_joins_the_only_person_of_that_name(session):
    person_doc(session, "/a.txt", "Per Sjödén", "kommunstyrelsens ordförande", "Forshaga", "S")
    text = "Per Sjödén talade på mötet."
    row = add_text_document(session, "/b.txt", text)
    link_document(session, row, {"kind": "news", "persons": [{"name": "Per Sjödén", "spans": [[0, 10]], "roles": []}],
                                 "extractor_version": "test 1"})
    session.commit()
    assert count(session, PersonRow) == 1


def test_press_release_and_declaration_are_one_agreement_with_both_documents(session):
    press, _ = agreement_doc(session, "/press.txt", "press_release", [("Anna Berg", "Kil"), ("Mikael Dahl", "Grums")],
                             date="2024-03")
    declaration, _ = agreement_doc(session, "/declaration.txt", "declaration",
                                   [("Anna Berg", "Kil"), ("Mikael Dahl", "Grums"), ("Johan Ekström", "Karlstad"),
                                    ("Karin Sjöberg", "Hammarö"), ("Peter Wallin", "Forshaga")],
                                   date="2024-03-28", place="Karlstad")
    minutes, _ = agreement_doc(session, "/minutes.txt", "protocol", [], date="2024-03-12")  # the decision, weeks before
    other_year, _ = agreement_doc(session, "/old.txt", "news", [("Anna Berg", "Kil")], date="2019-05-02")
    other_type, _ = agreement_doc(session, "/avtal.txt", "news", [], agreement_type="samverkansavtal")
    session.commit()
    agreements = session.scalars(select(AgreementRow).order_by(AgreementRow.id)).all()
    assert len(agreements) == 3
    main = agreements[0]
    assert (main.type, main.date, main.place) == ("avsiktsförklaring", "2024-03-28", "Karlstad")
    docs = session.scalars(select(AgreementDocumentRow.document_id).where(AgreementDocumentRow.agreement_id == main.id)).all()
    assert sorted(docs) == sorted([press.id, declaration.id, minutes.id])
    assert count(session, SignatureRow, SignatureRow.agreement_id == main.id) == 5
    assert count(session, PersonRow) == 5  # Anna Berg of Kil is one person in four documents


def test_a_generic_agreement_word_joins_the_specific_agreement(session):
    agreement_doc(session, "/avtal.txt", "agreement", [("Helena Strand", "Båstad")], date="2024-07-04",
                  agreement_type="samverkansavtal", parties=["Båstad", "Halmstad", "Laholm"])
    agreement_doc(session, "/news.txt", "news", [("Helena Strand", "Båstad")], agreement_type="avtal",
                  parties=["Båstad", "Halmstad", "Laholm"])
    agreement_doc(session, "/other.txt", "news", [], agreement_type="avsiktsförklaring",
                  parties=["Båstad", "Halmstad", "Laholm"])
    session.commit()
    types = sorted(session.scalars(select(AgreementRow.type)))
    assert types == ["avsiktsförklaring", "samverkansavtal"]


def test_relinking_replaces_the_documents_evidence_without_duplicating(session):
    from samverkan.store.dump import canonical_dump

    row, extraction = agreement_doc(session, "/d.txt", "declaration", [("Anna Berg", "Kil"), ("Mikael Dahl", "Grums")],
                                    date="2024-03-28")
    agreement_doc(session, "/p.txt", "press_release", [("Anna Berg", "Kil")], date="2024-03-28")
    session.commit()
    before = canonical_dump(session)
    link_document(session, row, extraction)  # the same extraction again
    session.commit()
    assert canonical_dump(session) == before

    extraction = dict(extraction, extractor_version="test 2")
    extraction["agreements"] = [dict(extraction["agreements"][0], signatories=extraction["agreements"][0]["signatories"][:1])]
    extraction["persons"] = extraction["persons"][:1]
    link_document(session, row, extraction)  # a new extractor that no longer sees Mikael Dahl
    session.commit()
    assert count(session, AgreementRow) == 1
    assert count(session, PersonRow) == 1
    assert count(session, SignatureRow) == 1
    versions = set(session.scalars(select(EvidenceRow.extractor_version).where(EvidenceRow.document_id == row.id)))
    assert versions == {"test 2"}


def test_a_new_file_version_replaces_the_old_versions_evidence(session):
    person_doc(session, "/v.txt", "Per Sjödén", "kommunstyrelsens ordförande", "Forshaga", "S")
    person_doc(session, "/v.txt", "Lena Berg", "kommunalråd", "Forshaga", "M")  # same path, new bytes
    session.commit()
    assert count(session, DocumentRow) == 2
    assert session.scalars(select(PersonRow.name)).all() == ["Lena Berg"]
    current = session.scalar(select(DocumentRow.id).where(DocumentRow.is_current.is_(True)))
    assert set(session.scalars(select(EvidenceRow.document_id))) == {current}


def test_every_span_of_evidence_points_at_its_text(session):
    agreement_doc(session, "/d.txt", "declaration", [("Anna Berg", "Kil")], date="2024-03-28")
    person_doc(session, "/a.txt", "Per Sjödén", "kommunstyrelsens ordförande", "Forshaga", "S")
    session.commit()
    rows = session.execute(select(EvidenceRow.fact_table, EvidenceRow.start, EvidenceRow.end, EvidenceRow.text,
                                  DocumentRow.text).join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)).all()
    assert {r[0] for r in rows} >= {"persons", "positions", "agreements", "agreement_parties", "signatures"}
    for table, start, end, cited, body in rows:
        if table != "organisations":  # the extraction gave spans for everything but these
            assert start is not None, table
        if start is not None:
            assert body[start:end] == cited
