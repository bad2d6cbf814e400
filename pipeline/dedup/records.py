"""Agreement and person records as deduplication sees them, with their comparison keys.

A record is built from a database row (`samverkan.dedup.database`) or from a plain dict in
the gold/extraction schema (`from_dict`), so the same code serves the CLI, the training
pairs and the benchmark.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable

from .text import fold, normalise

GENERIC_TYPES = frozenset({"avtal", "överenskommelse", "samarbetsavtal", "samverkansavtal", "kontrakt"})
# words that say what kind of document a title is, not which one: left out when comparing titles
TITLE_FILLER = frozenset(
    "avsiktsförklaring avsiktsförklaringen samverkansavtal samverkansavtalet samarbetsavtal avtal avtalet "
    "överenskommelse överenskommelsen kontrakt förbundsordning klimatkontrakt ramavtal uppdragsavtal "
    "samhällskontrakt om för mellan gällande avseende angående och i med kring den det de".split())


@dataclass
class AgreementRecord:
    id: Hashable
    type: str | None = None
    title: str | None = None
    date: str | None = None  # ISO, partial allowed
    parties: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    text: str = ""  # context: the text of the document(s) that speak of it
    documents: frozenset = frozenset()  # ids of the documents it was extracted from (may be unknown: empty)

    def __post_init__(self) -> None:
        self.documents = frozenset(self.documents)
        self.type_key = normalise(self.type or "") or None
        self.party_keys = frozenset(fold(p) for p in self.parties if p and p.strip())
        self.signatory_keys = frozenset(name_key(s) for s in self.signatories if s and s.strip())
        self.title_key = normalise(self.title or "")
        self.title_words = " ".join(w for w in self.title_key.split() if w not in TITLE_FILLER)
        self.year = int(self.date[:4]) if self.date and self.date[:4].isdigit() else None

    @classmethod
    def from_dict(cls, record_id: Hashable, data: dict[str, Any], text: str = "",
                  documents: Iterable[Hashable] = ()) -> "AgreementRecord":
        signatories = [s["name"] if isinstance(s, dict) else s for s in data.get("signatories") or []]
        return cls(record_id, data.get("type"), data.get("title"), data.get("date"),
                   list(data.get("parties") or []), signatories, text, frozenset(documents))

    def label(self) -> str:
        parts = [self.type or "agreement", self.date or "", ", ".join(sorted(self.parties))]
        return " ".join(p for p in parts if p)


@dataclass
class PersonRecord:
    id: Hashable
    name: str
    titles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    agreements: list[Hashable] = field(default_factory=list)  # canonical ids of signed agreements

    def __post_init__(self) -> None:
        self.first, self.surname = split_name(self.name)
        self.key = name_key(self.name)
        self.title_keys = frozenset(normalise(t) for t in self.titles if t)
        self.org_keys = frozenset(fold(o) for o in self.orgs if o)
        self.party_keys = frozenset(p.upper() for p in self.parties if p)
        self.agreement_keys = frozenset(self.agreements)
        years = [int(d[:4]) for d in (self.first_seen, self.last_seen) if d and d[:4].isdigit()]
        self.years = (min(years), max(years)) if years else None

    @classmethod
    def from_dict(cls, record_id: Hashable, data: dict[str, Any], dates: list[str] | None = None) -> "PersonRecord":
        roles = data.get("roles") or []
        dates = sorted(d for d in (dates or []) if d)
        return cls(record_id, data["name"],
                   [r["title"] for r in roles if r.get("title")],
                   [r["org"] for r in roles if r.get("org")],
                   [r["party"] for r in roles if r.get("party")],
                   dates[0] if dates else None, dates[-1] if dates else None)


def split_name(name: str) -> tuple[str, str]:
    """(first names, surname), folded; "Svensson, Per" is read as "Per Svensson"."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    tokens = fold(name).split()  # "Per-Olof" and "Per Olof" become the same tokens
    if not tokens:
        return "", ""
    if len(tokens) == 1:
        return "", tokens[0]
    return " ".join(tokens[:-1]), tokens[-1]


def name_key(name: str) -> str:
    first, surname = split_name(name)
    return f"{first} {surname}".strip()
