"""PDF reader on real PDFs made with reportlab: reading order, running lines, hyphens, bullets, pages.

Every reading test runs with both PDF engines (`read` fixture): PDFium and pdfplumber.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from ingest_fixtures.makers import (
    FOOTER, HEADER, OWN_TEXT, drawn_lines_pdf, encrypted_pdf, image_only_pdf, one_column_pdf, two_column_pdf,
)
from samverkan.document import IngestError
from samverkan.ingest import read_file
from samverkan.ingest.pdf_engines import ENGINES

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"
DEV_NAMES = sorted(p.stem for p in DEV.glob("*.txt")) or ["formal-001"]


@pytest.fixture(params=sorted(ENGINES))
def read(request):
    """`read_file` with one PDF engine."""
    return lambda path, **options: read_file(path, pdf_engine=request.param, **options)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(squeeze(a), squeeze(b)) / 100


def long_text(text: str, times: int) -> str:
    """The text repeated until it fills several pages."""
    return "\n".join([text.strip()] * times)


@pytest.mark.parametrize("make", [one_column_pdf, two_column_pdf], ids=["one-column", "two-column"])
def test_own_text_reads_back(read, tmp_path, make):
    text = long_text(OWN_TEXT, 6)
    doc = read(make(tmp_path / "own.pdf", text))
    assert len(doc.pages) >= 2
    assert similarity(doc.text, text) >= 0.98
    assert HEADER not in doc.text
    assert "Sida" not in doc.text
    assert doc.language == "sv"
    assert doc.format == "pdf"
    lines = set(doc.text.splitlines())
    kept = [p for p in text.splitlines() if p in lines]  # paragraphs rebuilt from wrapped lines
    assert len(kept) >= 0.9 * len(text.splitlines())


@pytest.mark.parametrize("make", [one_column_pdf, two_column_pdf], ids=["one-column", "two-column"])
@pytest.mark.parametrize("name", DEV_NAMES)
def test_dev_text_reads_back(read, tmp_path, shared_dir, make, name):
    text = (shared_dir / "corpus" / "dev" / f"{name}.txt").read_text(encoding="utf-8")
    doc = read(make(tmp_path / f"{name}.pdf", text))
    if len(doc.pages) == 1:  # on a single page nothing repeats: the running header is page text
        text = HEADER + "\n" + text
    assert similarity(doc.text, text) >= 0.98


def test_two_columns_with_full_width_title_read_in_order(read, tmp_path):
    paragraphs = [f"Stycke {n}: kommunerna samverkar om {topic} och redovisar resultatet till fullmäktige varje år."
                  for n, topic in enumerate(["vatten", "avlopp", "räddningstjänst", "tillsyn", "kollektivtrafik",
                                             "skola", "omsorg", "IT-drift", "upphandling", "turism"] * 10, start=1)]
    text = "\n".join(paragraphs)
    doc = read(two_column_pdf(tmp_path / "order.pdf", text, title="Samverkansavtal 2024"))
    assert doc.text.startswith("Samverkansavtal 2024")
    positions = [doc.text.index(f"Stycke {n}:") for n in range(1, 101)]
    assert positions == sorted(positions)
    assert similarity(doc.text, "Samverkansavtal 2024\n" + text) >= 0.98


def test_pages_are_character_ranges(read, tmp_path):
    paragraphs = [f"Paragraf {n} handlar om samverkan mellan kommunerna i länet och om hur avtalet ska följas upp."
                  for n in range(1, 120)]
    doc = read(one_column_pdf(tmp_path / "pages.pdf", "\n".join(paragraphs)))
    assert len(doc.pages) >= 3
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    for before, after in zip(doc.pages, doc.pages[1:]):
        assert before.end == after.start
    first_on_page_2 = doc.text[doc.pages[1].start:doc.pages[1].end].strip().split()[1]
    assert doc.page_of(doc.text.index("Paragraf 1 ")) == 1
    last = re.findall(r"Paragraf (\d+)", doc.text)[-1]
    assert doc.page_of(doc.text.index(f"Paragraf {last} ")) == len(doc.pages)
    assert first_on_page_2.isdigit()


def test_hyphenation_joined_but_suspended_compounds_kept(read, tmp_path):
    lines = [
        "Kommunerna har kommit överens om en fördjupad sam-",
        "verkan inom räddningstjänsten och om gemensam alkohol-",
        "och tobakstillsyn från och med nästa år, samt ett EU-",
        "projekt om kompetens. Beslutet fattades av kommunfull-",
        "mäktige i båda kommunerna efter en lång beredning av ärendet.",
    ]
    doc = read(drawn_lines_pdf(tmp_path / "hyphens.pdf", lines))
    assert "samverkan inom" in doc.text
    assert "alkohol- och tobakstillsyn" in doc.text
    assert "EU-projekt" in doc.text
    assert "kommunfullmäktige i båda" in doc.text
    assert "sam-" not in doc.text


def test_bullets_normalised(read, tmp_path):
    lines = [
        "Parterna ska samverka om:",
        "\t▪\träddningstjänst",
        "\t●\talkohol- och tobakstillsyn",
        "\t◦\tkrisberedskap",
        "\t–\tupphandling",
        "– Det här är ett viktigt steg, säger ordföranden.",
    ]
    doc = read(drawn_lines_pdf(tmp_path / "bullets.pdf", lines))
    text_lines = doc.text.splitlines()
    assert text_lines[1:5] == ["• räddningstjänst", "• alkohol- och tobakstillsyn", "• krisberedskap", "• upphandling"]
    assert text_lines[5].startswith("– Det här")  # a quotation dash is not a bullet


def test_side_by_side_signature_blocks_read_block_by_block(read, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "signatures.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 760, "Avtalet har upprättats i två likalydande exemplar, av vilka parterna tagit var sitt.")
    for x, lines in ((72, ["Sveg 2024-03-12", "Anna Lindqvist", "Kommunstyrelsens ordförande", "Härjedalens kommun"]),
                     (320, ["Svenstavik 2024-03-14", "Per-Erik Olsson", "Kommunstyrelsens ordförande", "Bergs kommun"])):
        for row, line in enumerate(lines):
            pdf.drawString(x, 700 - 16 * row, line)
    pdf.save()
    text = read(path).text
    assert text.index("Anna Lindqvist") < text.index("Härjedalens kommun") < text.index("Per-Erik Olsson")
    assert "Anna Lindqvist Per-Erik Olsson" not in text


def test_metadata_title_and_dates(read, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "meta.pdf"
    pdf = canvas.Canvas(str(path), invariant=0)
    pdf.setTitle("Överenskommelse om samverkan")
    pdf.drawString(72, 720, "Överenskommelsen gäller från den 1 januari 2025 mellan kommunerna i regionen.")
    pdf.save()
    doc = read(path)
    assert doc.title == "Överenskommelse om samverkan"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.metadata["created"])


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("encrypted.pdf", lambda p: encrypted_pdf(p), "encrypted"),
        ("truncated.pdf", lambda p: p.write_bytes(one_column_pdf(p.with_name("whole.pdf"), OWN_TEXT).read_bytes()[:1500]), "truncated"),
        ("junk.pdf", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "not a PDF"),
        ("scanned.pdf", lambda p: image_only_pdf(p), "no text layer and no page image"),
    ],
)
def test_bad_pdfs_raise_with_reason(read, tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(IngestError) as info:
        read(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason


def test_single_page_footer_with_page_number_removed(read, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "single.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 760, "Kommunerna i Dalsland har tecknat en avsiktsförklaring om samverkan.")
    pdf.drawString(72, 740, "Se bilaga 2, sida 1 av 4, för detaljerna om organisationen.")
    pdf.setFont("Helvetica", 8)
    pdf.drawString(72, 30, "Dalslandskommunerna · Nyhetsbrev 2/2023 · Sida 1 av 1")
    pdf.save()
    doc = read(path)
    assert "Nyhetsbrev" not in doc.text
    assert "sida 1 av 4" in doc.text  # body text, not at a page edge


@pytest.mark.parametrize("before, after, joined", [
    ("sam-", "verkan", "samverkan"),
    ("(sam-", "verkan)", "(samverkan)"),
    ("Göteborgs-", "regionen", "Göteborgsregionen"),
    ("alkohol-", "och", None),
    ("sjukvårds-", "eller", None),
    ("EU-", "projekt", "EU-projekt"),
    ("e-", "post", "e-post"),
    ("IT-", "drift", "IT-drift"),
    ("2023-", "04-18", "2023-04-18"),
    ("Dals-", "Ed", "Dals-Ed"),
    ("ord", "följd", None),
])
def test_hyphen_join_rule(before, after, joined):
    from samverkan.ingest.cleanup import join_hyphenated

    assert join_hyphenated(before, after) == joined


def test_two_columns_glued_to_a_full_width_title(read, tmp_path):
    """No vertical gap between the title and the columns: the title is peeled off, columns read in turn."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "glued.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 11)
    y0 = 760
    pdf.drawString(72, y0, "Protokoll från kommunstyrelsens sammanträde i Kils kommun den 12 mars 2024")
    left = [f"Vänster rad {n} om samverkan" for n in range(1, 9)]
    right = [f"Höger rad {n} om tillsyn" for n in range(1, 9)]
    for row, (a, b) in enumerate(zip(left, right), start=1):
        pdf.drawString(72, y0 - 13 * row, a)
        pdf.drawString(320, y0 - 13 * row, b)
    pdf.save()
    text = read(path).text
    assert text.startswith("Protokoll från kommunstyrelsens sammanträde")
    order = [text.index(line) for line in left + right]
    assert order == sorted(order)


