"""A hostile archive, made on the spot by real tools (reportlab, python-docx, zipfile): the
files a municipal file share really holds next to good documents. All text is our own.

`build_archive(folder)` writes the small hostile files and one good file of each format and
returns {file name: expectation}; `write_big_text` and `write_many_page_pdf` make the two
large ones (60 MB of text, a PDF of 2,000 pages).
"""
from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

STORED = "stored"  # must end as a current document
FAILED = "failed"  # must end as an ingest error naming the file
EITHER = "either"  # stored or recorded with a reason; never lost, never a traceback

GOOD_TEXT = (
    "Samverkansavtal om gemensam överförmyndarnämnd\n\n"
    "Kils kommun och Grums kommun har kommit överens om en gemensam överförmyndarnämnd från den "
    "1 januari 2025. Avtalet undertecknades i Kil den 12 mars 2024.\n\n"
    "För Kils kommun: Anna Bergqvist (S), kommunstyrelsens ordförande.\n"
    "För Grums kommun: Mats Ekdahl (M), kommunstyrelsens ordförande.\n"
)
PARAGRAPHS = [p for p in GOOD_TEXT.split("\n\n") if p.strip()]


def good_html(text: str = GOOD_TEXT) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n")[1:])
    title = text.split("\n\n")[0]
    return (f"<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><nav><a href=\"/\">Start</a></nav><article><h1>{title}</h1>\n{body}</article></body></html>")


