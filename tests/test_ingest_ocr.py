"""OCR of scans the tests make themselves: our own Swedish agreement typeset with a DejaVu
font (Pillow), speckled and slightly turned, wrapped as image-only PDF, multi-page TIFF,
PNG/JPEG (also lying at 90 and 180 degrees), a mixed text/scan PDF (reportlab) and a scan
under a garbage OCR layer. Read with the real Tesseract and its Swedish model."""
from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from samverkan.bench.scans import save_pdf, save_tiff, scan_pages
from samverkan.document import IngestError
from samverkan.ingest import read_file
from samverkan.ingest.text_layer import judge

TEXT = (Path(__file__).parent / "ingest_fixtures" / "ocr_agreement.txt").read_text(encoding="utf-8")
DPI = 200
MIN_SIMILARITY = 0.97
FIRST_PAGE = TEXT[:TEXT.index("För Ockelbo kommun")]  # what the first of the two scanned pages holds

pytestmark = pytest.mark.slow


def similarity(expected: str, got: str) -> float:
    return fuzz.ratio(" ".join(expected.split()), " ".join(got.split())) / 100


@pytest.fixture(scope="module")
def pages():
    """Two scanned pages of TEXT: 200 dpi, turned 0.8 degrees, speckled."""
    return scan_pages(TEXT, dpi=DPI, rotation=0.8, speckle=0.002, seed=7)


@pytest.fixture(scope="module")
def scanned_pdf(pages, tmp_path_factory):
    path = save_pdf(pages, tmp_path_factory.mktemp("scan") / "avtal-skannat.pdf", dpi=DPI)
    return path, read_file(path)


def test_typeset_text_spans_two_pages(pages):
    assert len(pages) == 2


def test_image_only_pdf_reads_back(scanned_pdf):
    path, doc = scanned_pdf
    assert similarity(TEXT, doc.text) >= MIN_SIMILARITY
    assert [p.number for p in doc.pages] == [1, 2]
    ocr = doc.metadata["ocr"]
    assert [p["page"] for p in ocr["pages"]] == [1, 2]
    assert all(p["text_layer"] == "no text" for p in ocr["pages"])
    assert all(80 <= p["confidence"] <= 100 for p in ocr["pages"])
    # the 0.8 degree turn, measured (page 2, four short lines, gives a rougher figure)
    assert abs(ocr["pages"][0]["skew"] + 0.8) <= 0.3 and ocr["pages"][1]["skew"] < 0
    assert ocr["engine"].startswith("tesseract 5.")
    assert ocr["languages"] == "swe"
    assert ":swe:" in ocr["models"]["swe"]  # the version string inside swe.traineddata
    # each page's range holds that page's text
    second = doc.text[doc.pages[1].start:doc.pages[1].end]
    assert "Torbjörn Ekdahl" in second and "Torbjörn Ekdahl" not in doc.text[:doc.pages[1].start]


def test_extraction_finds_the_same_persons_and_municipalities(scanned_pdf):
    from samverkan.extract import extract

    from_text, from_scan = extract(TEXT), extract(scanned_pdf[1])
    assert sorted(from_scan["municipalities"]) == sorted(from_text["municipalities"]) == ["Hofors", "Ockelbo"]
    names = lambda record: sorted(p["name"] for p in record["persons"])  # noqa: E731
    assert names(from_scan) == names(from_text) == ["Margareta Wennerholm", "Torbjörn Ekdahl"]


def test_multipage_tiff(pages, tmp_path):
    path = save_tiff(pages, tmp_path / "avtal.tif", dpi=DPI)
    doc = read_file(path)
    assert doc.format == "tiff"
    assert len(doc.pages) == 2 and doc.metadata["page_count"] == 2
    assert similarity(TEXT, doc.text) >= MIN_SIMILARITY
    assert [p["dpi"] for p in doc.metadata["ocr"]["pages"]] == [DPI, DPI]


def test_fax_tiff_black_and_white_group4(pages, tmp_path):
    """Archives' faxes: bilevel pages, CCITT group 4, 204 x 196 dpi."""
    path = tmp_path / "fax.tif"
    first, second = (page.convert("1") for page in pages)
    first.save(path, "TIFF", save_all=True, append_images=[second], compression="group4", dpi=(204, 196))
    doc = read_file(path)
    assert len(doc.pages) == 2
    assert similarity(TEXT, doc.text) >= MIN_SIMILARITY


