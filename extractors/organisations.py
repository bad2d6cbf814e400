"""Component `samverkan_organisations`: named organisations (ORG) other than municipalities and regions.

Sources: the reference list of Swedish state agencies, universities, länsstyrelser and police
(`data/reference_organisations.csv`: names, short names, former names), Norwegian and Finnish
municipalities named with "kommune"/"kommun"/"stad"/"kaupunki" (`data/foreign_municipalities.csv`; the bare
name too where the text already named the municipality so, or makes it a place: "borgmästare i Rovaniemi",
"Umeå och Vasa"),
productive name patterns (`data/org_name_patterns.txt`: Polisregion X, lokalpolisområde X,
Högskolan i X, X universitet, X kommunalförbund, Samordningsförbundet X, X AB, ...),
the statistical NER (ORG entities, when the pipeline has it), names headed by an
organisation word ("Kommunalförbundet Skaraborg", "Länsstyrelsen i Jämtlands län"),
single-word names with an organisation suffix ("Sverigeförhandlingen", "Hälsingerådet",
"Riksantikvarieämbetet") and company names ending in a legal form ("AB", "AS", "Oy", "GmbH":
`data/company_forms.txt`). Regionförbund are organisations.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import knowledge
from .mentions import Occupancy, add, is_foreign, of, text_of
from .places import in_list

L = "A-Za-zÅÄÖåäöÉéÜü"
# a word, then an acronym in brackets: "resursplan (MRP)"
ACRONYM_AFTER_WORD = re.compile(rf"([{L}\-]+)[ \t]+\(([A-ZÅÄÖ]{{2,8}})\)")
GENITIVE_HEADS = ("universitets", "högskolas", "kommunalförbunds", "förbunds", "stifts")
CAPW = rf"[A-ZÅÄÖÉ][{L}&\-]*"
# "borgmästare i Rovaniemi", "den finska staden Kuopio", "norska Narvik"
BARE_PLACE_BEFORE = re.compile(r"\b(?:i|från|mellan|(?:finska|norska|danska)(?:\s+(?:staden|kommunen|vänorten|vänstaden|grannkommunen|grannstaden))?)\s+\Z", re.I)


# a capitalised preposition or conjunction opening a line or sentence before a name is no part of it
# ("För Vätternvatten AB" over a signature, "Mellan Hjo Energi AB och ...")
LEADING_FUNCTION_WORDS = frozenset({"för", "mellan", "med", "och", "samt", "av", "till", "hos", "från", "mot", "om", "enligt", "via"})


class OrgFinder:
    def __init__(self) -> None:
        k = knowledge.load()
        heads = "|".join(sorted(map(re.escape, k.org_heads), key=len, reverse=True))
        self.head_rx = re.compile(rf"\b(?:{heads})(?:\s+(?:i|på|för)\s+{CAPW}(?:\s+län)?|(?:\s+{CAPW}){{1,3}}(?:\s+län)?)")
        sufs = "|".join(sorted((re.escape(s) for s in k.org_suffixes if s != "AB"), key=len, reverse=True))
        self.suffix_rx = re.compile(rf"(?<![{L}])[A-ZÅÄÖ][{L}]+(?:{sufs})s?(?![{L}])")
        self.suffixes = tuple(s for s in k.org_suffixes if s != "AB")
        known = sorted((l.strip() for l in (knowledge.DATA_DIR / "known_orgs.txt").read_text(encoding="utf-8").splitlines()
                        if l.strip() and not l.startswith("#")), key=len, reverse=True)
        known += reference_names()
        unions = union_names()
        apposed = [n for n in unions if " " not in n and not n.isupper()]  # "Kommunal", "Vision"
        known += [n for n in unions if n not in apposed]
        # a one-word union's name only in apposition ("Anna Exempel, Kommunal", "(Vision)")
        self.union_rx = re.compile(rf"(?:(?<=, )|(?<=\())(?:{knowledge.grouped_alternation(apposed)})(?![{L}])")
        known += [alias for alias, _ in everyday_aliases()]  # "Chalmers"
        known = sorted(set(known), key=len, reverse=True)
        # a known name also in the genitive ("Mittuniversitetets rektor", "SKR:s styrelse")
        self.known_rx = re.compile(rf"(?<![{L}]){knowledge.grouped_alternation(known)}(?::?s)?(?![{L}])")
        self.known = {n.casefold() for n in known}
        self.foreign_names = foreign_municipality_names()
        foreign = sorted(self.foreign_names, key=len, reverse=True)
        # "Vasa stad", "Uleåborgs kommun", "Oulun kaupunki" (the genitive too)
        self.foreign_rx = re.compile(rf"(?<![{L}])(?P<name>{knowledge.grouped_alternation(foreign)})[ns]?[ \t]+"
                                     rf"(?:kommune|kommun|stad|kaupunki|fylkeskommune)(?![{L}])")
        # the bare name ("i Uleåborg"), when it is neither a Swedish word nor a first name ("Strand", "Vik")
        bare = [n for n in foreign if len(n) >= 4 and n.lower() not in k.common_words and n not in k.first_names]
        self.foreign_bare_rx = re.compile(rf"(?<![{L}\-/])(?P<name>{knowledge.grouped_alternation(bare)})s?(?![{L}0-9]|[-/][{L}])")
        self.company_forms = company_forms()
        forms = "|".join(sorted(map(re.escape, self.company_forms), key=len, reverse=True))
        # a surname particle inside the name too ("Lindgren & von Hofsten AB"), and a place after "i"
        # ("Hamnen i Exempelby AB")
        particles = "|".join(sorted(map(re.escape, k.name_particles | {"i"}), key=len, reverse=True))
        self.company_rx = re.compile(rf"\b{CAPW}(?:\s+(?:{CAPW}|&|och|(?:{particles})(?=\s+[A-ZÅÄÖÉ]))){{0,4}}\s+(?:{forms})(?![{L}/])")
        # "Mälardalens högskola", "Södertörns brandförsvarsförbund": a genitive name + institution noun
        compass = "|".join(knowledge._lines("name_compass_words.txt"))  # "Norra Västmanlands samordningsförbund"
        self.genitive_rx = re.compile(rf"(?<![{L}])(?:(?:{compass})[ \t]+)?[A-ZÅÄÖ][{L}]+s\s+(?:[A-ZÅÄÖ][a-zåäö]*|[a-zåäö]*)(?:högskola|universitet|förbund|förbundet|sjukhus|räddningstjänst)(?![{L}])")
        self.generic = {h.lower() for h in k.org_heads}
        self.titles = set(k.titles)
        self.common_words = k.common_words

    def find(self, text: str):
        for rx in (self.known_rx, self.foreign_rx, self.union_rx):
            for m in rx.finditer(text):
                yield m.start(), m.end()
        for start, end in pattern_spans(text):
            yield self._past_titles(text, start, end), self._before_agreement_word(text, start, end)
        for rx in (self.head_rx, self.company_rx, self.genitive_rx, self.suffix_rx):
            for m in rx.finditer(text):
                low = m.group(0).lower()
                if rx is self.suffix_rx and (low in self.generic or low in self.titles or low[:-2] in self.titles):
                    continue  # "Kommunalförbundet" alone is a common noun; "Regionrådet" is a title
                yield self._past_titles(text, m.start(), m.end()), self._before_agreement_word(text, m.start(), m.end())

    def _before_agreement_word(self, text: str, start: int, end: int) -> int:
        """The end of a matched name before a capitalised agreement word run into it, a heading or a
        sentence's next word ("Kommunalförbundet X Förbundsordningen gäller ...")."""
        words = list(re.finditer(r"\S+", text[start:end]))
        while len(words) > 1 and names_an_agreement(words[-1].group(0)):
            words.pop()
        return start + words[-1].end()

    def _past_titles(self, text: str, start: int, end: int) -> int:
        """The start of a matched name after the title words that open it: a capitalised title
        before a name is no part of it ("VD Lerums Sparbank" -> "Lerums Sparbank"), nor is a capitalised
        preposition or conjunction ("För Vätternvatten AB" -> "Vätternvatten AB"), nor a common noun and
        "och" ("Kommunen och Vätternvatten AB")."""
        while (m := re.match(r"([^\s]+)\s+(?=\S)", text[start:end])) and (
                m.group(1).lower().rstrip(".") in self.titles or m.group(1).lower() in LEADING_FUNCTION_WORDS
                or (m.group(1).lower() in self.common_words and text.startswith("och ", start + m.end()))):
            start += m.end()  # a common noun and "och" open a list, not a name ("Kommunen och X AB")
        return start


