"""Component `samverkan_places`: Swedish municipalities and regions (MUNICIPALITY, REGION).

Municipalities are matched by every written form (name, genitive, "X kommun", "Falu kommun",
UPPER CASE, coordinated "A, B och C kommuner") and normalised to the SCB name. Names that are
also ordinary words or names ("Vara", "Kil", "Lund", "Mora") count only where the context makes
them places; so does a municipality's seat named otherwise ("Bålsta": Håbo; `data/municipal_seats.csv`), a
SEAT mention: a place of the municipality in its list, never an organisation candidate.
Tolerates lost rings and dots and one-letter typos in upper-case headings. Regions: "Region X", "Västra
Götalandsregionen", "Landstinget (i) X", "X läns landsting".
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein
from spacy.language import Language
from spacy.tokens import Doc

from . import knowledge
from .mentions import Occupancy, add, is_foreign, of, text_of

L = "A-Za-zÅÄÖåäöÉéÜüÆæØø"
WORD = rf"[{L}]"
KOMMUN_WORD = re.compile(r"\s*(kommuns?|kommuner(?:na)?|stads?|kommunerna)\b", re.I)
EXCLUDE_AFTER = re.compile(r"\s+(län|läns|universitet|universitets|högskola|högskolas|stift|stifts|stiftet|landsting|landstings)\b", re.I)
LIST_SEP = re.compile(r"^\s*(,|och|samt|/|\*|–|-|&)\s*\Z|^\s*,\s*(och)?\s*\Z")
PREP_BEFORE = re.compile(r"(?:\b(?:i|från|till|med|mot|och|för|samt|mellan|liksom|även|inklusive)|\([A-Za-zÅÄÖåäö]{1,4}\),?|[,:•(–*]|\n)\s*$")
# a form's label before the place and date ("Ort och datum: Ekerö den 3 mars 2025")
PLACE_DATE_LABEL = r"(?:Ort\s+och\s+datum|Ort\s*/\s*datum|Ort,\s*datum)[ \t]*:?[ \t]*"
# what follows the place of a place-and-date line ("Sveg den 12 mars 2024", "Bålsta, 2024-03-12"):
# a date, then the line's end or the next column of a side-by-side signature block
PLACE_DATE_AFTER = re.compile(r"(?:,|[ \t]+den)?[ \t]+(?:\d{4}-\d{2}-\d{2}|\d{1,2}[ \t]+[a-zåäö]+[ \t]+\d{4})"
                              r"[ \t]*(?:$|\n|\t| {3})", re.M)
REGION_WORD = re.compile(rf"\bRegion(?:en)?\s+((?:[A-ZÅÄÖ]{WORD}+)(?:\s+(?:[A-ZÅÄÖ]{WORD}+|län))?)")
# "region Stockholm" as running text writes a region; not a unit's region ("Trafikverket region Stockholm")
REGION_LOWER = re.compile(rf"(?<![\wåäö-])region(?:en)?\s+([A-ZÅÄÖ]{WORD}+(?:\s+län)?)")
NAME_BEFORE = re.compile(r"[A-ZÅÄÖ][\wåäö]*[ \t]+\Z")
LANDSTING_COORD = re.compile(rf"\bLandstinget\s+och\s+[A-ZÅÄÖa-zåäö]{WORD}+\s+i\s+([A-ZÅÄÖ]{WORD}+(?:\s+län)?)")
LANDSTING = re.compile(rf"\b(Landstinget(?:\s+i)?\s+[A-ZÅÄÖ]{WORD}+(?:\s+län)?|[A-ZÅÄÖ]{WORD}+\s+läns\s+landsting)\b")


def _form_pattern(form: str) -> str:
    return re.escape(form).replace(r"\ ", r"\s+")


class PlaceMatcher:
    def __init__(self) -> None:
        k = knowledge.load()
        self.k = k
        forms: dict[str, str] = {}
        for m in k.municipalities.values():
            for f in {m.name, m.genitive}:
                forms[f] = m.name
                forms[f.upper()] = m.name
        self.forms = forms
        alts = sorted(forms, key=len, reverse=True)
        self.rx = re.compile(rf"(?<![{L}\-/]){knowledge.grouped_alternation(alts, _form_pattern)}(?![{L}0-9]|[-/][{L}])")
        self.by_fold = {knowledge.fold(f): n for f, n in forms.items()}
        self.upper_names = {f: n for f, n in forms.items() if f.isupper() and len(f) >= 6}
        self.token_rx = re.compile(rf"(?<![{L}\-/])[A-ZÅÄÖ][{L}]{{5,}}(?![{L}\-/])")
        self.region_names = list(k.regions)
        # "Region Västra Götaland" is Västra Götalandsregionen: "Region" + the county's name, where the
        # region's own name is another, names the region
        self.region_by_county = {f"Region {re.sub(r's? län$', '', r['lan_name'])}": name for name, r in k.regions.items()
                                 if not name.startswith("Region ")}
        # a municipality's seat named otherwise than the municipality ("Bålsta": Håbo)
        self.seats = {r["seat"]: r["municipality"] for r in knowledge._csv("municipal_seats.csv")}
        self.seat_rx = re.compile(rf"(?<![{L}\-/]){knowledge.grouped_alternation(sorted(self.seats, key=len, reverse=True))}(?![{L}0-9]|[-/][{L}])")
        # counties named bare, without "län" or "Region", by a name no municipality has ("Kronoberg",
        # "Västra Götaland"): a municipality's name joined to one by "och" names its county ("Kalmar
        # och Kronoberg", "Halland, Värmland och Örebro"), as after "landshövding" ("landshövding Örebro")
        only = "|".join(sorted((re.escape(c) for c in knowledge.county_names() if c not in forms and " län" not in c), key=len, reverse=True))
        bare = rf"(?<![{L}])(?<!Region )(?<!Regionen )(?:{only})s?(?![{L}])"
        self.county_before = re.compile(rf"(?:{bare}[ \t]+(?:och|samt)[ \t]+"
                                        rf"|(?<![{L}])[Ll]andshövding(?:en)?(?:[ \t]+i)?[ \t]+)\Z")
        self.county_after = re.compile(rf"[ \t]+(?:och|samt)[ \t]+(?:{only})s?(?![{L}]|[ \t]+län)")

    # -- municipalities -------------------------------------------------------------------
    def municipality_candidates(self, text: str):
        taken = Occupancy(len(text))
        for m in self.rx.finditer(text):
            s = m.group(0)
            name = self.forms.get(s) or self.forms.get(re.sub(r"\s+", " ", s))
            if name:
                taken.mark(m.start(), m.end())
                yield m.start(), m.end(), name, "exact"
        for m in self.seat_rx.finditer(text):
            taken.mark(m.start(), m.end())
            yield m.start(), m.end(), self.seats[m.group(0)], "seat"
        # OCR / spelling damage: diacritics lost, one-letter typo in an UPPER CASE word
        for m in self.token_rx.finditer(text):
            if taken.covers(m.start()):
                continue
            s = m.group(0)
            name = self.by_fold.get(knowledge.fold(s))
            if name is None and s.isupper():
                for f, n in self.upper_names.items():
                    if abs(len(f) - len(s)) <= 1 and Levenshtein.distance(f, s) <= 1:
                        name = n
                        break
            if name:
                yield m.start(), m.end(), name, "fuzzy"

    def hyphen_pairs(self, text: str):
        """'Falun-Borlänge': two municipality names joined by a hyphen name both."""
        for m in re.finditer(rf"(?<![{L}\-])([A-ZÅÄÖ][{L}]+)-([A-ZÅÄÖ][{L}]+)(?![{L}\-])", text):
            a, b = self.forms.get(m.group(1)), self.forms.get(m.group(2))
            if a and b:
                yield m.start(1), m.end(1), a, "exact"
                yield m.start(2), m.end(2), b, "exact"


def in_list(text: str, start: int, end: int, others: list[tuple[int, int]]) -> bool:
    """True when the mention text[start:end] is listed next to one of `others` (spans): a comma,
    "och", "samt", "/", "&" or a dash between, within 12 characters."""
    for a, b in others:
        if b <= start and start - b < 12 and LIST_SEP.match(text[b:start]):
            return True
        if a >= end and a - end < 12 and LIST_SEP.match(text[end:a]):
            return True
    return False


def _place_date_line(text: str, start: int, end: int) -> bool:
    """The name opens a place-and-date line, or a column of one: "Sveg den 12 mars 2024"."""
    line_start = text.rfind("\n", max(0, start - 200), start) + 1 or max(0, start - 200)
    before = text[line_start:start]
    return (not before.strip() or before.endswith(("\t", "   ")) or re.fullmatch(rf"[ \t]*{PLACE_DATE_LABEL}", before)) \
        and bool(PLACE_DATE_AFTER.match(text, end))


def _sentence_initial(text: str, start: int) -> bool:
    """True at the start of the text, a line, a sentence or a quote."""
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in ".!?\n–-:\"”•"


@Language.factory("samverkan_places")
def make_places(nlp: Language, name: str):
    return PlacesComponent()


class PlacesComponent:
    def __init__(self) -> None:
        self.matcher = PlaceMatcher()

    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            return doc
        text = text_of(doc)
        persons = Occupancy(len(text), [(m.start, m.end) for m in of(doc, "PERSON")])
        regions = self._regions(doc)
        region_spans = Occupancy(len(text), [(a, b) for a, b, _ in regions])
        cands = [c for c in list(self.matcher.municipality_candidates(text)) + list(self.matcher.hyphen_pairs(text))
                 if not persons.covers(c[0])]
        accepted: list[tuple[int, int, str]] = []
        seats: list[tuple[int, int, str]] = []  # a municipality's seat named otherwise ("Bålsta": Håbo)
        k = self.matcher.k
        all_spans = [(s, e) for s, e, _, _ in cands]
        for s, e, name, how in cands:
            inside_region = region_spans.covers(s)
            if inside_region:
                if name == "Gotland":  # Region Gotland is also the municipality
                    accepted.append((s, e, name))
                continue
            if EXCLUDE_AFTER.match(text, e):
                continue
            if text[max(0, s - 7):s].rstrip().endswith(("Region", "Regionen")):
                continue
            kommun_after = bool(KOMMUN_WORD.match(text, e))
            if not kommun_after and (self.matcher.county_before.search(text, max(0, s - 30), s)
                                     or self.matcher.county_after.match(text, e)):
                continue  # the county: "Kalmar och Kronoberg", "landshövding Örebro"
            muni = k.municipalities[name]
            written = text[s:e]
            if muni.ambiguous or how in ("fuzzy", "seat"):
                others = [x for x in all_spans if x != (s, e)]
                ok = (kommun_after or in_list(text, s, e, others)
                      or (written.isupper() and len(written) > 3 and how == "exact")
                      or (bool(PREP_BEFORE.search(text[max(0, s - 12):s])) and not _sentence_initial(text, s))
                      or text[e:e + 1] == ")" and text[s - 1:s] == "("
                      or _place_date_line(text, s, e))
                if how == "fuzzy" and not (kommun_after or written.isupper() or in_list(text, s, e, others)
                                           or PREP_BEFORE.search(text[max(0, s - 12):s])):
                    ok = False
                if not ok:
                    continue
            (seats if how == "seat" else accepted).append((s, e, name))
        for s, e, name in accepted:
            add(doc, "MUNICIPALITY", s, e, name)
        for s, e, name in seats:
            add(doc, "SEAT", s, e, name)  # a place of the municipality, no organisation candidate
        for s, e, value in regions:
            add(doc, "REGION", s, e, value)
        return doc

    def _regions(self, doc: Doc) -> list[tuple[int, int, str]]:
        text = text_of(doc)
        out: list[tuple[int, int, str]] = []
        from rapidfuzz import process, fuzz
        names = self.matcher.region_names + list(self.matcher.region_by_county)
        for m in REGION_WORD.finditer(text):
            cand = "Region " + m.group(1)
            cand = re.sub(r"s$", "", cand) if cand not in names else cand
            best = process.extractOne(cand, names, scorer=fuzz.ratio)
            span_end = m.end()
            if best and best[1] >= 88:
                value = best[0]
                # trim the match to the words of the region name
                n_words = len(value.split())
                value = self.matcher.region_by_county.get(value, value)
                words = list(re.finditer(r"\S+", text[m.start():m.end()]))
                if len(words) > n_words:
                    span_end = m.start() + words[n_words - 1].end()
                out.append((m.start(), span_end, value))
            else:
                first = re.match(rf"Region\s+[A-ZÅÄÖ]{WORD}+", text[m.start():])
                k = self.matcher.k
                if first and first.group(0).split()[-1].lower() not in k.common_words:
                    value = re.sub(r"^Regionen", "Region", first.group(0))
                    value = re.sub(r"\s+", " ", value)
                    out.append((m.start(), m.start() + first.end(), value))
        for m in REGION_LOWER.finditer(text):  # a known region's name only, written exactly
            if NAME_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue
            cand = "Region " + re.sub(r"\s+", " ", m.group(1))
            value = cand if cand in self.matcher.region_names else self.matcher.region_by_county.get(re.sub(r"s$", "", cand))
            if value:
                out.append((m.start(), m.end(), value))
        for m in re.finditer(r"\bVästra Götalandsregionen\b", text):
            out.append((m.start(), m.end(), "Västra Götalandsregionen"))
        for m in LANDSTING.finditer(text):
            out.append((m.start(), m.end(), re.sub(r"\s+", " ", m.group(1))))
        # "Landstinget och Regionförbundet i Jönköpings län": the complement is shared
        for m in LANDSTING_COORD.finditer(text):
            out.append((m.start(), m.start() + len("Landstinget"), f"Landstinget i {m.group(1)}"))
        return out
