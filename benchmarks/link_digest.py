"""Does a linker change keep the linked result? Link replayed documents into a copy of a SQLite
database (or a new one) with whatever `samverkan` is importable, then print a digest of every
table's rows, ids included (timestamps and the trigger-kept lookup tables left out), and
whether those lookup tables match their sources. Run it with the old and the new code (e.g.
PYTHONPATH pointing at a checkout of the old one) and compare the two outputs.

    .venv/bin/python benchmarks/link_digest.py SNAPSHOT.db|- START COUNT OUT.json
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
from pathlib import Path

SKIPPED_COLUMNS = {"created_at", "extracted_at", "at", "ingested_at", "updated_at", "occurred_at", "decided_at"}
DERIVED = ("alembic_version", "agreement_party_pairs", "partyless_agreements")


def digest(db: str) -> dict[str, list]:
    con = sqlite3.connect(db)
    out = {}
    tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
              if t not in DERIVED and not t.startswith("documents_fts")]
    for table in sorted(tables):
        columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[1] not in SKIPPED_COLUMNS]
        h, n = hashlib.sha1(), 0
        for row in con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" ORDER BY 1'):
            h.update(repr(row).encode())
            n += 1
        out[table] = [n, h.hexdigest()]
    con.close()
    return out


def lookup_tables_consistent(db: str) -> bool | None:
    con = sqlite3.connect(db)
    try:
        pairs = set(con.execute("SELECT agreement_id, organisation_a, organisation_b FROM agreement_party_pairs"))
    except sqlite3.OperationalError:
        return None
    derived = set(con.execute("SELECT a.agreement_id, a.organisation_id, b.organisation_id FROM agreement_parties a "
                              "JOIN agreement_parties b ON b.agreement_id = a.agreement_id AND a.organisation_id < b.organisation_id"))
    partyless = set(con.execute("SELECT agreement_id, title_key FROM partyless_agreements"))
    without = set(con.execute("SELECT id, title_key FROM agreements a WHERE NOT EXISTS "
                              "(SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id)"))
    con.close()
    return pairs == derived and partyless == without


def main() -> None:
    from samverkan.bench.linking import base_records, link_rate

    snapshot, start, count, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    db = f"{out}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    if snapshot != "-":
        shutil.copyfile(snapshot, db)
    print(link_rate(count, db, bases=base_records(), start=start), file=sys.stderr)
    result = {"tables": digest(db), "lookup_tables_consistent": lookup_tables_consistent(db)}
    out.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(result["lookup_tables_consistent"]))
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
