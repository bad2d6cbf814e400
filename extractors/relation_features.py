"""Candidate pairs and their features for the trained relation classifiers.

The kinds of candidate, each a plain dict of numeric features (the rule components'
answers are features too, never the decision):

- affiliation: (person, organisation) for every person and every organisation, municipality
  or region the document names;
- signatory: (person, agreement) for every person and every agreement found;
- party: (organisation, agreement) for every organisation and every agreement found;
- membership (a person's political party): `membership_features.py`.

`collect(doc)` gathers everything a decision needs into a `RelationInput`, a picklable value,
so that training and cross-validation can decide again with other weights without running
spaCy (`samverkan.extractors.relation_models.decide`). Cue words live in
`data/signing_cues.csv`.
"""
from __future__ import annotations

import csv
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from . import columns
from .knowledge import DATA_DIR, _csv, _lines, first_letter_lookahead, load, title_hint_applies, title_org_hints
from .mentions import Mention, of, outside_names, text_of
from .organisations import name_patterns, reference_aliases, state_body_words, union_names
from .persons import NAME_TOKEN
from .roles import shared_title_finder

ORG_LABELS = ("MUNICIPALITY", "REGION", "ORG")
KINDS = ("protocol", "news", "press_release", "agreement", "declaration", "other")
NEWLINE = re.compile("\n")
PLACE_CUE = re.compile(r"(?i)\b(plats|lokal|sammanträdesplats|sammanträdeslokal|plats och tid)\b[^\n]{0,55}$")
NUMERAL = r"(?:de|den|det|båda|alla|två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d{1,2})"


@lru_cache(maxsize=1)
def coordination_pattern() -> re.Pattern:
    """What joins two parties of a list: a comma, "och", "samt", "med", "tillsammans med"; a
    municipality's mention ends before its "kommun" ("Lerums kommun och X"), and a noun of the
    members' kind may stand after a name or before the next (`data/list_member_nouns.txt`:
    "Hjo och Tibro kommuner, Högskolan X och studentkåren", "A och de två kommunerna B och C")."""
    kind = "|".join(sorted(map(re.escape, _lines("list_member_nouns.txt")), key=len, reverse=True))
    return re.compile(rf"^\s*(?:(?i:kommuns?|stads?)\b|(?:{kind})\b)?\s*(?i:,|och|samt|&|med|tillsammans med|,\s*och|,\s*samt)"
                      rf"\s*(?:{NUMERAL}\s+){{0,2}}(?:(?:{kind})\s+)?$")
MELLAN = re.compile(r"\bmellan\b")
# a place named as a place: "i Norrköping", "utanför Skövde"
PLACE_PREPOSITION = re.compile(r"(?i)(?<![\wåäö])(?:i|på|från|till|utanför|vid|nära|om)[ \t]+\Z")
SENT_END = re.compile(r"(?<=[.!?])(?<!\.\.)\s+(?=[A-ZÅÄÖ\"”–-])|\n\s*\n")  # dot leaders ("Ordförande ..... A") end nothing


# "I går skrev Lerums kommun och Bergsala Bygg AB under": the verb before its subjects, the parties; a cue for the
# parties only (the sentence names the signing parties, not who put a name to it)
PARTY_ONLY_CUES = ("inverted",)
SIGNED_CUES = ("done", "present")  # the cue classes of a signing that has happened or is happening


def cue_class_patterns(path: Path, literal: bool = False) -> dict[str, re.Pattern]:
    """cue class -> a case-blind whole-word pattern of its cues, from a CSV with columns cue, class;
    `literal` cues are plain phrases (any whitespace between their words), otherwise regexes."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_class: dict[str, list[str]] = {}
    for r in rows:
        by_class.setdefault(r["class"], []).append(re.escape(r["cue"]).replace(r"\ ", r"\s+") if literal else r["cue"])
    return {c: re.compile(first_letter_lookahead(cues) + r"(?<![\wåäö])(?:" + "|".join(sorted(cues, key=len, reverse=True))
                          + r")(?![\wåäö])", re.I)
            for c, cues in by_class.items()}


@lru_cache(maxsize=1)
def signing_cues() -> dict[str, re.Pattern]:
    """cue class -> pattern, from `data/signing_cues.csv` (columns: cue, class)."""
    return cue_class_patterns(DATA_DIR / "signing_cues.csv")


def signing_cue_starts(text: str, cue: str, a: int = 0, b: int | None = None) -> list[int]:
    """Where the cues of class `cue` (`signing_cues`) start in text[a:b]. A signing verb inside a
    planned cue ("undertecknas" in "ska undertecknas") is the plan's, not a signing."""
    rx = signing_cues().get(cue)
    end = len(text) if b is None else b
    pos = [m.start() for m in rx.finditer(text, a, end)] if rx else []
    if cue in SIGNED_CUES and pos:  # plans never overlap one another: the one starting last before p
        plans = [m.span() for m in signing_cues()["planned"].finditer(text, a, end)]
        starts = [s for s, _ in plans]
        pos = [p for p in pos if (j := bisect_right(starts, p) - 1) < 0 or p >= plans[j][1]]
    return pos


@lru_cache(maxsize=1)
def _body_endings() -> tuple[str, ...]:
    return tuple(_lines("municipal_bodies.txt"))


def is_own_body(m: Mention) -> bool:
    """A municipality's or region's own body named alone ("Kommunstyrelsen", "Socialnämnden",
    "Barn- och utbildningsnämnden", "Kommunstyrelsens arbetsutskott": no word after the first
    capitalised), not a state authority of the same shape ("Länsstyrelsen")."""
    words = m.value.split()
    return (m.label == "ORG" and bool(words) and all(w[:1].islower() for w in words[1:])
            and words[-1].lower().endswith(_body_endings()) and words[0].casefold() not in state_body_words())


@dataclass
class RelationInput:
    """What the relation decisions of one document are made from."""
    persons: list[dict]                      # the rule linker's persons (name, spans, roles)
    agreements: list[dict]                   # the agreement finder's agreements
    affiliation: list[tuple[str, str, dict]] = field(default_factory=list)  # (person, org, features)
    title: list[tuple[str, str, dict]] = field(default_factory=list)        # (person, title, features)
    signatory: list[tuple[str, int, dict]] = field(default_factory=list)    # (person, agreement index, features)
    party: list[tuple[str, int, dict]] = field(default_factory=list)        # (org, agreement index, features)
    membership: list[tuple[str, str, dict]] = field(default_factory=list)   # (person, party letters, features)
    # the readings of one title mention: (person, title, how many mentions and sections give it)
    title_contests: list[tuple[tuple[str, str, int], ...]] = field(default_factory=list)
    # organisations named next to each other in one list ("A, B och C"), both orders
    listed_together: set[tuple[str, str]] = field(default_factory=set)


def _sentences(text: str) -> list[int]:
    """Start offsets of the sentences (and paragraphs) of `text`."""
    return [0] + [m.end() for m in SENT_END.finditer(text)]


@lru_cache(maxsize=None)
def kind_features(kind: str | None) -> dict[str, float]:
    """The document kind as features (one shared dict per kind: callers copy it, never change it)."""
    return {f"kind_{k}": float(kind == k) for k in KINDS}


def _min_distance(a: list[int], b: list[int]) -> int:
    best = 10**9
    for x in a:
        i = bisect_left(b, x)
        for j in (i - 1, i):
            if 0 <= j < len(b):
                best = min(best, abs(b[j] - x))
    return best


def _bucket(prefix: str, distance: int) -> dict[str, float]:
    return {f"{prefix}_lt40": float(distance < 40), f"{prefix}_lt150": float(distance < 150),
            f"{prefix}_lt500": float(distance < 500), f"{prefix}_log": math.log1p(min(distance, 10**5)) / 12}