@lru_cache(maxsize=1)
def union_names() -> tuple[str, ...]:
    """Trade unions and their central organisations (`data/unions.txt`)."""
    return tuple(knowledge._lines("unions.txt"))


def reference_names() -> list[str]:
    """Names, short names (three letters or more) and other names of the reference organisations."""
    out: list[str] = []
    for row in knowledge._csv("reference_organisations.csv"):
        out.append(row["name"])
        for field in ("short_names", "other_names"):
            out.extend(n.strip() for n in (row.get(field) or "").split("|")
                       if len(n.strip()) >= 3 and (field == "other_names" or n.strip().isupper()))
    return out


@lru_cache(maxsize=1)
def foreign_town_names() -> frozenset[str]:
    """The canonical names of the Norwegian and Finnish municipalities (`foreign_municipality_names`)."""
    return frozenset(foreign_municipality_names().values())


@lru_cache(maxsize=1)
def foreign_municipality_names() -> dict[str, str]:
    """Norwegian and Finnish municipality names (both languages) that are not Swedish
    municipalities, each to the municipality's canonical (reference) name: "Oulu" -> "Uleåborg"."""
    swedish = set(knowledge.load().municipalities)
    names: dict[str, str] = {}
    for row in knowledge._csv("foreign_municipalities.csv"):
        if row["kind"] != "municipality":
            continue
        for n in [row["name"], *(row.get("other_names") or "").split("|")]:
            if n.strip() and n.strip() not in swedish:
                names.setdefault(n.strip(), row["name"])
    return names


