"""Duplicate sets with a known true clustering, generated from annotated corpora.

- `document_set`: each source text plus copies of it as another source would hold it
  (same bytes under another name, PDF made with reportlab, HTML page, extra headers and
  footers, re-wrapped lines, OCR noise, truncation, and combinations), read back through
  `samverkan.ingest.read_file`; plus, as hard negatives, a second press release about the
  same signing (a different document about the same facts).
- `agreement_set`: each gold agreement plus reports of the same agreement from other
  documents (parties reordered or one missing, partial dates, title variants, missing
  signatories, generic type) and different-but-similar agreements as hard negatives
  (renewal in another year, another type between the same parties, one party swapped).
- `person_set`: each gold person plus name variants (initials, dropped middle names,
  missing diacritics, OCR damage, "Surname, First") and namesakes as hard negatives.
- `synthetic_agreements`: any number of agreement records over the real municipality list,
  for training and for the scale benchmark.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..document import content_hash
from . import variants as V
from .documents import DocumentItem
from .records import AgreementRecord, PersonRecord

SYNTHETIC = Path(__file__).parent / "data" / "synthetic.json"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


@lru_cache(maxsize=1)
def synthetic_vocabulary() -> dict[str, Any]:
    return json.loads(SYNTHETIC.read_text(encoding="utf-8"))


@dataclass
class SourceDoc:
    name: str
    text: str
    gold: dict[str, Any]


@dataclass
class LabelledSet:
    """Items and, for each, the id of the true cluster it belongs to."""

    items: list[Any]
    truth: list[str]
    notes: dict[str, int] = field(default_factory=dict)
    realistic: bool = False  # made from annotated real documents (../shared/corpus/train), not synthetic


def read_text(path: Path) -> str:
    """The text of a file as the pipeline reads it (the ingestion reader).

    If the ingestion reader cannot be used, plain libraries read the file instead
    (pdfplumber for PDF, trafilatura for HTML, the raw text otherwise)."""
    try:
        from ..ingest import read_file

        return read_file(path).text
    except Exception:  # noqa: BLE001 - the reader is optional here; fall back below
        pass
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        import trafilatura

        return trafilatura.extract(raw) or ""
    return raw


def load_corpus(folder: Path) -> list[SourceDoc]:
    """Annotated documents of a folder: each `NAME.json` with its document `NAME.<ext>`."""
    docs = []
    for gold_path in sorted(Path(folder).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or "agreements" not in gold:
            continue
        for suffix in TEXT_SUFFIXES:
            doc_path = gold_path.with_suffix(suffix)
            if doc_path.exists():
                docs.append(SourceDoc(f"{Path(folder).name}/{doc_path.name}", read_text(doc_path), gold))
                break
    return docs


# --- documents ---------------------------------------------------------------------------------

def _noisy_copy(text: str, rng: random.Random) -> tuple[str, str]:
    """A text-level variant and a short label of what was done."""
    steps = []
    ops = rng.sample(["frame", "rewrap", "ocr", "truncate"], rng.randint(1, 3))
    for op in ops:
        if op == "frame":
            text = V.add_header_footer(text, rng)
        elif op == "rewrap":
            text = V.rewrap(text, rng)
        elif op == "ocr":
            text = V.ocr_noise(text, rng, rate=rng.uniform(0.01, 0.05))
        else:
            text = V.truncate(text, rng)
        steps.append(op)
    return text, "+".join(steps)


def document_set(sources: list[SourceDoc], rng: random.Random, workdir: Path | None = None,
                 per_source: int = 3) -> LabelledSet:
    """Documents with their true duplicate clusters. With `workdir`, PDF and HTML copies are
    written as real files and read back with the ingestion reader."""
    items: list[DocumentItem] = []
    truth: list[str] = []
    notes: dict[str, int] = {}

    def add(item_id: str, text: str, cluster: str, kind: str, raw: bytes | None = None) -> None:
        items.append(DocumentItem(item_id, text, content_hash(raw if raw is not None else text.encode("utf-8"))))
        truth.append(cluster)
        notes[kind] = notes.get(kind, 0) + 1

    for k, src in enumerate(sources):
        cluster = f"doc:{src.name}"
        raw = src.text.encode("utf-8")
        add(src.name, src.text, cluster, "original", raw)
        if rng.random() < 0.3:
            add(f"{src.name}#copy", src.text, cluster, "exact copy", raw)
        kinds = ["text"] * per_source
        if workdir is not None:
            kinds[0] = "pdf"
            if per_source > 1:
                kinds[1] = "html"
        for v, kind in enumerate(kinds):
            variant_id = f"{src.name}#v{v}"
            if kind == "pdf":
                base = V.truncate(src.text, rng) if rng.random() < 0.3 else src.text
                path = Path(workdir) / f"doc{k}-v{v}.pdf"
                V.write_pdf(base, path)
                add(f"{variant_id}.pdf", read_text(path), cluster, "pdf", path.read_bytes())
            elif kind == "html":
                base, label = _noisy_copy(src.text, rng) if rng.random() < 0.5 else (src.text, "")
                path = Path(workdir) / f"doc{k}-v{v}.html"
                path.write_text(V.html_page(base, src.gold.get("title") or src.name, rng), encoding="utf-8")
                add(f"{variant_id}.html", read_text(path), cluster, "html", path.read_bytes())
            else:
                text, label = _noisy_copy(src.text, rng)
                add(variant_id, text, cluster, f"text:{label}")
        for a, agreement in enumerate(src.gold.get("agreements") or []):
            if agreement.get("parties") or agreement.get("signatories"):
                release = V.press_release(agreement, rng, src.gold.get("persons"), src.text)
                add(f"{src.name}#release{a}", release, f"release:{src.name}:{a}", "second press release (negative)")
    return LabelledSet(items, truth, notes)


# --- agreements ---------------------------------------------------------------------------------

def _all_parties(sources: list[SourceDoc]) -> list[str]:
    names = {m for m, _ in synthetic_vocabulary()["municipalities"]}
    for src in sources:
        for agreement in src.gold.get("agreements") or []:
            names.update(agreement.get("parties") or [])
    return sorted(names)


def agreement_set(bases: list[tuple[str, dict[str, Any], str, list[dict[str, Any]]]], rng: random.Random,
                  all_parties: list[str], variants: tuple[int, int] = (1, 3),
                  negatives: tuple[int, int] = (1, 2), same: dict[str, str] | None = None) -> LabelledSet:
    """`bases`: (id, agreement dict, document text, persons) each a distinct agreement unless
    `same` maps its id to the id of another base it is the same agreement as."""
    records: list[AgreementRecord] = []
    truth: list[str] = []
    notes: dict[str, int] = {}
    same = same or {}
    all_parties = all_parties or _all_parties([])
    for base_id, agreement, text, persons in bases:
        cluster = f"agr:{same.get(base_id, base_id)}"
        document = f"doc:{str(base_id).split('#')[0]}"  # the base's own document (several bases may share one)
        records.append(AgreementRecord.from_dict(base_id, agreement, text, [document]))
        truth.append(cluster)
        notes["original"] = notes.get("original", 0) + 1
        for v in range(rng.randint(*variants)):
            rec = V.agreement_variant(agreement, rng)
            if rng.random() < 0.5:
                vtext = V.press_release(rec, rng, persons, text)
            else:
                vtext, _ = _noisy_copy(text, rng)
            records.append(AgreementRecord.from_dict(f"{base_id}#v{v}", rec, vtext, [f"doc:{base_id}#v{v}"]))
            truth.append(cluster)
            notes["variant"] = notes.get("variant", 0) + 1
        for n in range(rng.randint(*negatives)):
            neg = V.hard_negative(agreement, rng, all_parties)
            # a third of them told in the same document as the base (minutes or news naming two agreements)
            in_base_document = rng.random() < 0.33
            neg_text = text if in_base_document else V.press_release(neg, rng)
            records.append(AgreementRecord.from_dict(f"{base_id}#neg{n}", neg, neg_text,
                                                     [document if in_base_document else f"doc:{base_id}#neg{n}"]))
            truth.append(f"neg:{base_id}:{n}")
            notes["hard negative"] = notes.get("hard negative", 0) + 1
    return LabelledSet(records, truth, notes)


def gold_agreement_bases(sources: list[SourceDoc]) -> list[tuple[str, dict[str, Any], str, list[dict[str, Any]]]]:
    """Every gold agreement, named '<folder>/<stem>#a<index>' (see `same_agreements`)."""
    bases = []
    for src in sources:
        stem = src.name.rsplit(".", 1)[0]
        for a, agreement in enumerate(src.gold.get("agreements") or []):
            bases.append((f"{stem}#a{a}", agreement, src.text, src.gold.get("persons") or []))
    return bases


def same_agreements() -> dict[str, str]:
    """Annotated identities of gold agreements across documents (data/same_agreements.json)."""
    data = json.loads((Path(__file__).parent / "data" / "same_agreements.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def synthetic_agreement(rng: random.Random, lan_members: dict[str, list[str]]) -> dict[str, Any]:
    vocab = synthetic_vocabulary()
    vv = V.vocabulary()
    lan = rng.choice(sorted(lan_members))
    members = lan_members[lan]
    n = min(len(members), rng.choice([0, 1, 2, 2, 3, 3, 4, 5, 6, 8]) if rng.random() < 0.15 else rng.choice([2, 2, 3, 3, 4, 5, 6, 8]))
    parties = rng.sample(members, n)
    kind = rng.choice(vv["agreement_types"])
    year = rng.randint(2010, 2025)
    roll = rng.random()
    date = (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if roll < 0.5
            else f"{year}-{rng.randint(1, 12):02d}" if roll < 0.7 else str(year) if roll < 0.85 else None)
    title = None
    if rng.random() < (0.9 if n < 2 else 0.4):
        topic = rng.choice(["vatten och avlopp", "räddningstjänst", "digitalisering", "kollektivtrafik",
                            "överförmyndare", "upphandling", "näringslivsutveckling", "energi och klimat",
                            "socialtjänst", "gymnasieskola", "tillsyn", "IT-drift", "avfall"])
        title = f"{kind.capitalize()} om {topic}"
    signatories = []
    if rng.random() < 0.5:
        for party in parties:
            signatories.append({"name": f"{rng.choice(vocab['first_names'])} {rng.choice(vocab['surnames'])}",
                                "role": rng.choice(vocab["titles"]), "org": party})
    return {"type": kind, "title": title, "date": date, "place": None, "parties": parties, "signatories": signatories}


def lan_members() -> dict[str, list[str]]:
    """Municipalities that agree together: those of a county and the next county."""
    by_lan: dict[str, list[str]] = {}
    for name, lan in synthetic_vocabulary()["municipalities"]:
        by_lan.setdefault(lan, []).append(name)
    codes = sorted(by_lan)
    return {code: by_lan[code] + by_lan[codes[(k + 1) % len(codes)]] for k, code in enumerate(codes)}


def synthetic_agreement_bases(n: int, rng: random.Random, with_text: bool = True) -> list[tuple[str, dict[str, Any], str, list]]:
    members = lan_members()
    bases = []
    for k in range(n):
        agreement = synthetic_agreement(rng, members)
        text = V.press_release(agreement, rng) if with_text else ""
        bases.append((f"syn{k}", agreement, text, []))
    return bases


# --- persons ------------------------------------------------------------------------------------

def _person_dates(gold: dict[str, Any]) -> list[str]:
    return sorted(gold.get("dates") or [])


def person_set(bases: list[tuple[str, dict[str, Any], list[str]]], rng: random.Random,
               variants: tuple[int, int] = (1, 2), negatives: tuple[int, int] = (0, 2)) -> LabelledSet:
    """`bases`: (id, person dict in gold form, dates of its document)."""
    vocab = synthetic_vocabulary()
    records: list[PersonRecord] = []
    truth: list[str] = []
    notes: dict[str, int] = {}
    for base_id, person, dates in bases:
        cluster = f"per:{base_id}"
        records.append(PersonRecord.from_dict(base_id, person, dates))
        truth.append(cluster)
        for v in range(rng.randint(*variants)):
            variant = dict(person, name=V.name_variant(person["name"], rng))
            roles = [dict(r) for r in person.get("roles") or []]
            if roles and rng.random() < 0.3:
                roles[0]["title"] = rng.choice(vocab["titles"])  # another post in the same organisation
            if roles and rng.random() < 0.3:
                roles[0]["party"] = None
            variant["roles"] = roles if rng.random() < 0.85 else []
            shifted = [f"{int(d[:4]) + rng.randint(0, 2)}{d[4:]}" for d in dates]
            records.append(PersonRecord.from_dict(f"{base_id}#v{v}", variant, shifted))
            truth.append(cluster)
            notes["variant"] = notes.get("variant", 0) + 1
        for n in range(rng.randint(*negatives)):
            first, *_ = person["name"].split()
            surname = person["name"].split()[-1]
            roll = rng.random()
            roles = [dict(r) for r in person.get("roles") or []] or [{"title": None, "org": None, "party": None}]
            if roll < 0.5:  # a namesake elsewhere
                name = person["name"]
                org = rng.choice([m for m, _ in vocab["municipalities"]])
                roles = [{"title": rng.choice(vocab["titles"]), "org": org, "party": rng.choice(vocab["parties"])}]
            else:  # a relative or colleague with the same surname in the same place
                name = f"{rng.choice([f for f in vocab['first_names'] if f != first])} {surname}"
            records.append(PersonRecord.from_dict(f"{base_id}#neg{n}", {"name": name, "roles": roles}, dates))
            truth.append(f"neg:{base_id}:{n}")
            notes["hard negative"] = notes.get("hard negative", 0) + 1
    notes["original"] = len(bases)
    return LabelledSet(records, truth, notes)


def gold_person_bases(sources: list[SourceDoc]) -> list[tuple[str, dict[str, Any], list[str]]]:
    """Gold persons; a name seen in an earlier document is left out (whether two documents'
    namesakes are one person is not annotated, so such pairs would have no true label)."""
    seen: set[str] = set()
    out = []
    for src in sources:
        for k, person in enumerate(src.gold.get("persons") or []):
            if person["name"] in seen:
                continue
            seen.add(person["name"])
            out.append((f"{src.name}#p{k}", person, _person_dates(src.gold)))
    return out


def synthetic_person_bases(n: int, rng: random.Random) -> list[tuple[str, dict[str, Any], list[str]]]:
    vocab = synthetic_vocabulary()
    out = []
    for k in range(n):
        name = f"{rng.choice(vocab['first_names'])} {rng.choice(vocab['surnames'])}"
        org = rng.choice(vocab["municipalities"])[0]
        roles = [{"title": rng.choice(vocab["titles"]), "org": org,
                  "party": rng.choice(vocab["parties"]) if rng.random() < 0.6 else None}]
        year = rng.randint(2010, 2025)
        out.append((f"synp{k}", {"name": name, "roles": roles}, [f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]))
    return out