# the kind of an organisation, by its label or its name, for the nouns that refer back to it
# ("kommunen och högskolan": `data/kind_nouns.csv`)
ORG_KIND_RX = (("university", re.compile(r"universitet|högskola|lärosäte", re.I)),
               ("police", re.compile(r"^(?:polis|lokalpolis)|polisen$", re.I)),
               ("county_board", re.compile(r"^länsstyrelsen", re.I)),
               ("association", re.compile(r"förbund|förening", re.I)),
               ("company", re.compile(r"(?:^|\s)AB$|^AB\s|bolag", re.I)),
               ("agency", re.compile(r"verket$|myndighet(?:en)?$|ämbetet$", re.I)))
LABEL_KIND = {"MUNICIPALITY": "municipality", "REGION": "region"}


def org_kind(org: str, label: str) -> str | None:
    """"municipality", "region", "university", "police", ... (`ORG_KIND_RX`), or None."""
    if label in LABEL_KIND:
        return LABEL_KIND[label]
    return next((kind for kind, rx in ORG_KIND_RX if rx.search(org)), None)


@lru_cache(maxsize=1)
def kind_noun_rx() -> tuple[re.Pattern, dict[str, str]]:
    """The definite nouns that name an organisation by its kind (`data/kind_nouns.csv`), opening a
    sentence too ("Kommunen och högskolan ..."), and noun -> kind."""
    rows = {r["noun"]: r["kind"] for r in _csv("kind_nouns.csv")}
    nouns = (f"[{n[0].upper()}{n[0]}]{re.escape(n[1:])}" for n in sorted(rows, key=len, reverse=True))
    return re.compile(r"(?<![\wåäö])(" + "|".join(nouns) + r")(?![\wåäö])"), rows


class DocumentView:
    """Positions of the document's mentions, for the feature functions."""

    def __init__(self, doc: Doc) -> None:
        self.text = text_of(doc)
        self.kind = doc._.kind
        self.persons = of(doc, "PERSON")
        self.orgs = [m for m in outside_names(of(doc, *ORG_LABELS), of(doc, "ORG")) if not is_own_body(m)]
        self.agreement_mentions = of(doc, "AGREEMENT")
        self.titles = of(doc, "TITLE")
        self.title_starts = [m.start for m in self.titles]
        self.person_starts = sorted(m.start for m in self.persons)
        self.cell_gap = doc.user_data.get("sv_cell_gap")  # signers side by side (decided by the relations component)
        self.home = doc.user_data.get("sv_home_org")
        self.sent_starts = _sentences(self.text)
        self.person_pos: dict[str, list[int]] = {}
        for m in self.persons:
            self.person_pos.setdefault(m.value, []).append(m.start)
        self.org_pos: dict[str, list[int]] = {}
        self.org_labels: dict[str, str] = {}
        for m in self.orgs:
            self.org_pos.setdefault(m.value, []).append(m.start)
            self.org_labels.setdefault(m.value, m.label)
        self.title_ends = {m.end for m in self.titles}
        self.body_owner = opening_body_owner(self.text)
        self.body_region = region_of_body(self)
        self.regional_minutes = self.kind == "protocol" and self.body_owner == "region"
        self.municipal_minutes = self.kind == "protocol" and self.body_owner == "kommun"
        if self.body_region and self.body_region not in self.org_pos:
            self.org_pos[self.body_region] = []  # named only by its bodies: still a candidate
            self.org_labels[self.body_region] = "REGION"
        self.n_public = sum(1 for o in self.org_pos if self.org_labels.get(o) in ("MUNICIPALITY", "REGION"))
        counts = Counter({o: len(p) for o, p in self.org_pos.items()})
        self.org_rank = {o: i for i, (o, _) in enumerate(counts.most_common())}
        self.minutes_owner = minutes_owner(self)
        # the organisation a kind noun refers back to: the one of that kind the text names most
        self.kind_head: dict[str, str] = {}
        self.kind_named: dict[tuple[int, ...], set[str]] = {}  # agreement mentions -> `kind_noun_in`
        for o in sorted(self.org_pos, key=self.org_rank.__getitem__):
            kind = org_kind(o, self.org_labels.get(o, "ORG"))
            if kind:
                self.kind_head.setdefault(kind, o)
        self.org_total = sum(counts.values()) or 1
        self.org_count = counts
        self.newlines = [m.start() for m in NEWLINE.finditer(self.text)]
        self.line_of = lambda pos: bisect_left(self.newlines, pos)
        self._cue_pos: dict[str, list[int]] = {}  # cue class -> match starts, found on first use (`cue_in`)
        self.item_starts = sorted([(m.start, "P", m.value) for m in self.persons] + [(m.start, "O", m.value) for m in self.orgs])
        self.item_keys = [s for s, _, _ in self.item_starts]
        # per-person and per-organisation values the candidate pairs share, computed on first use
        self._fits: dict[str, dict[str, float]] = {}  # person -> org -> title_fits_org
        self._fitting: dict[str, frozenset[str]] = {}  # person -> orgs_fitting_titles
        self._neighbours: dict[str, tuple[set[str], set[str]]] = {}  # person -> neighbour_orgs
        self._person_lines: dict[str, set[int]] = {}
        self._org_lines: dict[str, set[int]] = {}
        self._named_lines: set[int] | None = None  # `lines_naming_persons`
        self._meeting_place: dict[str, float] = {}
        self._place_only: dict[str, bool] = {}  # org -> `named_as_place_only`
        self._mellan: dict[tuple[int, int], int | None] = {}
        self._org_lists: tuple[dict[int, int], list[list[tuple[int, str]]]] | None = None  # `_lists`
        self.rule_holders: dict[str, list[str]] = {}  # org -> persons the rules tie to it (filled by `collect`)
        self.sentence_titles: dict[str, list[tuple[str, int, int]]] = {}  # person -> `sentence_titles`
        self.enumerated: dict[str, list[tuple[str, int, int]]] | None = None  # person -> `enumerations`
        self.marked: dict[str, set[str]] = {}  # cue name -> the persons of `_marked_persons`

    def named_as_place_only(self, org: str) -> bool:
        """Whether every mention of `org` names a place: after a place preposition ("i Norrköping")
        or right after a title ("lokalpolisområdeschef Borås"). Cached: asked once per agreement."""
        if org not in self._place_only:
            starts = self.org_pos.get(org, [])
            self._place_only[org] = bool(starts) and all(
                PLACE_PREPOSITION.search(self.text, max(0, s - 12), s)
                or any(s - k in self.title_ends for k in (1, 2, 3)) for s in starts)
        return self._place_only[org]

    def title_fits(self, name: str, titles: list[str], org: str) -> float:
        """`title_fits_org` of a person's titles and `org` (cached per person for every candidate
        organisation)."""
        fits = self._fits.get(name)
        if fits is None:
            fits = self._fits[name] = {o: title_fits_org(titles, o, self.org_labels.get(o, "ORG")) for o in self.org_pos}
        if org not in fits:
            fits[org] = title_fits_org(titles, org, self.org_labels.get(org, "ORG"))
        return fits[org]

    def orgs_fitting_titles(self, name: str, titles: list[str]) -> frozenset[str]:
        """The candidate organisations a person's titles name the kind of (cached per person)."""
        if name not in self._fitting:
            self._fitting[name] = frozenset(o for o in self.org_pos if self.title_fits(name, titles, o))
        return self._fitting[name]

    def neighbour_orgs(self, name: str) -> tuple[set[str], set[str]]:
        """The organisations `neighbour_org` finds right after and right before the person's
        mentions (cached per person)."""
        if name not in self._neighbours:
            ppos = self.person_pos.get(name, [])
            self._neighbours[name] = ({self.neighbour_org(p + 1, 1) for p in ppos},
                                      {self.neighbour_org(p, -1) for p in ppos})
        return self._neighbours[name]

    def person_lines(self, name: str) -> set[int]:
        """The lines of the person's first five mentions (cached)."""
        if name not in self._person_lines:
            self._person_lines[name] = {self.line_of(p) for p in self.person_pos.get(name, [])[:5]}
        return self._person_lines[name]

    def org_lines(self, org: str) -> set[int]:
        """The lines of the organisation's first twenty mentions (cached)."""
        if org not in self._org_lines:
            self._org_lines[org] = {self.line_of(o) for o in self.org_pos.get(org, [])[:20]}
        return self._org_lines[org]

    def lines_naming_persons(self) -> set[int]:
        """The lines that name a person (cached)."""
        if self._named_lines is None:
            self._named_lines = {self.line_of(p) for ps in self.person_pos.values() for p in ps}
        return self._named_lines

    def in_others_rows(self, name: str, org: str) -> float:
        """1 when every line naming `org` names another person and not `name`: the organisation
        is a row's, another person's ("Lisa Ek, Fackförbundet X" in a list of those present)."""
        lines = self.org_lines(org)
        return float(bool(lines) and lines <= self.lines_naming_persons() and lines.isdisjoint(self.person_lines(name)))

    def meeting_place(self, org: str) -> float:
        """1 when one of the organisation's first five mentions follows a meeting-place cue
        ("Plats och tid: Kommunhuset, Lerum"), cached."""
        if org not in self._meeting_place:
            self._meeting_place[org] = float(any(PLACE_CUE.search(self.text[max(0, o - 60):o])
                                                 for o in self.org_pos.get(org, [])[:5]))
        return self._meeting_place[org]

    def mellan_end(self, start: int, end: int) -> int | None:
        """The end of the first "mellan" in text[start:end], relative to `start` (cached)."""
        if (start, end) not in self._mellan:
            m = MELLAN.search(self.text[start:end])
            self._mellan[start, end] = m.end() if m else None
        return self._mellan[start, end]

    def coordinated(self, org: str, others: list[str]) -> bool:
        """A mention of `org` in one list with a mention of one of `others`: names joined one to
        the next by "och", "samt", "med", "tillsammans med" or a comma ("A, B, C och D")."""
        chain_of, chains = self._lists()
        for p in self.org_pos.get(org, []):
            chain = chain_of.get(p)
            if chain is not None and any(s != p and v in others for s, v in chains[chain]):
                return True
        return False

    def _lists(self) -> tuple[dict[int, int], list[list[tuple[int, str]]]]:
        """The organisation mentions in lists: each mention's start -> its list's index, and the
        lists' (start, value) mentions (cached)."""
        if self._org_lists is None:
            chains: list[list[tuple[int, str]]] = []
            orgs = sorted(self.orgs, key=lambda m: m.start)
            for a, b in zip(orgs, orgs[1:]):
                if self._joined_in_list(a.end, b.start):
                    if chains and chains[-1][-1][0] == a.start:
                        chains[-1].append((b.start, b.value))
                    else:
                        chains.append([(a.start, a.value), (b.start, b.value)])
            self._org_lists = ({s: i for i, chain in enumerate(chains) for s, _ in chain}, chains)
        return self._org_lists

    def _joined_in_list(self, end: int, start: int) -> bool:
        """The text from one name's end to the next name's start joins them in a list
        (`coordination_pattern`), within 40 characters."""
        return 0 <= start - end < 40 and coordination_pattern().match(self.text[end:start]) is not None

    def listed_together(self) -> set[tuple[str, str]]:
        """Pairs of organisations whose mentions follow each other in a list ("A, B och C":
        joined as in `coordinated`), both orders."""
        pairs = set()
        for chain in self._lists()[1]:
            for (_, a), (_, b) in zip(chain, chain[1:]):
                if a != b:
                    pairs |= {(a, b), (b, a)}
        return pairs

    def is_institution(self, org: str) -> bool:
        """`org` is a reference organisation (agency, university, länsstyrelse) or named by a
        productive organisation pattern (Polisen, Högskolan i X, X kommunalförbund)."""
        return org.casefold() in reference_aliases() or any(rx.fullmatch(org) for rx in name_patterns())

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sent_starts, pos) - 1

    def sentence_span(self, pos: int) -> tuple[int, int]:
        i = self.sentence_of(pos)
        end = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        return self.sent_starts[i], end

    def cue_in(self, cue: str, a: int, b: int) -> bool:
        """Whether a cue of class `cue` (`signing_cues`) starts in [a, b). A signing verb inside a
        planned cue ("undertecknas" in "ska undertecknas") is the plan's, not a signing."""
        pos = self._cue_pos.get(cue)
        if pos is None:
            pos = self._cue_pos[cue] = signing_cue_starts(self.text, cue)
        i = bisect_left(pos, a)
        return i < len(pos) and pos[i] < b

    def neighbour_org(self, pos: int, direction: int, limit: int = 160) -> str | None:
        """The organisation nearest after (1) or before (-1) `pos` with no person between."""
        i = bisect_left(self.item_keys, pos)
        rng = range(i + 1, len(self.item_starts)) if direction > 0 else range(i - 1, -1, -1)
        for j in rng:
            start, what, value = self.item_starts[j]
            if abs(start - pos) > limit:
                return None
            if what == "P":
                return None
            return value
        return None


