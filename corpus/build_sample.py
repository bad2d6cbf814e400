#!/usr/bin/env python3
"""Build the PDF and DOCX documents of the sample corpus from their editable sources.

    python corpus/build_sample.py [--out DIR] [--sources DIR]

Each `corpus/sources/*.json` describes one document (paragraphs, columns, signature block or
table, metadata) and names its `layout`:

- ``one-column``: a reportlab PDF with a running header and footer ("Sida N av M") drawn by
  onPage callbacks on every page, and a signature block (place, date / name / title, org);
- ``two-column``: a reportlab newsletter PDF (BaseDocTemplate with two Frames per page);
- ``docx``: a python-docx document whose signatories sit in a table.

Common source fields: ``output`` (file name in corpus/sample), ``layout``, ``metadata``
(title, author, subject, keywords, ISO ``date`` used for the PDF/DOCX dates).  One-column:
``header``/``footer`` ({left, right}, "{page}"/"{pages}" placeholders), ``blocks`` (title,
heading, para, bullets) and ``signatures`` (place_date, signatories[{for, name, title, org}]).
Two-column: ``masthead``, ``footer``, ``articles`` [{heading, paragraphs}].  DOCX: ``title``,
``sections`` [{heading, paragraphs}], ``signature_table`` {columns, rows}, ``footer``.
The gold annotation of each built document is written by hand beside it (NAME.json).

The output is deterministic: reportlab runs with ``rl_config.invariant = 1`` and
``SOURCE_DATE_EPOCH`` set to the source's metadata date; the DOCX zip is rewritten with fixed
entry timestamps.  Building twice gives byte-identical files (tests/test_sample_corpus.py).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.enums import TA_CENTER  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
SAMPLE = HERE / "sample"

MARGIN = 22 * mm
PAGE_W, PAGE_H = A4


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica",
                          fontSize=10.5, leading=14.5, spaceAfter=6)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=17,
                                leading=21, spaceAfter=14),
        "heading": ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold",
                                  fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
        "col_heading": ParagraphStyle("col_heading", parent=body, fontName="Helvetica-Bold",
                                      fontSize=13, leading=16, spaceBefore=6, spaceAfter=5),
        "col_body": ParagraphStyle("col_body", parent=body, fontSize=9.5, leading=13,
                                   spaceAfter=5),
        "sig": ParagraphStyle("sig", parent=body, spaceAfter=0, leading=13.5),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


@contextlib.contextmanager
def _fixed_timestamp(iso: str):
    """Make reportlab stamp the PDF with the source's date instead of the clock."""
    epoch = int(datetime.fromisoformat(iso.replace("Z", "+00:00"))
                .astimezone(timezone.utc).timestamp())
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _doc_template(buf: io.BytesIO, meta: dict) -> BaseDocTemplate:
    return BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm, bottomMargin=MARGIN + 4 * mm,
        title=meta["title"], author=meta.get("author", ""), subject=meta.get("subject", ""),
        keywords=meta.get("keywords", ""), creator="samverkan corpus/build_sample.py",
        lang="sv-SE",
    )


def _build_twice(make_story, build) -> bytes:
    """Build once to count pages, then again so every footer can say 'Sida N av M'."""
    total = 0
    for _ in range(2):
        buf = io.BytesIO()
        pages = build(buf, make_story(), total or 1)
        total = pages
    return buf.getvalue()


# ---------------------------------------------------------------- one-column declaration

def _running_header_footer(src: dict, total: int):
    header, footer = src["header"], src["footer"]

    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        top = PAGE_H - MARGIN + 2 * mm
        canvas.drawString(MARGIN, top, header["left"])
        canvas.drawRightString(PAGE_W - MARGIN, top, header["right"])
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 2.5 * mm, PAGE_W - MARGIN, top - 2.5 * mm)
        bottom = MARGIN - 4 * mm
        canvas.line(MARGIN, bottom + 4 * mm, PAGE_W - MARGIN, bottom + 4 * mm)
        canvas.drawString(MARGIN, bottom, footer["left"])
        canvas.drawRightString(PAGE_W - MARGIN, bottom,
                               footer["right"].format(page=doc.page, pages=total))
        canvas.restoreState()

    return draw


def _signature_block(sig: dict, st: dict) -> list:
    cells = []
    for s in sig["signatories"]:
        cells.append([
            _p(s["for"], st["sig"]), Spacer(1, 11 * mm),
            _p("_______________________________", st["sig"]),
            _p(s["name"], st["sig"]), _p(s["title"], st["sig"]), _p(s["org"], st["sig"]),
        ])
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[(PAGE_W - 2 * MARGIN) / 2] * 2)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 9 * mm)]))
    return [KeepTogether([_p(sig["place_date"], st["body"]), Spacer(1, 4 * mm), table])]


def _one_column_story(src: dict) -> list:
    st = _styles()
    story: list = []
    for block in src["blocks"]:
        kind = block["type"]
        if kind == "title":
            story.append(_p(block["text"], st["title"]))
        elif kind == "heading":
            story.append(_p(block["text"], st["heading"]))
        elif kind == "para":
            story.append(_p(block["text"], st["body"]))
        elif kind == "bullets":
            story.append(ListFlowable(
                [ListItem(_p(item, st["body"]), leftIndent=12) for item in block["items"]],
                bulletType="bullet", start="–", leftIndent=12))
        else:
            raise ValueError(f"unknown block type {kind!r}")
    story.extend(_signature_block(src["signatures"], st))
    return story


