"""Where extraction time goes: wall time, system time and minor page faults per pipeline component.

    .venv/bin/python benchmarks/extract_profile.py [--documents 120] [--rounds 2] [--all-languages]

Runs the extraction pipeline component by component (batches of 16, as `extract_many` does)
over the Swedish documents of the generated 1,000-document bench corpus, and prints the
average per round. Page faults and system time are what showed the allocator cost that
`samverkan.allocator` removes (compare with SAMVERKAN_MALLOC_TUNING=0).
"""
from __future__ import annotations

import argparse
import collections
import resource
import time


def _usage() -> tuple[int, float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_minflt, r.ru_stime, time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--all-languages", action="store_true", help="also the non-Swedish documents")
    args = parser.parse_args()

    from samverkan.bench.corpus import generate
    from samverkan.bench.suites import _documents
    from samverkan.extract import _spacy_doc, extract_many, get_pipeline, record_from_doc

    docs = _documents(generate(1000, seed=1), args.documents)
    if not args.all_languages:
        docs = [d for d in docs if d.language == "sv"]
    nlp = get_pipeline()
    list(extract_many(docs[:4]))  # warm-up
    faults, system, wall = collections.Counter(), collections.Counter(), collections.Counter()

    def timed(name, function):
        before = _usage()
        result = function()
        after = _usage()
        faults[name] += after[0] - before[0]
        system[name] += after[1] - before[1]
        wall[name] += after[2] - before[2]
        return result

    for _ in range(args.rounds):
        for start in range(0, len(docs), 16):
            batch = docs[start:start + 16]
            sdocs = timed("make_doc", lambda: [_spacy_doc(nlp, d) for d in batch])
            for name, proc in nlp.pipeline:
                run = (lambda p=proc, s=sdocs: list(p.pipe(s, batch_size=16))) if hasattr(proc, "pipe") \
                    else (lambda p=proc, s=sdocs: [p(x) for x in s])
                sdocs = timed(name, run)
            timed("records", lambda s=sdocs: [record_from_doc(x) for x in s])
    n = args.rounds
    print(f"{len(docs)} documents, {sum(len(d.text.split()) for d in docs)} words; per round:")
    print(f"{'component':26s} {'wall s':>8s} {'system s':>9s} {'minor faults':>13s}")
    for name in wall:
        print(f"{name:26s} {wall[name] / n:8.3f} {system[name] / n:9.3f} {faults[name] // n:13d}")
    print(f"{'total':26s} {sum(wall.values()) / n:8.3f} {sum(system.values()) / n:9.3f} {sum(faults.values()) // n:13d}")


if __name__ == "__main__":
    main()
