"""Component `samverkan_persons`: named natural persons (PERSON).

Merges two sources: the statistical NER (PER entities of the sourced `ner` component, when the
pipeline has one) and name grammar: a known first name (hyphenated parts allowed) followed by
one or two capitalised surnames, or two capitalised words followed by a party parenthesis
"(S)" / "(Båp)" or by a comma and a title ("Sture Klint, ekonomichef"). A middle initial
("Kurt P. Sand") or a surname particle ("von", `data/name_particles.txt`) may stand inside;
a third part must look like a surname or be followed by the party. Tokens that are titles,
municipalities (unless the party follows: "Tova Norberg (S)"), common words or first names of a
following person end the name. A span that is exactly an organisation pattern's match
("Norrbottens Regemente", `data/org_name_patterns.txt`) is no name. Surname-only mentions of a
person named in full earlier are resolved to the full name (value = full name).
"""
from __future__ import annotations

import re

from spacy.lang.sv.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from . import knowledge
from .mentions import Occupancy, add, is_foreign, text_of
from .organisations import pattern_spans

# letters of names: Swedish, and the Latin letters of names from elsewhere ("Mikulić", "Łukasz", "Muñoz")
UPPER = "A-ZÅÄÖÉÜÆØÁÍÓÚÈÇŠŽĆČĐŁŃŚŹŻÑÕÔÊËÎÏÂÛÙÝĞŞİŘĚŮ"
LOWER = "a-zåäöéüæøáíóúèçšžćčđłńśźżñõôêëîïâûùýğşıřěů"
L = UPPER + LOWER
CAP = rf"[{UPPER}][{L}'’]+"
NER_NAME_WORD = re.compile(rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?")  # "Anna-Lena", not "ÖSTER"
NAME_TOKEN = re.compile(rf"(?<![\w\-]){CAP}(?:-{CAP})*")
INITIAL = re.compile(r"(?<![\w\-])[A-ZÅÄÖ]\.?(?=[ ])")  # a middle initial: "Kurt P. Sand"
WORD_TOKEN = re.compile(rf"{NAME_TOKEN.pattern}|{INITIAL.pattern}|(?<![\w\-])[a-z]{{2,3}}(?=[ ])")
PARTY_AFTER = re.compile(r"\s*,?\s*\(([A-Za-zÅÄÖåäö]{1,4})\)")
BARE_PARTY_AFTER = re.compile(r"[ \t]*,?[ \t]*([A-ZÅÄÖ]{1,3})(?=[ \t]*(?:[,)\n]|[ \t][A-ZÅÄÖ]|$))")
TITLE_AFTER = re.compile(rf"[ \t]*,[ \t]*((?:[{L}]+\.?[ \t]+)?[{L}]+)")
NOUN_END = re.compile(r"(ande|ende|else|ning|ningen|het|heten|tion|lag|skap|skapet|et|ets|erna|arna|orna|ies)$")
SURNAME_END = re.compile(r"(son|sen|berg|ström|gren|lund|qvist|kvist|man|ander|ius|ell|én|dahl|dal|holm|blad|stam|borg|ling|sten|stedt|by|mark|lind|löf|ek|nen|sson|ros|rot|fors|vall|hed|bäck|bom|mo|ö)$")
TITLE_WORD_CACHE = 200_000  # tokens whose `is_title_word` answer is remembered (cleared when full)


class NameGrammar:
    def __init__(self) -> None:
        self.k = knowledge.load()
        self.org_endings = tuple(x.lower() for x in self.k.org_suffixes if len(x) > 3)  # data/org_suffixes.txt
        self.place_endings = tuple(knowledge._lines("place_name_endings.txt"))
        self.muni_forms = set()
        self.ambiguous_munis = {m.name for m in self.k.municipalities.values() if m.ambiguous}
        for m in self.k.municipalities.values():
            self.muni_forms.update({m.name, m.genitive})
        self._title_words: dict[str, bool] = {}  # token -> is_title_word (the same tokens recur)
        # the first names of many languages (`knowledge.world_names`: "Jeannette" and "Keijo" are, "Fahimeh" is
        # not) that are no Swedish word and no place ("Mora", "Kalmar": `data/ner_places.txt`)
        places = frozenset(knowledge._lines("ner_places.txt"))
        self.world_first_names = frozenset(
            n for n in knowledge.world_names()[0]
            if n.lower() not in self.k.common_words and n not in places and n not in self.muni_forms)

    def is_first(self, tok: str) -> bool:
        if tok.endswith("son") and len(tok) > 5:
            return False
        return all(p in self.k.first_names or p in self.world_first_names for p in tok.split("-"))

    def surname_first(self, names: list[str]) -> dict[str, str]:
        """The two-word names of a list that writes the surname first, as a register does
        ("Persson Tord (S)"), mapped to the usual order ("Tord Persson"). Such a name is sure when its
        first word is a known surname and no first name, and its second a first name without a
        surname's ending (`knowledge.world_names`). A document with two sure names has that order;
        there the names whose first word is no known first name are read so too ("Rugsveen Astrid")."""
        first, surnames = knowledge.world_names()

        def first_name(part: str) -> bool:
            return part in first or part in self.k.first_names

        def given(tok: str) -> bool:
            return not SURNAME_END.search(tok) and all(map(first_name, tok.split("-")))

        def family(tok: str) -> bool:
            return all((p in surnames or SURNAME_END.search(p)) and not first_name(p) for p in tok.split("-"))

        pairs = {n: w for n in set(names) for w in [n.split()] if len(w) == 2 and given(w[1])}
        sure = {n for n, w in pairs.items() if family(w[0])}
        if len(sure) < 2:
            return {}
        return {n: f"{w[1]} {w[0]}" for n, w in pairs.items()
                if n in sure or not any(map(first_name, w[0].split("-")))}

    def is_title_word(self, tok: str) -> bool:
        """Whether `tok` is a title word ("ordförande", "Kommundirektör", "ekonomichefen"); cached."""
        known = self._title_words.get(tok)
        if known is None:
            if len(self._title_words) >= TITLE_WORD_CACHE:  # an archive's vocabulary is unbounded
                self._title_words.clear()
            known = self._title_words[tok] = self._is_title_word(tok)
        return known

    def _is_title_word(self, tok: str) -> bool:
        low = tok.lower().rstrip(".:")
        if low in self.k.titles or low in self.k.title_modifiers:
            return True
        base = re.sub(r"(en|n|et)$", "", low)
        return (low.endswith(self.k.title_suffixes) or base.endswith(self.k.title_suffixes)) and len(low) > 4

    def surname_ok(self, tok: str, party_follows: bool = False) -> bool:
        """`tok` can be a surname; a municipality's name only when it is an ordinary word too
        ("Berg", "Lund") or a party parenthesis follows ("Gun Norberg (S)": a person)."""
        low = tok.lower()
        if low in self.k.common_words or self.is_title_word(tok):
            return False
        if tok in self.muni_forms and tok not in self.ambiguous_munis and not party_follows:
            return False
        if tok.isupper() and len(tok) > 1:
            return False
        if tok in self.k.org_heads or tok.startswith(("Region", "Kommun", "Landsting")):
            return False
        if low.endswith(self.org_endings):
            return False  # "Exempelbygdens Räddningstjänstförbund (ERF)": an organisation ("-förbund" is no "-lund")
        if low.endswith(self.place_endings):
            return False  # "Karin Larssonskolan": a school named after a person
        return True

    def find(self, text: str):
        """Yield (start, end) of person names by name grammar."""
        toks = [(m.start(), m.end(), m.group(0)) for m in WORD_TOKEN.finditer(text)]
        i = 0
        while i < len(toks):
            s, e, t = toks[i]
            if not NAME_TOKEN.fullmatch(t):
                i += 1
                continue
            if (self.is_first(t) or self._party_follows(text, toks, i) or self._speaker_cue(text, toks, i)
                    or self._title_follows(text, toks, i)):
                j = i + 1
                parts = [t]
                end = name_end = e
                while j < len(toks) and len(parts) < 3:
                    s2, e2, t2 = toks[j]
                    gap = text[end:s2]
                    if gap not in (" ", "  "):
                        break
                    if not NAME_TOKEN.fullmatch(t2):
                        # a middle initial or a name particle ("von", "af") joins only a following surname
                        if not self._joins_surname(text, toks, j, len(parts)):
                            break
                        end = e2
                        j += 1
                        continue
                    if not self.surname_ok(t2, PARTY_AFTER.match(text, e2) is not None):
                        break
                    if len(parts) >= 2 and self.is_first(t2) and not t2.endswith("son"):
                        break  # a first name starts the next person
                    if len(parts) >= 2 and not (SURNAME_END.search(t2) or self._ends_name(text, e2)
                                                or (self.is_first(parts[1])
                                                    and t2.lower() not in knowledge.document_words())):
                        break  # a third name part must look like a surname, or be followed by the party,
                        # or follow two first names ("Lars Åke Sjöbrink")
                    parts.append(t2)
                    end = name_end = e2
                    j += 1
                if len(parts) >= 2:  # a lone first name is no person
                    yield s, name_end
                    i = j
                    continue
            i += 1

    def names_a_place(self, text: str, end: int) -> bool:
        """A name that runs on with a hyphen into a school's or building's ending names that place
        ("Karin Larsson-skolan"), not a person."""
        m = re.match(r"-([a-zåäö]+)", text[end:end + 30])
        return m is not None and m.group(1).endswith(self.place_endings)

    def _joins_surname(self, text: str, toks, j: int, n_parts: int) -> bool:
        """An initial or a lower-case particle between a first name and a capitalised surname."""
        t = toks[j][2]
        if t[0].islower() and t not in self.k.name_particles:
            return False
        if t[0].isupper() and n_parts != 1:
            return False  # an initial only after the first name
        if j + 1 >= len(toks):
            return False
        s2, e2, t2 = toks[j + 1]
        return text[toks[j][1]:s2] == " " and NAME_TOKEN.fullmatch(t2) is not None and self.surname_ok(t2)

    def _ends_name(self, text: str, end: int) -> bool:
        """A party marker right after a word: "(Båp)", ", C," or a bare "S" in a table row."""
        m = PARTY_AFTER.match(text, end)
        if m and (m.group(1).upper() in self.k.parties or m.group(1)[0].isupper()):
            return True
        m = BARE_PARTY_AFTER.match(text, end)
        return bool(m and m.group(1) in self.k.parties)

    def trim_ner_span(self, text: str, s: int, e: int) -> tuple[int, int]:
        """A NER span ends at a line break, and without trailing spaces, punctuation, titles or a minutes
        heading run into the name ("Eva Ek Justeringens plats och tid"); a title or a heading opening it is
        no part of it ("Kommunchef Eva Ek", "Paragrafer Eva Ek")."""
        nl = text.find("\n", s, e)
        if nl >= 0:
            e = nl
        while e > s and not text[e - 1].isalnum():
            e -= 1
        words = list(re.finditer(r"\S+", text[s:e]))
        while len(words) > 2 and (self.is_title_word(words[0].group(0))
                                  or words[0].group(0).lower() in knowledge.document_words()):
            s += words[1].start()  # a capitalised title opening the sentence ("Kommunchef Ralf Hedin och ...")
            words = list(re.finditer(r"\S+", text[s:e]))
        while len(words) > 1 and self.is_title_word(words[-1].group(0)):
            words.pop()
            e = s + words[-1].end()
        while len(words) > 2 and words[-1].group(0).lower() in knowledge.document_words():
            words.pop()
            e = s + words[-1].end()
        return s, e

    def plausible_ner_name(self, text: str, s: int, e: int, words: list[str]) -> bool:
        """NER PER spans are kept only when they look like a personal name in a clean context."""
        if len(words) > 3:
            return False
        for w in words:
            if not NER_NAME_WORD.fullmatch(w):
                return False
            if not self.surname_ok(w) and not self.is_first(w):
                return False
            if w.lower() in self.k.common_words or w in self.muni_forms:
                return False
            if not self.is_first(w) and NOUN_END.search(w.lower()):
                return False  # "Yttrande", "Rådhuset", "Beslutsunderlag": nouns, not names
        before = text[max(0, s - 30):s]
        prev_word = before.split()[-1] if before.split() else ""
        after = text[e:e + 30]
        titled = self.is_title_word(prev_word) and re.match(r"[ \t]*([,(]|[a-zåäö])", after) is not None
        party = PARTY_AFTER.match(text, e)  # "Liss Böcker (C)": a known party's letters follow
        if not (self.is_first(words[0]) or SURNAME_END.search(words[-1]) or titled
                or (party and party.group(1).upper() in self.k.parties)):
            return False
        if re.search(rf"{CAP}[ \t]$", before) and not self.is_title_word(before.split()[-1]):
            return False
        if re.match(rf"[ \t]{CAP}", after):
            return False
        return True

    def _speaker_cue(self, text: str, toks, i: int) -> bool:
        """'säger Siv Rask,': two capitalised words after 'säger' are a name."""
        if i + 1 >= len(toks) or not re.search(r"\bsäger\s+$", text[max(0, toks[i][0] - 8):toks[i][0]]):
            return False
        s, e, t = toks[i]
        s2, e2, t2 = toks[i + 1]
        return text[e:s2] == " " and self.surname_ok(t) and self.surname_ok(t2)

    def _two_names(self, text: str, toks, i: int):
        """The end of two adjacent capitalised name-like words starting at token i, or None."""
        if i + 1 >= len(toks):
            return None
        s, e, t = toks[i]
        s2, e2, t2 = toks[i + 1]
        if text[e:s2] != " " or not NAME_TOKEN.fullmatch(t2):
            return None
        if not self.surname_ok(t) or not self.surname_ok(t2, PARTY_AFTER.match(text, e2) is not None):
            return None
        return e2

    def _party_follows(self, text: str, toks, i: int) -> bool:
        """'Gun Brink (S)', 'Tor Vinge (Båp)': two capitalised words then a party parenthesis."""
        e2 = self._two_names(text, toks, i)
        if e2 is None:
            return False
        m = PARTY_AFTER.match(text, e2)
        if not m:
            return False
        if m.group(1).upper() in self.k.parties:
            return True
        # an unknown local party ("(Båp)"), unless the two words are ordinary words that an
        # abbreviation follows ("Idéburet Offentligt Partnerskap (IOP)")
        words = text[toks[i][0]:e2].split()
        return m.group(1)[0].isupper() and not all(
            (w.lower() in self.k.lowercase_words or NOUN_END.search(w.lower())) and not self.is_first(w) for w in words)

    def _title_follows(self, text: str, toks, i: int) -> bool:
        """'Sture Klint, ekonomichef': two capitalised words, a comma and a title in lower case."""
        e2 = self._two_names(text, toks, i)
        if e2 is None:
            return False
        m = TITLE_AFTER.match(text, e2)
        if not m or not m.group(1)[0].islower():
            return False
        words = m.group(1).split()
        if self.is_title_word(words[0]):
            return True  # "Sture Klint, ekonomichef Lars ...": the next name follows the title
        # "tf. kommunchef", "teknisk chef"; not a clause ("Ilir Zogaj, som ekonomichef")
        return len(words) == 2 and words[0].lower() not in STOP_WORDS and self.is_title_word(words[1])


@Language.factory("samverkan_persons")
def make_persons(nlp: Language, name: str):
    return PersonsComponent()


class PersonsComponent:
    def __init__(self) -> None:
        self.grammar = NameGrammar()

    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            return doc
        text = text_of(doc)
        spans = list(self.grammar.find(text))
        grammar_taken = Occupancy(len(text), spans)
        # one-word places and organisations of the document ("Tammerfors", "Ternopil")
        place_words = {ent.text for ent in doc.ents if ent.label_ in ("LOC", "ORG") and ent.text.isalpha()}
        for ent in doc.ents:
            if ent.label_ != "PER":
                continue
            s, e = self.grammar.trim_ner_span(text, ent.start_char, ent.end_char)
            words = text[s:e].split()
            if len(words) >= 3 and words[0] in place_words and not self.grammar.is_first(words[0]):
                # a caption's "borgmästaren Tammerfors Kari Virtanen": the place is not the name's
                s = text.index(words[1], s + len(words[0]))
                words = words[1:]
            if len(words) < 2 or len(words) > 4:
                continue
            if not all(w[:1].isupper() for w in words):
                continue
            if not self.grammar.plausible_ner_name(text, s, e, words):
                continue
            if grammar_taken.overlaps(s, e):
                # overlap with a grammar name: keep the longer one
                overlapping = [(a, b) for a, b in spans if not (a >= e or b <= s)]
                if any((b - a) >= (e - s) for a, b in overlapping):
                    continue
                spans = [x for x in spans if x not in overlapping]
            spans.append((s, e))
            grammar_taken.mark(s, e)
        # a "name" that is exactly an organisation pattern's match is the organisation's ("Norrbottens
        # Regemente, överste"); a person inside a longer match keeps the name ("Miljöförbundet Eva Ek Utses")
        org_names = set(pattern_spans(text))
        spans = sorted(x for x in spans if x not in org_names and not self.grammar.names_a_place(text, x[1]))
        by_surname: dict[str, set[str]] = {}
        names = [nominative(re.sub(r"\s+", " ", text[s:e])) for s, e in spans]
        in_order = self.grammar.surname_first(names)
        for (s, e), name in zip(spans, names):
            name = in_order.get(name, name)
            add(doc, "PERSON", s, e, name)
            by_surname.setdefault(name.split()[-1], set()).add(name)
        # a surname shared by two people in the text resolves to neither
        full = {sur: next(iter(names)) for sur, names in by_surname.items() if len(names) == 1}
        # surname-only mentions of a person named in full
        taken = Occupancy(len(text), spans)
        for surname, name in full.items():
            for start in whole_word_starts(text, surname):
                end = start + len(surname)
                if taken.covers(start):
                    continue
                first = name.rsplit(" ", 1)[0]
                if text[max(0, start - len(first) - 1):start] == first + " ":
                    start -= len(first) + 1  # the full name, missed by the grammar at this place
                elif surname.lower() in self.grammar.k.common_words or surname in self.grammar.muni_forms:
                    continue  # "Norberg" alone may be the place; "Gerry Norberg" is the person
                add(doc, "PERSON", start, end, name)
        return doc


GENITIVE_SON = re.compile(r"(?<=[a-zåäö]son)s$")  # "Dan Perssons avgång": the surname's genitive


def nominative(name: str) -> str:
    """A name whose -son surname stands in the genitive ("Dan Perssons") as the person is named
    ("Dan Persson"); no nominative surname ends in "-sons"."""
    return GENITIVE_SON.sub("", name)


NAME_CHARS = frozenset(c for c in map(chr, range(0x250)) if re.fullmatch(rf"[{L}\-]", c))  # the class [{L}-]


def whole_word_starts(text: str, word: str):
    """The starts of `word` in `text` with no letter or hyphen either side ("Berg", not in
    "Bergström" or "Ek-Berg"): a search per surname without compiling a pattern for each."""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or text[i - 1] not in NAME_CHARS) and (end == len(text) or text[end] not in NAME_CHARS):
            yield i
            i = text.find(word, end)
        else:
            i = text.find(word, i + 1)
