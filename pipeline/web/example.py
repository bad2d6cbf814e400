"""Build the small example database described in `example.yml` (for tests, screenshots, demos).

    python -m samverkan.web.example example.db [--no-fts]
"""
from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from samverkan import store
from samverkan.link.names import name_key
from samverkan.store.documents import DocumentRow
from samverkan.store.entities import (
    AgreementDocumentRow, AgreementPartyRow, AgreementRow, AuditRow, EvidenceRow,
    OrganisationRow, PersonRow, PositionRow, SignatureRow,
)

EXAMPLE_FILE = Path(__file__).resolve().parent / "example.yml"

# the store's migrations create the full-text index `documents_fts`; `fts=False` removes it
# so that the pages' fallback (a scan) can be tested
DROP_FTS = [
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    "DROP TABLE IF EXISTS documents_fts",
]


def load_example() -> dict:
    with EXAMPLE_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def document_text(spec: dict) -> str:
    """The text of an example document, with its filler agenda items written out first."""
    filler = spec.get("filler")
    if not filler:
        return spec["text"]
    items, first = filler["items"], filler["first_paragraph"]
    parts = [f"§ {first + n} {items[n % len(items)]}\n\n{filler['body']}\n\n" for n in range(filler["count"])]
    return "".join(parts) + spec["text"]


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the n-th occurrence of `quote` in `text` (ValueError when absent)."""
    at = -1
    for _ in range(occurrence):
        at = text.find(quote, at + 1)
        if at < 0:
            raise ValueError(f"quote not found (occurrence {occurrence}): {quote!r}")
    return at, at + len(quote)


def _open_engine(path: Path):
    engine, _ = store.open_db(str(path))  # the real schema: migrations to head
    return engine


def build_example_db(path: Path | str, fts: bool = True) -> Path:
    """Write the example database to `path` (replacing it) and return the path."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    data = load_example()
    version = data["extractor_version"]
    engine = _open_engine(path)
    with Session(engine) as session:
        docs, texts = {}, {}
        for spec in data["documents"]:
            text = document_text(spec)
            row = DocumentRow(source_path=spec["source_path"], version=1, is_current=True,
                              content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                              format=Path(spec["source_path"]).suffix.lstrip(".") or "txt",
                              title=spec.get("title"), text=text, language="sv", kind=spec.get("kind"),
                              pages=[], meta={}, extractor_version=version)
            session.add(row)
            docs[spec["key"]], texts[spec["key"]] = row, text
        orgs = {o["key"]: OrganisationRow(name_key=name_key(o["name"]), **{k: v for k, v in o.items() if k != "key"})
                for o in data["organisations"]}
        session.add_all(orgs.values())
        persons = {p["key"]: PersonRow(name=p["name"], name_key=name_key(p["name"])) for p in data["persons"]}
        session.add_all(persons.values())
        session.flush()
        for spec in data["persons"]:
            if spec.get("merged_into"):
                persons[spec["key"]].merged_into_id = persons[spec["merged_into"]].id
        positions = {}
        for spec in data["positions"]:
            positions[spec["key"]] = PositionRow(
                person_id=persons[spec["person"]].id, organisation_id=orgs[spec["org"]].id, title=spec.get("title"),
                party=spec.get("party"), first_seen=spec.get("first_seen"), last_seen=spec.get("last_seen"))
        session.add_all(positions.values())
        agreements, parties = {}, {}
        for spec in data["agreements"]:
            agreements[spec["key"]] = AgreementRow(type=spec.get("type"), title=spec.get("title"),
                                                   title_key=name_key(spec["title"]) if spec.get("title") else None,
                                                   date=spec.get("date"), place=spec.get("place"))
        session.add_all(agreements.values())
        session.flush()
        for spec in data["agreements"]:
            agreement_id = agreements[spec["key"]].id
            for org in spec["parties"]:
                parties[f"{spec['key']}/{org}"] = AgreementPartyRow(agreement_id=agreement_id, organisation_id=orgs[org].id)
            session.add_all(AgreementDocumentRow(agreement_id=agreement_id, document_id=docs[d].id) for d in spec["documents"])
        session.add_all(parties.values())
        signatures = {}
        for spec in data["signatures"]:
            signatures[spec["key"]] = SignatureRow(
                agreement_id=agreements[spec["agreement"]].id, person_id=persons[spec["person"]].id,
                position_id=positions[spec["position"]].id if spec.get("position") else None,
                organisation_id=orgs[spec["org"]].id if spec.get("org") else None)
        session.add_all(signatures.values())
        session.flush()
        facts = {"signatures": signatures, "positions": positions, "persons": persons, "agreements": agreements,
                 "agreement_parties": parties, "organisations": orgs}
        for spec in data["evidence"]:
            table, key = spec["fact"]
            start, end = find_quote(texts[spec["doc"]], spec["quote"], spec.get("occurrence", 1))
            session.add(EvidenceRow(fact_table=table, fact_id=facts[table][key].id, document_id=docs[spec["doc"]].id,
                                    start=start, end=end, text=spec["quote"], extractor_version=version,
                                    observed_on=spec.get("observed_on")))
        for spec in data.get("audit", []):
            ids = [persons[k].id for k in spec["ids"]]
            before = {"persons": [{"id": persons[k].id, "name": persons[k].name, "merged_into_id": None}
                                  for k in spec["ids"]]}
            session.add(AuditRow(action=spec["action"], entity=spec["entity"], ids=ids, reason=spec["reason"],
                                 actor=spec["actor"], before=before))
        session.commit()
    engine.dispose()
    conn = sqlite3.connect(path)
    if not fts:
        for sql in DROP_FTS:
            conn.execute(sql)
        conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    conn.close()
    return path


if __name__ == "__main__":
    args = sys.argv[1:]
    target = next((a for a in args if not a.startswith("--")), "example.db")
    print(build_example_db(target, fts="--no-fts" not in args))
