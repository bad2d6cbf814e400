"""The duplicate benchmark: generated sets with a true clustering, scored pairwise and B-cubed,
and the scale figure (time to deduplicate N synthetic agreement records).

    samverkan dedup bench [--corpus DIR ...] [--scale 10000,100000]
    python benchmarks/dedup_bench.py
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

from .benchgen import (LabelledSet, agreement_set, document_set, gold_agreement_bases, gold_person_bases,
                       load_corpus, person_set, same_agreements, synthetic_agreement_bases, _all_parties)
from .clustering import labels
from .documents import find_document_duplicates
from .engine import DedupResult, find_agreement_duplicates, find_person_duplicates
from .metrics import bcubed, pairwise

REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_CORPORA = [REPO.parent / "shared" / "corpus" / "dev", REPO / "corpus" / "sample"]
BENCH_SEED = 7


def evaluate(result: DedupResult, labelled: LabelledSet) -> dict[str, Any]:
    predicted = labels(len(labelled.items), result.raw_clusters)
    return {
        "items": len(labelled.items), "true_clusters": len(set(labelled.truth)),
        "composition": labelled.notes,
        "candidate_pairs": result.stats.candidate_pairs, "all_pairs": result.stats.all_pairs,
        "pairwise": pairwise(predicted, labelled.truth), "bcubed": bcubed(predicted, labelled.truth),
        "errors": _errors(predicted, labelled),
    }


def _errors(predicted: list[int], labelled: LabelledSet, limit: int = 8) -> list[str]:
    """A few wrongly joined and wrongly separated pairs, for reading."""
    out = []
    n = len(predicted)
    for i in range(n):
        for j in range(i + 1, n):
            same_pred, same_true = predicted[i] == predicted[j], labelled.truth[i] == labelled.truth[j]
            if same_pred != same_true and len(out) < limit:
                kind = "joined" if same_pred else "missed"
                out.append(f"{kind}: {labelled.items[i].id} ~ {labelled.items[j].id}")
    return out


def benchmark(corpora: list[Path] | None = None, seed: int = BENCH_SEED, threshold: float | None = None) -> dict[str, Any]:
    """Documents, agreements and persons sets from the corpora, each scored against its truth."""
    corpora = [c for c in (corpora or DEFAULT_CORPORA) if Path(c).is_dir()]
    if not corpora:
        raise FileNotFoundError("no corpus folder found for the benchmark")
    sources = [doc for folder in corpora for doc in load_corpus(folder)]
    rng = random.Random(seed)
    report: dict[str, Any] = {"corpora": [str(c) for c in corpora], "documents_in": len(sources), "seed": seed}
    with tempfile.TemporaryDirectory() as tmp:
        docs = document_set(sources, rng, Path(tmp))
    start = time.perf_counter()
    report["documents"] = evaluate(find_document_duplicates(docs.items, threshold), docs)
    report["documents"]["seconds"] = round(time.perf_counter() - start, 2)
    agreements = agreement_set(gold_agreement_bases(sources), rng, _all_parties(sources), same=same_agreements())
    report["agreements"] = evaluate(find_agreement_duplicates(agreements.items, threshold), agreements)
    persons = person_set(gold_person_bases(sources), rng)
    report["persons"] = evaluate(find_person_duplicates(persons.items, threshold), persons)
    return report


def scale(sizes: tuple[int, ...] = (10_000, 100_000), seed: int = BENCH_SEED) -> list[dict[str, Any]]:
    """Seconds to deduplicate `n` synthetic agreement records (with duplicates and hard negatives),
    from plain dicts to explained clusters: record preparation, blocking, features, scoring,
    clustering and reasons."""
    from .records import AgreementRecord

    rows = []
    for n in sizes:
        rng = random.Random(seed)
        bases = synthetic_agreement_bases(max(1, int(n / 2.2)), rng)
        labelled = agreement_set(bases, rng, [], variants=(0, 2), negatives=(0, 1))
        raw = [(r.id, {"type": r.type, "title": r.title, "date": r.date, "parties": r.parties,
                       "signatories": r.signatories}, r.text) for r in labelled.items[:n]]
        truth = labelled.truth[:n]
        start = time.perf_counter()
        cpu = time.process_time()
        records = [AgreementRecord.from_dict(i, d, text) for i, d, text in raw]
        result = find_agreement_duplicates(records)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        predicted = labels(len(records), result.raw_clusters)
        rows.append({"records": len(records), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                     "candidate_pairs": result.stats.candidate_pairs, "skipped_blocks": result.stats.skipped_blocks,
                     "clusters": len(result.clusters), **{f"pairwise_{k}": round(v, 4) for k, v in
                                                          pairwise(predicted, truth).items() if k in ("precision", "recall", "f1")}})
    return rows


def format_report(report: dict[str, Any]) -> str:
    lines = [f"corpora: {', '.join(report['corpora'])} ({report['documents_in']} annotated documents), seed {report['seed']}"]
    for kind in ("documents", "agreements", "persons"):
        r = report[kind]
        pw, b3 = r["pairwise"], r["bcubed"]
        lines.append(
            f"{kind:10s} items {r['items']:5d}  true clusters {r['true_clusters']:4d}  candidates {r['candidate_pairs']}/{r['all_pairs']}  "
            f"pairwise P {pw['precision']:.3f} R {pw['recall']:.3f} F1 {pw['f1']:.3f}  "
            f"B3 P {b3['precision']:.3f} R {b3['recall']:.3f} F1 {b3['f1']:.3f}")
        lines.append(f"           composition: {r['composition']}")
        for e in r["errors"]:
            lines.append(f"           {e}")
    return "\n".join(lines)


def format_scale(rows: list[dict[str, Any]]) -> str:
    lines = [f"{r['records']:7d} agreement records: {r['seconds']:7.2f} s wall, {r['cpu_seconds']:7.2f} s CPU  ({r['candidate_pairs']} candidate pairs, "
             f"{r['skipped_blocks']} oversized blocks skipped, pairwise P {r['pairwise_precision']:.3f} "
             f"R {r['pairwise_recall']:.3f} F1 {r['pairwise_f1']:.3f})" for r in rows]
    if len(rows) >= 2 and rows[0]["seconds"] > 0:
        lines.append(f"ratio {rows[-1]['records']}/{rows[0]['records']} records: time x{rows[-1]['seconds'] / rows[0]['seconds']:.1f} "
                     f"(records x{rows[-1]['records'] / rows[0]['records']:.0f})")
    return "\n".join(lines)
