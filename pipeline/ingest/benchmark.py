"""PDF reading speed of both engines against the plain text extraction of their libraries.

    python -m samverkan.ingest.benchmark FILE.pdf... [--repeat N]

In one process, one thread, on the same files, prints pages/s of:
- `read_file` with each engine (everything: words, layout, running lines, paragraphs, language);
- each engine's word source alone (`pdf_words.pdfium_pages`, `pdf_words_plumber.plumber_pages`);
- the libraries' plain text: pypdfium2 `get_text_range()` and pdfplumber `extract_text()`;
and the ratios. The target is >= 20 pages/s per core for the default engine's `read_file`.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

TARGET = 20.0  # pages/s per core


def pages_per_second(function, paths: list[Path], repeat: int) -> tuple[int, float]:
    pages = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for path in paths:
            pages += function(path)
    return pages, pages / (time.perf_counter() - started)


def read_file_with(engine: str):
    def read(path: Path) -> int:
        from .reading import read_file

        return len(read_file(path, pdf_engine=engine).pages)
    return read


def words_with(engine: str):
    def words(path: Path) -> int:
        from .pdf_engines import page_source

        return len(page_source(engine)(path, path.read_bytes())[0])
    return words


def pypdfium2_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def pdfplumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


RUNS = {
    "read_file, pdfium engine": read_file_with("pdfium"),
    "read_file, pdfplumber engine": read_file_with("pdfplumber"),
    "words only, pdfium (pdfium_pages)": words_with("pdfium"),
    "words only, pdfplumber (plumber_pages)": words_with("pdfplumber"),
    "pypdfium2 get_text_range (plain)": pypdfium2_text,
    "pdfplumber extract_text (plain)": pdfplumber_text,
}
BASELINE = "pdfplumber extract_text (plain)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    for function in RUNS.values():  # warm up: imports, language model
        function(args.pdfs[0])
    rates = {}
    for name, function in RUNS.items():
        pages, rates[name] = pages_per_second(function, args.pdfs, args.repeat)
    print(f"pages: {pages} ({len(args.pdfs)} files x {args.repeat})")
    width = max(map(len, RUNS))
    for name, rate in rates.items():
        print(f"{name:<{width}}  {rate:7.1f} pages/s  {rate / rates[BASELINE]:5.2f}x {BASELINE}")
    ours, plumber = rates["read_file, pdfium engine"], rates["read_file, pdfplumber engine"]
    print(f"read_file pdfium / pdfplumber engine: {ours / plumber:.2f}x")
    for name in ("read_file, pdfium engine", "read_file, pdfplumber engine"):
        print(f"target >= {TARGET:.0f} pages/s, {name}: {'met' if rates[name] >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