@lru_cache(maxsize=1)
def name_patterns() -> tuple[re.Pattern, ...]:
    """The productive organisation-name patterns of `data/org_name_patterns.txt`."""
    name = r"[A-ZÅÄÖÉ][A-Za-zÅÄÖåäöÉéÜü&\-]+"
    unit = "|".join(f"[{n[0].upper()}{n[0]}]{n[1:]}" for n in knowledge.military_unit_nouns())
    subst = {"{NAMES}": rf"{name}(?:[ \t]+{name}){{0,2}}", "{NAME}": name, "{UNIT}": f"(?:{unit})"}
    out = []
    for line in knowledge._lines("org_name_patterns.txt"):
        for key, value in subst.items():
            line = line.replace(key, value)
        out.append(re.compile(rf"{_first_character(line)}(?<![A-Za-zÅÄÖåäö]){line}(?![A-Za-zÅÄÖåäö])"))
    return tuple(out)


@lru_cache(maxsize=4)
def pattern_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every match of the organisation-name patterns in `text`; the persons and the
    organisations components of one document both ask, and the patterns run once."""
    return tuple(m.span() for rx in name_patterns() for m in rx.finditer(text))


def _first_character(line: str) -> str:
    """A lookahead for the character a pattern line (placeholders replaced) starts with, where that
    is plain: a capital for a {NAME} or {NAMES} line, the letter of a line starting with a word.
    The pattern is then tried only there (the same matches, faster); otherwise none."""
    if line.startswith("[A-ZÅÄÖÉ]"):
        return "(?=[A-ZÅÄÖÉ])"
    if line[:2].isalpha():
        return f"(?={line[0]})"
    return ""


@Language.factory("samverkan_organisations")
def make_orgs(nlp: Language, name: str):
    return OrganisationsComponent()


class OrganisationsComponent:
    def __init__(self) -> None:
        self.finder = OrgFinder()

    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            return doc
        taken = Occupancy(len(text_of(doc)), [(m.start, m.end) for m in of(doc, "PERSON", "REGION", "MUNICIPALITY")])
        spans: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return not taken.overlaps(s, e)

        people = Occupancy(len(text_of(doc)), [(m.start, m.end) for m in of(doc, "PERSON")])
        for s, e in sorted(set(self.finder.find(text_of(doc))), key=lambda x: (x[0] - x[1], x[0])):  # longest first
            multiword = " " in text_of(doc)[s:e].strip()
            # a multi-word name may contain a place ("Gotlands Filmfond AB", "Mälardalens högskola")
            if free(s, e) or (multiword and not people.overlaps(s, e) and not any(
                    a < e and s < b for a, b in spans)):
                spans.append((s, e))
                taken.mark(s, e)
        k = knowledge.load()
        name_words = {w for s, e in spans for w in text_of(doc)[s:e].split()}
        for ent in doc.ents:
            if ent.label_ != "ORG" or not free(ent.start_char, ent.end_char) or not ent.text[:1].isupper():
                continue
            words = ent.text.split()
            if len(ent.text) < 2 or ent.text in self.finder.company_forms \
                    or text_of(doc)[max(0, ent.start_char - 1):ent.start_char] == "(" \
                    or ent.text in k.parties or knowledge.is_party_name(ent.text):
                continue  # a legal form alone ("AB"); party letters "(C)", "Bo Kärr, KD"; a party's name is no organisation (roles: PARTY)
            if len(words) == 1 and (ent.text.lower() in k.titles or ent.text.lower()[:-2] in k.titles
                                    or ent.text.lower().endswith(("ade", "ande", "ende"))
                                    or ent.text.lower() in k.agreement_words):
                continue  # a title, a participle or an agreement ("Samverkansöverenskommelsen"), not a name
            if names_an_agreement(words[0]):
                continue  # an agreement ("Samverkansöverenskommelsen", "Länsöverenskommelsen Västernorrland")
            if any(w.lower().strip(".,:") in knowledge.document_words() for w in words):
                continue  # "Datum Protokoll", "Justeringens plats": headings run together
            if all(w.lower().strip(".,:") in knowledge.file_formats() for w in words):
                continue  # "Save this PDF as: WORD PNG": a document site's download links
            if all(w.lower() in k.common_words or w in k.org_heads for w in words):
                continue  # "Kommunalförbundet", "Kallade": common words, not names
            if len(words) == 1 and ent.text.lower() in k.lowercase_words and ent.text not in name_words:
                continue  # an ordinary word the NER took for a name ("Ordinarie ledamöter", "DIREKTIONEN"),
                # unless it is a word of a name found here ("Räddningstjänsten" for "Kommunalförbundet Räddningstjänsten X")
            if len(words) == 1 and ent.text.endswith("s") and not ent.text.isupper():
                continue  # a genitive fragment ("Södertörns")
            if len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in k.common_words:
                continue  # runs into the next heading ("Samordningsförbundet Norr Inkomna")
            if ent.text in common_noun_acronyms(text_of(doc)):
                continue  # "mål- och resursplan (MRP)": the short form of a common noun, not a name
            spans.append((ent.start_char, ent.end_char))
            taken.mark(ent.start_char, ent.end_char)
        bare_foreign = self._bare_foreign_names(doc, spans, free)
        twin_towns = self._twin_towns(doc, free, {(s, e) for s, e, _ in bare_foreign})
        bare_foreign += twin_towns
        for s, e in sorted(spans):
            value = re.sub(r"\s+", " ", text_of(doc)[s:e])
            value = value[:1].upper() + value[1:]  # "polisen" -> "Polisen"
            if foreign := self.finder.foreign_rx.fullmatch(value):
                add(doc, "ORG", s, e, self.finder.foreign_names[foreign.group("name")])  # "Vasa stad" -> "Vasa"
                continue
            genitive = re.match(r"(.+?):?s$", value)
            if genitive and genitive.group(1).casefold() in self.finder.known and value.casefold() not in self.finder.known:
                value = genitive.group(1)  # "Mittuniversitetets" -> "Mittuniversitetet"
            elif value.endswith(GENITIVE_HEADS):
                value = value[:-1]  # "Lunds universitets" -> "Lunds universitet"
            elif " " not in value and value.endswith("s") and any(rx.fullmatch(value[:-1]) for rx in name_patterns()):
                value = value[:-1]  # "Polisens", "Länsstyrelsens" -> "Polisen" (not "Högskolan i Borås")
            elif " " in value and re.search(r"[^s]s$", value) and _a_title_follows(text_of(doc), e, k.titles):
                value = value[:-1]  # "Exempel Hockeys vd" -> "Exempel Hockey"
            if " " not in value and value.endswith("s") and any(
                    value[:-1].endswith(x) for x in self.finder.suffixes):
                value = value[:-1]  # genitive: "Karlstadsregionens" -> "Karlstadsregionen"
            add(doc, "ORG", s, e, value)
        for s, e, value in bare_foreign:
            add(doc, "ORG", s, e, value)
        canonicalise_variants(doc, towns={name for _, _, name in twin_towns})
        return doc

    def _bare_foreign_names(self, doc: Doc, spans: list[tuple[int, int]], free) -> list[tuple[int, int, str]]:
        """A Norwegian or Finnish municipality's bare name ("Uleåborg") where the document already named it
        with "kommun"/"stad"/..., where a preposition makes it a place ("borgmästare i Rovaniemi") or where
        it is listed with a Swedish municipality ("i både Umeå och Vasa"), and every mention of a name one
        of these made a place."""
        text, finder = text_of(doc), self.finder
        named = {finder.foreign_names[m.group("name")] for s, e in spans
                 if (m := finder.foreign_rx.fullmatch(re.sub(r"\s+", " ", text[s:e])))}
        municipalities = [(m.start, m.end) for m in of(doc, "MUNICIPALITY")]
        bare = [(m.start(), m.end(), finder.foreign_names[m.group("name")])
                for m in finder.foreign_bare_rx.finditer(text) if free(m.start(), m.end())]
        # once a mention is a place, the name's other mentions are too ("Kuopios stadsdirektör")
        named |= {canonical for s, e, canonical in bare
                  if BARE_PLACE_BEFORE.search(text, max(0, s - 30), s) or in_list(text, s, e, municipalities)}
        return [(s, e, canonical) for s, e, canonical in bare if canonical in named]

    @staticmethod
    def _twin_towns(doc: Doc, free, taken: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Foreign towns in a text on twin towns (`data/twin_town_cues.txt`): a name before "i" and a
        country ("vänort med Exempelstad i Estland"), and every other mention of that name (its
        genitive too), where no other name was found (`free`, and not a bare foreign name already
        `taken`)."""
        text = text_of(doc)
        if not twin_town_rx().search(text):
            return []
        k = knowledge.load()
        names = {m.group("name") for m in foreign_place_rx().finditer(text)}
        names = {n for n in names if n not in k.municipalities and n not in knowledge.county_names()
                 and n.lower() not in k.common_words and n not in k.first_names}
        if not names:
            return []
        mention = re.compile(rf"(?<![{L}])(?P<name>{knowledge.grouped_alternation(sorted(names, key=len, reverse=True))})s?(?![{L}])")
        return [(m.start(), m.end(), m.group("name")) for m in mention.finditer(text)
                if free(m.start(), m.end()) and m.span() not in taken]


