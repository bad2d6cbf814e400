"""All benchmarks in one run: generate the corpora, measure, print a table, write JSON.

    from samverkan.bench.runner import run_all, format_table
    results = run_all(Sizes.full())          # or Sizes.quick() for a smoke test
    print(format_table(results))
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from . import suites
from .corpus import format_counts, generate

ROW_IDS = ("extract_words", "extract_docs", "extract_sv_words", "extract_sv_docs", "pdf_vs_pdfplumber",
           "pdf_vs_pdfium", "run_workers", "run_scaling", "run_peak_rss", "dedup_scale")


@dataclass
class Sizes:
    small: int  # documents for the worker comparison and the small side of scaling
    large: int  # documents for scaling and peak RSS
    extract_documents: int
    pdf_files: int
    dedup_small: int
    dedup_large: int
    workers: int = 2
    repeat: int = 2
    seed: int = 1
    dedup_limit: float = 360  # seconds per dedup child (generation + dedup); a slower one is stopped

    @classmethod
    def full(cls) -> "Sizes":
        return cls(small=1000, large=10000, extract_documents=120, pdf_files=30, dedup_small=10_000,
                   dedup_large=100_000, repeat=2)

    @classmethod
    def quick(cls) -> "Sizes":
        return cls(small=24, large=48, extract_documents=12, pdf_files=4, dedup_small=200, dedup_large=1000,
                   repeat=1)


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM, Python and library versions, load average."""
    import spacy

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    versions = {}
    for name in ("spacy", "pdfplumber", "pypdfium2", "sqlalchemy"):
        try:
            from importlib.metadata import version
            versions[name] = version(name)
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ner_model": _ner_model(), "ram_gb": ram_gb, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions or {"spacy": spacy.__version__},
            "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}


def _ner_model() -> dict[str, Any]:
    """Which NER model the run used: version, tok2vec width/depth, size of its weights."""
    from samverkan.extractors import ner_model_dir

    path = ner_model_dir()
    if path is None:
        return {"path": None}
    info: dict[str, Any] = {"path": str(path)}
    try:
        from spacy.util import load_config

        info["version"] = json.loads((path / "meta.json").read_text(encoding="utf-8")).get("version")
        embed = load_config(path / "config.cfg")["components"]["tok2vec"]["model"]
        info["tok2vec_width"] = embed.get("width") or embed.get("encode", {}).get("width")
        info["tok2vec_depth"] = embed.get("encode", {}).get("depth")
        info["weights_mb"] = round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)
    except Exception:  # noqa: BLE001 - description only
        pass
    return info