def _phrases(filename: str) -> str:
    """The phrases of a data file as a regex alternation, longest first, any whitespace inside."""
    from .knowledge import _lines
    words = sorted(_lines(filename), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=1)
def _predicate_cue() -> re.Pattern:
    """Words that tie a title to a name across a clause ("blir", "valdes till", "som"): `data/title_predicate_cues.txt`."""
    return re.compile(r"(?<![\wåäö])(?:" + _phrases("title_predicate_cues.txt") + r")(?![\wåäö])", re.I)


# "A (S) för B (M)": a bare "för" between two members, each with a party in brackets, in a list of
# substitutes serving in another's place
PARTY_BRACKET = r"\([^()\n]{1,12}\)"
PAIRED_FOR = (r"[ \t]*" + PARTY_BRACKET + rf"[ \t]*för(?=[ \t]+(?-i:{NAME_TOKEN.pattern}(?:[ \t]+{NAME_TOKEN.pattern}){{1,3}})[ \t]*"
              + PARTY_BRACKET + ")")


@lru_cache(maxsize=1)
def _substitution_cue() -> re.Pattern:
    """A name followed by its party and a cue of serving in another's place: `data/substitution_cues.txt`."""
    # the party in brackets ("A (S), tjänstgör för B") or between commas ("A, S, tjg ers för B")
    return re.compile(r"[ \t]*(?:" + PARTY_BRACKET + r"[ \t]*|,[ \t]*[A-ZÅÄÖ]{1,4}[ \t]*(?=,))?,?[ \t]*(?:" + _phrases("substitution_cues.txt")
                      + "|" + _phrases("substitute_marks.txt") + r")(?![\wåäö])|" + PAIRED_FOR, re.I)


@lru_cache(maxsize=1)
def _witness_cue() -> re.Pattern:
    """Words before the names of a signing's onlookers ("under överinseende av"): `data/witness_cues.txt`."""
    return re.compile(r"(?<![\wåäö])(?:" + _phrases("witness_cues.txt") + r")(?![\wåäö])", re.I)


WITNESS_WINDOW = 120  # characters between a witness cue and a name of the list after it


