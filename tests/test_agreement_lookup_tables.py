"""The lookup tables migration 0006's triggers keep (agreement_party_pairs, partyless_agreements)
match what they are derived from after every kind of write, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select, text, update

from linkdb import add_text_document, session  # noqa: F401 (the fixture)

from samverkan.link import link_document
from samverkan.store.entities import AgreementPartyRow, AgreementRow, OrganisationRow



def assert_consistent(session) -> None:
    pairs = set(session.execute(text("SELECT agreement_id, organisation_a, organisation_b FROM agreement_party_pairs")))
    derived = set(session.execute(text(
        "SELECT a.agreement_id, a.organisation_id, b.organisation_id FROM agreement_parties a "
        "JOIN agreement_parties b ON b.agreement_id = a.agreement_id AND a.organisation_id < b.organisation_id")))
    assert pairs == derived
    assert session.scalar(text("SELECT count(*) FROM agreement_party_pairs")) == len(derived)  # no duplicates
    partyless = set(session.execute(text("SELECT agreement_id, title_key FROM partyless_agreements")))
    assert partyless == set(session.execute(text(
        "SELECT id, title_key FROM agreements a WHERE NOT EXISTS "
        "(SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id)")))


def agreement_doc(session, path: str, parties: list[str], title: str | None, version: str = "test 1"):
    body = f"{title or 'Avtal'} mellan {', '.join(parties) or 'ingen'}."
    row = add_text_document(session, path, body)
    extraction = {"kind": "agreement", "municipalities": parties, "regions": [], "organisations": [], "persons": [],
                  "agreements": [{"type": "samverkansavtal", "title": title, "date": None, "place": None,
                                  "parties": parties, "spans": [], "signatories": []}],
                  "dates": [], "mentions": [], "extractor_version": version}
    link_document(session, row, extraction)
    session.commit()
    return row, extraction


def test_linking_relinking_and_cleanup_keep_the_lookup_tables(session):
    agreement_doc(session, "/a.txt", ["Forshaga", "Grums", "Hammarö"], "Avtal om räddningstjänst")
    agreement_doc(session, "/b.txt", ["Karlstad", "Kil", "Forshaga", "Munkfors"], "Avtal om IT")
    row, extraction = agreement_doc(session, "/c.txt", [], "Avtal om överförmyndare")
    assert_consistent(session)
    assert session.scalar(text("SELECT count(*) FROM partyless_agreements")) == 1

    extraction["extractor_version"] = "test 2"  # re-linked with parties: no longer partyless
    extraction["agreements"][0]["parties"] = ["Arvika", "Eda"]
    extraction["municipalities"] = ["Arvika", "Eda"]
    link_document(session, row, extraction)
    session.commit()
    assert_consistent(session)

    row_b = session.scalar(text("SELECT id FROM documents WHERE source_path = '/b.txt'"))
    from samverkan.store.documents import DocumentRow
    b = session.get(DocumentRow, row_b)
    link_document(session, b, {"kind": "news", "municipalities": [], "regions": [], "organisations": [], "persons": [],
                               "agreements": [], "dates": [], "mentions": [], "extractor_version": "test 2"})
    session.commit()  # its agreement, parties and pairs are gone
    assert_consistent(session)

    retitled = session.scalar(select(AgreementRow).order_by(AgreementRow.id.desc()).limit(1))
    session.execute(delete(AgreementPartyRow).where(AgreementPartyRow.agreement_id == retitled.id))
    session.execute(update(AgreementRow).where(AgreementRow.id == retitled.id).values(title_key="nytt namn"))
    session.commit()  # partyless again, under its new title
    assert_consistent(session)
    assert session.scalar(text("SELECT title_key FROM partyless_agreements")) == "nytt namn"


def test_several_parties_in_one_statement_and_an_update(session):
    orgs = [OrganisationRow(kind="other", name=f"Org {i}", name_key=f"org {i}") for i in range(4)]
    agreement = AgreementRow(type="avtal", title="Avtal", title_key="avtal")
    session.add_all([*orgs, agreement])
    session.flush()
    session.execute(insert(AgreementPartyRow).values(  # one INSERT with several rows
        [{"agreement_id": agreement.id, "organisation_id": o.id} for o in orgs[:3]]))
    assert_consistent(session)
    session.execute(update(AgreementPartyRow).where(AgreementPartyRow.organisation_id == orgs[0].id)
                    .values(organisation_id=orgs[3].id))
    assert_consistent(session)
    session.execute(delete(AgreementPartyRow))
    assert_consistent(session)
    session.commit()