def good_pdf(text: str = GOOD_TEXT, encrypt: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    options = {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        options["encrypt"] = pdfencrypt.StandardEncryption(encrypt, ownerPassword=encrypt + "-owner", canPrint=0)
    pdf = canvas.Canvas(buffer, pagesize=A4, **options)
    pdf.setTitle(text.split("\n")[0])
    y = 800
    for line in text.splitlines():
        for part in [line[i:i + 90] for i in range(0, max(len(line), 1), 90)]:
            pdf.drawString(60, y, part)
            y -= 16
    pdf.save()
    return buffer.getvalue()


def good_docx(text: str = GOOD_TEXT) -> bytes:
    import docx

    document = docx.Document()
    lines = [p for p in text.split("\n") if p.strip()]
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_zip_bomb(uncompressed_mb: int = 512) -> bytes:
    """A DOCX whose word/document.xml inflates from ~0.5 MB to `uncompressed_mb` MB."""
    buffer = io.BytesIO(good_docx())
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, source.read(item))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
                         b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = b" " * (1 << 20)
            for _ in range(uncompressed_mb):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return out.getvalue()


def nested_html(depth: int = 100_000) -> str:
    return ("<html><body>" + "<div>" * depth + "Kils kommun" + "</div>" * depth + "</body></html>")


def _flip_bits(data: bytes, seed: int, share: float = 0.002) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(max(1, int(len(out) * share))):
        at = rng.randrange(len(out) // 4, len(out))  # leave the header, damage the body
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def build_archive(folder: Path) -> dict[str, str]:
    """Write the hostile files and the good ones into `folder`; {name: expectation}."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[bytes, str]] = {
        # one good file of each format: must be stored whatever their neighbours do
        "good.txt": (GOOD_TEXT.encode("utf-8"), STORED),
        "good.md": (("# " + GOOD_TEXT).encode("utf-8"), STORED),
        "good.html": (good_html().encode("utf-8"), STORED),
        "good.pdf": (good_pdf(), STORED),
        "good.docx": (good_docx(), STORED),
        "namn med mellanslag och åäö ÅÄÖ.txt": (GOOD_TEXT.replace("Kils", "Åmåls").encode("utf-8"), STORED),
        "utf16 utan bom.txt": (GOOD_TEXT.encode("utf-16-le"), STORED),
        "blandad kodning.txt": (PARAGRAPHS[0].encode("utf-8") + b"\n\n" + PARAGRAPHS[1].encode("cp1252"), STORED),
        # empty and whitespace-only files of each type
        **{f"empty.{ext}": (b"", FAILED) for ext in ("txt", "md", "html", "pdf", "docx")},
        "whitespace.txt": (b" \n\t\r\n   \n", FAILED),
        "whitespace.md": (b"\n\n    \n", FAILED),
        "whitespace.html": (b"<html><body>  \n  </body></html>", FAILED),
        # damaged, disguised and encrypted files
        "truncated.pdf": (good_pdf()[: len(good_pdf()) // 2], FAILED),
        "bitflipped.pdf": (_flip_bits(good_pdf(), seed=1), EITHER),
        "encrypted.pdf": (good_pdf(encrypt="hemligt"), FAILED),
        "html saved as.pdf": (good_html().encode("utf-8"), FAILED),
        "not a docx.docx": (GOOD_TEXT.encode("utf-8"), FAILED),
        "zip bomb.docx": (docx_zip_bomb(), FAILED),
        "truncated.docx": (good_docx()[:2000], FAILED),
        "deeply nested.html": (nested_html().encode("utf-8"), EITHER),
        "nul bytes.txt": (GOOD_TEXT.encode("utf-8").replace(b"\n\n", b"\n\x00\n"), EITHER),
        "binary.txt": (os.urandom(4096), FAILED),
        "nul bytes.html": (good_html().encode("utf-8").replace(b"<p>", b"<p>\x00"), EITHER),
        # types we do not read
        "tabell.xlsx": (b"PK\x03\x04not really", FAILED),
        "utan filändelse": (GOOD_TEXT.encode("utf-8"), FAILED),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    expectations = {name: expectation for name, (_, expectation) in files.items()}
    # a symlink pointing at itself and one pointing into a loop of folders
    os.symlink("loop.txt", folder / "loop.txt")
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")
    expectations["loop.txt"] = FAILED
    return expectations


SENTENCES = [
    "Record {n} of batch {b} was exported to the archive at {h:02d}:{m:02d} on 12 March 2024.",
    "The checksum of record {n} was compared with the stored value and found to match.",
    "Record {n} was skipped because nothing had changed since the previous transfer.",
    "The file behind record {n} holds {size} bytes and was moved to long-term storage.",
    "Batch {b} was queued for the next transfer after record {n} had been written.",
]


def write_big_text(path: Path, size_mb: int = 60, seed: int = 3) -> Path:
    """An archive export log of `size_mb` MB in English prose (paragraphs of sentences)."""
    rng = random.Random(seed)
    target = size_mb * 1_000_000
    written = 0
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while written < target:
            sentences = []
            for _ in range(rng.randint(3, 8)):
                n += 1
                sentences.append(rng.choice(SENTENCES).format(n=1_000_000 + n, b=n // 500, h=n // 60 % 24,
                                                               m=n % 60, size=rng.randint(100, 99_999)))
            paragraph = " ".join(sentences) + "\n\n"
            out.write(paragraph)
            written += len(paragraph)
    return path


def write_many_page_pdf(path: Path, pages: int = 2000) -> Path:
    """A PDF of `pages` pages, a numbered heading and a few lines of our own text on each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(pages)
    towns = ["Kils", "Grums", "Forshaga", "Hammarö", "Munkfors", "Storfors", "Arvika", "Säffle"]
    people = ["Anna Bergqvist", "Mats Ekdahl", "Karin Sjöholm", "Lars Holmén", "Eva Lundgren", "Johan Ek"]
    matters = ["budgeten för 2025", "en ny förskola", "vägunderhållet", "bredbandsutbyggnaden",
               "den gemensamma överförmyndarnämnden", "kollektivtrafiken", "taxan för vatten och avlopp"]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Protokollsarkiv 2024")
    for page in range(1, pages + 1):  # every page its own text (repeated lines are removed as running heads)
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(60, 800, f"Protokoll {page}: {rng.choice(towns)} kommun, paragraf {rng.randint(1, 300)}")
        pdf.setFont("Helvetica", 11)
        for i in range(2):
            line = (f"{rng.choice(people)} ({rng.choice(['S', 'M', 'C', 'V', 'L'])}) föredrog ärendet om "
                    f"{rng.choice(matters)} den {rng.randint(1, 28)} {rng.choice(['mars', 'april', 'maj'])} 2024.")
            pdf.drawString(60, 770 - 18 * i, line)
        pdf.drawString(60, 60, f"Sida {page} av {pages}")
        pdf.showPage()
    pdf.save()
    return path
