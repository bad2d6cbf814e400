"""The Swedish municipal knowledge shipped in `data/`, loaded once and cached."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

DATA_DIR = Path(__file__).resolve().parent / "data"


def fold(s: str) -> str:
    """Lowercase, without diacritics: 'Ovanåker' -> 'ovanaker'."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def first_letter_lookahead(alternatives: Iterable[str]) -> str:
    """A lookahead for the first letters of `alternatives` (regex alternatives that each start with
    a plain letter), so that their alternation is tried only where one can start: the same
    matches, several times faster. Empty when one starts with anything else."""
    first = {a[:1] for a in alternatives}
    return f"(?=[{''.join(sorted(first))}])" if first and all(c.isalpha() for c in first) else ""


def grouped_alternation(words: Iterable[str], pattern: Callable[[str], str] = re.escape) -> str:
    """`words` as a regex alternation, in their order, grouped by first character ("(?:A(?:b|c)|D(?:e))"
    for A+b, A+c, D+e; `pattern(rest)` writes the rest of a word). The same matches as the flat
    alternation of a case-sensitive pattern, which tries every word at every position: this one
    tries only the words starting with the character there (several times faster for long lists)."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(pattern(w[1:]))
    return "(?:" + "|".join(f"{re.escape(c)}(?:{'|'.join(rests)})" for c, rests in groups.items()) + ")"


def _lines(name: str) -> list[str]:
    return [l.strip() for l in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")]


def _csv(name: str) -> list[dict]:
    """The rows of a data file in CSV; lines starting with "#" before the header are comments."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@lru_cache(maxsize=1)
def title_org_hints() -> tuple[tuple[str, re.Pattern | None], ...]:
    """(title prefix, organisation-name pattern, ignoring case) of `data/title_org_hints.csv`: the
    kind of organisation a title implies ("landshövding" -> "^Länsstyrelsen"); None for a
    municipality ("@municipality": "kommundirektör")."""
    return tuple((r["title_prefix"], None if r["org_pattern"] == "@municipality" else re.compile(r["org_pattern"], re.I))
                 for r in _csv("title_org_hints.csv"))


def title_hint_applies(title: str, prefix: str) -> bool:
    """Whether a hint of `title_org_hints` is about `title`: the title or its last word starts with
    its prefix ("regiondirektör", "kommunstyrelsens ordförande" for "kommunstyrelse")."""
    return title.startswith(prefix) or title.split()[-1].startswith(prefix)


@lru_cache(maxsize=1)
def document_words() -> frozenset[str]:
    """Words of a document's own structure: minutes headings, page furniture (`data/document_words.txt`)."""
    return frozenset(_lines("document_words.txt"))


@lru_cache(maxsize=1)
def world_names() -> tuple[frozenset[str], frozenset[str]]:
    """The first names and the surnames of many languages (`data/ner_first_names.txt`,
    `data/ner_surnames.txt`, from Faker; the NER's gazetteer): (first names, surnames)."""
    return frozenset(_lines("ner_first_names.txt")), frozenset(_lines("ner_surnames.txt"))


@lru_cache(maxsize=1)
def file_formats() -> frozenset[str]:
    """Names of file formats, lowercase ("pdf", "word", "png"): page furniture (`data/file_formats.txt`)."""
    return frozenset(_lines("file_formats.txt"))


@lru_cache(maxsize=1)
def military_unit_nouns() -> tuple[str, ...]:
    """The Armed Forces' unit nouns, lower-case regular expressions ("regementet?", "garnison(?:en)?"):
    `data/military_unit_nouns.txt`."""
    return tuple(_lines("military_unit_nouns.txt"))


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    lan_code: str
    lan_name: str
    official_form: str
    genitive: str
    ambiguous: bool


@dataclass
class Knowledge:
    municipalities: dict[str, Municipality] = field(default_factory=dict)  # SCB name -> record
    regions: dict[str, dict] = field(default_factory=dict)  # region name -> row
    parties: dict[str, str] = field(default_factory=dict)  # ABBREV -> name
    party_names: dict[str, str] = field(default_factory=dict)  # lowercase party name -> ABBREV
    titles: dict[str, str] = field(default_factory=dict)  # variant (lower) -> base
    title_suffixes: tuple[str, ...] = ()
    title_modifiers: dict[str, str] = field(default_factory=dict)
    agreement_words: dict[str, str] = field(default_factory=dict)
    first_names: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    lowercase_words: frozenset[str] = frozenset()  # written in lower case inside sentences of the NER corpora
    name_particles: frozenset[str] = frozenset()  # "von", "af": lower-case words inside surnames
    org_heads: frozenset[str] = frozenset()
    org_suffixes: tuple[str, ...] = ()
    party_words: dict[str, str] = field(default_factory=dict)  # "socialdemokratiska" -> "S"

    def municipality_by_fold(self) -> dict[str, str]:
        return {fold(n): n for n in self.municipalities}


@lru_cache(maxsize=1)
def county_names() -> frozenset[str]:
    """The 21 counties' bare names, from their regions and their län ("Kronoberg", "Västra Götaland",
    "Stockholm")."""
    regions = load().regions.values()
    return frozenset({re.sub(r"^Region ", "", r["region_name"]) for r in regions}
                     | {re.sub(r"s? län$", "", r["lan_name"]) for r in regions})


def is_party_name(text: str) -> bool:
    """'Socialdemokraterna', 'Moderaternas', 'Miljöpartiet': a political party's name (its genitive too)."""
    names = load().party_names
    low = " ".join(text.split()).lower()
    return low in names or (low.endswith("s") and low[:-1] in names)


@lru_cache(maxsize=1)
def load() -> Knowledge:
    k = Knowledge()
    for r in _csv("municipalities.csv"):
        k.municipalities[r["name"]] = Municipality(
            r["code"], r["name"], r["lan_code"], r["lan_name"], r["official_form"], r["genitive"],
            r["ambiguous"] == "1")
    for r in _csv("regions.csv"):
        k.regions[r["region_name"]] = r
    for r in _csv("parties.csv"):
        k.parties[r["abbrev"].upper()] = r["name"]
        k.party_names[r["name"].lower()] = r["abbrev"].upper()
        first = r["name"].split()[0].lower()
        if " " in r["name"] and first.endswith("partiet"):
            k.party_names.setdefault(first, r["abbrev"].upper())  # "Miljöpartiet de gröna" is also "Miljöpartiet"
    k.titles = {r["variant"].lower(): r["base"] for r in _csv("titles.csv")}
    k.title_suffixes = tuple(sorted(set(_lines("title_suffixes.txt")), key=len, reverse=True))
    k.title_modifiers = {r["variant"].lower(): r["base"] for r in _csv("title_modifiers.csv")}
    k.agreement_words = {r["word"].lower(): r["type"] for r in _csv("agreement_types.csv")}
    names: set[str] = set()
    for fn in ("first_names_ner.txt", "first_names_faker.txt", "extra_first_names.txt"):
        names.update(_lines(fn))
    k.first_names = frozenset(names)
    k.common_words = frozenset(_lines("common_words.txt"))
    k.lowercase_words = frozenset(_lines("lowercase_words.txt"))
    k.name_particles = frozenset(_lines("name_particles.txt"))
    k.org_heads = frozenset(_lines("org_heads.txt"))
    k.org_suffixes = tuple(_lines("org_suffixes.txt"))
    k.party_words = {r["word"].lower(): r["abbrev"] for r in _csv("party_words.csv")}
    return k
