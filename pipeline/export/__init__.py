"""Exports of the database: CSV tables, JSON, a GraphML network, FollowTheMoney entities.

    export(session, fmt, out_dir) -> list[Path]    fmt in FORMATS
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

FORMATS = ("csv", "json", "graphml", "ftm")


def export(session: Session, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the database in format `fmt` into `out_dir` (created); the files written."""
    from .flat import export_csv, export_json
    from .ftm import export_ftm
    from .graph import export_graphml

    writers = {"csv": export_csv, "json": export_json, "graphml": export_graphml, "ftm": export_ftm}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return writers[fmt](session, out)


__all__ = ["FORMATS", "export"]
