"""Extraction API: Swedish municipal text -> the SCHEMA.md record (with spans, docs/EXTRACT_SPANS.md).

    from samverkan.extract import extract, extract_document, extract_many
    record = extract("corpus/sample/x.txt")        # a path, or the text itself
    for record in extract_many(documents): ...      # batched nlp.pipe, model loaded once

The spaCy pipeline is `samverkan.extractors.load_pipeline()`, loaded once per process.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from .document import Document, content_hash

EXTRACTOR_BASE_VERSION = "samverkan-extract 0.4.0"
SCHEMA_FIELDS = ("kind", "municipalities", "regions", "organisations", "persons", "agreements", "dates")
MENTION_LABELS = ("MUNICIPALITY", "SEAT", "REGION", "ORG", "PARTY", "PERSON", "TITLE", "DATE", "AGREEMENT")


def _ner_version() -> str:
    from .extractors import ner_model_dir
    path = ner_model_dir()
    if path is None:
        return "none"
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return str(meta.get("version", "?"))
    except (OSError, ValueError):
        return "?"


def _rules_and_models_fingerprint() -> str:
    """A short hash of what else decides an extraction: the rule components' code and data files
    (`extractors/`) and the relation models' weights (`models/relations/*.json`). A change to any of
    them is a new `EXTRACTOR_VERSION`, so `samverkan run` extracts stored documents again."""
    import hashlib

    from . import extractors
    from .extractors.relation_models import default_model_dir

    files = sorted(p for p in Path(extractors.__file__).parent.rglob("*")
                   if p.is_file() and p.suffix in (".py", ".csv", ".txt", ".cfg"))
    files += sorted(default_model_dir().glob("*.json"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{EXTRACTOR_BASE_VERSION} / ner {_ner_version()} / rules+models {_rules_and_models_fingerprint()}"


@lru_cache(maxsize=1)
def get_pipeline():
    """The extraction pipeline, loaded once per process (which also keeps the NER's freed
    memory for reuse: `samverkan.allocator`)."""
    from .allocator import keep_freed_memory
    from .extractors import load_pipeline

    keep_freed_memory()
    return load_pipeline()


def _is_file(s: str) -> bool:
    """Whether `s` names an existing file (False for a text too long to be a file name)."""
    try:
        return Path(s).is_file()
    except (OSError, ValueError):
        return False


def _as_document(text_or_path: str | os.PathLike | Document) -> Document:
    if isinstance(text_or_path, Document):
        return text_or_path
    s = str(text_or_path)
    if isinstance(text_or_path, os.PathLike) or ("\n" not in s and len(s) < 4096 and _is_file(s)):
        try:
            from .ingest import read_file
        except ImportError:  # ingestion not installed: plain UTF-8 text
            data = Path(s).read_bytes()
            return Document(s, "txt", content_hash(data), data.decode("utf-8"))
        return read_file(s)
    return Document("<text>", "txt", content_hash(s.encode("utf-8")), s)


def extract(text_or_path: str | os.PathLike | Document) -> dict[str, Any]:
    """Extract one document (a path, a text, or a Document); SCHEMA fields + spans + mentions."""
    return extract_document(_as_document(text_or_path))


def extract_document(doc: Document) -> dict[str, Any]:
    """Extract one ingested document."""
    return next(extract_many([doc]))


def extract_many(docs: Iterable[Document], batch_size: int = 16,
                 on_error: str = "raise") -> Iterator[dict[str, Any]]:
    """Extract documents in batches with `nlp.pipe`; yields one record per document, in order.

    on_error="raise" (default) lets a pipeline failure propagate; on_error="record" yields, for
    a document the pipeline fails on, a record with empty lists and an "error" field naming the
    reason, and goes on with the other documents."""
    from .windows import extract_in_windows, needs_windows

    nlp = get_pipeline()
    max_length = getattr(nlp, "max_length", 10**9)
    batch: list[Document] = []
    for d in docs:
        if needs_windows(d.text, max_length):  # too long for one Doc: in windows (samverkan.windows)
            if batch:
                yield from _extract_batch(nlp, batch, on_error)
                batch = []
            yield extract_in_windows(d, lambda parts: _extract_batch(nlp, parts, on_error), max_length,
                                     error_record)
            continue
        batch.append(d)
        if len(batch) >= batch_size:
            yield from _extract_batch(nlp, batch, on_error)
            batch = []
    if batch:
        yield from _extract_batch(nlp, batch, on_error)


def _spacy_doc(nlp, d: Document):
    """`d`'s text as a spaCy Doc; the reader's language answer, when it has one, is reused,
    and so is the text itself (spaCy would rebuild `doc.text` from the tokens)."""
    from .extractors.language import decide

    sdoc = nlp.make_doc(d.text)
    sdoc.user_data["sv_text"] = d.text  # make_doc is lossless: doc.text == d.text
    if d.language_probability is not None:
        sdoc._.language = decide(d.text, d.language, d.language_probability)
    return sdoc


def _statistical_components(nlp) -> list[str]:
    """The trained NER and its feature components: their output is used on Swedish text only."""
    from .extractors import NER_FEATURE_COMPONENTS

    return [name for name in nlp.pipe_names if name in ("tok2vec", "ner", *NER_FEATURE_COMPONENTS)]


def _run_pipeline(nlp, sdocs: list) -> list:
    """`nlp.pipe` over the batch, in order; documents already known to be in another language
    skip the statistical NER (every rule component ignores them, so its entities are unused)."""
    foreign = [i for i, s in enumerate(sdocs) if s._.language not in (None, "sv")]
    if not foreign:
        return list(nlp.pipe(sdocs, batch_size=len(sdocs)))
    skip = set(foreign)
    swedish = [s for i, s in enumerate(sdocs) if i not in skip]
    done = dict(zip((i for i in range(len(sdocs)) if i not in skip),
                    nlp.pipe(swedish, batch_size=max(1, len(swedish)))))
    others = nlp.pipe([sdocs[i] for i in foreign], disable=_statistical_components(nlp))
    done.update(zip(foreign, others))
    return [done[i] for i in range(len(sdocs))]


def _extract_batch(nlp, batch: list[Document], on_error: str) -> Iterator[dict[str, Any]]:
    try:
        results: list = _run_pipeline(nlp, [_spacy_doc(nlp, d) for d in batch])
    except Exception:  # find the culprit: one document at a time
        if on_error != "record":
            raise
        results = []
        for d in batch:
            try:
                results.append(_run_pipeline(nlp, [_spacy_doc(nlp, d)])[0])
            except Exception as exc:  # noqa: BLE001 - reported in the record
                results.append(exc)
    for d, sdoc in zip(batch, results):
        if isinstance(sdoc, Exception):
            yield error_record(d.source_path, f"extraction failed: {type(sdoc).__name__}: {sdoc}")
        else:
            yield record_from_doc(sdoc, source=d.source_path, language=d.language)


def error_record(source: str | None, reason: str) -> dict[str, Any]:
    """The record of a document that could not be extracted."""
    return {"source": source, "kind": "other", "municipalities": [], "regions": [], "organisations": [],
            "persons": [], "agreements": [], "dates": [], "mentions": [], "error": reason,
            "extractor_version": EXTRACTOR_VERSION}


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def record_from_doc(sdoc, source: str | None = None, language: str | None = None) -> dict[str, Any]:
    """The output record of a processed spaCy Doc."""
    from .extractors.mentions import of, outside_names
    lang = sdoc._.language  # the pipeline's own (conservative) decision; `language` is the reader's
    kind = sdoc._.kind or "other"
    foreign = kind == "foreign" or (lang not in (None, "sv"))
    rec: dict[str, Any] = {"source": source, "kind": "foreign" if foreign else kind}
    if foreign:
        rec.update({"municipalities": [], "regions": [], "organisations": [], "persons": [],
                    "agreements": [], "dates": [], "mentions": [], "organisation_numbers": []})
    else:
        rec["municipalities"] = sorted(_unique(m.value for m in outside_names(of(sdoc, "MUNICIPALITY", "SEAT"), of(sdoc, "ORG"))))
        rec["regions"] = _unique(m.value for m in outside_names(of(sdoc, "REGION"), of(sdoc, "ORG")))
        rec["organisations"] = _unique(m.value for m in of(sdoc, "ORG"))
        rec["persons"] = sdoc._.persons or []
        rec["agreements"] = sdoc._.agreements or []
        rec["dates"] = sorted(_unique(m.value for m in of(sdoc, "DATE")))
        rec["organisation_numbers"] = sdoc.user_data.get("sv_org_numbers", [])
        rec["mentions"] = [m.as_dict() for m in of(sdoc, *MENTION_LABELS)]
    rec["language"] = lang
    rec["extractor_version"] = EXTRACTOR_VERSION
    return rec


AGREEMENT_EVIDENCE = ("spans", "listed")  # where an agreement was read, and the parties listed under a heading


def strip_spans(rec: dict[str, Any]) -> dict[str, Any]:
    """The record without provenance (plain SCHEMA output of `samverkan extract`)."""
    out = {k: v for k, v in rec.items() if k not in ("mentions", "language", "extractor_version")}
    out["persons"] = [{"name": p["name"], "roles": [{k: r.get(k) for k in ("title", "org", "party")} for r in p["roles"]]}
                      for p in rec.get("persons", [])]
    out["organisation_numbers"] = [{k: v for k, v in n.items() if k != "span"} for n in rec.get("organisation_numbers", [])]
    out["agreements"] = [{**{k: v for k, v in a.items() if k not in AGREEMENT_EVIDENCE},
                          "signatories": [{k: s.get(k) for k in ("name", "role", "org")} for s in a["signatories"]]}
                         for a in rec.get("agreements", [])]
    return out
