"""Reference facts the linker needs: municipalities (SCB codes), regions, parties.

Read from the extraction's knowledge files (`samverkan.extractors` data: `municipalities.csv`,
`regions.csv`, `parties.csv`) when they are there with the columns needed, otherwise from
this package's own copies in `link/data/` (`kommuner.csv`, `regioner.csv`, `parties.csv`,
`official_forms.csv`). Loaded once per process.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .names import name_key

OWN_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    lan_code: str


@dataclass(frozen=True)
class Region:
    lan_code: str
    name: str


def _extractor_file(name: str, required_columns: set[str]) -> Path | None:
    """The extraction's data file `name` when it exists with the columns we need."""
    try:
        candidate = Path(str(resources.files("samverkan.extractors") / "data" / name))
    except (ModuleNotFoundError, TypeError):
        return None
    if not candidate.is_file():
        return None
    with candidate.open(encoding="utf-8") as handle:
        header = set(next(csv.reader(handle), []))
    return candidate if required_columns <= header else None


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rows(extractor_name: str, own_name: str, required_columns: set[str]) -> list[dict[str, str]]:
    return _read(_extractor_file(extractor_name, required_columns) or OWN_DATA / own_name)


@lru_cache(maxsize=1)
def municipalities() -> dict[str, Municipality]:
    """SCB name -> municipality."""
    rows = _rows("municipalities.csv", "kommuner.csv", {"code", "name", "lan_code"})
    return {r["name"]: Municipality(r["code"], r["name"], r["lan_code"]) for r in rows}


@lru_cache(maxsize=1)
def municipality_forms() -> dict[str, str]:
    """Lookup key of every known form (name, official form) -> SCB name."""
    forms = {name_key(name): name for name in municipalities()}
    for row in _rows("municipalities.csv", "official_forms.csv", {"name", "official_form"}):
        if row["name"] in municipalities() and row.get("official_form"):
            forms.setdefault(name_key(row["official_form"]), row["name"])
    return forms


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Lookup key of a region's name (and of its län name) -> region."""
    table: dict[str, Region] = {}
    for row in _rows("regions.csv", "regioner.csv", {"lan_code", "region_name", "lan_name"}):
        region = Region(row["lan_code"], row["region_name"])
        table[name_key(row["region_name"])] = region
        table.setdefault(name_key(row["lan_name"]), region)
    return table


@lru_cache(maxsize=1)
def parties() -> dict[str, str]:
    """Uppercased party letters -> party name."""
    return {r["abbrev"].upper(): r["name"] for r in _rows("parties.csv", "parties.csv", {"abbrev", "name"})}
