"""Long texts extracted in windows, offsets intact: texts over the NER's limit
(`nlp.max_length`), and texts over WINDOW_CHARS, whose one spaCy Doc would take too much
memory (tok2vec needs about 1 GB per 100,000 characters: a 2,000-page PDF of 1 M characters
reached 9 GB in one Doc).

The text is cut into consecutive windows below the limit, each at the last paragraph break
(else line break, sentence end, space) before it; together the windows cover the text
exactly. Each window is extracted as a document of its own (a few at a time, so memory stays
bounded by the window size, not the text size), every character span of its record is moved
by the window's offset, and the window records are merged into one document record:

- municipalities and dates: sorted union; regions and organisations: union in text order;
- persons: merged by name (spans concatenated, roles united);
- agreements: merged when type, title, date, place and parties agree (spans and signatories
  united), else listed one after the other; mentions: concatenated in text order;
- kind: the first window's kind other than "other" (else "other"); language: the first window's;
- a window that fails makes the whole record an error record naming that window.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator

from .document import Document

WINDOW_CHARS = 100_000  # the most characters per window (less when nlp.max_length is lower)
WINDOWS_PER_BATCH = 1  # windows extracted together: one, so one window's Doc is alive at a time
# where a window may end, best first: paragraph break, line break, sentence end, any space
BOUNDARIES = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?…][\"'”»)]*\s"), re.compile(r"\s"))
SPAN_LIST_KEYS = ("spans",)
SPAN_KEYS = ("span",)


def needs_windows(text: str, max_length: int) -> bool:
    """True when `text` is extracted in windows: over the NER's limit or over WINDOW_CHARS."""
    return len(text) > window_size(max_length)


def window_size(max_length: int) -> int:
    """Characters per window for a pipeline whose Docs may hold at most `max_length` characters."""
    return max(1, min(WINDOW_CHARS, max_length - 1))


def split(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive [start, end) windows of at most `size` characters covering `text`, each
    ending at the best boundary in its second half (a hard cut only when there is none)."""
    windows: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        end = limit
        for boundary in BOUNDARIES:
            last = None
            for match in boundary.finditer(text, start + size // 2, limit):
                last = match
            if last is not None:
                end = last.end()
                break
        windows.append((start, end))
        start = end
    windows.append((start, len(text)))
    return windows


def shift(value: Any, offset: int) -> Any:
    """A copy of a record (or part of one) with every character span moved by `offset`:
    "span": [s, e], "spans": [[s, e], ...] and dicts holding integer "start" and "end"."""
    if isinstance(value, list):
        return [shift(v, offset) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        if key in SPAN_KEYS and _is_span(v):
            out[key] = [v[0] + offset, v[1] + offset]
        elif key in SPAN_LIST_KEYS and isinstance(v, list) and all(_is_span(s) for s in v):
            out[key] = [[s[0] + offset, s[1] + offset] for s in v]
        else:
            out[key] = shift(v, offset)
    if isinstance(out.get("start"), int) and isinstance(out.get("end"), int):
        out["start"] += offset
        out["end"] += offset
    return out


def _is_span(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(x, int) for x in value)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _without_spans(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_spans(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_spans(v) for k, v in value.items() if k not in SPAN_KEYS + SPAN_LIST_KEYS}
    return value


class RecordMerger:
    """Window records (spans already shifted), merged one at a time into one document record."""

    def __init__(self) -> None:
        self.record: dict[str, Any] | None = None
        self._persons: dict[str, dict] = {}
        self._agreements: dict[str, dict] = {}

    def add(self, rec: dict[str, Any]) -> None:
        if self.record is None:
            self.record = {k: v for k, v in rec.items()}
            self.record.update(persons=[], agreements=[], mentions=[], municipalities=[], regions=[],
                               organisations=[], dates=[])
        out = self.record
        if out.get("kind") in (None, "other") and rec.get("kind") not in (None, "other"):
            out["kind"] = rec["kind"]
        for field in ("municipalities", "regions", "organisations", "dates"):
            out[field] += [v for v in rec.get(field, []) if v not in out[field]]
        out["mentions"] += rec.get("mentions", [])
        for person in rec.get("persons", []):
            self._add_person(person)
        for agreement in rec.get("agreements", []):
            self._add_agreement(agreement)
        extra = set(rec) - set(out)  # fields a newer extractor adds: kept from the first window that has them
        out.update({k: rec[k] for k in extra})

    def _add_person(self, person: dict) -> None:
        known = self._persons.get(person.get("name"))
        if known is None:
            known = self._persons[person.get("name")] = {**person, "spans": list(person.get("spans", [])),
                                                          "roles": []}
            self.record["persons"].append(known)
        else:
            known["spans"] += person.get("spans", [])
        seen = {_key(_without_spans(r)) for r in known["roles"]}
        known["roles"] += [r for r in person.get("roles", []) if _key(_without_spans(r)) not in seen]

    def _add_agreement(self, agreement: dict) -> None:
        key = _key({k: v for k, v in agreement.items() if k not in ("spans", "signatories")})
        known = self._agreements.get(key)
        if known is None:
            self._agreements[key] = {**agreement, "spans": list(agreement.get("spans", [])),
                                     "signatories": list(agreement.get("signatories", []))}
            self.record["agreements"].append(self._agreements[key])
            return
        known["spans"] += agreement.get("spans", [])
        seen = {_key(_without_spans(s)) for s in known["signatories"]}
        known["signatories"] += [s for s in agreement.get("signatories", []) if _key(_without_spans(s)) not in seen]

    def result(self) -> dict[str, Any]:
        out = self.record or {}
        out["municipalities"] = sorted(out.get("municipalities", []))
        out["dates"] = sorted(out.get("dates", []))
        return out


def window_documents(doc: Document, size: int) -> Iterator[tuple[int, Document]]:
    """(offset, the window as a Document) for each window of `doc`'s text."""
    for start, end in split(doc.text, size):
        yield start, replace(doc, text=doc.text[start:end], pages=[], metadata=dict(doc.metadata))


def extract_in_windows(doc: Document, extract_batch: Callable[[list[Document]], Iterable[dict[str, Any]]],
                       max_length: int, error_record: Callable[[str | None, str], dict] | None = None,
                       report: Callable[[str], None] | None = None) -> dict[str, Any]:
    """One record for `doc` from records of its windows; `extract_batch(documents)` yields a
    record per document in order (e.g. the extraction pipeline's batch function)."""
    size = window_size(max_length)
    windows = list(window_documents(doc, size))
    report = report or _report_to_stderr
    report(f"{doc.source_path}: {len(doc.text):,} characters: extracting in {len(windows)} windows of "
           f"at most {size:,}")
    merger = RecordMerger()
    step = max(1, len(windows) // 10)
    for first in range(0, len(windows), WINDOWS_PER_BATCH):
        batch = windows[first:first + WINDOWS_PER_BATCH]
        for number, ((offset, _), rec) in enumerate(zip(batch, extract_batch([w for _, w in batch])), first + 1):
            if rec.get("error"):
                reason = f"window {number}/{len(windows)} (characters {offset}-): {rec['error']}"
                return error_record(doc.source_path, reason) if error_record else {**rec, "error": reason}
            merger.add(shift(rec, offset))
            if number % step == 0 and number < len(windows):
                report(f"{doc.source_path}: window {number}/{len(windows)}")
    out = merger.result()
    out["source"] = doc.source_path
    return out


def _report_to_stderr(message: str) -> None:
    print(f"samverkan: {message}", file=sys.stderr, flush=True)
