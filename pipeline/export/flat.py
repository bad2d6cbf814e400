"""CSV (one file per table) and JSON (one file, all tables) exports."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy.orm import Session

from .tables import TABLES, table_rows


def export_csv(session: Session, out: Path) -> list[Path]:
    written = []
    for table in TABLES:
        names, rows = table_rows(session, table)
        path = out / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=names)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                                 for k, v in row.items()})
        written.append(path)
    return written


def export_json(session: Session, out: Path) -> list[Path]:
    data = {table: table_rows(session, table)[1] for table in TABLES}
    path = out / "samverkan.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return [path]
