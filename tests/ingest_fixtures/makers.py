"""Real test documents made by real tools: PDFs with reportlab, DOCX with python-docx."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

OWN_TEXT = """Avsiktsförklaring om samverkan inom räddningstjänst
Kommunstyrelsen i Härjedalens kommun och kommunstyrelsen i Bergs kommun har i dag undertecknat en avsiktsförklaring om fördjupad samverkan inom räddningstjänst, alkohol- och tobakstillsyn samt krisberedskap.
Syftet är att säkra kompetensförsörjningen och att ge invånarna i båda kommunerna en likvärdig service. Parterna ska under året utreda formerna för en gemensam nämnd och återkomma med ett förslag till respektive kommunfullmäktige.
Avsiktsförklaringen undertecknades av Anna Lindqvist (S), kommunstyrelsens ordförande i Härjedalens kommun, och Per-Erik Olsson (C), kommunstyrelsens ordförande i Bergs kommun.
– Det här är ett viktigt steg för hela länet, säger Anna Lindqvist.
Samverkan ska utvärderas efter två år. Ärendet bereds vidare av kommunledningsförvaltningarna, som ska redovisa ekonomiska konsekvenser, personalfrågor och en tidsplan för genomförandet.
Beslutet fattades enhälligt. Protokollet justeras den 12 mars 2024 i Sveg.
"""

HEADER = "Härjedalens kommun – Kommunstyrelsens protokoll"
FOOTER = "Sida {page} av 9"


def _paragraphs(text: str, style):
    from reportlab.platypus import Paragraph

    return [Paragraph(escape(p), style) for p in text.split("\n") if p.strip()]


def _running(canvas, doc, bare_number: bool = False):
    """Running header on every page; footer "Sida n av 9" at the right, or a bare centred page number."""
    from reportlab.lib.pagesizes import A4

    width, height = A4
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(56, height - 36, HEADER)
    if bare_number:
        canvas.drawCentredString(width / 2, 30, str(doc.page))
    else:
        canvas.drawRightString(width - 56, 30, FOOTER.format(page=doc.page))
    canvas.restoreState()


def _running_bare(canvas, doc):
    _running(canvas, doc, bare_number=True)


def _style(font_size: float = 10):
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("body", fontName="Helvetica", fontSize=font_size, leading=font_size * 1.2, spaceAfter=4)


def one_column_pdf(path: Path, text: str, font_size: float = 10) -> Path:
    """A4, one column, running header and footer 'Sida n av 9'."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=60, bottomMargin=60, leftMargin=56, rightMargin=56)
    doc.build(_paragraphs(text, _style(font_size)), onFirstPage=_running, onLaterPages=_running)
    return path


def two_column_pdf(path: Path, text: str, title: str | None = None, font_size: float = 10) -> Path:
    """A4, two columns made with reportlab Frames, optional full-width title, running header, bare page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph

    width, height = A4
    margin, gutter = 56, 18
    column = (width - 2 * margin - gutter) / 2
    body_height = height - 2 * 60
    columns = [Frame(margin, 60, column, body_height, id="left"),
               Frame(margin + column + gutter, 60, column, body_height, id="right")]
    doc = BaseDocTemplate(str(path), pagesize=A4)
    story = []
    if title:
        title_height = 50
        first = [Frame(margin, height - 60 - title_height, width - 2 * margin, title_height, id="title"),
                 Frame(margin, 60, column, body_height - title_height, id="left1"),
                 Frame(margin + column + gutter, 60, column, body_height - title_height, id="right1")]
        doc.addPageTemplates([PageTemplate("first", frames=first, onPage=_running_bare),
                              PageTemplate("later", frames=columns, onPage=_running_bare)])
        story += [Paragraph(escape(title), _style(16)), NextPageTemplate("later"), FrameBreak()]
    else:
        doc.addPageTemplates([PageTemplate("later", frames=columns, onPage=_running_bare)])
    story += _paragraphs(text, _style(font_size))
    doc.build(story)
    return path


def drawn_lines_pdf(path: Path, lines: list[str], x: float = 72, font_size: float = 11) -> Path:
    """One page with exactly these lines drawn (for hyphenation and bullets made by hand)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", font_size)
    y = A4[1] - 72
    for line in lines:
        if line.startswith("\t"):  # "\t•\ttext": bullet glyph, then the text at an indent
            _, glyph, rest = line.split("\t", 2)
            pdf.drawString(x, y, glyph)
            pdf.drawString(x + 18, y, rest)
        else:
            pdf.drawString(x, y, line)
        y -= font_size * 1.25
    pdf.save()
    return path


def signature_columns_pdf(path: Path, paragraphs: list[str], rows: list[tuple[str, str]],
                          font_size: float = 11) -> Path:
    """One page: the paragraphs, then a signature block whose two columns stand side by side
    (each row's left cell at the margin, its right cell at the middle of the page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", font_size)
    y = A4[1] - 72
    for line in paragraphs:
        pdf.drawString(72, y, line)
        y -= font_size * 1.4
    y -= font_size * 3
    for left, right in rows:
        pdf.drawString(72, y, left)
        pdf.drawString(A4[0] / 2 + 20, y, right)
        y -= font_size * 1.4
    pdf.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("hemligt", ownerPassword="ägare", canPrint=0))
    pdf.drawString(72, 720, "Sekretessbelagt avtal mellan kommunerna.")
    pdf.save()
    return path


def image_only_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 500, 300, 200, fill=1)
    pdf.save()
    return path


def docx_file(path: Path, title: str | None, paragraphs: list[str], table: list[list[str]] | None = None,
              after_table: list[str] | None = None, bullets: list[str] | None = None, created=None) -> Path:
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    if created:
        document.core_properties.created = created
    for text in paragraphs:
        document.add_paragraph(text)
    for text in bullets or []:
        document.add_paragraph(text, style="List Bullet")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in after_table or []:
        document.add_paragraph(text)
    document.save(str(path))
    return path