def witnessing(view: DocumentView, positions: list[int]) -> float:
    """1 when a mention follows a witness cue in its sentence ("under överinseende av A, B och
    C") with no signing verb between: an onlooker, not a signer."""
    cue = _witness_cue()
    for p in positions[:10]:
        a = max(view.sentence_span(p)[0], p - WITNESS_WINDOW)
        hits = list(cue.finditer(view.text, a, p))
        if hits and not any(view.cue_in(c, hits[-1].end(), p) for c in SIGNED_CUES):
            return 1.0
    return 0.0


@lru_cache(maxsize=1)
def _caption_cue() -> re.Pattern:
    """Words that open a picture's caption ("Från vänster:", "På bilden"): `data/caption_cues.txt`."""
    return re.compile(r"(?<![\wåäö])(?:" + _phrases("caption_cues.txt") + r")(?![\wåäö])", re.I)


def only_in_captions(view: DocumentView, positions: list[int]) -> float:
    """1 when every mention stands after a caption cue on its line ("Från vänster: A, B och C") and
    neither that line nor the line above it has a signing verb: someone in a picture, no signer
    the text names."""
    if not positions:
        return 0.0
    for p in positions[:10]:
        start = view.text.rfind("\n", 0, p) + 1
        if not _caption_cue().search(view.text, start, p):
            return 0.0
        above = start
        while above > 0 and view.text[above - 1].isspace():  # back over the blank lines before it
            above -= 1
        above = view.text.rfind("\n", 0, above) + 1  # the last line before it that is not blank
        end = view.text.find("\n", p)
        if any(view.cue_in(c, above, len(view.text) if end < 0 else end) for c in SIGNED_CUES):
            return 0.0
    return 1.0


@lru_cache(maxsize=1)
def _replaced_cue() -> re.Pattern:
    """A substitution cue right before a name ("tjänstgör för B"): `data/substitution_cues.txt`; or
    a bare "för" after another member's party ("A (S) för B")."""
    return re.compile(r"(?<![\wåäö])(?:" + _phrases("substitution_cues.txt") + r")[ \t:]*\Z|" + PARTY_BRACKET
                      + r"[ \t]*för[ \t]+\Z", re.I)


def _marked_persons(view: DocumentView, key: str, hit) -> set[str]:
    """The names with a mention `m` for which `hit(m)` holds, found once per document."""
    if key not in view.marked:
        view.marked[key] = {m.value for m in view.persons if hit(m)}
    return view.marked[key]


def replaced(view: DocumentView, person: dict) -> bool:
    """Whether, in minutes, the person is named as the member a substitute serves for ("A (S),
    tjänstgör för B (S)": B): absent from the meeting, so no member of it."""
    cue = _replaced_cue()
    return view.kind == "protocol" and person["name"] in _marked_persons(
        view, "replaced", lambda m: cue.search(view.text, max(0, m.start - 40), m.start))


def substitutes(view: DocumentView, person: dict) -> bool:
    """Whether, in minutes, a mention of the person is followed by a substitution cue ("A (S),
    tjänstgör för B"): that makes A an ersättare, whatever the section heading says."""
    cue = _substitution_cue()
    return view.kind == "protocol" and person["name"] in _marked_persons(
        view, "substitutes", lambda m: cue.match(view.text, m.end))


TITLE_WINDOW = 160  # characters between a name and a title in its sentence that still make a candidate


def sentence_titles(view: DocumentView, person: dict) -> list[tuple[str, int, int]]:
    """(title, title start, person start) for the titles within `TITLE_WINDOW` of the person's
    mentions in the same sentence ("... blir nytt kommunalråd", "Nya kommunalråd blir A och B").
    (Making each of them a candidate too was measured: no gain in cross-validation, lower
    precision; they place the candidates, and those `predicate_titles` ties.) Cached per person."""
    cached = view.sentence_titles.get(person["name"])
    if cached is not None:
        return cached
    out = view.sentence_titles[person["name"]] = []
    for p in view.person_pos.get(person["name"], [])[:10]:
        a, b = view.sentence_span(p)
        lo, hi = max(a, p - TITLE_WINDOW), min(b, p + TITLE_WINDOW)
        i = bisect_left(view.title_starts, lo)
        while i < len(view.titles) and view.titles[i].start < hi:
            out.append((view.titles[i].value, view.titles[i].start, p))
            i += 1
    return out


def predicate_titles(view: DocumentView, person: dict) -> list[str]:
    """Titles tied to the person across a clause by a predicate word, with no other title
    between ("Nya ordförande blir A och B", "A, 52, valdes till ordförande")."""
    out = []
    for value, t, p in sentence_titles(view, person):
        lo, hi = min(t, p), max(t, p)
        if bisect_left(view.title_starts, hi) - bisect_right(view.title_starts, lo) > 0:
            continue
        if _predicate_cue().search(view.text[lo:hi]) and value not in out:
            out.append(value)
    return out


LIST_GAP = re.compile(r"(?:[ \t\n,;•·–-]|\([^()\n]{1,80}\)|(?<![\wåäö])(?:och|samt|i|från)(?![\wåäö])"
                      r"|[A-ZÅÄÖ][\wåäöÅÄÖ-]*+|\d++(?:[,.]\d++)?\s?%?)*+")  # between the names of a list: parties, places, shares
BLANK_LINE = re.compile(r"\n[ \t]*\n")  # a list crosses a blank line only when no title word stands in the gap
LEAD_WORD = re.compile(r"[\wåäöÅÄÖ-]+|:")
LINE_PARTY = re.compile(r"[A-ZÅÄÖ]{1,3}")  # a party letter opening a list line ("S Anna Ek")
BODY_PREPOSITIONS = ("i", "för", "inom")  # "Ersättare i kommunstyrelsen: A, B"


def enumerated_titles(view: DocumentView, person: dict) -> list[str]:
    """Titles a plural title word gives every name of the list of two or more that follows it
    ("kommunalråden A (C), Mora, B (S), Orsa", "Övriga ledamöter: A, B och C"), or a title word
    and a verb or colon ("Kommunens kommunalråd heter A, B och C"), or a heading line over one
    name a line ("Regionråd" / "S A 100 %" / "M B 50 %", "Ersättare i kommunstyrelsen:")."""
    return list(dict.fromkeys(title for title, _, _ in enumerations(view, person)))


def enumerations(view: DocumentView, person: dict) -> list[tuple[str, int, int]]:
    """(title, title word start, person start) of `enumerated_titles`. Running text only: minutes
    have their sections (with minutes the titles fell, seeds 0 and 2). Cached per document."""
    if view.enumerated is None:
        view.enumerated = _enumerations(view) if view.kind != "protocol" else {}
    return view.enumerated.get(person["name"], [])


def _enumerations(view: DocumentView) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = {}
    persons = sorted(view.persons, key=lambda m: m.start)
    finder = shared_title_finder()
    i = 0
    while i < len(persons):
        j = i
        while j + 1 < len(persons) and LIST_GAP.fullmatch(gap := view.text[persons[j].end:persons[j + 1].start]) \
                and not (BLANK_LINE.search(gap) and _has_title_word(finder, gap)):
            j += 1
        if j > i:
            found = _list_title_before(view, finder, persons[i].start)
            if found:
                title, at = found
                for m in persons[i:j + 1]:
                    out.setdefault(m.value, []).append((title, at, m.start))
        i = j + 1
    return out


