"""The single writer alone: documents/s that `run`'s writer (store + link, a transaction per
batch) sustains from saved extraction records, on SQLite and PostgreSQL, at N documents.

Records are replayed, not extracted: `base_records` extracts a few dozen generated documents
once (the bench corpus' variations of the sample documents, cached as JSON next to the
corpora), and `replayed(n)` makes document i from base record i mod K by giving its
municipalities, persons and years other values, in the text and the record alike, so the
database grows as a real archive would (new persons, agreements and positions; the same 290
municipalities). Spans are the base record's: names of other lengths shift a quote by a few
characters, which the writer does not look at.

    python -m samverkan.bench.linking 10000 [--db URL]
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from .corpus import _first_names, _genitives, _replacement_municipalities, _surnames, cache_root, load_templates, vary

BASE = 48  # extracted base documents (4 variations of each sample document)


def base_records(k: int = BASE, seed: int = 1, root: Path | None = None) -> list[tuple[dict, dict]]:
    """(Document.to_dict(), extraction record) of `k` generated documents, extracted once and cached."""
    from samverkan.extract import EXTRACTOR_VERSION

    templates = load_templates()
    key = hashlib.sha1(f"{seed}:{k}:{EXTRACTOR_VERSION}:{[(t.name, len(t.text)) for t in templates]}".encode())
    path = (Path(root) if root else cache_root()) / f"link-records-{key.hexdigest()[:10]}.json"
    if path.exists():
        return [tuple(pair) for pair in json.loads(path.read_text(encoding="utf-8"))]
    from samverkan.extract import extract_many
    from samverkan.ingest import read_file

    documents = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(k):
            text, _ = vary(templates[i % len(templates)], random.Random(f"{seed}:base:{i}"))
            file = Path(tmp) / f"{i:04d}.txt"
            file.write_text(text, encoding="utf-8")
            documents.append(read_file(file))
    pairs = [(d.to_dict(), r) for d, r in zip(documents, extract_many(documents))]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")
    return pairs


def _names(record: dict) -> list[str]:
    names = [p.get("name") for p in record.get("persons") or []]
    names += [s.get("name") for a in record.get("agreements") or [] for s in a.get("signatories") or []]
    return [n for n in dict.fromkeys(names) if isinstance(n, str) and n.strip()]


def _substitutions(record: dict, rng: random.Random) -> list[tuple[re.Pattern, str]]:
    genitives = _genitives()
    old = [m for m in record.get("municipalities") or [] if isinstance(m, str)]
    pool = [m for m in _replacement_municipalities() if m not in old]
    pairs = []
    for before, after in zip(old, rng.sample(pool, min(len(old), len(pool)))):
        if before in genitives and after in genitives:
            pairs.append((genitives[before], genitives[after]))
        pairs.append((before, after))
    first, last = _first_names(), _surnames()
    for name in _names(record):
        pairs.append((name, f"{rng.choice(first)} {rng.choice(last)}"))
    pairs.sort(key=lambda p: -len(p[0]))
    return [(re.compile(rf"(?<![\wÅÄÖåäö]){re.escape(a)}(?![\wÅÄÖåäö])"), b) for a, b in pairs]


def _apply(text: str, substitutions: list[tuple[re.Pattern, str]], shift: int) -> str:
    for pattern, new in substitutions:
        text = pattern.sub(new, text)
    return re.sub(r"(?<!\d)(20[0-3]\d)(?!\d)", lambda m: str(int(m.group(1)) + shift), text)


def replayed(n: int, bases: list[tuple[dict, dict]], seed: int = 1, start: int = 0) -> Iterator[tuple[str, Any, dict, None]]:
    """`run` writer input for documents start .. start + n - 1: (path, Document, record, None)."""
    from samverkan.document import Document, content_hash

    for i in range(start, start + n):
        document, record = bases[i % len(bases)]
        rng = random.Random(f"{seed}:{i}")
        substitutions, shift = _substitutions(record, rng), rng.randint(-6, 1)
        text = _apply(document["text"], substitutions, shift)
        new_record = json.loads(_apply(json.dumps(record, ensure_ascii=False), substitutions, shift))
        path = f"/replay/{i:07d}.txt"
        new_record["source"] = path
        doc = Document(path, "txt", content_hash(text.encode("utf-8")), text, title=document.get("title"),
                       metadata=dict(document.get("metadata") or {}), language=document.get("language"))
        yield path, doc, new_record, None


PROGRESS = 1000  # documents between progress lines


def _server_cpu(session) -> Callable[[], float] | None:
    """CPU seconds so far of the PostgreSQL backend serving `session`, when the server runs on
    this machine and its process can be read; None otherwise (SQLite runs in this process)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    import psutil
    from sqlalchemy import text

    try:
        process = psutil.Process(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
        process.cpu_times()
    except (psutil.Error, OSError):
        return None
    session.commit()  # the same connection stays with the session's engine pool
    return lambda: sum(process.cpu_times()[:2])


def link_rate(n: int, db: str, batch_size: int = 8, bases: list | None = None,
              progress=None, start: int = 0) -> dict[str, Any]:
    """Seconds the writer spends storing and linking n replayed documents (`start` ..
    `start` + n - 1) into `db`, a transaction per `batch_size` documents as in `run`; the rate
    overall and of the last tenth, and per CPU second of this process (the fairer figure on a
    shared machine) and, on a local PostgreSQL, of this process plus its server backend."""
    from samverkan.run import RunReport, _totals, _write_safely
    from samverkan.store import open_db

    bases = bases or base_records()
    engine, factory = open_db(db)
    report, seconds, tail, cpu = RunReport(), 0.0, 0.0, 0.0
    block = (0, 0.0, 0.0)  # documents, seconds, cpu at the start of the progress block
    try:
        with factory() as session:
            server = _server_cpu(session)
            server_started = server() if server else None
            batch: list = []
            for index, result in enumerate(replayed(n, bases, start=start), 1):
                batch.append(result)
                if len(batch) == batch_size or index == n:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    _write_safely(session, batch, report)
                    spent = time.perf_counter() - started
                    seconds += spent
                    cpu += time.process_time() - cpu_started
                    if index > n - n // 10:
                        tail += spent
                    batch = []
                    if progress and index - block[0] >= PROGRESS:  # this block's own rates: the trend
                        done, block_seconds, block_cpu = index - block[0], seconds - block[1], cpu - block[2]
                        progress({"documents": index, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                                  "block_docs_per_s": round(done / block_seconds, 1),
                                  "block_docs_per_cpu_s": round(done / block_cpu, 1) if block_cpu else None})
                        block = (index, seconds, cpu)
            server_cpu = server() - server_started if server else None
            totals = _totals(session)
    finally:
        engine.dispose()
    last = n // 10
    both = cpu + server_cpu if server_cpu is not None else None
    return {"documents": n, "start": start, "db": db.split(":", 1)[0] if "://" in db else "sqlite",
            "seconds": round(seconds, 2), "docs_per_s": round(n / seconds, 1), "cpu_seconds": round(cpu, 2),
            "docs_per_cpu_s": round(n / cpu, 1) if cpu else None,
            "server_cpu_seconds": None if server_cpu is None else round(server_cpu, 2),
            "docs_per_cpu_s_with_server": round(n / both, 1) if both else None,
            "last_tenth_docs_per_s": round(last / tail, 1) if tail else None,
            "errors": len(report.errors), "totals": totals}


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=int, nargs="+")
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file per size)")
    args = parser.parse_args(argv)
    bases = base_records()
    for n in args.documents:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(link_rate(n, args.db or str(Path(tmp) / "link.db"), bases=bases)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