@lru_cache(maxsize=4)
def common_noun_acronyms(text: str) -> frozenset[str]:
    """Acronyms a text introduces for a common noun: in brackets after a lower-case word that is no
    organisation's head ("en mål- och resursplan (MRP)", "detaljplanen (DP)"); not after a name or an
    organisation noun of `data/org_heads.txt` or `data/org_suffixes.txt` ("Medelpads räddningstjänstförbund
    (MRF)", "samordningsförbundet (FINSAM)")."""
    k = knowledge.load()
    heads = tuple(h.lower() for h in (*k.org_heads, *k.org_suffixes))
    return frozenset(m.group(2) for m in ACRONYM_AFTER_WORD.finditer(text)
                     if m.group(1)[:1].islower() and not m.group(1).lower().endswith(heads))


def _a_title_follows(text: str, end: int, titles) -> bool:
    """Whether a title in lower case or capitals comes next after `end` ("Exempel Hockeys vd", "VD")."""
    m = re.match(rf"[ \t]+([a-zåäö][{L}\-]*|[A-ZÅÄÖ]{{2,4}}(?![{L}]))", text[end:end + 40])
    return bool(m) and m.group(1).lower() in titles


@lru_cache(maxsize=1)
def twin_town_rx() -> re.Pattern:
    """A twin-town word (`data/twin_town_cues.txt`), in any case and any inflection."""
    return re.compile(rf"(?i)(?<![{L}])(?:{'|'.join(map(re.escape, knowledge._lines('twin_town_cues.txt')))})")