def _list_title_before(view: DocumentView, finder, start: int) -> tuple[str, int] | None:
    """The title a list starting at `start` stands under: a plural title word ("kommunalråden A"),
    a title word and a colon ("Ledamöter: A"), or a title word and a predicate word ("kommunalråd
    heter A"); with the title word's position."""
    lead_from = max(0, start - 60)
    words = list(LEAD_WORD.finditer(view.text, lead_from, start))[-5:]
    if words and LINE_PARTY.fullmatch(words[-1].group()) and view.text[words[-1].start() - 1:words[-1].start()] == "\n":
        words = words[:-1]  # "Regionråd\n\nS Anna Ek": the line's party letter
    colon = bool(words) and words[-1].group() == ":"
    if colon:
        words = words[:-1]
    if len(words) >= 3 and (colon or _alone_on_line(view.text, words[-3].start(), words[-1].end())) \
            and words[-2].group().lower() in BODY_PREPOSITIONS:
        words = words[:-2]  # "Ersättare i kommunstyrelsen:": the title word before the body
        colon = True
    if not words:
        return None
    at = words[-1]
    heading = colon or _alone_on_line(view.text, at.start(), at.end())
    title = finder.plural_head(at.group()) or (finder.head_base(at.group()) if heading else None)
    if title is None and len(words) >= 2 and _predicate_cue().fullmatch(at.group()):
        at = words[-2]
        title = finder.plural_head(at.group()) or finder.head_base(at.group())
    return (title, at.start()) if title else None


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] fills its line: a heading ("Ledamöter", "Regionråd")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end:line_end if line_end >= 0 else len(text)].strip(" \t:")


def _has_title_word(finder, gap: str) -> bool:
    """Whether a gap between two names holds a title word (a new heading: "Ersättare")."""
    return any(finder.plural_head(w.group()) or finder.head_base(w.group())
               for w in LEAD_WORD.finditer(gap) if w.group() != ":")


def title_position_features(view: DocumentView, person: dict, title: str) -> dict[str, float]:
    """Where the nearest mention of `title` stands from the person's: distance, order, other
    names between, a predicate word between."""
    best = None
    listed = enumerations(view, person)
    for value, t, p in sentence_titles(view, person) + listed:
        if value != title:
            continue
        lo, hi = min(t, p), max(t, p)
        # a list's members all stand next to its title word
        between = 0 if (value, t, p) in listed else bisect_left(view.person_starts, hi) - bisect_right(view.person_starts, lo)
        key = (between, hi - lo)
        if best is None or key < best[0]:
            best = (key, t < p, view.text[lo:hi])
    if best is None:
        return {"pos_none": 1.0}
    (between, dist), before, gap = best
    return {"pos_none": 0.0, "pos_before": float(before), "pos_after": float(not before),
            "pos_adjacent": float(dist < 40 and between == 0), "pos_dist_log": math.log1p(dist) / 5,
            "pos_names_between": min(between, 3) / 3, "pos_predicate": float(bool(_predicate_cue().search(gap))),
            "pos_comma": float("," in gap), "pos_paren": float("(" in gap)}


# a region's or a municipality's body ("Regionstyrelsen", "kommunfullmäktige", "Kommunstyrelsens arbetsutskott")
OWNED_BODY = re.compile(r"(?i)(?<![\wåäö])(region|kommun|landsting)s?(?:styrelse|fullmäktige|[a-zåäö]*nämnd|[a-zåäö]*utskott)[a-zåäö]*"
                        r"|(?<![\wåäö])(regional)a[ \t]+[a-zåäö\-]*(?:nämnd|utskott|beredning)")  # "Regionala utvecklingsnämnden"
BODY_OWNER_OF = {"region": "region", "kommun": "kommun", "landsting": "region", "regional": "region"}
# a committee or assembly named without its owner ("Barn- och utbildningsnämnden", "Tekniska
# nämndens"): only a municipality or a region has one
PUBLIC_BODY = re.compile(r"(?i)(?<![\wåäö])[a-zåäö]*(?:nämnd|fullmäktige)(?:en|ens|s)?(?![\wåäö])")


def opening_body_owner(text: str) -> str | None:
    """"region" or "kommun": whose body the opening of a text names first ("Regionstyrelsen",
    "regionfullmäktige", a county council's "Landstingsstyrelsen", "Regionala utvecklingsnämnden";
    "Kommunstyrelsens arbetsutskott"), the body whose minutes they are when
    they are minutes (minutes may name another's body later, in an item); "public" when the opening
    names a committee without its owner ("Socialnämnden"); None when neither."""
    first = OWNED_BODY.search(text, 0, 1500)
    if first:
        return BODY_OWNER_OF[(first.group(1) or first.group(2)).casefold()]
    return "public" if PUBLIC_BODY.search(text, 0, 1500) else None


def region_of_body(view: DocumentView) -> str | None:
    """The region whose body the document's opening names before any municipality's body
    ("Regionstyrelsen", "regionfullmäktiges sammanträde"; `opening_body_owner`) when the region
    itself is never named: the region of the county of the municipality the document names
    most (the meeting's town)."""
    if view.body_owner != "region" or any(l == "REGION" for l in view.org_labels.values()):
        return None
    k = load()
    munis = [o for o in view.org_pos if view.org_labels.get(o) == "MUNICIPALITY" and o in k.municipalities]
    if not munis:
        return None
    top = max(munis, key=lambda o: (len(view.org_pos[o]), -view.org_pos[o][0]))
    lan = k.municipalities[top].lan_code
    return next((name for name, row in k.regions.items() if row["lan_code"] == lan), None)


OWNER_LABELS = {"region": ("REGION",), "kommun": ("MUNICIPALITY",), "public": ("MUNICIPALITY", "REGION"),
                None: ("MUNICIPALITY", "REGION", "ORG")}


@lru_cache(maxsize=1)
def _union_set() -> frozenset[str]:
    return frozenset(union_names())


def minutes_owner(view: DocumentView) -> str | None:
    """Whose minutes a protocol is: the document's own organisation where the linker found it
    (`home`: "X kommun" heading the minutes, or their address block), else the region of a region's
    body (`region_of_body` when the region is named only by its bodies), else the municipality whose
    body the opening names, else the organisation the minutes name most (`opening_body_owner`,
    `org_rank`), never a trade union. None for other texts."""
    if view.kind != "protocol":
        return None
    if view.home in view.org_pos:
        return view.home
    if view.body_region:
        return view.body_region
    unions = _union_set()  # a union's delegate is a guest of the meeting ("Inbjudna: Eva Ek, Vision")
    owners = [o for o in view.org_pos if view.org_labels.get(o) in OWNER_LABELS[view.body_owner] and o not in unions]
    return min(owners, key=view.org_rank.__getitem__, default=None)


def person_titles(person: dict) -> list[str]:
    return [r["title"] for r in person.get("roles", []) if r.get("title")]


def person_orgs(person: dict) -> list[str]:
    return [r["org"] for r in person.get("roles", []) if r.get("org")]


# a word inside a title that names the kind of organisation its holder works for, and that kind's names
TITLE_WORD_EMPLOYERS = (("rektor", re.compile(r"universitet|högskola", re.I)), ("polis", re.compile(r"polis", re.I)))


def title_fits_org(titles: list[str], org: str, label: str) -> float:
    """1 when a title names the kind of organisation `org` is ("rektor" and a university); a title
    naming another employer's kind does not fit a municipality or region by its "kommun" or "region"
    ("kommunpolis", "regionpolischef")."""
    for t in titles:
        low = t.lower()
        # a title with the word of another employer is that employer's ("kommunpolis": the police)
        other = any(word in low for word, _ in TITLE_WORD_EMPLOYERS)
        if label == "MUNICIPALITY" and not other and ("kommun" in low or low.endswith(("råd", "rådet"))):
            return 1.0
        if label == "REGION" and not other and ("region" in low or "landsting" in low):
            return 1.0
        if any(word in low and rx.search(org) for word, rx in TITLE_WORD_EMPLOYERS):
            return 1.0
        for prefix, rx in title_org_hints():
            if rx is not None and low.startswith(prefix) and rx.search(org):
                return 1.0
    return 0.0


