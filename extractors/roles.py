"""Component `samverkan_roles`: role titles (TITLE, value = lowercase base form) and party letters (PARTY).

A title is [modifiers] head [complement]: heads come from the taxonomy in `data/titles.csv`
("kommunstyrelsens ordförande", "KSO", "ordförande i kommunstyrelsen", ...) or are compounds
ending in a title word from `data/title_suffixes.txt` ("kommundirektör", "VA-chef",
"utvecklingsstrateg"); definite forms are reduced ("kommundirektören" -> "kommundirektör",
"landshövdingen" -> "landshövding"). Complements kept in the base form: "ordförande i
organisationskommittén", "projektledare för samverkan och dialog", "1:e vice ordförande
regionstyrelsen", "ordförande i kommunstyrelsens arbetsutskott", "ordförande i tekniska
nämnden". A first compound part shared with the head belongs to it ("plan- och
exploateringschef", "Kultur- och fritidsnämndens 2:e vice ordförande"). Parties: "(S)", "(kd)",
", (M)," with letters from `data/parties.csv` or any upper-case 2-4 letter group, known party
letters between commas after a name ("Ebba Kvist, C, ordf"), and a party's name (its letters)
after a name or before a name or title ("Liza Kettil från Socialdemokraterna",
"Kristdemokraternas Lena Ek"): a party is never an organisation.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import knowledge
from .mentions import add, is_foreign, text_of

L = "A-Za-zÅÄÖåäöÉéÜü"
WORD_RX = re.compile(rf"[{L}0-9][{L}0-9:.\-]*[{L}0-9]|[{L}]")
# the minutes' formula for the members chosen to check them (justerare), before or after their
# names: "Utses att justera: A", "A (M) utses att jämte ordföranden justera", "B valdes att justera"
JUSTERA_CUE = re.compile(r"\b(?:[Uu]tse(?:s|dd|dda)|[Uu]tsågs|[Vv]aldes|[Vv]äljs) att "
                         r"(?:(?:jämte|tillsammans med) ordföranden )?justera\b")
PARTY_RX = re.compile(r"\(\s*([A-Za-zÅÄÖåäö]{1,4})\s*\)")
BARE_PARTY_AFTER_NAME = re.compile(r"[ \t]*,[ \t]*([A-ZÅÄÖ]{1,3})(?=[ \t]*,|[ \t]*\n|[ \t]+[a-zåäö]|[ \t]*\Z)")
BODY_GENITIVE = re.compile(r"^[a-zåäö]+(styrelsens|styrelsen|nämndens|förbundets|fullmäktiges|styrelsernas)$")
OWNED_BODY_NOUN = re.compile(r"^[a-zåäö]*(styrelse|nämnd|kommitté|presidium|grupp|råd|utskott)$")  # "kommunstyrelsens arbetsutskott"
COMPLEMENT_NOUN = re.compile(r"^[a-zåäö]+(styrelsen|nämnden|kommittén|presidiet|gruppen|rådet|utskottet|fullmäktige)$")
# a body named by an adjective and a bare body noun: "i tekniska nämnden", "i allmänna utskottet"
ADJECTIVE_BEFORE_BODY = re.compile(r"^[a-zåäö]{3,}a$")
BARE_BODY_NOUN = re.compile(r"^(?:nämnden|utskottet|styrelsen|beredningen|kommittén|direktionen)$")


@lru_cache(maxsize=1)
def _title_plurals() -> tuple[tuple[str, str], ...]:
    rows = knowledge._csv("title_plurals.csv")
    return tuple(sorted(((r["plural"], r["singular"]) for r in rows), key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _title_post_nouns() -> tuple[str, ...]:
    return tuple(sorted(knowledge._lines("title_post_nouns.txt"), key=len, reverse=True))


class TitleFinder:
    def __init__(self) -> None:
        self.k = knowledge.load()
        self.multi = sorted((v for v in self.k.titles if " " in v), key=lambda v: -len(v.split()))
        self._head_cache: dict[str, str | None] = {}
        self.council_titles = tuple(s for s in self.k.title_suffixes if s.endswith("råd"))
        self.multi_first = {v.split()[0] for v in self.multi}
        self.place_words = set()
        for m in self.k.municipalities.values():
            self.place_words.update({m.name, m.genitive, m.name.upper()})
        self.multi_by_first: dict[str, list[str]] = {}  # first word -> variants, longest first
        for v in self.multi:
            self.multi_by_first.setdefault(v.split(" ")[0], []).append(v)
        self.modifier_first = {m.split(" ")[0] for m in self.k.title_modifiers}
        self._start_cache: dict[str, bool] = {}

    def may_start(self, word: str) -> bool:
        """False when no title phrase can start at `word` (a cheap test before `_at`)."""
        known = self._start_cache.get(word)
        if known is None:
            low = word.lower()
            known = self._start_cache[word] = bool(
                low in self.modifier_first or low in self.multi_by_first or BODY_GENITIVE.match(low)
                or self.head_base(word) is not None)
        return known

    def plural_head(self, word: str) -> str | None:
        """Base form of a one-word title head in the plural ("ledamöterna", "kommunalråden",
        "ersättarna", "cheferna"; endings in `data/title_plurals.csv`), or None."""
        low = word.lower()
        for plural, singular in _title_plurals():
            if low.endswith(plural) and len(low) > len(plural) + 2:
                base = self.head_base(low[: len(low) - len(plural)] + singular)
                if base is not None:
                    return base
        return None

    def head_base(self, word: str) -> str | None:
        """Base form of a one-word title head, or None."""
        if word not in self._head_cache:
            self._head_cache[word] = self._head_base(word)
        return self._head_cache[word]

    def _head_base(self, word: str) -> str | None:
        low = word.lower().rstrip(".")
        if word[:1].isupper() and low.endswith(("rådet", "råd")) and low not in self.k.titles \
                and low.rstrip("et") not in self.k.titles and not low.endswith(self.council_titles):
            return None  # "Hälsingerådet" names a council; "Finansborgarråd" is a title
        for cand in (low, re.sub(r"en$", "", low), re.sub(r"n$", "", low), re.sub(r"et$", "", low)):
            if cand in self.k.titles:
                return self.k.titles[cand]
        if len(low) < 4 or not re.fullmatch(r"[a-zåäöéü\-]+", low):
            return None
        for cand in (low, re.sub(r"en$", "", low), re.sub(r"n$", "", low)):
            for suf in self.k.title_suffixes:
                if cand.endswith(suf) and (cand == suf or len(cand) > len(suf) + 1):
                    return cand
        return self._post_base(low)

    def _post_base(self, low: str) -> str | None:
        """The title of a post compound ("ordförandeposten", "kommunalrådsposten", "ordförande-poster";
        nouns in `data/title_post_nouns.txt`), or None."""
        for noun in _title_post_nouns():
            if low.endswith(noun) and len(low) > len(noun) + 3:
                stem = low[: -len(noun)].rstrip("-")
                for cand in (stem, stem[:-1] if stem.endswith("s") else None):
                    if cand and (base := self.head_base(cand)) is not None:
                        return base
        return None

    def find(self, text: str):
        """Yield (start, end, base) title phrases."""
        words = [(m.start(), m.end(), m.group(0)) for m in WORD_RX.finditer(text)]
        i = 0
        while i < len(words):
            res = self._at(text, words, i) if self.may_start(words[i][2]) or self._shares_head(text, words, i) else None
            if res:
                s, e, base, j = res
                yield s, e, base
                i = j
            else:
                i += 1

    def _gap_ok(self, text: str, a: int, b: int) -> bool:
        return text[a:b] in (" ", "  ")

    def _at(self, text: str, words, i: int):
        k = self.k
        start = words[i][0]
        mods: list[str] = []
        j = i
        # modifiers ("vice", "1:e vice", "tf", "regionala", ...)
        while j < len(words):
            w = words[j][2].lower()
            two = (w + " " + words[j + 1][2].lower()) if j + 1 < len(words) else ""
            if two in k.title_modifiers and not two.startswith(("ej ",)) and self._gap_ok(text, words[j][1], words[j + 1][0]):
                mods.append(k.title_modifiers[two]); j += 2; continue
            if w in k.title_modifiers and j + 1 < len(words) and (
                    self._gap_ok(text, words[j][1], words[j + 1][0]) or text[words[j][1]:words[j + 1][0]] == ". "):
                mods.append(k.title_modifiers[w]); j += 1; continue  # "tf kulturchef", "tf. kulturchef"
            break
        if j >= len(words):
            return None
        shared = ""  # "plan- och exploateringschef": a first compound part shared with the head
        if self._shares_head(text, words, j):
            shared = f"{words[j][2].lower()}- {words[j + 1][2]} "
            j += 2
        # multi-word variants from the taxonomy
        for v in self.multi_by_first.get(words[j][2].lower(), ()):
            n = len(v.split())
            seq = words[j:j + n]
            if len(seq) == n and " ".join(x[2].lower() for x in seq) == v and all(
                    self._gap_ok(text, seq[x][1], seq[x + 1][0]) for x in range(n - 1)):
                base = k.titles[v]
                end, jj = seq[-1][1], j + n
                end, jj, comp = self._complement(text, words, jj, end)
                return start, end, self._compose(mods, shared + base, comp), jj
        w = words[j][2]
        chair = self._chair_of_body(text, words, j) if BODY_GENITIVE.match(w.lower()) else None
        if chair is not None:  # "kommunstyrelsens ordförande", "kulturnämndens 2:e vice ordförande"
            vice, c = chair
            body = re.sub(r"(styrelsen|styrelsernas)$", "styrelsens", w.lower())
            base = " ".join(x for x in (body, vice, "ordförande") if x)
            base = k.titles.get(base, base)
            end, jj, comp = self._complement(text, words, c + 1, words[c][1])
            return start, end, self._compose(mods, shared + base, comp), jj
        base = self.head_base(w)
        if base is None:
            return None
        if w.isupper() and w.lower() not in k.titles:
            return None
        end, jj, comp = self._complement(text, words, j + 1, words[j][1])
        return start, end, self._compose(mods, shared + base, comp), jj

    def _chair_of_body(self, text: str, words, j: int) -> tuple[str, int] | None:
        """After a body's genitive at `j`: (vice modifier or "", index of "ordförande"), or None."""
        vice, c = "", j + 1
        for n in (2, 1):  # "förste vice", "2:e vice", "vice"
            seq = words[c:c + n]
            phrase = " ".join(x[2].lower() for x in seq)
            if len(seq) == n and self.k.title_modifiers.get(phrase, "").endswith("vice") and all(
                    self._gap_ok(text, a[1], b[0]) for a, b in zip(words[c - 1:c + n - 1], seq)):
                vice, c = self.k.title_modifiers[phrase], c + n
                break
        if c < len(words) and words[c][2].lower().startswith("ordförande") and self._gap_ok(text, words[c - 1][1], words[c][0]):
            return vice, c
        return None

    def _shares_noun(self, text: str, words, j: int) -> bool:
        """'kultur- och fritidsnämnden': a first part joined by 'och' to a body noun."""
        return self._hyphen_joint(text, words, j) and words[j][2].islower() and bool(COMPLEMENT_NOUN.match(words[j + 2][2]))

    def _shares_head(self, text: str, words, j: int) -> bool:
        """'plan- och exploateringschef', 'Barn- och utbildningsnämndens ordförande': a first part
        joined by 'och' to the title that completes it."""
        return self._hyphen_joint(text, words, j) and self.may_start(words[j + 2][2])

    def _hyphen_joint(self, text: str, words, j: int) -> bool:
        """Word `j` ends in a hyphen and a conjunction joins it to word `j + 2` ("plan- och ...")."""
        return (j + 2 < len(words) and text[words[j][1]:words[j + 1][0]] == "- "
                and words[j + 1][2] in ("och", "o", "samt", "eller")
                and self._gap_ok(text, words[j + 1][1], words[j + 2][0]))

    def _complement(self, text: str, words, j: int, end: int):
        """'i organisationskommittén', 'för samverkan och dialog', 'regionstyrelsen', 'Regional utveckling'."""
        k = self.k
        if j >= len(words) or not self._gap_ok(text, end, words[j][0]):
            return end, j, ""
        w = words[j][2]
        if w in ("i", "för") and j + 1 < len(words) and self._gap_ok(text, words[j][1], words[j + 1][0]):
            n1 = words[j + 1][2]
            if self._shares_noun(text, words, j + 1):  # "i kultur- och fritidsnämnden"
                n3 = words[j + 3]
                return n3[1], j + 4, f"{w} {n1}- {words[j + 2][2]} {n3[2]}"
            n2 = words[j + 2][2] if j + 2 < len(words) else ""
            # "i kommunstyrelsens arbetsutskott", "i tekniska nämnden"
            if (BODY_GENITIVE.match(n1) and OWNED_BODY_NOUN.match(n2)
                    or ADJECTIVE_BEFORE_BODY.match(n1) and BARE_BODY_NOUN.match(n2)) \
                    and self._gap_ok(text, words[j + 1][1], words[j + 2][0]):
                return words[j + 2][1], j + 3, f"{w} {n1} {n2}"
            if n1.islower() and not n1.startswith("kommunstyrelse") and (
                    COMPLEMENT_NOUN.match(n1) or (w == "för" and len(n1) >= 4 and n1 not in ("att", "den", "det"))):
                parts = [w, n1]
                e, jj = words[j + 1][1], j + 2
                if jj + 1 < len(words) and words[jj][2] == "och" and words[jj + 1][2].islower() \
                        and len(words[jj + 1][2]) >= 4:
                    parts += ["och", words[jj + 1][2]]
                    e, jj = words[jj + 1][1], jj + 2
                return e, jj, " ".join(parts)
            return end, j, ""
        if w.isupper() and 2 <= len(w) <= 6 and w not in k.parties and w.lower() not in k.titles \
                and j + 1 < len(words) and words[j + 1][2] in k.first_names \
                and self._gap_ok(text, words[j][1], words[j + 1][0]):
            return words[j][1], j + 1, w.lower()  # "projektledare LOVA Eva Ek": a project's acronym
        if w.islower() and COMPLEMENT_NOUN.match(w) and not w.startswith("kommunstyrelse"):
            return words[j][1], j + 1, w
        if w[:1].isupper() and w[1:].islower() and j + 1 < len(words) and self.head_base(w) is None \
                and not self._heading(w, words[j + 1][2]) \
                and w not in k.first_names and w.lower() not in ("och", "i", "för") and w not in self.place_words \
                and w not in ("Region", "Regionen") and not w.startswith(("Landsting", "Länsstyrelse")) \
                and words[j + 1][2].lower() not in ("kommun", "kommuns", "stad", "stads", "län", "läns", "region") \
                and self._gap_ok(text, words[j][1], words[j + 1][0]):
            nxt = words[j + 1][2]
            if nxt.islower() and len(nxt) >= 4 and self.head_base(nxt) is None and nxt not in ("och", "samt", "från", "inom") \
                    and not nxt.endswith(("ade", "ande", "ende", "erar")):
                return words[j + 1][1], j + 2, f"{w.lower()} {nxt}"
            if nxt == "och" and j + 2 < len(words) and words[j + 2][2].islower() and len(words[j + 2][2]) >= 4:
                return words[j + 2][1], j + 3, f"{w.lower()} och {words[j + 2][2]}"
        return end, j, ""

    @staticmethod
    def _heading(word: str, nxt: str) -> bool:
        """'Tid och plats', 'Justerade paragrafer', 'Övriga deltagare': a minutes heading run into
        the title before it, not a complement (`data/document_words.txt`)."""
        words = knowledge.document_words()
        return word.lower() in words or nxt.lower().strip(".,:") in words

    @staticmethod
    def _compose(mods: list[str], base: str, comp: str) -> str:
        mods = [m for m in mods if m]
        if base.startswith(("1:e vice", "2:e vice", "vice")) and mods and mods[-1] in ("vice",):
            mods = mods[:-1]
        return " ".join(mods + [base] + ([comp] if comp else [])).strip()


