#!/usr/bin/env python3
"""Extraction on scanned versions of real documents vs the same documents as text (docs/ocr.md).

    .venv/bin/python benchmarks/ocr_scanned_eval.py [--corpus ../shared/corpus/train] [--count 12] [--workers 1]

Takes `count` documents spread over the corpus folder (NAME.txt with its gold NAME.json),
makes each a scanned PDF in a temporary folder (page images only: typeset with DejaVu at
200 dpi, turned 0.4-1.0 degrees either way, speckled; `samverkan.bench.scans`), runs
`samverkan extract` on the texts and on the scans, and scores both with the corpus's
`tools/score.py` against a gold folder of symlinks. Prints F1 per field for text and scan
and the difference (goal: within 0.05 for municipalities, persons and dates).
Everything made lives in the temporary folder: nothing from the corpus enters the repository.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIELDS = ("municipalities", "persons", "dates")
GOAL = 0.05


def pick(corpus: Path, count: int, offset: int = 0) -> list[Path]:
    """`count` texts with gold, evenly spread over the sorted folder (`offset`: another such set)."""
    texts = sorted(p for p in corpus.glob("*.txt") if p.with_suffix(".json").exists())
    if len(texts) <= count:
        return texts
    step = len(texts) / count
    return [texts[(int(i * step) + offset) % len(texts)] for i in range(count)]


def make_scans(texts: list[Path], folder: Path, seed: int) -> tuple[Path, Path, Path, int]:
    """Folders text/ (symlinks), scan/ (PDFs) and gold/ (symlinks), and the number of scanned pages."""
    from samverkan.bench.scans import save_pdf, scan_pages

    rng = random.Random(seed)
    text_dir, scan_dir, gold_dir = (folder / name for name in ("text", "scan", "gold"))
    for d in (text_dir, scan_dir, gold_dir):
        d.mkdir()
    pages = 0
    for number, path in enumerate(texts):
        (text_dir / path.name).symlink_to(path)
        (gold_dir / path.with_suffix(".json").name).symlink_to(path.with_suffix(".json"))
        (gold_dir / path.name).symlink_to(path)
        turn = rng.uniform(0.4, 1.0) * rng.choice((-1, 1))
        images = scan_pages(path.read_text(encoding="utf-8"), dpi=200, rotation=turn, speckle=0.002, seed=seed + number)
        save_pdf(images, scan_dir / f"{path.stem}.pdf", dpi=200)
        pages += len(images)
    return text_dir, scan_dir, gold_dir, pages


def extract(folder: Path, out: Path) -> float:
    """`samverkan extract` on every file of `folder` into `out` (JSON Lines); wall seconds."""
    started = time.perf_counter()
    files = sorted(str(p) for p in folder.iterdir())
    with open(out, "w", encoding="utf-8") as handle:
        subprocess.run([str(Path(sys.executable).parent / "samverkan"), "extract", *files], stdout=handle, check=True)
    return time.perf_counter() - started


def score(gold: Path, predictions: Path, scorer: Path) -> dict:
    result = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(predictions), "--json"],
                            capture_output=True, text=True, check=False)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "train")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score.py")
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--offset", type=int, default=0, help="pick the documents this many places further on")
    parser.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--keep", type=Path, default=None,
                        help="an empty folder outside the repository (e.g. /tmp/x) to keep the scans and predictions in")
    args = parser.parse_args()
    texts = pick(args.corpus, args.count, args.offset)
    if args.keep and REPO in args.keep.resolve().parents:
        sys.exit("--keep must be outside the repository (the corpus texts must not enter it)")
    with tempfile.TemporaryDirectory(prefix="samverkan-ocr-eval-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        text_dir, scan_dir, gold_dir, pages = make_scans(texts, folder, args.seed)
        seconds = {"text": extract(text_dir, folder / "text.jsonl"), "scan": extract(scan_dir, folder / "scan.jsonl")}
        scores = {form: score(gold_dir, folder / f"{form}.jsonl", args.scorer) for form in ("text", "scan")}
        ocr = [json.loads(line) for line in (folder / "scan.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = [r.get("source") for r in ocr if r.get("error")]
    print(f"{len(texts)} documents from {args.corpus} ({pages} scanned pages, 200 dpi); "
          f"extract: text {seconds['text']:.0f} s, scans {seconds['scan']:.0f} s")
    if failed:
        print(f"scans that failed: {failed}")
    print(f"{'field':16} {'F1 text':>8} {'F1 scan':>8} {'diff':>7}")
    rows = {}
    for field in scores["text"]["scores"]:
        t, s = scores["text"]["scores"][field]["f1"], scores["scan"]["scores"][field]["f1"]
        rows[field] = {"text": t, "scan": s, "diff": round(s - t, 3)}
        mark = "" if field not in FIELDS else ("  ok" if abs(s - t) <= GOAL else "  OVER 0.05")
        print(f"{field:16} {t:8.3f} {s:8.3f} {s - t:+7.3f}{mark}")
    if args.out:
        args.out.write_text(json.dumps({"documents": [p.stem for p in texts], "pages": pages, "seconds": seconds,
                                        "f1": rows, "failed": failed}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