def title_of_another_employer(title: str) -> bool:
    """A title whose holder works for an organisation other than a municipality: a police title
    or a rektor (`TITLE_WORD_EMPLOYERS`), or one `data/title_org_hints.csv` ties to another kind
    ("landshövding", "regiondirektör")."""
    low = title.casefold()
    return any(word in low for word, _ in TITLE_WORD_EMPLOYERS) or any(
        rx is not None and title_hint_applies(low, prefix) for prefix, rx in title_org_hints())


def _sentence_mate_holds(view: DocumentView, name: str, org: str) -> bool:
    """Another person named in a sentence with `name` is tied to `org` by the rules ("A, kommunchef
    i Lerum, och prorektor B skrev under"): in running text the organisation is the other's."""
    mine = {view.sentence_of(p) for p in view.person_pos.get(name, [])}
    return any(view.sentence_of(p) in mine for other in view.rule_holders.get(org, ())
               if other != name for p in view.person_pos.get(other, []))


@lru_cache(maxsize=1)
def _region_municipalities() -> dict[str, str]:
    """Municipalities whose own organisation is a region, by their official form ("Gotland" ->
    "Region Gotland", `data/municipalities.csv`)."""
    return {m.name: m.official_form for m in load().municipalities.values()
            if m.official_form.startswith("Region ")}


def organisation_name(org: str) -> str:
    """The name of an organisation as a party or employer: a municipality that is also a region
    acts as the region ("Gotland" -> "Region Gotland"), so both mentions are one organisation."""
    return _region_municipalities().get(org, org)


def affiliation_features(view: DocumentView, person: dict, org: str, sections: dict[str, tuple]) -> dict[str, float]:
    name = person["name"]
    ppos = view.person_pos.get(name, [])
    opos = view.org_pos.get(org, [])
    rule_orgs = person_orgs(person)
    titles = person_titles(person)
    label = view.org_labels.get(org, "ORG")
    dist = _min_distance(ppos, opos) if ppos and opos else 10**5
    same_line = float(not view.person_lines(name).isdisjoint(view.org_lines(org)))
    orgs_after, orgs_before = view.neighbour_orgs(name)
    after = float(org in orgs_after)
    before = float(org in orgs_before)
    section = sections.get(name)
    fitting = view.orgs_fitting_titles(name, titles)  # "prorektor": the university, not the town
    top = float(view.org_rank.get(org, 99) == 0)
    protocol = float(view.kind == "protocol")
    f = {
        "bias": 1.0,
        "rule": float(org in rule_orgs), "rule_first": float(bool(rule_orgs) and rule_orgs[0] == org),
        "rule_other": float(bool(rule_orgs) and org not in rule_orgs), "rule_none": float(not rule_orgs),
        "same_line": same_line, "org_after": after, "org_before": before,
        "top": top, "second": float(view.org_rank.get(org, 99) == 1),
        "share": view.org_count.get(org, 0) / view.org_total,
        "single_org": float(len(view.org_pos) == 1), "n_orgs_log": math.log1p(len(view.org_pos)) / 3,
        "home": float(org == view.home), "early": float(bool(opos) and opos[0] < 300),
        "label_municipality": float(label == "MUNICIPALITY"), "label_region": float(label == "REGION"),
        "label_org": float(label == "ORG"), "body_region": float(org == view.body_region),
        "has_party": float(any(r.get("party") for r in person.get("roles", []))),
        "has_title": float(bool(titles)), "title_fits": view.title_fits(name, titles, org),
        "title_fits_other": float(org not in fitting and bool(fitting)),
        # a title of another employer than a municipality names this organisation's kind ("lokalpolis-
        # områdeschef" and Polisen, "rektor" and a university): the municipality beside it is the area
        "employer_title_fits": float(org in fitting and any(title_of_another_employer(t) for t in titles)),
        "in_members": float(bool(section) and section[2] == "members"),
        "in_signatures": float(bool(section) and section[2] == "signatures"),
        "in_others": float(bool(section) and section[2] == "others"),
        "protocol_top": protocol * top, "protocol_home": protocol * float(org == view.home),
        "members_top": float(bool(section) and section[2] in ("members", "signatures")) * top,
        "party_top": float(any(r.get("party") for r in person.get("roles", []))) * top,
        "n_mentions_log": math.log1p(len(ppos)) / 3,
        "meeting_place": view.meeting_place(org),
        "sole_public": float(label in ("MUNICIPALITY", "REGION") and view.n_public == 1),
        "protocol_org": protocol * float(label == "ORG"), "protocol_region": protocol * float(label == "REGION"),
        "protocol_early": protocol * float(bool(opos) and opos[0] < 300),
        "sentence_mate_holds": float(not protocol and org not in rule_orgs and _sentence_mate_holds(view, name, org)),
        "others_rows": view.in_others_rows(name, org),
        # the body whose minutes these are belongs to this organisation (`minutes_owner`)
        "minutes_owner": float(org == view.minutes_owner),
    }
    if protocol and view.regional_minutes:
        # the minutes of a region's body ("Regionstyrelsen"): its members serve the region, not
        # the town the meeting is held in
        region = label == "REGION" or organisation_name(org) != org  # Gotland's municipality is Region Gotland
        f["regional_body_region"] = float(region)
        f["regional_body_municipality"] = float(label == "MUNICIPALITY" and not region)
    if protocol and view.municipal_minutes:
        # the minutes of a municipality's body ("Kommunstyrelsens arbetsutskott"): a region the
        # minutes name is no employer of its members
        f["municipal_body_region"] = float(label == "REGION")
    f.update(_bucket("dist", dist))
    # minutes tie people to organisations by tables and headings, running text by clauses:
    # running text gets its own copy of the evidence
    if not protocol:  # (absent in minutes: a missing feature is 0 to the models and in training)
        f.update({prose: f[k] for k, prose in _prose_names(tuple(f))})
    f.update(kind_features(view.kind))
    return f