@lru_cache(maxsize=1)
def foreign_place_rx() -> re.Pattern:
    """A capitalised name before "i" and a foreign country ("Exempelstad i Estland"; the countries of
    `data/country_names_sv.txt`)."""
    countries = sorted(knowledge._lines("country_names_sv.txt"), key=len, reverse=True)
    return re.compile(rf"(?<![{L}])(?P<name>[A-ZÅÄÖ][{L}]+)[ \t]+i[ \t]+(?:{'|'.join(map(re.escape, countries))})(?![{L}])")


@lru_cache(maxsize=1)
def _unit_code() -> re.Pattern:
    """A military unit's code after its name, in lower case ("regemente p 4", "flygflottilj f7",
    "trängregementet träng r"): the unit nouns of `data/military_unit_nouns.txt`."""
    nouns = "|".join(knowledge.military_unit_nouns())
    return re.compile(rf"((?:{nouns}))\s+[a-zåäö]{{1,5}}\s?(?:[0-9]{{1,2}}|r)$")


def variant_key(value: str) -> str:
    """'Länsstyrelsen i Jämtlands län' and 'Länsstyrelsen Jämtlands län' share a key, and so do a
    military unit with and without its code ("Skaraborgs Flygflottilj F7", "Skaraborgs flygflottilj")."""
    words = [w for w in _unit_code().sub(r"\1", value.casefold()).split() if w not in ("i", "på", "för", "län", "läns")]
    if len(words) > 1 and words[-1] in _company_forms_folded():
        words.pop()  # "Hjo Energi AB" and "Hjo Energi"
    if words and (len(words) > 1 or words[-1].endswith(("ets", "ens"))) and words[-1].endswith("s"):
        words[-1] = words[-1][:-1]  # genitive: "Linnéuniversitets", "Högskolan i Gävles"
    while words and len(words[-1]) > 8 and words[-1].endswith(("et", "en")):
        words[-1] = words[-1][:-2]  # definite form: "Linnéuniversitetet" and "Linnéuniversitet"
    return " ".join(words)