@pytest.mark.parametrize("turn, suffix, expected_fix", [(90, ".png", 270), (180, ".jpg", 180)])
def test_page_lying_on_its_side_or_upside_down(pages, tmp_path, turn, suffix, expected_fix):
    path = tmp_path / f"sida{suffix}"
    pages[0].rotate(turn, expand=True).save(path, dpi=(DPI, DPI), **({"quality": 90} if suffix == ".jpg" else {}))
    doc = read_file(path)
    (page,) = doc.metadata["ocr"]["pages"]
    assert page["rotation"] == expected_fix
    assert similarity(FIRST_PAGE, doc.text) >= MIN_SIMILARITY


def _page_image_pdf(canvas, image) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader

    canvas.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])


def _text_lines(canvas, lines: list[str], invisible: bool = False) -> None:
    text = canvas.beginText(72, 770)
    text.setFont("Helvetica", 11)
    if invisible:
        text.setTextRenderMode(3)  # an OCR layer: text not painted
    for line in lines:
        text.textLine(line)
    canvas.drawText(text)


TYPED = ["Protokollsutdrag från kommunstyrelsen i Ockelbo kommun.",
         "Kommunstyrelsen godkänner avtalet om gemensam lönenämnd med Hofors kommun.",
         "Avtalet i sin helhet följer som bilaga på nästa sida."]


