"""Benchmark corpora: templated variations of the bundled sample corpus, in every format.

    from samverkan.bench.corpus import generate
    folder = generate(1000, seed=1)        # cached: a second call with the same arguments is free

Document `i` of a corpus is built from sample document `i mod 12` (and its gold JSON) by
swapping the gold municipalities (base and genitive forms) for others from the municipality
knowledge file, the gold person names (full and surname-only mentions) for names made of
first names from the knowledge files and common surnames (`data/surnames.csv`), and shifting
years. Each variation is written in the format of its template: txt (in the template's
encoding), md, html (boilerplate kept), PDF (reportlab: running header and footer, one or
two columns) and DOCX (python-docx, with a signature table). The same (seed, index) always
gives the same document, so a smaller corpus is a prefix of a larger one.

Corpora live in a cache folder (default `$XDG_CACHE_HOME/samverkan-bench`), never in the
repository.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLE_DIR = REPO / "corpus" / "sample"
DATA = Path(__file__).resolve().parent / "data"
GENERATOR_VERSION = "1"
FORMATS = ("txt", "md", "html", "pdf", "docx")


def cache_root() -> Path:
    base = os.environ.get("SAMVERKAN_BENCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "samverkan-bench")
    return Path(base)


@dataclass
class Template:
    """One sample document: its text as a template, the names to swap and how to write it."""

    name: str
    format: str  # txt md html pdf docx
    text: str  # raw text (txt/md/html) or the text as read (pdf/docx)
    encoding: str  # for txt/md/html
    municipalities: list[str]
    persons: list[str]
    title: str


# --- knowledge -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _municipality_rows() -> list[dict[str, str]]:
    from samverkan.extractors import CONFIG_PATH

    with (CONFIG_PATH.parent / "data" / "municipalities.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _genitives() -> dict[str, str]:
    """name -> genitive of every municipality in the extraction knowledge file."""
    return {row["name"]: row["genitive"] for row in _municipality_rows()}


def _replacement_municipalities() -> list[str]:
    """Municipality names that are not also common words (the replacements)."""
    return [row["name"] for row in _municipality_rows() if row.get("ambiguous", "0") in ("0", "")]


@lru_cache(maxsize=1)
def _first_names() -> list[str]:
    from samverkan.extractors import CONFIG_PATH

    path = CONFIG_PATH.parent / "data" / "extra_first_names.txt"
    return sorted({w.strip() for w in path.read_text(encoding="utf-8").splitlines()
                   if w.strip() and not w.startswith("#")})


@lru_cache(maxsize=1)
def _surnames() -> list[str]:
    with (DATA / "surnames.csv").open(encoding="utf-8") as f:
        return [row["surname"] for row in csv.DictReader(f)]


# --- templates -----------------------------------------------------------------------------

def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


@lru_cache(maxsize=4)
def load_templates(sample_dir: Path = SAMPLE_DIR) -> tuple[Template, ...]:
    """The sample documents that have gold, as templates (PDF/DOCX text read by our reader)."""
    from samverkan.ingest import read_file

    templates = []
    for gold_path in sorted(Path(sample_dir).glob("*.json")):
        doc_path = next((p for p in sorted(gold_path.parent.glob(gold_path.stem + ".*"))
                         if p.suffix.lower().lstrip(".") in FORMATS + ("htm",)), None)
        if doc_path is None:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        fmt = doc_path.suffix.lower().lstrip(".").replace("htm", "html").replace("htmll", "html")
        if fmt in ("pdf", "docx"):
            doc = read_file(doc_path)
            text, encoding, title = doc.text, "utf-8", doc.title or ""
        else:
            text, encoding = _decode(doc_path.read_bytes())
            title = ""
        names = [p["name"] for p in gold.get("persons", [])]
        for agreement in gold.get("agreements", []):
            names += [s["name"] for s in agreement.get("signatories", []) if s.get("name")]
        templates.append(Template(doc_path.stem, fmt, text, encoding, list(gold.get("municipalities", [])),
                                  list(dict.fromkeys(names)), title))
    if not templates:
        raise FileNotFoundError(f"no sample documents with gold JSON in {sample_dir}")
    return tuple(templates)


# --- variation -----------------------------------------------------------------------------

def _word(s: str) -> re.Pattern:
    return re.compile(rf"(?<![\wÅÄÖåäö]){re.escape(s)}(?![\wÅÄÖåäö])")


def vary(template: Template, rng: random.Random) -> tuple[str, str]:
    """(text, title) of a variation: other municipalities, other persons, shifted years."""
    munis = _genitives()
    pool = [m for m in _replacement_municipalities() if m not in template.municipalities]
    chosen = rng.sample(pool, len(template.municipalities))
    pairs: list[tuple[str, str]] = []
    for old, new in zip(template.municipalities, chosen):
        if old in munis:
            pairs.append((munis[old], munis[new]))  # genitive first ("Karlstads kommun")
        pairs.append((old, new))
    first, last = _first_names(), _surnames()
    used: set[str] = set()
    for name in template.persons:
        parts = name.split()
        new_first, new_last = rng.choice(first), rng.choice(last)
        while new_last in used:
            new_last = rng.choice(last)
        used.add(new_last)
        pairs.append((name, f"{new_first} {new_last}"))
        if len(parts) >= 2:
            pairs.append((parts[-1], new_last))  # surname-only mentions later in the text
    pairs.sort(key=lambda p: -len(p[0]))  # longest first: "Karlstads" before "Karlstad"
    shift = rng.randint(-4, 1)
    out = []
    for text in (template.text, template.title):
        for old, new in pairs:
            text = _word(old).sub(new, text)
        text = re.sub(r"(?<!\d)(20[0-3]\d)(?!\d)", lambda m: str(int(m.group(1)) + shift), text)
        out.append(text)
    return out[0], out[1]


# --- writers -------------------------------------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def write_pdf(path: Path, text: str, title: str, columns: int = 1) -> None:
    """A reportlab PDF: running header and footer ("Sida N"), one or two columns."""
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
    from xml.sax.saxutils import escape

    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    width, height = A4
    margin = 20 * mm
    header = (title or "Dokument")[:80]

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - 12 * mm, header)
        canvas.drawRightString(width - margin, 10 * mm, f"Sida {doc.page}")
        canvas.restoreState()

    gap = 8 * mm
    frame_w = (width - 2 * margin - gap * (columns - 1)) / columns
    frames = [Frame(margin + i * (frame_w + gap), margin, frame_w, height - 2 * margin, id=f"c{i}")
              for i in range(columns)]
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, title=title, author="samverkan bench",
                          pageTemplates=[PageTemplate(id="p", frames=frames, onPage=decorate)])
    story = []
    for i, para in enumerate(_paragraphs(text)):
        style = heading if (i == 0 or (len(para) < 60 and not para.endswith("."))) else body
        story.append(Paragraph(escape(para), style))
    doc.build(story)
    path.write_bytes(buf.getvalue())


def write_docx(path: Path, text: str, title: str, signatories: list[str]) -> None:
    """A python-docx document: paragraphs, then the signatories in a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    paras = _paragraphs(text)
    for i, para in enumerate(paras):
        if i == 0 or (len(para) < 60 and not para.endswith(".")):
            document.add_heading(para, level=1 if i == 0 else 2)
        else:
            document.add_paragraph(para)
    if signatories:
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Namn", "Underskrift"
        for name in signatories:
            row = table.add_row()
            row.cells[0].text, row.cells[1].text = name, ""
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The DOCX zip with fixed entry timestamps (byte-identical output for the same input)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_document(folder: Path, index: int, template: Template, seed: int) -> Path:
    """Document `index` of the corpus of `seed` (a variation of `template`) into `folder`."""
    rng = random.Random(f"{seed}:{index}")
    text, title = vary(template, rng)
    stem = f"{index:06d}-{template.name}"
    path = folder / f"{stem}.{template.format}"
    if template.format == "pdf":
        write_pdf(path, text, title, columns=1 + (index // len(load_templates())) % 2)
    elif template.format == "docx":
        names = [line for line in _paragraphs(text) if re.fullmatch(r"[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+", line)]
        write_docx(path, text, title, names[:6])
    else:
        path.write_bytes(text.encode(template.encoding, errors="replace"))
    return path


def generate(documents: int, seed: int = 1, root: Path | None = None, sample_dir: Path = SAMPLE_DIR,
             progress: bool = False) -> Path:
    """A folder holding `documents` generated documents (cached by size, seed and generator)."""
    templates = load_templates(Path(sample_dir))
    key = hashlib.sha1(f"{GENERATOR_VERSION}:{seed}:{Path(sample_dir).resolve()}:"
                       f"{[(t.name, len(t.text)) for t in templates]}".encode()).hexdigest()[:10]
    root = Path(root) if root else cache_root()
    folder = root / f"corpus-{key}-{documents}"
    done = root / f"{folder.name}.complete"  # outside the folder: not a document to read
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    larger = sorted((p for p in root.glob(f"corpus-{key}-*") if p.is_dir() and (root / f"{p.name}.complete").exists()
                     and int(p.name.rsplit("-", 1)[1]) >= documents), key=lambda p: int(p.name.rsplit("-", 1)[1]))
    source = {p.name.split("-", 1)[0]: p for p in larger[0].iterdir()} if larger else {}
    for index in range(documents):
        existing = source.get(f"{index:06d}")
        if existing is not None:  # a smaller corpus is a prefix of a larger one: hard-link it
            os.link(existing, folder / existing.name)
        else:
            write_document(folder, index, templates[index % len(templates)], seed)
        if progress and index and index % 1000 == 0:
            print(f"  generated {index}/{documents}", flush=True)
    done.write_text(str(documents))
    return folder


def format_counts(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in folder.iterdir():
        if p.suffix:
            counts[p.suffix.lstrip(".")] = counts.get(p.suffix.lstrip("."), 0) + 1
    return dict(sorted(counts.items()))