@lru_cache(maxsize=4)
def _party_words_rx(words: tuple[str, ...]) -> re.Pattern:
    """Party words before a word ("socialdemokratiska kommunalrådet"); a lookahead for their first
    characters lets the alternation be tried only there (the same matches, faster)."""
    return re.compile(knowledge.first_letter_lookahead(words) + r"\b(" + "|".join(map(re.escape, words))
                      + r")(?=\s+[A-ZÅÄÖa-zåäö])", re.I)


@lru_cache(maxsize=4)
def _party_names_rx(names: tuple[str, ...]) -> re.Pattern:
    """A party's name, its genitive, in parentheses or not ("Socialdemokraterna", "Moderaternas",
    "(Centerpartiet)"); names of one word in any case ("ledamöter för sverigedemokraterna")."""
    alternation = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(\([ \t]*)?({alternation})s?(?(1)[ \t]*\))(?![\w-])", re.I)


NAME_BEFORE_PARTY = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+från[ \t]+|[ \t]*)\Z")  # "Anna Ek, ", "Anna Ek från "


def find_party_names(text: str, k: knowledge.Knowledge):
    """(start, end, letters) of the parties named by their name ("Liza Kettil från Socialdemokraterna",
    "Kristdemokraternas Lena Ek"); a name of several words only capitalised ("Ny demokrati", not
    "lokalt parti")."""
    for m in _party_names_rx(tuple(k.party_names)).finditer(text):
        name = m.group(2)
        if " " in name and not name[:1].isupper():
            continue
        yield m.start(), m.end(), k.party_names[name.lower()]