@pytest.fixture(scope="module")
def mixed_pdf(pages, tmp_path_factory) -> Path:
    """Page 1 typed (a text layer), page 2 the first scanned page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path_factory.mktemp("mixed") / "blandad.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _text_lines(pdf, TYPED)
    pdf.showPage()
    _page_image_pdf(pdf, pages[0])
    pdf.showPage()
    pdf.save()
    return path


def test_mixed_pdf_text_page_and_scanned_page(mixed_pdf):
    typed = TYPED
    doc = read_file(mixed_pdf)
    assert [p["page"] for p in doc.metadata["ocr"]["pages"]] == [2]
    first = doc.text[doc.pages[0].start:doc.pages[0].end]
    second = doc.text[doc.pages[1].start:doc.pages[1].end]
    assert " ".join(first.split()) == " ".join(typed)  # the text layer, as it is
    assert similarity(FIRST_PAGE, second) >= MIN_SIMILARITY


def _garbled(text: str, share: float, seed: int = 3) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("1l|!;0Il3") if ch.isalpha() and rng.random() < share else ch for ch in text)


def test_bad_ocr_layer_is_replaced_and_a_good_one_kept(pages, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines = [line for line in FIRST_PAGE.splitlines() if line.strip()][:12]
    made = {}
    for name, layer in (("dålig", [_garbled(line, 0.3) for line in lines]), ("bra", lines)):
        path = tmp_path / f"{name}.pdf"
        pdf = canvas.Canvas(str(path), pagesize=A4)
        _page_image_pdf(pdf, pages[0])
        _text_lines(pdf, layer, invisible=True)
        pdf.save()
        made[name] = read_file(path)
    bad, good = made["dålig"], made["bra"]
    assert [p["text_layer"] for p in bad.metadata["ocr"]["pages"]] == ["garbage"]
    assert similarity(FIRST_PAGE, bad.text) >= MIN_SIMILARITY
    assert "ocr" not in good.metadata  # a usable layer is read as it is
    assert " ".join(good.text.split()) == " ".join(" ".join(lines).split())


@pytest.mark.parametrize("text, verdict", [
    ("", "no text"),
    ("Sida 3", "no text"),
    (TEXT, None),
    (_garbled(TEXT, 0.3), "garbage"),
    ("".join(chr(0xE000 + n % 40) for n in range(200)), "undecodable"),
])
def test_text_layer_judge(text, verdict):
    assert judge(text) == verdict


@pytest.mark.parametrize("name, data, reason", [
    ("trasig.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a readable image"),
    ("inte-bild.jpg", "Det här är ingen bild.".encode(), "not a readable image"),
])
def test_unreadable_image_is_an_error(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert reason in info.value.reason


def test_truncated_png_is_an_error(pages, tmp_path):
    whole = io.BytesIO()
    pages[0].save(whole, "PNG")
    path = tmp_path / "avklippt.png"
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert "not a readable image" in info.value.reason


def test_without_tesseract_models_a_clear_error(scanned_pdf, tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # an empty folder: no swe/osd models
    with pytest.raises(IngestError) as info:
        read_file(scanned_pdf[0])
    assert "apt-get install tesseract-ocr tesseract-ocr-swe" in info.value.reason


def test_mixed_pdf_without_tesseract_keeps_its_text_pages(mixed_pdf, tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    doc = read_file(mixed_pdf)
    assert " ".join(doc.text.split()) == " ".join(TYPED)
    assert doc.metadata["ocr_unavailable"]["pages"] == [2]
    assert "apt-get install tesseract-ocr" in doc.metadata["ocr_unavailable"]["reason"]
    assert "ocr" not in doc.metadata


def _run(folder: Path, db: Path, workers: int, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "samverkan.cli", "run", str(folder), "--db", str(db), "--workers", str(workers)],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)


def _rows(db: Path) -> tuple[dict, dict]:
    import sqlite3

    with sqlite3.connect(db) as connection:
        documents = {Path(p).name: json.loads(m or "{}") for p, m in connection.execute(
            "SELECT source_path, metadata FROM documents")}
        errors = {Path(p).name: r for p, r in connection.execute("SELECT source_path, reason FROM ingest_errors")}
    return documents, errors


@pytest.fixture(scope="module")
def archive(pages, scanned_pdf, tmp_path_factory):
    """A folder as archives have them: a scanned PDF, a TIFF, a typed text and a broken image."""
    folder = tmp_path_factory.mktemp("arkiv")
    (folder / "avtal.pdf").write_bytes(scanned_pdf[0].read_bytes())
    save_tiff([pages[1]], folder / "sida2.tiff", dpi=DPI)
    (folder / "notis.txt").write_text("Ockelbo kommun och Hofors kommun inleder samverkan om löner.\n", encoding="utf-8")
    (folder / "trasig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    return folder


@pytest.fixture(scope="module")
def ran(archive, tmp_path_factory):
    """`samverkan run --workers 2` over the archive: (result, database)."""
    db = tmp_path_factory.mktemp("run") / "run.db"
    return _run(archive, db, workers=2), db


def test_run_reads_scans_in_workers_and_records_a_broken_image(ran):
    result, db = ran
    assert result.returncode == 1, result.stderr  # 1: some files could not be read
    documents, errors = _rows(db)
    assert set(documents) == {"avtal.pdf", "sida2.tiff", "notis.txt"}
    assert documents["avtal.pdf"]["ocr"]["confidence"] >= 80
    assert "ocr" in documents["sida2.tiff"] and "ocr" not in documents["notis.txt"]
    assert set(errors) == {"trasig.png"} and "not a readable image" in errors["trasig.png"]
    assert "(3 pages by OCR)" in result.stderr  # the progress bar counts OCR'd pages


@pytest.mark.browser
def test_document_page_says_the_text_was_read_by_ocr(ran):
    from samverkan.web.launch import CHROMIUM, launch_chromium, serving

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    _, db = ran
    import sqlite3

    with sqlite3.connect(db) as connection:
        ids = dict((Path(p).name, i) for i, p in connection.execute("SELECT id, source_path FROM documents"))
    confidences = [p["confidence"] for p in _rows(db)[0]["avtal.pdf"]["ocr"]["pages"]]
    with serving(db) as base, sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.goto(f"{base}/samverkan/document/{ids['avtal.pdf']}")
            note = page.locator("dd.ocr").inner_text()
            assert note.startswith("read by OCR from 2 scanned pages (tesseract 5.")
            assert "model swe" in note and "mean word confidence" in note
            assert f"page 1: {confidences[0]:.0f}\u00a0%, page 2: {confidences[1]:.0f}\u00a0%" in note
            page.goto(f"{base}/samverkan/document/{ids['notis.txt']}")
            assert page.locator("dd.ocr").count() == 0
        finally:
            browser.close()


def test_run_without_tesseract_records_what_to_install(archive, tmp_path):
    db = tmp_path / "run.db"
    result = _run(archive, db, workers=1, env={"TESSDATA_PREFIX": str(tmp_path)})
    assert result.returncode == 1
    documents, errors = _rows(db)
    assert set(documents) == {"notis.txt"}  # the run goes on
    assert set(errors) == {"avtal.pdf", "sida2.tiff", "trasig.png"}
    for name in ("avtal.pdf", "sida2.tiff"):
        assert "apt-get install tesseract-ocr tesseract-ocr-swe" in errors[name]