def run_all(sizes: Sizes, cache: Path | None = None, log: Callable[[str], None] = print,
            only: set[str] | None = None, save: Callable[[dict], None] | None = None) -> dict[str, Any]:
    """Every measurement of the benchmark; the result dict that `format_table` prints.
    `save(result)` is called after each group (partial results survive an interrupted run)."""
    started = time.perf_counter()
    result: dict[str, Any] = {"sizes": asdict(sizes), "machine": machine(), "rows": [], "runs": [], "corpora": {}}

    def wanted(group: str) -> bool:
        return only is None or group in only

    log(f"generating corpora ({sizes.small} and {sizes.large} documents, seed {sizes.seed}) ...")
    large = generate(sizes.large, seed=sizes.seed, root=cache)
    small = generate(sizes.small, seed=sizes.seed, root=cache)
    result["corpora"] = {"small": {"path": str(small), "formats": format_counts(small)},
                         "large": {"path": str(large), "formats": format_counts(large)}}
    def measure(group: str, ids: tuple[str, ...], function: Callable[[], list]) -> None:
        """Add the group's rows; a failure becomes rows that say so (the table stays complete)."""
        try:
            result["rows"] += function()
        except Exception as exc:  # noqa: BLE001 - reported in the table, the other groups go on
            log(f"  FAILED: {type(exc).__name__}: {exc}")
            result["rows"] += [suites.row(i, i, float("nan"), "", met=False, note=f"failed: {type(exc).__name__}: {exc}")
                               for i in ids]
        result["seconds"] = round(time.perf_counter() - started, 1)
        if save:
            save(result)

    if wanted("extract"):
        log("extract vs bare nlp.pipe ...")
        measure("extract", ("extract_words", "extract_docs", "extract_sv_words", "extract_sv_docs"),
                lambda: suites.extraction(small, sizes.extract_documents, sizes.repeat))
    if wanted("pdf"):
        log("PDF reading ...")
        measure("pdf", ("pdf_vs_pdfplumber", "pdf_vs_pdfium"), lambda: suites.pdf(large, sizes.pdf_files, sizes.repeat))
    if wanted("run"):
        measure("run", ("run_workers", "run_scaling", "run_peak_rss"), lambda: _runs(sizes, small, large, result, log))
    elif only is not None and "workers" in only:  # the 1 vs N workers comparison alone
        measure("workers", ("run_workers",), lambda: _runs(sizes, small, None, result, log))
    if wanted("dedup"):
        log(f"dedup {sizes.dedup_small} vs {sizes.dedup_large} records ...")
        measure("dedup", ("dedup_scale",), lambda: suites.dedup((sizes.dedup_small, sizes.dedup_large), sizes.dedup_limit))
    result["machine"]["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _runs(sizes: Sizes, small: Path, large: Path | None, result: dict[str, Any], log: Callable[[str], None]) -> list:
    """`samverkan run`: large corpus with N workers, then the small one with 1 and N workers
    (the 1-vs-N comparison last and back to back, so both see the same machine load).
    Without `large`, only the 1-vs-N comparison."""
    workdir = suites.temp_workdir()
    big = None
    try:
        if large is not None:
            log(f"samverkan run, {sizes.large} documents, {sizes.workers} workers ...")
            big = suites.samverkan_run(large, sizes.workers, workdir)
            log(f"  {big['seconds']:.1f} s, peak RSS {big['peak_tree_rss_mb']:.0f} MB")
        log(f"samverkan run, {sizes.small} documents, 1 worker ...")
        one = suites.samverkan_run(small, 1, workdir)
        log(f"  {one['seconds']:.1f} s")
        log(f"samverkan run, {sizes.small} documents, {sizes.workers} workers ...")
        two = suites.samverkan_run(small, sizes.workers, workdir)
        log(f"  {two['seconds']:.1f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["runs"] = [r for r in (one, two, big) if r is not None]
    if big is None:
        return suites.workers_rows(one, two)
    return suites.workers_rows(one, two) + suites.scaling_rows(two, big) + suites.memory_rows(big)


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"


def format_table(result: dict[str, Any]) -> str:
    """The rows as a Markdown table (also readable in a terminal), with the machine line."""
    m = result["machine"]
    lines = [f"machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
             + (f"; load average at start {m['loadavg'][0]:.2f}" if m.get("loadavg") else "")
             + (f", at end {m['loadavg_end'][0]:.2f}" if m.get("loadavg_end") else ""),
             f"NER model: {m['ner_model']}",
             "",
             "| figure | value | baseline | baseline value | ratio | target | met |",
             "|---|---:|---|---:|---:|---|---|"]
    for r in result["rows"]:
        met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
        lines.append(f"| {r['figure']} | {_num(r['value'])} {r['unit']} | {r['baseline']} | "
                     f"{_num(r['baseline_value'])} | {_num(r['ratio'])}x | {r['target']} | {met} |")
    notes = [f"- {r['id']}: {r['note']}" for r in result["rows"] if r["note"]]
    if notes:
        lines += ["", *notes]
    lines.append(f"\ntotal benchmark time: {result['seconds']} s")
    return "\n".join(lines)


MARK_START, MARK_END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


def write_markdown(result: dict[str, Any], path: Path) -> None:
    """Replace the results section of a Markdown file (between the bench:results markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{MARK_START}\n{MARK_END}\n"
    if MARK_START not in text:
        text += f"\n{MARK_START}\n{MARK_END}\n"
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    path.write_text(f"{head}{MARK_START}\n{format_table(result)}\n{MARK_END}{tail}", encoding="utf-8")


def write_json(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