@lru_cache(maxsize=None)
def _prose_names(keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(feature, its running-text copy "prose_<feature>") of the features running text copies."""
    return tuple((k, f"prose_{k}") for k in keys if k != "bias" and not k.startswith("protocol"))


def _sign_context(view: DocumentView, positions: list[int]) -> dict[str, float]:
    """Signing cues in the sentences of `positions` and near them."""
    classes = [c for c in signing_cues() if c not in PARTY_ONLY_CUES]
    out = {f"sent_{c}": 0.0 for c in classes}
    out.update({f"near_{c}": 0.0 for c in classes})
    for p in positions[:10]:
        a, b = view.sentence_span(p)
        for c in classes:
            if view.cue_in(c, a, b):
                out[f"sent_{c}"] = 1.0
            if view.cue_in(c, max(0, p - 200), p + 200):
                out[f"near_{c}"] = 1.0
    return out


# "med" (also ending "tillsammans med") and at most two words before an organisation: "avtal med X",
# "med bland andra X"
AFTER_MED = re.compile(r"(?i)(?<![\wåäö])med\s+(?:[\wåäö-]+\s+){0,2}\Z")
PHOTO_CREDIT = re.compile(r"(?i)(?<![\wåäö])(?:foto|fotograf|bild)\s*:[^\n:.]{0,60}\Z")


def only_in_photo_credits(view: DocumentView, positions: list[int]) -> float:
    """1 when every mention stands in a photo credit ("Foto: Eva Ek, Lerums Tidning")."""
    return float(bool(positions) and all(PHOTO_CREDIT.search(view.text[max(0, p - 80):p]) for p in positions))


def _signature_block(view: DocumentView, positions: list[int]) -> float:
    """1 when a mention stands alone on its line (a signature block or a list of signers)."""
    for p in positions:
        ls = view.text.rfind("\n", 0, p) + 1
        le = view.text.find("\n", p)
        le = len(view.text) if le < 0 else le
        cell = columns.cell_at(view.text, p, getattr(view, "cell_gap", None))  # a column of signers: a line
        line = view.text[cell[0]:cell[1]] if cell else view.text[ls:le].strip()
        if line and len(line) < 40 and line[:1].isupper():
            before = view.text[max(0, ls - 200):ls]
            # a "För X" line, a signature line, or a place-and-date line that is no bulleted list item
            if re.search(r"(?m)^(?![ \t]*[-•*–]\s)[ \t]*(För\s|_{3,}|\.{5,}|.{0,40}\d{4}-\d{2}-\d{2}|.{0,40}\d{1,2} [a-zåäö]+ \d{4})", before):
                return 1.0
    return 0.0


def signatory_features(view: DocumentView, person: dict, agreement: dict, index: int, n_agreements: int,
                       sections: dict[str, tuple], affiliated: list[str]) -> dict[str, float]:
    name = person["name"]
    ppos = view.person_pos.get(name, [])
    rule = float(any(s["name"] == name for s in agreement.get("signatories", [])))
    a_pos = [s for s, _ in agreement.get("spans", [])]
    same_sent = float(any(view.sentence_of(p) in {view.sentence_of(a) for a in a_pos} for p in ppos))
    dist = _min_distance(ppos, sorted(a_pos)) if ppos and a_pos else 10**5
    section = sections.get(name)
    titles = person_titles(person)
    speaker = float(any(re.search(r"(säger|berättar|menar|konstaterar)\s+(?:\w+\s+){0,3}$", view.text[max(0, p - 40):p])
                        for p in ppos))
    f = {
        "bias": 1.0, "rule": rule, "same_sentence": same_sent,
        "has_title": float(bool(titles)), "n_titles": min(len(titles), 3) / 3,
        "org_is_party": float(any(o in agreement.get("parties", []) for o in affiliated)),
        "has_org": float(bool(affiliated)),
        "in_minutes_section": float(section is not None), "speaker": speaker,
        "signature_block": _signature_block(view, ppos), "photo_credit": only_in_photo_credits(view, ppos),
        "witness": witnessing(view, ppos), "caption_only": only_in_captions(view, ppos),
        "n_persons_log": math.log1p(len(view.person_pos)) / 4, "n_mentions_log": math.log1p(len(ppos)) / 3,
        "first_agreement": float(index == 0), "n_agreements": min(n_agreements, 4) / 4,
        "early_person": float(bool(ppos) and ppos[0] < 400),
        "title_head": float(any(re.search(r"ordförande|direktör|chef|rektor|råd|vd|landshövding|generaldirektör", t) for t in titles)),
    }
    f.update(_bucket("dist", dist))
    ctx = _sign_context(view, ppos)
    ctx["planned_only"] = float(ctx["sent_planned"] and not (ctx["sent_done"] or ctx["sent_present"]))
    ctx["decided_only"] = float(ctx["sent_decided"] and not (ctx["sent_done"] or ctx["sent_present"]))
    f.update(ctx)
    f.update(kind_features(view.kind))
    return f


def party_features(view: DocumentView, org: str, agreement: dict, index: int, signer_orgs: list[str]) -> dict[str, float]:
    opos = view.org_pos.get(org, [])
    a_pos = sorted(s for s, _ in agreement.get("spans", []))
    a_sents = {view.sentence_of(a) for a in a_pos}
    same_sent = float(any(view.sentence_of(p) in a_sents for p in opos))
    mellan = 0.0
    for a in a_pos:
        s, e = view.sentence_span(a)
        m_end = view.mellan_end(s, e)
        if m_end is not None and any(s + m_end <= p < e for p in opos):
            mellan = 1.0
    dist = _min_distance(opos, a_pos) if opos and a_pos else 10**5
    label = view.org_labels.get(org, "ORG")
    # "avtal med Trafikverket", "samarbetet med X": the counterpart after "med" in the agreement's sentences
    after_med = any(view.sentence_of(p) in a_sents and AFTER_MED.search(view.text[max(0, p - 40):p]) for p in opos)
    rule_parties = [o for o in agreement.get("parties", []) if o != org]
    f = {
        "bias": 1.0, "rule": float(org in agreement.get("parties", [])), "same_sentence": same_sent,
        "coordinated": float(view.coordinated(org, rule_parties)), "institution": float(view.is_institution(org)),
        "signing_sentence": float(any(view.cue_in(c, *view.sentence_span(p)) for p in opos[:10]
                                      for c in ("done", "present", "inverted"))),
        "rule_excludes": float(bool(agreement.get("parties")) and org not in agreement.get("parties", [])),
        "after_mellan": mellan, "signer_org": float(org in signer_orgs),
        "top": float(view.org_rank.get(org, 99) == 0), "second": float(view.org_rank.get(org, 99) == 1),
        "share": view.org_count.get(org, 0) / view.org_total, "single_org": float(len(view.org_pos) == 1),
        "n_orgs_log": math.log1p(len(view.org_pos)) / 3,
        "home": float(org == view.home), "early": float(bool(opos) and opos[0] < 300),
        "label_municipality": float(label == "MUNICIPALITY"), "label_region": float(label == "REGION"),
        "label_org": float(label == "ORG"), "first_agreement": float(index == 0),
        "n_rule_parties": min(len(agreement.get("parties", [])), 6) / 6,
        "under_party_heading": float(org in agreement.get("listed", [])),
        "photo_credit": only_in_photo_credits(view, opos),
        # the agreement's sentences name two or more parties and not this one
        "excluded_by_list": float(len(agreement.get("parties", [])) >= 2 and org not in agreement.get("parties", [])),
        "after_med": float(after_med),
        # the body whose minutes these are decides the agreement: its owner is a party
        "minutes_owner": float(org == view.minutes_owner),
        # the agreement's sentence names it by its kind ("kommunen och högskolan")
        "kind_noun": float(kind_noun_in(view, org, a_pos)),
        # named only as a place ("i Borås", "lokalpolisområdeschef Borås")
        "place_only": float(view.named_as_place_only(org)),
    }
    f.update(_bucket("dist", dist))
    f.update(kind_features(view.kind))
    return f


def kind_noun_in(view: DocumentView, org: str, a_pos: list[int]) -> bool:
    """Whether a sentence of the agreement's mentions names `org` by the noun of its kind
    ("kommunen", "högskolan": `kind_noun_rx`), `org` being the document's head of that kind. The
    organisations so named are found once per agreement (`view.kind_named`)."""
    key = tuple(a_pos)
    named = view.kind_named.get(key)
    if named is None:
        rx, kinds = kind_noun_rx()
        sentences = {view.sentence_span(a) for a in a_pos}
        named = view.kind_named[key] = {view.kind_head[kinds[m.group(1).lower()]] for s, e in sentences
                                        for m in rx.finditer(view.text, s, e)
                                        if kinds[m.group(1).lower()] in view.kind_head}
    return org in named


SECTION_ROLES = ("ledamot", "ersättare", "justerare", "sekreterare", "ordförande")
MEMBER_ROLES = tuple(r for r in SECTION_ROLES if r != "sekreterare")  # held by elected members; a secretary is an official
ELECTED_TITLE = re.compile(r"ordförande|råd$|ledamot|ersättare|justerare|gruppledare|talesperson|politiker")


def is_job_title(title: str) -> bool:
    """A title of an employed official ("kommundirektör", "nämndsekreterare"), not of an elected
    member ("kommunstyrelsens ordförande", "kommunalråd", "ledamot")."""
    return not ELECTED_TITLE.search(title)


LEADER_AFTER_WORD = re.compile(r"[\wåäöÅÄÖ]*[ \t]*(?:\.{2,}|…|:|_{2,})")  # matched at the title
WORD_BEFORE_ON_LINE = re.compile(r"[\wåäöÅÄÖ)][ \t]*\Z")  # searched in the few characters before the title


def written_as_heading(text: str, start: int) -> bool:
    """A title word in capitals written as a heading: after a word or a parenthesis on its line
    ("Anna Ek Ordförande Per Berg"), or followed by leader dots or a colon ("Ordförande ...... Berg"),
    the heading of a flattened table or a signature line more often than an apposition."""
    if not text[start:start + 1].isupper():
        return False
    return bool(WORD_BEFORE_ON_LINE.search(text, max(0, start - 4), start) or LEADER_AFTER_WORD.match(text, start))


def reading_features(readings: list[tuple[str, str, bool, bool, bool, bool]]) -> dict[str, float]:
    """How a title stands next to the person: right after the name ("Anna Ek, kommunchef": post),
    right before it ("kommunchef Anna Ek": pre) or in the same row of a flattened two-column table
    (column; column_part when the table has fewer titles than names), whether the rules chose
    that reading, whether a name stood on the title's other side too ("A, kommunsekreterare B,
    kommunchef": contested) and the layout did not decide between them, whether the layout chose it
    (the order of a list, "Kommunchef A, kanslichef B", or a party between name and title, "A (S) kf
    ordf, B (V) ...": ordered) and whether the title is written as a heading (`written_as_heading`:
    post_capital, pre_capital). Each reading: (title, how, chosen, contested, ordered, heading)."""
    return {"read_post": float(any(r[1] == "post" for r in readings)),
            "read_pre": float(any(r[1] == "pre" for r in readings)),
            "read_chosen": float(any(r[2] for r in readings)),
            "read_unchosen": float(any(not r[2] for r in readings)),
            "read_contested": float(any(r[3] for r in readings)),
            "read_ordered": float(any(r[2] and r[4] for r in readings)),
            "read_post_capital": float(any(r[1] == "post" and r[5] for r in readings)),
            "read_pre_capital": float(any(r[1] == "pre" and r[5] for r in readings)),
            "read_column": float(any(r[1] == "column" for r in readings)),
            "read_column_part": float(any(r[1] == "column_part" for r in readings))}


CHAIR_TITLE = re.compile(r"(?:(?:1:e|2:e|3:e)\s+)?(?:vice\s+)?ordförande")
BODY_WORD = re.compile(r"(?i)(?<![\wåäö-])((?:[a-zåäö-]+s\s+)?[a-zåäö-]*?"
                       r"(?:styrelse|nämnd|fullmäktige|utskott|beredning|direktion)(?:n|en|et|ens|ets|s|es)?)(?![\wåäö])")
BODY_WINDOW = 3000  # characters back from a chair to the heading that names its body


def body_genitive(word: str) -> str:
    """'Kommunstyrelsen' -> 'kommunstyrelsens', 'fritidsnämnd' -> 'fritidsnämndens',
    'kommunstyrelsens arbetsutskott' -> 'kommunstyrelsens arbetsutskottets'."""
    *owner, body = word.lower().split()
    if body.endswith("s"):
        gen = body  # already a genitive: "kommunstyrelsens", "arbetsutskotts"
    elif body.endswith(("en", "et")) or body.endswith("fullmäktige"):
        gen = body + "s"
    elif body.endswith(("nämnd", "beredning", "direktion")):
        gen = body + "ens"
    elif body.endswith("styrelse"):
        gen = body + "ns"
    elif body.endswith("utskott"):
        gen = body + "ets"
    else:
        gen = body + "s"
    return " ".join(owner + [gen])


def _body_stem(word: str) -> str:
    return re.sub(r"(ens|ets|es|en|et|s|n)$", "", word.casefold())


@lru_cache(maxsize=1)
def _state_body_stems() -> frozenset[str]:
    return frozenset(_body_stem(w) for w in state_body_words())


def governing_body(view: DocumentView, pos: int) -> tuple[str, int] | None:
    """The body a chair listed at `pos` presides over: the last heading line before it, within
    `BODY_WINDOW` characters, that names a body ("Kommunstyrelsen", "Kommunstyrelsen
    består av:"), as (genitive, distance). Minutes are left out: their chairs chair the
    meeting. A state body ("Länsstyrelsen") is none."""
    if view.kind == "protocol":
        return None
    lo = max(0, pos - BODY_WINDOW)
    end = view.text.rfind("\n", lo, pos)
    while end > lo:
        start = view.text.rfind("\n", lo, end) + 1
        line = view.text[start:end].strip()
        heading = 0 < len(line) <= 80 and (line.endswith(":") or not re.search(r"[.!?]", line))
        if heading:
            bodies = [m.group(1) for m in BODY_WORD.finditer(line)
                      if _body_stem(m.group(1).split()[-1]) not in _state_body_stems()]
            if bodies:
                return body_genitive(bodies[-1]), pos - end
        end = start - 1
    return None


def qualified_title_features(base: dict[str, float], body: tuple[str, int]) -> dict[str, float]:
    """The features of "<body>s <chair title>", made from the bare title's: how far the heading is."""
    f = dict(base)
    f["qualified"] = 1.0
    f.update(_bucket("qualified_dist", body[1]))
    return f


def title_features(view: DocumentView, person: dict, title: str, from_rule: bool, section: tuple | None,
                   title_share: float, readings: list[tuple[str, str, bool, bool, bool]]) -> dict[str, float]:
    """Features of (person, title): does the person hold this title in the text."""
    titles = person_titles(person)
    section_role = section[1] if section else None
    f = {
        "bias": 1.0, "from_rule": float(from_rule), "from_section": float(title == section_role),
        "both": float(from_rule and title == section_role),
        "conflicts_section": float(section_role is not None and title != section_role),
        "in_members": float(bool(section) and section[2] == "members"),
        "in_signatures": float(bool(section) and section[2] == "signatures"),
        "in_others": float(bool(section) and section[2] == "others"),
        "section_title": float(title in SECTION_ROLES), "share": title_share,
        "n_titles": min(len(titles), 4) / 4, "words": min(len(title.split()), 4) / 4,
        "body_word": float(bool(re.search(r"styrelse|nämnd|fullmäktige|förbund|region", title))),
        "ordforande": float("ordförande" in title),
        "has_party": float(any(r.get("party") for r in person.get("roles", []))),
    }
    if substitutes(view, person):  # "A (S), tjänstgör för B": A is ersättare
        f["substitute" if title == "ersättare" else "substitute_other"] = 1.0
    if replaced(view, person):  # "A (S), tjänstgör för B": B is absent
        f["replaced"] = 1.0
    if title in SECTION_ROLES:  # each role word its own prior, learned: how often a listed role is a title
        f["role_" + title] = 1.0
        if title in MEMBER_ROLES and any(is_job_title(t) for t in titles):  # "A, tf. kommundirektör" under "Ledamöter"
            f["role_job_title"] = 1.0
            f["role_job_title_no_party"] = 1.0 - f["has_party"]
    if section is not None and title == section_role:  # which heading: "Ledamöter" is surer than "Närvarande"
        f["heading_" + re.sub(r"\W+", "_", section[0].casefold())] = 1.0
        for other in {t for t in titles if t in MEMBER_ROLES and t != title}:
            f["section_vs_own_" + other] = 1.0  # "Ledamöter: ... A (S) ersättare": A's own word against the heading's
    f.update(title_position_features(view, person, title))
    f.update(reading_features(readings))
    f.update(kind_features(view.kind))
    if view.kind == "protocol":  # lists of "Name, title" in minutes, "title Name" in prose
        f.update({k + "_protocol": v for k, v in f.items() if k.startswith("read_")})
    return f
