"""Words per second of `samverkan.extract.extract_many` vs bare `nlp.pipe` of the NER model.

    .venv/bin/python benchmarks/extract_speed.py [FOLDER] [--repeat N]

FOLDER defaults to ../shared/corpus/dev. Prints words/s of both and their ratio (extraction
cost on top of the statistical NER). Single process, single thread.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import spacy
    from samverkan.extract import extract_many, get_pipeline
    from samverkan.extractors import ner_model_dir
    from samverkan.ingest import read_file

    docs = [read_file(p) for p in sorted(Path(args.folder).rglob("*.txt"))]
    words = sum(len(d.text.split()) for d in docs) * args.repeat
    get_pipeline()
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for _rec in extract_many(docs):
            pass
    t_extract = time.perf_counter() - t0
    print(f"documents: {len(docs)} x {args.repeat}, words: {words}")
    print(f"extract_many: {words / t_extract:10.0f} words/s")
    model = ner_model_dir()
    if model is None:
        print("no NER model installed: no baseline")
        return
    nlp = spacy.load(model)
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for _doc in nlp.pipe(texts):
            pass
    t_bare = time.perf_counter() - t0
    print(f"bare nlp.pipe (NER model): {words / t_bare:10.0f} words/s")
    print(f"ratio extract / bare: {t_bare / t_extract:.2f} (1.0 = extraction adds nothing)")


if __name__ == "__main__":
    main()
