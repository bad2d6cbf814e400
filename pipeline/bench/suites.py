"""The benchmark measurements; each returns rows, a figure and the baseline measured with it.

A row: {"id", "figure", "value", "unit", "baseline", "baseline_value", "ratio", "target",
"met", "note"}. `ratio` is value / baseline_value (for times: baseline / value where noted,
so that > 1 is always "better than the baseline" except in `scaling`, where it is the time
ratio itself and 10 means linear). Timings are the best of `repeat` rounds.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from .memory import run_measured


def row(id: str, figure: str, value: float, unit: str, baseline: str = "", baseline_value: float | None = None,
        ratio: float | None = None, target: str = "", met: bool | None = None, note: str = "") -> dict[str, Any]:
    return {"id": id, "figure": figure, "value": round(value, 3), "unit": unit, "baseline": baseline,
            "baseline_value": None if baseline_value is None else round(baseline_value, 3),
            "ratio": None if ratio is None else round(ratio, 3), "target": target, "met": met, "note": note}


def _best(function: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _documents(folder: Path, limit: int | None = None, suffixes: tuple[str, ...] | None = None) -> list:
    from samverkan.ingest import read_file

    paths = sorted(p for p in Path(folder).iterdir() if p.is_file() and (suffixes is None or p.suffix in suffixes))
    return [read_file(p) for p in paths[:limit]]


# --- extraction ----------------------------------------------------------------------------

EXTRACT_BATCH = 16  # extract_many's default


def _extract_times(docs: list, bare, repeat: int) -> tuple[float, float, int]:
    """Best seconds of `extract_many(docs)` and of bare `nlp.pipe` on their texts (at the faster
    of the model's own batch size and ours: padding makes big batches slower), and that batch."""
    from samverkan.extract import extract_many

    texts = [d.text for d in docs]
    batch_sizes = sorted({int(bare.batch_size), EXTRACT_BATCH})
    t_ours, t_bare = float("inf"), {b: float("inf") for b in batch_sizes}
    for _ in range(max(1, repeat)):  # interleaved, so both see the same machine load
        t_ours = min(t_ours, _best(lambda: sum(1 for _ in extract_many(docs, batch_size=EXTRACT_BATCH)), 1))
        for b in batch_sizes:
            t_bare[b] = min(t_bare[b], _best(lambda: sum(1 for _ in bare.pipe(texts, batch_size=b)), 1))
    best_batch = min(t_bare, key=t_bare.get)
    return t_ours, t_bare[best_batch], best_batch


def extraction(folder: Path, limit: int, repeat: int = 2) -> list[dict[str, Any]]:
    """words/s and documents/s of `extract_many` vs bare `nlp.pipe` of the same NER model, on the
    generated corpus as it comes (some documents are Norwegian: `extract_many` recognises them
    and skips the NER, as `run` does) and on its Swedish documents alone."""
    import spacy

    from samverkan.extract import extract_many, get_pipeline
    from samverkan.extractors import ner_model_dir

    docs = _documents(folder, limit)
    swedish = [d for d in docs if d.language == "sv"]
    model = ner_model_dir()
    get_pipeline()
    bare = spacy.load(model) if model else spacy.blank("sv")
    for _ in extract_many(docs[:4]):  # warm-up
        pass
    for _ in bare.pipe([d.text for d in docs[:4]]):
        pass
    names = "+".join(bare.pipe_names) or "tokenizer"
    rows = []
    for subset, ids, label in ((docs, ("extract_words", "extract_docs"), ""),
                               (swedish, ("extract_sv_words", "extract_sv_docs"), ", Swedish documents only")):
        if not subset:
            rows += [row(i, i, float("nan"), "", met=None, note="no Swedish document in the corpus") for i in ids]
            continue
        words = sum(len(d.text.split()) for d in subset)
        t_ours, t_bare, batch = _extract_times(subset, bare, repeat)
        base = f"bare nlp.pipe ({names}, batch {batch})"
        ratio = t_bare / t_ours
        foreign = len(subset) - sum(1 for d in subset if d.language == "sv")
        rows += [
            row(ids[0], f"extract: words/s (extract_many{label})", words / t_ours, "words/s", base, words / t_bare,
                ratio, ">= 0.8x", ratio >= 0.8, f"{len(subset)} documents ({foreign} not Swedish), {words} words, "
                f"1 process, best of {repeat} interleaved rounds; extract_many batch {EXTRACT_BATCH}; baseline best "
                f"of batch sizes {sorted({int(bare.batch_size), EXTRACT_BATCH})}"),
            row(ids[1], f"extract: documents/s (extract_many{label})", len(subset) / t_ours, "docs/s", base,
                len(subset) / t_bare, ratio, "", None),
        ]
    return rows


# --- PDF -----------------------------------------------------------------------------------

def _ours(path: Path) -> int:
    from samverkan.ingest import read_file

    return len(read_file(path).pages)


def _pdfplumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _pdfium_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_bounded()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def pdf(folder: Path, limit: int, repeat: int = 2) -> list[dict[str, Any]]:
    """pages/s of `read_file` on PDFs vs pdfplumber `extract_text` and pypdfium2 plain text."""
    paths = sorted(Path(folder).glob("*.pdf"))[:limit]
    if not paths:
        raise FileNotFoundError(f"no PDF in {folder}")
    pages = sum(_pdfium_text(p) for p in paths)
    for f in (_ours, _pdfplumber_text, _pdfium_text):  # warm-up: imports, language model
        f(paths[0])
    times = {f.__name__: _best(lambda f=f: [f(p) for p in paths], repeat)
             for f in (_ours, _pdfplumber_text, _pdfium_text)}
    ours = pages / times["_ours"]
    plumber = pages / times["_pdfplumber_text"]
    pdfium = pages / times["_pdfium_text"]
    note = f"{len(paths)} PDFs, {pages} pages, 1 process"
    return [
        row("pdf_vs_pdfplumber", "PDF: pages/s (read_file: PDFium words + layout)", ours, "pages/s",
            "pdfplumber extract_text", plumber, ours / plumber, ">= 20 pages/s", ours >= 20, note),
        row("pdf_vs_pdfium", "PDF: pages/s (read_file: PDFium words + layout)", ours, "pages/s",
            "pypdfium2 get_text_bounded", pdfium, ours / pdfium, "", None, note),
    ]


# --- samverkan run -------------------------------------------------------------------------

def samverkan_run(folder: Path, workers: int, workdir: Path, options: tuple[str, ...] = ()) -> dict[str, Any]:
    """`samverkan run FOLDER --workers N [options]` in a fresh SQLite database, as a subprocess."""
    db = workdir / f"run-{Path(folder).name}-w{workers}{''.join(options).replace('-', '')}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    argv = [sys.executable, "-m", "samverkan.cli", "run", str(folder), "--db", str(db),
            "--workers", str(workers), "--no-progress", *options]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    measured = run_measured(argv, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the whole process tree, once it has ended
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    documents = sum(1 for p in Path(folder).iterdir() if p.is_file())
    if measured.returncode not in (0, 1):  # 1: some documents failed (recorded); anything else is a crash
        raise RuntimeError(f"samverkan run failed ({measured.returncode}): {measured.stderr[-2000:]}")
    return {"documents": documents, "workers": workers, "options": list(options), "seconds": measured.seconds,
            "cpu_seconds": round(cpu, 2),
            "peak_tree_rss_mb": measured.peak_tree_rss_mb, "peak_process_rss_mb": measured.peak_process_rss_mb,
            "returncode": measured.returncode, "summary": measured.stdout.strip().splitlines()[:3]}


def workers_rows(one: dict[str, Any], two: dict[str, Any]) -> list[dict[str, Any]]:
    speedup = one["seconds"] / two["seconds"]
    n = one["documents"]
    return [row("run_workers", f"run: documents/s, {two['workers']} workers", n / two["seconds"], "docs/s",
                "1 worker", n / one["seconds"], speedup, ">= 1.7x", speedup >= 1.7,
                f"{n} documents, fresh SQLite, includes start-up and model loading")]


def scaling_rows(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    ratio = large["seconds"] / small["seconds"]
    linear = large["documents"] / small["documents"]
    return [row("run_scaling", f"run: seconds for {large['documents']} documents", large["seconds"], "s",
                f"{small['documents']} documents", small["seconds"], ratio,
                f"<= {linear * 1.1:.0f} ({linear:.0f} = linear)", ratio <= linear * 1.1,
                f"{large['workers']} workers both")]


def memory_rows(large: dict[str, Any], limit_mb: float = 1536) -> list[dict[str, Any]]:
    peak = large["peak_tree_rss_mb"]
    value = peak if peak is not None else float("nan")  # no /proc: not measured
    return [row("run_peak_rss", f"run: peak RSS, {large['documents']} documents (process tree)", value, "MB",
                "1.5 GB limit", limit_mb, value / limit_mb, "< 1536 MB", value < limit_mb,
                f"{large['workers']} workers; largest single process {large['peak_process_rss_mb'] or 0:.0f} MB")]


# --- dedup ---------------------------------------------------------------------------------

def dedup_one(n: int) -> dict[str, Any]:
    """The dedup helper's `samverkan.dedup.bench.scale` for one size, with the generation time."""
    from samverkan.dedup.bench import scale

    started = time.perf_counter()
    (out,) = scale((n,))
    out["total_seconds"] = round(time.perf_counter() - started, 1)  # generation + dedup
    return out


def _dedup_subprocess(n: int, limit: float) -> dict[str, Any]:
    """`dedup_one(n)` in a child process (a fresh heap per size), stopped after `limit` seconds."""
    import json
    import subprocess

    code = f"import json; from samverkan.bench.suites import dedup_one; print(json.dumps(dedup_one({n})))"
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"records": n, "seconds": float(limit), "timed_out": True, "total_seconds": float(limit),
                "candidate_pairs": None, "pairwise_f1": None}
    if done.returncode != 0:
        raise RuntimeError(f"dedup of {n} records failed: {done.stderr[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def dedup(sizes: tuple[int, int], limit: float = 360) -> list[dict[str, Any]]:
    """Seconds to deduplicate N vs M synthetic agreement records (one process each)."""
    small = _dedup_subprocess(sizes[0], limit)
    large = _dedup_subprocess(sizes[1], limit)
    ratio = large["seconds"] / small["seconds"] if small["seconds"] else float("inf")
    timed_out = large.get("timed_out", False)
    f1 = lambda r: "-" if r.get("pairwise_f1") is None else f"{r['pairwise_f1']:.3f}"  # noqa: E731
    return [row("dedup_scale", f"dedup: seconds for {large['records']} agreement records", large["seconds"], "s",
                f"{small['records']} records", small["seconds"], ratio, "< 120 s",
                (not timed_out) and large["seconds"] < 120,
                (f"NOT FINISHED: the child (generation + dedup) was stopped after {limit:.0f} s; " if timed_out else "")
                + f"pairwise F1 {f1(small)} / {f1(large)}; candidate pairs {small['candidate_pairs']} / "
                f"{large['candidate_pairs']}; samverkan.dedup.bench.scale (timed: record preparation, blocking, "
                f"scoring, clustering; not the generation: child total {small['total_seconds']} / "
                f"{large['total_seconds']} s); 1 process")]


def temp_workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="samverkan-bench-"))
