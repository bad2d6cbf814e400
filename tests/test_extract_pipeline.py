"""The spaCy pipeline assembly: config file, registered factories, sourced NER, rules-only mode."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from spacy.language import Language

from samverkan.extractors import CONFIG_PATH, load_pipeline, ner_model_dir

RULE_COMPONENTS = ["samverkan_language", "samverkan_persons", "samverkan_places", "samverkan_organisations",
                   "samverkan_dates", "samverkan_org_numbers", "samverkan_roles", "samverkan_counterparts",
                   "samverkan_kind",
                   "samverkan_minutes", "samverkan_relations", "samverkan_agreements",
                   "samverkan_relation_models"]


@pytest.fixture(scope="module")
def rules_only():
    return load_pipeline(ner_model=False)


def test_rules_only_pipeline_is_swedish_and_complete(rules_only):
    assert rules_only.lang == "sv"
    assert rules_only.pipe_names == RULE_COMPONENTS
    for name in RULE_COMPONENTS:
        assert Language.has_factory(name)
    assert CONFIG_PATH.name == "pipeline.cfg" and CONFIG_PATH.exists()


def test_rules_only_pipeline_extracts(rules_only):
    doc = rules_only("Avsiktsförklaringen undertecknades den 2 maj 2022 av Eva Lund (S), "
                     "kommunstyrelsens ordförande i Hjo kommun.")
    assert [p["name"] for p in doc._.persons] == ["Eva Lund"]
    assert [s.kb_id_ for s in doc.spans["MUNICIPALITY"]] == ["Hjo"]
    assert [s.kb_id_ for s in doc.spans["DATE"]] == ["2022-05-02"]
    assert doc._.agreements[0]["signatories"][0]["org"] == "Hjo"


def test_tokenizer_splits_glued_parentheses_and_commas(rules_only):
    assert [t.text for t in rules_only.make_doc("Ek(M) Kil,Forshaga")] == \
        ["Ek", "(", "M", ")", "Kil", ",", "Forshaga"]


def test_statistical_ner_is_sourced_when_installed():
    if ner_model_dir() is None:
        pytest.skip("no trained NER model in models/ner/model")
    from samverkan.extract import get_pipeline
    nlp = get_pipeline()
    assert "ner" in nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) >= {"PER", "ORG"}


SIGNATURE_ROWS = [("Hjo 2025-05-14", "Tidaholm 2025-05-14"), ("För Hjo kommun", "För Tidaholms kommun"),
                  ("", ""), ("Eva Dahl", "Karl Berg"), ("Kommunchef", "Kommunstyrelsens ordförande")]
SIGNATURE_TEXT = ["Avsiktsförklaring om samverkan kring besöksnäring",
                  "mellan Hjo kommun och Tidaholms kommun.",
                  "Parterna avser att samverka kring marknadsföring av besöksmål."]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_side_by_side_signatures_of_a_pdf_as_pdftotext_lays_them_out(tmp_path):
    """A PDF with the signatures side by side, read by our PDF reader and turned into plain text by
    poppler's `pdftotext -layout` (the columns kept apart by spaces): both give each signer the
    organisation and title of their own column."""
    from samverkan.extract import extract
    from samverkan.ingest import read_file
    from ingest_fixtures.makers import signature_columns_pdf

    pdf = signature_columns_pdf(tmp_path / "avsikt.pdf", SIGNATURE_TEXT, SIGNATURE_ROWS)
    subprocess.run(["pdftotext", "-layout", str(pdf), str(tmp_path / "avsikt.txt")], check=True)
    laid_out = (tmp_path / "avsikt.txt").read_text(encoding="utf-8")
    assert re.search(r"Eva Dahl {3,}Karl Berg", laid_out)  # the columns really are side by side
    for text in (read_file(pdf).text, laid_out):
        rec = extract(text)
        (ag,) = rec["agreements"]
        assert {(s["name"], s["org"], s["role"]) for s in ag["signatories"]} == {
            ("Eva Dahl", "Hjo", "kommunchef"), ("Karl Berg", "Tidaholm", "kommunstyrelsens ordförande")}


def test_side_by_side_signatures_in_a_docx_table(tmp_path):
    """A Word table with one column a signer (python-docx; our reader writes its rows "cell | cell"):
    each signer takes the "För X", the title and the organisation of their own column. A table with
    one signer a row keeps reading row by row (`test_pipe_table_signatures`)."""
    from samverkan.extract import extract
    from samverkan.ingest import read_file
    from ingest_fixtures.makers import docx_file

    path = docx_file(tmp_path / "avtal.docx", None,
                     ["Samverkansavtal mellan Hjo kommun och Karlsborgs kommun",
                      "Parterna samverkar kring vatten och avlopp."],
                     table=[["Hjo 2025-02-03", "Karlsborg 2025-02-05"], ["För Hjo kommun", "För Karlsborgs kommun"],
                            ["Eva Dahl", "Karl Berg"], ["Kommunstyrelsens ordförande", "Kommundirektör"]])
    text = read_file(path).text
    assert "Eva Dahl | Karl Berg" in text
    (ag,) = extract(text)["agreements"]
    assert {(s["name"], s["org"], s["role"]) for s in ag["signatories"]} == {
        ("Eva Dahl", "Hjo", "kommunstyrelsens ordförande"), ("Karl Berg", "Karlsborg", "kommundirektör")}
