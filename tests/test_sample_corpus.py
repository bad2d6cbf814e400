"""The bundled sample corpus: every document has a valid gold annotation, and the built
PDF/DOCX documents are reproducible from corpus/sources by corpus/build_sample.py."""
from __future__ import annotations

import csv
import importlib.util
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_CORPUS, SHARED

FORMATS = {".txt", ".md", ".html", ".pdf", ".docx"}
KINDS = {"press_release", "news", "declaration", "agreement", "protocol", "other", "foreign"}
LIST_FIELDS = ("municipalities", "regions", "organisations", "persons", "agreements", "dates")
BUILT = {".pdf", ".docx"}


def documents() -> list[Path]:
    return sorted(p for p in SAMPLE_CORPUS.iterdir()
                  if p.suffix in FORMATS and p.name != "README.md")


def golds() -> list[Path]:
    return sorted(SAMPLE_CORPUS.glob("*.json"))


def load_build_module():
    spec = importlib.util.spec_from_file_location("build_sample", REPO / "corpus" / "build_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ reading the documents

def decode_text(data: bytes) -> str:
    """Text of a txt/md file in the encodings the corpus deliberately uses."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


class _ContentText(HTMLParser):
    """Text of an HTML page without its boilerplate (header, nav, aside, footer, cookies)."""

    SKIP = {"header", "nav", "aside", "footer", "script", "style", "head"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"meta", "link", "img", "input", "br"}:
            return
        marker = " ".join(v or "" for k, v in attrs if k in ("id", "class")).lower()
        skip = tag in self.SKIP or "cookie" in marker
        self.stack.append(skip)
        self.depth += skip

    def handle_endtag(self, tag):
        if tag in {"meta", "link", "img", "input", "br"} or not self.stack:
            return
        self.depth -= self.stack.pop()

    def handle_data(self, data):
        if self.depth == 0:
            self.parts.append(data)


def html_content(raw: str) -> str:
    parser = _ContentText()
    parser.feed(raw)
    return " ".join(parser.parts)


def _two_columns(page) -> bool:
    middle = page.width / 2
    words = page.extract_words()
    left = sum(w["x1"] < middle for w in words)
    right = sum(w["x0"] > middle for w in words)
    spanning = sum(w["x0"] < middle < w["x1"] for w in words)
    return left > 50 and right > 50 and spanning < 5


def _page_text(page) -> str:
    """Page text in reading order: a two-column page is read left column, then right."""
    if not _two_columns(page):
        return page.extract_text() or ""
    middle = page.width / 2
    halves = (page.crop((0, 0, middle, page.height)), page.crop((middle, 0, page.width, page.height)))
    return "\n".join(half.extract_text() or "" for half in halves)


def pdf_pages(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [_page_text(page) for page in pdf.pages]


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def content_text(path: Path) -> str:
    """What a reader sees as the document's content (boilerplate of HTML pages removed)."""
    if path.suffix == ".pdf":
        return "\n".join(pdf_pages(path))
    if path.suffix == ".docx":
        return docx_text(path)
    text = decode_text(path.read_bytes())
    return html_content(text) if path.suffix == ".html" else text


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ------------------------------------------------------------------ reference lists

def reference_names(project_file: str, shared_file: str, column: str) -> set[str] | None:
    for path in (REPO / "extractors" / "data" / project_file, SHARED / "reference" / shared_file):
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                return {row[column] for row in csv.DictReader(fh)}
    return None


# ------------------------------------------------------------------ corpus shape

def test_at_least_twelve_documents_in_all_five_formats():
    docs = documents()
    assert len(docs) >= 12
    assert {p.suffix for p in docs} == FORMATS


def test_every_document_has_gold_and_every_gold_a_document():
    doc_stems = [p.stem for p in documents()]
    assert len(doc_stems) == len(set(doc_stems)), "stems must be unique (the scorer matches by stem)"
    assert sorted(doc_stems) == sorted(p.stem for p in golds())


def test_deliberate_encodings_are_kept():
    raw = {p.name: p.read_bytes() for p in documents() if p.suffix == ".txt"}
    assert any(b.startswith(b"\xff\xfe") for b in raw.values()), "a UTF-16 text"
    assert any(b.startswith(b"\xef\xbb\xbf") for b in raw.values()), "a UTF-8 text with BOM"
    cp1252 = [n for n, b in raw.items() if not b.startswith((b"\xff\xfe", b"\xef\xbb\xbf"))
              and _not_utf8(b)]
    assert cp1252, "a Windows-1252 text that is not valid UTF-8"
    assert "Ordförande" in decode_text(raw[cp1252[0]])


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_kinds_cover_the_brief():
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"] for p in golds()}
    assert {"press_release", "declaration", "agreement", "protocol", "foreign"} <= kinds


def test_readme_lists_every_document():
    readme = (SAMPLE_CORPUS.parent / "README.md").read_text(encoding="utf-8")
    for doc in documents():
        assert f"`{doc.name}`" in readme, doc.name


# ------------------------------------------------------------------ gold schema

ISO_FULL = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _valid_iso(value: str, full: bool) -> bool:
    if not (ISO_FULL if full else ISO_PARTIAL).match(value):
        return False
    parts = [int(x) for x in value.split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError:
        return False
    return True


def _str_or_none(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == value and value != "")


@pytest.mark.parametrize("gold_path", golds(), ids=lambda p: p.stem)
def test_gold_follows_schema(gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert set(gold) == {"id", "kind", *LIST_FIELDS, "notes"}
    assert gold["id"] == gold_path.stem
    assert gold["kind"] in KINDS
    assert isinstance(gold["notes"], str) and gold["notes"]
    for field in ("municipalities", "regions", "organisations", "dates"):
        values = gold[field]
        assert isinstance(values, list) and all(isinstance(v, str) and v for v in values)
        assert len(values) == len(set(values)), f"duplicate in {field}"
    assert all(_valid_iso(d, full=True) for d in gold["dates"]), gold["dates"]

    names = [p["name"] for p in gold["persons"]]
    assert len(names) == len(set(names)), "one entry per person"
    for person in gold["persons"]:
        assert set(person) == {"name", "roles"} and isinstance(person["name"], str)
        for role in person["roles"]:
            assert set(role) == {"title", "org", "party"}
            assert all(_str_or_none(role[k]) for k in role)
            if role["title"] is not None:
                assert role["title"] == role["title"].lower(), "titles are lowercase base forms"
            if role["party"] is not None:
                assert re.fullmatch(r"[A-ZÅÄÖ]{1,4}", role["party"]), role["party"]

    for agreement in gold["agreements"]:
        assert set(agreement) == {"type", "title", "date", "place", "parties", "signatories"}
        assert agreement["type"] == agreement["type"].lower()
        assert all(_str_or_none(agreement[k]) for k in ("title", "date", "place"))
        if agreement["date"] is not None:
            assert _valid_iso(agreement["date"], full=False), agreement["date"]
        assert agreement["parties"] and all(isinstance(p, str) for p in agreement["parties"])
        for signatory in agreement["signatories"]:
            assert set(signatory) == {"name", "role", "org"}
            assert signatory["name"] in names, "every signatory is also a person"

    if gold["kind"] == "foreign":
        assert all(gold[field] == [] for field in LIST_FIELDS)


def test_municipalities_regions_and_parties_exist():
    municipalities = reference_names("municipalities.csv", "kommuner.csv", "name")
    regions = reference_names("regions.csv", "regioner.csv", "region_name")
    parties = reference_names("parties.csv", "parties.csv", "abbrev")
    if municipalities is None or regions is None or parties is None:
        pytest.skip("no municipality/region/party reference list (project copy or ../shared)")
    for path in golds():
        gold = json.loads(path.read_text(encoding="utf-8"))
        places = set(gold["municipalities"])
        for agreement in gold["agreements"]:
            places |= {p for p in agreement["parties"] if not p.startswith("Region ")}
        assert places <= municipalities, (path.stem, places - municipalities)
        assert set(gold["regions"]) <= regions, (path.stem, gold["regions"])
        used = {r["party"] for p in gold["persons"] for r in p["roles"] if r["party"]}
        assert used <= parties, (path.stem, used - parties)


@pytest.mark.parametrize("doc", documents(), ids=lambda p: p.name)
def test_gold_names_occur_in_the_content(doc: Path):
    """Persons, regions and organisations of the gold are in the content, not only in
    boilerplate (an HTML page's contact block or footer names people who are not gold)."""
    gold = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    text = flat(content_text(doc))
    for name in [p["name"] for p in gold["persons"]] + gold["regions"] + gold["organisations"]:
        assert name in text, f"{doc.name}: {name!r} not in the content"


def test_html_boilerplate_people_are_not_gold():
    for doc in (p for p in documents() if p.suffix == ".html"):
        raw = doc.read_text(encoding="utf-8")
        content = flat(html_content(raw))
        gold = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
        assert "Kontakt för den här sidan" in raw and "Kontakt för den här sidan" not in content
        gold_names = {p["name"] for p in gold["persons"]}
        boiler = re.findall(r"<h2>Kontakt för den här sidan</h2>\s*<p>([^<]+)<", raw)
        assert boiler and boiler[0].split(",")[0].strip() not in gold_names


# ------------------------------------------------------------------ built PDF/DOCX

def test_pdfs_have_titles_and_layouts():
    import pdfplumber

    pdfs = [p for p in documents() if p.suffix == ".pdf"]
    assert len(pdfs) >= 2
    two_column = 0
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            assert pdf.metadata.get("Title"), pdf_path.name
            texts = [_page_text(page) for page in pdf.pages]
            total = len(pdf.pages)
            for number, text in enumerate(texts, 1):
                assert f"Sida {number} av {total}" in text, (pdf_path.name, number)
            if total >= 2:
                header = texts[0].splitlines()[0]
                assert all(t.splitlines()[0] == header for t in texts), "running header"
            two_column += _two_columns(pdf.pages[0])
    assert any(len(pdf_pages(p)) >= 2 for p in pdfs), "a multi-page one-column PDF"
    assert two_column >= 1, "a two-column PDF"


def test_docx_has_signatories_in_a_table():
    import docx

    docx_path = next(p for p in documents() if p.suffix == ".docx")
    gold = json.loads(docx_path.with_suffix(".json").read_text(encoding="utf-8"))
    document = docx.Document(docx_path)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    signatories = {s["name"] for a in gold["agreements"] for s in a["signatories"]}
    assert signatories and signatories <= cells
    assert document.core_properties.title


def test_build_is_deterministic_and_matches_committed_files(tmp_path: Path):
    build = load_build_module()
    first = build.build_all(tmp_path / "a")
    second = build.build_all(tmp_path / "b")
    assert {p.suffix for p in first} == BUILT
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two builds"
    # Against the committed files compare what a reader sees (robust to library versions).
    for built in first:
        committed = SAMPLE_CORPUS / built.name
        assert committed.is_file(), f"{built.name} is not committed in corpus/sample"
        assert content_text(built) == content_text(committed), built.name
    committed_built = {p.name for p in documents() if p.suffix in BUILT}
    assert committed_built == {p.name for p in first}, "every PDF/DOCX comes from a source"