def test_word_hyphenated_across_a_page_break(read, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "across.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 700, "Kommunerna har enats om en fördjupad sam-")
    pdf.showPage()
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 700, "verkan kring räddningstjänsten i hela länet.")
    pdf.save()
    doc = read(path)
    assert doc.text == "Kommunerna har enats om en fördjupad samverkan kring räddningstjänsten i hela länet."
    assert doc.pages[0].start == 0 and doc.pages[0].end == doc.pages[1].start
    assert doc.pages[1].end == len(doc.text)
    assert doc.page_of(doc.text.index("Kommunerna")) == 1
    assert doc.page_of(doc.text.index("räddningstjänsten")) == 2


def test_table_read_row_by_row(read, tmp_path):
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    rows = [["Namn", "Parti", "Uppdrag"], ["Anna Andersson", "S", "ordförande"],
            ["Bo Berg", "M", "1:e vice ordförande"], ["Cecilia Cederlund", "C", "ledamot"],
            ["David Dahl", "KD", "ersättare"]]
    path = tmp_path / "table.pdf"
    style = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(str(path)).build([Paragraph("Närvarolista", style), Table(rows),
                                        Paragraph("Protokollet justerades den 14 mars 2024.", style)])
    lines = read(path).text.splitlines()
    assert "Anna Andersson S ordförande" in lines
    assert "Bo Berg M 1:e vice ordförande" in lines
    assert "David Dahl KD ersättare" in lines