@lru_cache(maxsize=1)
def company_forms() -> frozenset[str]:
    """Legal-form words written after a company's name (`data/company_forms.txt`: AB, Oy, GmbH, ...)."""
    return frozenset(knowledge._lines("company_forms.txt"))


@lru_cache(maxsize=1)
def _company_forms_folded() -> frozenset[str]:
    return frozenset(f.casefold() for f in company_forms())


@lru_cache(maxsize=1)
def _long_agreement_nouns() -> tuple[str, ...]:
    """The agreement nouns of `data/agreement_types.csv` of ten letters or more."""
    return tuple(a for a in knowledge.load().agreement_words if len(a) >= 10)


def names_an_agreement(word: str) -> bool:
    """A word that is a long agreement noun or a compound ending in one ("Länsöverenskommelsen",
    "Förbundsordningen"); short ones end other words and names ("Revisionen", the union "Vision")."""
    return word.lower().endswith(_long_agreement_nouns())


def _genitive_of_any(value: str, forms: set[str]) -> bool:
    """'Länsstyrelsen Värmlands' when 'Länsstyrelsen Värmland' is among `forms`; "SKR:s" likewise."""
    return value.endswith("s") and (value[:-1] in forms or (value.endswith(":s") and value[:-2] in forms))


def _has_legal_form(name: str) -> bool:
    """'Hjo Energi AB', not 'Hjo Energi'."""
    return name.split()[-1].casefold() in _company_forms_folded()