def find_parties(text: str, k: knowledge.Knowledge):
    """'(S)', '(kd)' and party words right before a title or name ('socialdemokratiska kommunalrådet')."""
    for m in PARTY_RX.finditer(text):
        letters = m.group(1)
        if letters.upper() in k.parties or (letters.isupper() and len(letters) >= 2):
            yield m.start(), m.end(), letters.upper()
    if k.party_words:
        for m in _party_words_rx(tuple(k.party_words)).finditer(text):
            yield m.start(), m.end(), k.party_words[m.group(1).lower()]


@Language.factory("samverkan_roles")
def make_roles(nlp: Language, name: str):
    return RolesComponent()


@lru_cache(maxsize=1)
def shared_title_finder() -> TitleFinder:
    """The process's one TitleFinder (its word caches serve the roles component and the relation features)."""
    return TitleFinder()


class RolesComponent:
    def __init__(self) -> None:
        self.finder = shared_title_finder()

    def _before_name_or_title(self, text: str, end: int) -> bool:
        """The word after `end` starts a name or a title ("socialdemokratiska kommunalrådet",
        "Moderaternas vice ordförande", "moderaten Per Lund")."""
        nxt = re.match(r"\s+([\wåäöÅÄÖ:\-]+)", text[end:end + 40])
        return nxt is not None and bool(nxt.group(1)[:1].isupper() or self.finder.head_base(nxt.group(1))
                                        or nxt.group(1).lower() in self.finder.k.title_modifiers)

    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            return doc
        from .mentions import Occupancy, of
        text = text_of(doc)
        taken = Occupancy(len(text), [(m.start, m.end) for m in of(doc, "PERSON", "MUNICIPALITY", "REGION")])
        justera = [(m.start(), m.end()) for m in JUSTERA_CUE.finditer(text)]
        for s, e in justera:
            taken.mark(s, e)  # not "ordföranden" inside "utses att jämte ordföranden justera"
        for s, e, base in self.finder.find(text):
            if taken.overlaps(s, e):
                continue
            add(doc, "TITLE", s, e, base)
        for s, e in justera:
            add(doc, "TITLE", s, e, "justerare")
        for s, e, letters in find_parties(text, self.finder.k):
            if text[s] == "(" or self._before_name_or_title(text, e):  # a party word only before a name or a title
                add(doc, "PARTY", s, e, letters)
        persons = of(doc, "PERSON")
        person_ends = {p.end for p in persons}
        for s, e, letters in find_party_names(text, self.finder.k):
            if taken.overlaps(s, e):
                continue
            gap = NAME_BEFORE_PARTY.search(text, max(0, s - 12), s)
            if s - len(gap.group(0)) in person_ends or (text[s] != "(" and self._before_name_or_title(text, e)):
                add(doc, "PARTY", s, e, letters)  # after a name, or before a name or a title
        for p in persons:  # "Ebba Kvist, C, ordf": party letters between commas after a name
            m = BARE_PARTY_AFTER_NAME.match(text, p.end)
            if m and m.group(1) in self.finder.k.parties and not taken.overlaps(m.start(1), m.end(1)):
                add(doc, "PARTY", m.start(1), m.end(1), m.group(1))
        return doc