def build_one_column(src: dict) -> bytes:
    def build(buf, story, total):
        doc = _doc_template(buf, src["metadata"])
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                           onPage=_running_header_footer(src, total))])
        doc.build(story)
        return doc.page

    with _fixed_timestamp(src["metadata"]["date"]):
        return _build_twice(lambda: _one_column_story(src), build)


# ---------------------------------------------------------------- two-column newsletter

MASTHEAD_H = 24 * mm
GUTTER = 8 * mm


def _newsletter_decor(src: dict, total: int, first: bool):
    def draw(canvas, doc):
        canvas.saveState()
        if first:
            y = PAGE_H - MARGIN - 10 * mm
            canvas.setFont("Helvetica-Bold", 22)
            canvas.drawString(MARGIN, y, src["masthead"]["title"])
            canvas.setFont("Helvetica", 10)
            canvas.drawString(MARGIN, y - 7 * mm, src["masthead"]["issue"])
            canvas.setLineWidth(1.2)
            canvas.line(MARGIN, y - 10 * mm, PAGE_W - MARGIN, y - 10 * mm)
        canvas.setLineWidth(0.4)
        x_mid = PAGE_W / 2
        canvas.line(x_mid, doc.bottomMargin, x_mid,
                    PAGE_H - doc.topMargin - (MASTHEAD_H if first else 0))
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN, MARGIN - 6 * mm, src["footer"]["left"])
        canvas.drawRightString(PAGE_W - MARGIN, MARGIN - 6 * mm,
                               src["footer"]["right"].format(page=doc.page, pages=total))
        canvas.restoreState()

    return draw


def _column_frames(doc, top_offset: float, prefix: str) -> list[Frame]:
    width = (doc.width - GUTTER) / 2
    height = doc.height - top_offset
    return [Frame(doc.leftMargin, doc.bottomMargin, width, height, id=f"{prefix}-left"),
            Frame(doc.leftMargin + width + GUTTER, doc.bottomMargin, width, height,
                  id=f"{prefix}-right")]


def _two_column_story(src: dict) -> list:
    st = _styles()
    story: list = [NextPageTemplate("later")]
    for article in src["articles"]:
        story.append(_p(article["heading"], st["col_heading"]))
        story.extend(_p(text, st["col_body"]) for text in article["paragraphs"])
        story.append(Spacer(1, 3 * mm))
    return story


def build_two_column(src: dict) -> bytes:
    def build(buf, story, total):
        doc = _doc_template(buf, src["metadata"])
        doc.topMargin = doc.bottomMargin = MARGIN
        doc.addPageTemplates([
            PageTemplate(id="first", frames=_column_frames(doc, MASTHEAD_H, "first"),
                         onPage=_newsletter_decor(src, total, first=True)),
            PageTemplate(id="later", frames=_column_frames(doc, 0, "later"),
                         onPage=_newsletter_decor(src, total, first=False)),
        ])
        doc.build(story)
        return doc.page

    with _fixed_timestamp(src["metadata"]["date"]):
        return _build_twice(lambda: _two_column_story(src), build)


# ---------------------------------------------------------------- DOCX agreement

ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def _normalise_zip(data: bytes, when: tuple) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes so its bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_docx(src: dict) -> bytes:
    import docx
    from docx.shared import Pt

    meta = src["metadata"]
    when = datetime.fromisoformat(meta["date"].replace("Z", "+00:00")).replace(tzinfo=None)
    document = docx.Document()
    props = document.core_properties
    props.title = meta["title"]
    props.author = meta.get("author", "")
    props.subject = meta.get("subject", "")
    props.keywords = meta.get("keywords", "")
    props.last_modified_by = meta.get("author", "")
    props.created = props.modified = when
    props.revision = 1

    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(src["title"], level=1)
    for section in src["sections"]:
        document.add_heading(section["heading"], level=2)
        for text in section["paragraphs"]:
            document.add_paragraph(text)

    sig = src["signature_table"]
    table = document.add_table(rows=1, cols=len(sig["columns"]))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, sig["columns"]):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in sig["rows"]:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text

    if src.get("footer"):
        document.sections[0].footer.paragraphs[0].text = src["footer"]

    buf = io.BytesIO()
    document.save(buf)
    return _normalise_zip(buf.getvalue(), when.timetuple()[:6])


BUILDERS = {"one-column": build_one_column, "two-column": build_two_column,
            "docx": build_docx}


def build_all(out_dir: Path = SAMPLE, sources: Path = SOURCES) -> list[Path]:
    """Build every source in `sources` into `out_dir`; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(sources.glob("*.json")):
        src = json.loads(path.read_text(encoding="utf-8"))
        builder = BUILDERS.get(src.get("layout"))
        if builder is None:
            raise ValueError(f"{path}: unknown layout {src.get('layout')!r}")
        target = out_dir / src["output"]
        target.write_bytes(builder(src))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=SAMPLE, help="output folder (corpus/sample)")
    ap.add_argument("--sources", type=Path, default=SOURCES, help="source folder")
    args = ap.parse_args(argv)
    for path in build_all(args.out, args.sources):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