def test_grid_of_signature_blocks_read_block_by_block(read, tmp_path):
    from reportlab.pdfgen import canvas

    blocks = [["För Karlstads kommun", "____________________", "Johan Ekström", "Kommunstyrelsens ordförande"],
              ["För Kils kommun", "____________________", "Anna Berg", "Kommunstyrelsens ordförande"],
              ["För Grums kommun", "____________________", "Mikael Dahl", "Kommunstyrelsens ordförande"],
              ["För Hammarö kommun", "____________________", "Karin Sjöberg", "Kommunstyrelsens ordförande"]]
    path = tmp_path / "grid.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 770, "Denna avsiktsförklaring har upprättats i fyra likalydande exemplar.")
    for index, block in enumerate(blocks):
        x, y = (72 if index % 2 == 0 else 320), 720 - (index // 2) * 90
        for row, line in enumerate(block):
            pdf.drawString(x, y - 15 * row, line)
    pdf.save()
    text = read(path).text
    for block in blocks:
        assert "\n".join(block) in text  # each block whole, its lines in order, none interleaved


def test_pdf_with_owner_password_only_is_read(read, tmp_path):
    """Permissions-only encryption (empty user password) opens without a password: not an error."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "owner-only.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="ägare", canCopy=0))
    pdf.drawString(72, 720, "Avtalet mellan Ale kommun och Lerums kommun gäller från 2024.")
    pdf.save()
    assert "Ale kommun och Lerums kommun" in read(path).text


def test_text_layer_without_unicode_mapping_is_an_error(read, tmp_path):
    """Glyphs that map to no Unicode text are reported, not passed on as junk text."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Vera", str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))
    path = tmp_path / "unmapped.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Vera", 12)
    for row in range(10):
        pdf.drawString(72, 700 - 15 * row, "".join(chr(0xE000 + (row * 7 + n) % 40) for n in range(40)))
    pdf.save()
    with pytest.raises(IngestError) as info:
        read(path)
    assert "cannot be decoded" in info.value.reason


SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample"


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.pdf")), ids=lambda p: p.stem)
def test_engines_give_the_same_text_on_the_sample_corpus(path):
    pdfium, plumber = read_file(path, pdf_engine="pdfium"), read_file(path, pdf_engine="pdfplumber")
    assert similarity(pdfium.text, plumber.text) >= 0.99
    assert len(pdfium.pages) == len(plumber.pages)
    assert (pdfium.metadata["pdf_engine"], plumber.metadata["pdf_engine"]) == ("pdfium", "pdfplumber")


def test_engines_give_the_same_words_and_boxes():
    """Same words, page heights, and boxes within half a point (pdfminer's boxes re-spanned like PDFium's)."""
    from samverkan.ingest.pdf_words import pdfium_pages
    from samverkan.ingest.pdf_words_plumber import plumber_pages

    path = SAMPLE / "avsiktsforklaring-karlstadsregionen.pdf"
    data = path.read_bytes()
    for (words_a, height_a), (words_b, height_b) in zip(pdfium_pages(path, data)[0], plumber_pages(path, data)[0],
                                                        strict=True):
        assert height_a == pytest.approx(height_b)
        assert [w.text for w in words_a] == [w.text for w in words_b]
        for a, b in zip(words_a, words_b):
            assert max(abs(a.x0 - b.x0), abs(a.x1 - b.x1), abs(a.top - b.top), abs(a.bottom - b.bottom)) < 0.5


@pytest.mark.parametrize("raw, text", [
    ("ﬁ", "fi"), ("ﬂ", "fl"), ("\xad", "-"), ("(cid:17)", "\ufffd"), ("\x00", "\ufffd"), (" ", None), ("\t", None),
    ("\x01", None), ("å", "å"),
])
def test_pdfplumber_characters_normalised_like_pdfium(raw, text):
    from samverkan.ingest.pdf_words_plumber import _char_text

    assert _char_text(raw) == text


def test_engine_from_environment_and_unknown_engine(tmp_path, monkeypatch):
    path = drawn_lines_pdf(tmp_path / "env.pdf", ["Avtalet gäller mellan Ale kommun och Lerums kommun."])
    assert read_file(path).metadata["pdf_engine"] == "pdfium"
    monkeypatch.setenv("SAMVERKAN_PDF_ENGINE", "pdfplumber")
    assert read_file(path).metadata["pdf_engine"] == "pdfplumber"
    assert read_file(path, pdf_engine="pdfium").metadata["pdf_engine"] == "pdfium"  # the argument wins
    monkeypatch.setenv("SAMVERKAN_PDF_ENGINE", "pdfminer")
    with pytest.raises(ValueError, match="SAMVERKAN_PDF_ENGINE"):
        read_file(path)


