"""PDF reading speed: our reader (PDFium + layout) against pdfplumber's word extraction.

    python -m samverkan.ingest.benchmark FILE.pdf... [--repeat N]

Prints pages/s of `read_file` (everything: words, layout, running lines, paragraphs,
language) and of the baseline `pdfplumber` `extract_words` on the same files, one process,
one thread, and their ratio. The target is >= 20 pages/s per core for our reader.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def pages_per_second(function, paths: list[Path], repeat: int) -> tuple[int, float]:
    pages = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for path in paths:
            pages += function(path)
    return pages, pages / (time.perf_counter() - started)


def ours(path: Path) -> int:
    from .reading import read_file

    return len(read_file(path).pages)


def pdfplumber_words(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    ours(args.pdfs[0]), pdfplumber_words(args.pdfs[0])  # warm up: imports, language model
    pages, ours_rate = pages_per_second(ours, args.pdfs, args.repeat)
    _, baseline_rate = pages_per_second(pdfplumber_words, args.pdfs, args.repeat)
    print(f"pages: {pages}")
    print(f"samverkan read_file (PDFium + layout): {ours_rate:.1f} pages/s")
    print(f"pdfplumber extract_words (baseline):    {baseline_rate:.1f} pages/s")
    print(f"ratio: {ours_rate / baseline_rate:.2f}x  target >= 20 pages/s: {'met' if ours_rate >= 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
