"""`samverkan extract` JSON Lines contract and the Python API entry points."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.extract import EXTRACTOR_VERSION, extract_document, extract_many
from samverkan.ingest import read_file

SCHEMA_KEYS = {"source", "kind", "municipalities", "regions", "organisations", "persons", "agreements", "dates"}

SV = ("Forshaga och Grums har i dag tecknat en avsiktsförklaring om räddningstjänst. "
      "– Det är bra, säger Eva Lund (S), kommunstyrelsens ordförande i Grums kommun, den 3 maj 2022.\n")
NO = ("Ordførarane i Årdal og Lærdal signerte i dag ein intensjonsavtale for samarbeid. "
      "Kommunestyra skal handsame saka, og det vert lyst etter prosjektleiar.\n")


def _write(tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(SV, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(NO, encoding="utf-8")
    return folder


def test_cli_json_lines_one_object_per_document(tmp_path, monkeypatch):
    folder = _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract", "docs"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(l) for l in result.output.splitlines() if l.strip()]
    assert len(lines) == 2
    by_source = {l["source"]: l for l in lines}
    assert set(by_source) == {"docs/a.txt", "docs/sub/b.txt"}
    a = by_source["docs/a.txt"]
    assert SCHEMA_KEYS <= set(a) and "mentions" not in a
    assert a["municipalities"] == ["Forshaga", "Grums"]
    assert a["dates"] == ["2022-05-03"]
    assert a["persons"][0]["roles"][0] == {"title": "kommunstyrelsens ordförande", "org": "Grums", "party": "S"}
    b = by_source["docs/sub/b.txt"]
    assert b["kind"] == "foreign" and b["persons"] == [] and b["municipalities"] == []


def test_cli_spans_option_adds_provenance(tmp_path, monkeypatch):
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract", "--spans", "docs/a.txt"])
    assert result.exit_code == 0, result.output
    (rec,) = [json.loads(l) for l in result.output.splitlines() if l.strip()]
    assert rec["source"] == "docs/a.txt"
    assert rec["extractor_version"] == EXTRACTOR_VERSION
    for m in rec["mentions"]:
        assert SV[m["start"]:m["end"]] == m["text"]
    person = rec["persons"][0]
    s, e = person["spans"][0]
    assert SV[s:e] == "Eva Lund"


def test_cli_help():
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert result.exit_code == 0 and "--spans" in result.output


def test_extract_many_keeps_order_and_sources(tmp_path):
    folder = _write(tmp_path)
    docs = [read_file(folder / "a.txt"), read_file(folder / "sub" / "b.txt")]
    recs = list(extract_many(docs, batch_size=2))
    assert [r["source"] for r in recs] == [d.source_path for d in docs]
    assert extract_document(docs[0])["municipalities"] == recs[0]["municipalities"]


def test_cli_reports_unreadable_files_and_goes_on(tmp_path, monkeypatch):
    folder = _write(tmp_path)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    monkeypatch.chdir(tmp_path)
    result = CliRunner(mix_stderr=False).invoke(main, ["extract", "docs"]) if "mix_stderr" in \
        CliRunner.__init__.__code__.co_varnames else CliRunner().invoke(main, ["extract", "docs"])
    assert result.exit_code == 0
    sources = [json.loads(l)["source"] for l in result.stdout.splitlines() if l.startswith("{")]
    assert sorted(sources) == ["docs/a.txt", "docs/sub/b.txt"]
    assert "docs/broken.pdf" in (result.stderr if hasattr(result, "stderr") else result.output)


def test_a_failing_document_does_not_end_the_run(tmp_path, monkeypatch):
    """One document the pipeline raises on gets an error record; the others are extracted."""
    from samverkan import extract as extract_module
    from samverkan.document import Document

    nlp = extract_module.get_pipeline()

    class Boom:
        def __call__(self, doc):
            if "BOOM" in doc.text:
                raise ValueError("component failed")
            return doc

    monkeypatch.setattr(extract_module, "get_pipeline", lambda: _with_component(nlp, Boom()))
    docs = [Document("a.txt", "txt", "h1", "Anna Ek (S) i Hjo kommun."), Document("b.txt", "txt", "h2", "BOOM"),
            Document("c.txt", "txt", "h3", "Per Lund (M) i Mora kommun.")]
    with pytest.raises(ValueError):
        list(extract_many(docs, batch_size=3))  # default: the caller decides
    recs = list(extract_many(docs, batch_size=3, on_error="record"))
    assert [r["source"] for r in recs] == ["a.txt", "b.txt", "c.txt"]
    assert "component failed" in recs[1]["error"] and recs[1]["persons"] == []
    assert recs[0]["municipalities"] == ["Hjo"] and recs[2]["municipalities"] == ["Mora"]


def _with_component(nlp, component):
    class Wrapped:
        def __init__(self):
            self.inner = nlp

        def make_doc(self, text):
            return self.inner.make_doc(text)

        def pipe(self, texts, batch_size=16):
            for text in texts:
                yield self(text)

        def __call__(self, text):
            return component(self.inner(text))
    return Wrapped()


def test_the_readers_language_answer_is_reused_not_recomputed():
    """extract_many applies the pipeline's rule to read_file's (language, probability) answer."""
    from samverkan.document import Document
    from samverkan.extract import extract_many

    text = ("Kommunstyrelsens ordförande Anna Berg (S) i Hjo kommun skrev under avtalet med Mora "
            "kommun den 4 juli 2018 efter ett långt och noggrant arbete med alla delar.")
    said_danish = Document("a.txt", "txt", "h1", text, language="da", language_probability=0.97)
    unsure = Document("b.txt", "txt", "h2", text, language="da", language_probability=0.5)
    not_read = Document("c.txt", "txt", "h3", text)
    recs = list(extract_many([said_danish, unsure, not_read]))
    assert [r["kind"] == "foreign" for r in recs] == [True, False, False]
    assert recs[1]["municipalities"] == recs[2]["municipalities"] == ["Hjo", "Mora"]


def test_documents_read_as_foreign_skip_the_ner_and_keep_their_place():
    """A batch mixing Swedish and Norwegian documents: the NER runs on the Swedish ones only
    (the rule components ignore the others), and the records come back in input order."""
    from samverkan import extract as extract_module
    from samverkan.document import Document

    nlp = extract_module.get_pipeline()
    if "ner" not in nlp.pipe_names:
        pytest.skip("no trained NER model installed")
    docs = [Document("a.txt", "txt", "h1", SV, language="sv", language_probability=0.99),
            Document("b.txt", "txt", "h2", NO * 2, language="no", language_probability=0.99),
            Document("c.txt", "txt", "h3", SV.replace("Grums", "Hammarö"), language="sv", language_probability=0.99)]
    sdocs = extract_module._run_pipeline(nlp, [extract_module._spacy_doc(nlp, d) for d in docs])
    assert [s.text for s in sdocs] == [d.text for d in docs]
    assert [s.has_annotation("ENT_IOB") for s in sdocs] == [True, False, True]
    assert [s._.language for s in sdocs] == ["sv", "no", "sv"]
    recs = list(extract_many(docs, batch_size=3))
    assert [r["source"] for r in recs] == ["a.txt", "b.txt", "c.txt"]
    assert [r["kind"] == "foreign" for r in recs] == [False, True, False]
    assert [p["name"] for p in recs[0]["persons"]] == [p["name"] for p in recs[2]["persons"]] == ["Eva Lund"]
    assert recs[2]["municipalities"] == ["Forshaga", "Hammarö"]


def test_the_extractor_version_changes_with_the_relation_models(monkeypatch, tmp_path):
    """EXTRACTOR_VERSION carries a hash of the rule components and the relation models, so new
    weights (or data files) are a new version and `samverkan run` extracts stored documents again."""
    from samverkan import extract as extract_module
    from samverkan.extractors import relation_models

    assert EXTRACTOR_VERSION.endswith(f"rules+models {extract_module._rules_and_models_fingerprint()}")
    (tmp_path / "signatory.json").write_text('{"weights": [1.0]}', encoding="utf-8")
    monkeypatch.setattr(relation_models, "default_model_dir", lambda: tmp_path)
    first = extract_module._rules_and_models_fingerprint()
    (tmp_path / "signatory.json").write_text('{"weights": [2.0]}', encoding="utf-8")
    assert extract_module._rules_and_models_fingerprint() != first