@lru_cache(maxsize=1)
def reference_aliases() -> dict[str, str]:
    """Any name form of a reference organisation (casefolded) -> its full name."""
    out: dict[str, str] = {}
    for row in knowledge._csv("reference_organisations.csv"):
        for n in [row["name"], *(row.get("short_names") or "").split("|"), *(row.get("other_names") or "").split("|")]:
            if n.strip():
                out.setdefault(n.strip().casefold(), row["name"])
    for alias, name in everyday_aliases():
        out.setdefault(alias.casefold(), name)
    return out


@lru_cache(maxsize=1)
def everyday_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, reference name) of everyday names the reference lacks ("Polisen", "Chalmers"):
    `data/organisation_aliases.csv`, recognised as names and unified with the reference name."""
    return tuple((row["alias"], row["name"]) for row in knowledge._csv("organisation_aliases.csv"))


@lru_cache(maxsize=1)
def reference_variant_keys() -> dict[str, str]:
    """`variant_key` of a reference organisation's name forms -> its full name ("Linnéuniversitets",
    "Linnéuniversitet" -> Linnéuniversitetet); keys two organisations share are left out."""
    out: dict[str, str | None] = {}
    for alias, name in reference_aliases().items():
        key = variant_key(alias)
        out[key] = name if out.get(key, name) == name else None
    return {k: v for k, v in out.items() if v}


@lru_cache(maxsize=1)
def state_body_words() -> frozenset[str]:
    """First words of reference organisations' names, and their one-word names, that look like a
    municipal body's name ("Länsstyrelsen", "Skogsstyrelsen", "Domarnämnden"): a state authority,
    never a municipality's own body."""
    return frozenset(n.split()[0].casefold() for n in reference_names())


def canonicalise_variants(doc: Doc, towns: set[str] = frozenset()) -> None:
    """Name forms of the same organisation or region get one value: the form the text uses most,
    or for a reference organisation named in several forms ("SLU", "Sveriges
    lantbruksuniversitet") the longest form the text uses. A foreign town (Norwegian, Finnish, or
    one of `towns`, the text's twin towns) keeps its own name."""
    aliases = reference_aliases()
    by_variant = reference_variant_keys()
    groups: dict[tuple[str, str], list] = {}
    for m in of(doc, "ORG", "REGION"):
        ref = aliases.get(m.value.casefold()) or by_variant.get(variant_key(m.value)) if m.label == "ORG" else None
        key = (m.label, "ref:" + ref) if ref else (m.label, variant_key(m.value))
        groups.setdefault(key, []).append(m)
    for (_, key), ms in groups.items():
        forms = {m.value for m in ms}
        # a form that is another form's genitive is never the name ("Länsstyrelsen Värmlands verksamhet")
        bases = [m.value for m in ms if not _genitive_of_any(m.value, forms)]
        if key.startswith("ref:") and len(forms) > 1:
            value = max(bases, key=len)
        else:  # the form the text uses most, the first of equals; a company's with its legal form
            counts = Counter(bases)
            if len(counts) > 1 and any(map(_has_legal_form, counts)):
                counts = Counter({v: n for v, n in counts.items() if _has_legal_form(v)})
            value = max(counts, key=counts.__getitem__)  # max keeps the first of equals, in text order
        for m in ms:
            m.value = value
    # a lone word standing for the one longer name it is a word of ("Högskolan" after "Högskolan i
    # Halmstad", "Räddningstjänsten" after "Kommunalförbundet Räddningstjänsten Östra Götaland")
    values = {m.value for m in of(doc, "ORG")}
    foreign = foreign_town_names()
    for m in of(doc, "ORG"):
        if " " not in m.value and m.value not in foreign and m.value not in towns:  # a foreign town is a place of its own
            lone = m.value.casefold()
            inner = lone not in aliases and not any(rx.fullmatch(m.value) for rx in name_patterns())
            longer = {v for v in values if " " in v and (v.casefold().startswith(lone + " ") or (
                inner and lone in v.casefold().split()[1:]))}
            if len(longer) == 1:
                m.value = longer.pop()