def test_cli_pdf_engine_option(tmp_path):
    from click.testing import CliRunner

    from samverkan.ingest import document_from_row
    from samverkan.ingest.batch import open_store
    from samverkan.ingest.commands import ingest
    from samverkan.store.documents import DocumentRow

    path = drawn_lines_pdf(tmp_path / "cli.pdf", ["Avtalet gäller mellan Ale kommun och Lerums kommun."])
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(ingest, [str(path), "--db", db, "--pdf-engine", "pdfplumber", "--no-progress"])
    assert result.exit_code == 0, result.output
    with open_store(db)() as session:
        (row,) = session.query(DocumentRow).all()
        assert document_from_row(row).metadata["pdf_engine"] == "pdfplumber"
    result = CliRunner().invoke(ingest, [str(path), "--db", db, "--pdf-engine", "pdfminer"])
    assert result.exit_code == 2 and "pdfminer" in result.output


def ruled_table_pdf(path: Path, rows: list[list[str]]) -> Path:
    """A table drawn with a grid whose cells wrap over several lines, between two paragraphs."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    table = Table([[Paragraph(cell, style) for cell in row] for row in rows], colWidths=[100, 150, 220])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path)).build([Paragraph("Parter och åtaganden", style), table,
                                        Paragraph("Avtalet gäller från den 1 januari 2025.", style)])
    return path


RULED_ROWS = [
    ["Part", "Företrädare", "Åtagande"],
    ["Karlstads kommun", "Johan Ekström, kommunstyrelsens ordförande",
     "Ansvarar för samordningen av det gemensamma arbetet med kompetensförsörjning och digitalisering i regionen"],
    ["Kils kommun", "Anna Berg, kommunstyrelsens ordförande",
     "Bidrar med personal till den gemensamma räddningstjänsten och tillsynen"],
    ["Grums kommun", "Mikael Dahl, kommunalråd",
     "Leder arbetsgruppen för klimatanpassning och vattenförsörjning längs Vänerns strand"],
]


def test_ruled_table_read_cell_by_cell_with_pdfplumber(tmp_path):
    """pdfplumber's find_tables knows the cells of a ruled table: wrapped cells stay whole, one row per line."""
    doc = read_file(ruled_table_pdf(tmp_path / "ruled.pdf", RULED_ROWS), pdf_engine="pdfplumber")
    assert doc.text.splitlines() == (["Parter och åtaganden"] + [" | ".join(row) for row in RULED_ROWS]
                                     + ["Avtalet gäller från den 1 januari 2025."])


def test_ruled_table_keeps_every_word_with_pdfium(tmp_path):
    """PDFium gives no rules: the table is read row by row from positions, wrapped cells interleaved."""
    doc = read_file(ruled_table_pdf(tmp_path / "ruled.pdf", RULED_ROWS), pdf_engine="pdfium")
    assert sorted(doc.text.split()) == sorted(" ".join(
        ["Parter och åtaganden"] + [" ".join(row) for row in RULED_ROWS] + ["Avtalet gäller från den 1 januari 2025."]
    ).split())
    assert "Johan Ekström, kommunstyrelsens ordförande" not in doc.text  # the known weakness pdfplumber fixes


def test_pdf_damaged_inside_gives_a_document_or_an_error_naming_the_file(read, tmp_path):
    """Bytes changed inside a real PDF: each engine reads what it can or reports the file, never crashes."""
    import random

    whole = one_column_pdf(tmp_path / "whole.pdf", long_text(OWN_TEXT, 2)).read_bytes()
    rng = random.Random(7)
    for index in range(12):
        damaged = bytearray(whole)
        for _ in range(rng.choice([1, 5, 20])):
            damaged[rng.randrange(200, len(damaged) - 100)] = rng.randrange(256)
        path = tmp_path / f"damaged-{index}.pdf"
        path.write_bytes(bytes(damaged))
        try:
            doc = read(path)
        except IngestError as exc:
            assert exc.path == str(path) and exc.reason
        else:
            assert doc.text.strip()
