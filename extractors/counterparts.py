"""Component `samverkan_counterparts`: an agreement's counterpart no recogniser knows, named beside one
it does.

In Swedish the two sides of an agreement are coordinated: "avtal mellan Exempelby kommun och
Bygdebolaget", "Idag undertecknar Exempelby kommun och Nordkraft en avsiktsförklaring", "Exempelby
och Dalgorod kommuner signerade ett vänortsavtal". When one side is a municipality, region or
organisation the pipeline already found, the capitalised name "och" joins to it is an organisation
too (ORG): a company without a legal form, a foreign town, an association. The pair must stand
where agreements name their sides: after "mellan" that follows an agreement word or a signing verb
in the same sentence, or right after or before a signing verb (`data/signing_cues.csv`). The name
right after an agreement word and "med" ("ett avtal med Nordkraft") is one too. The name's other
mentions in the document, written the same way, are the organisation too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import knowledge
from .mentions import Occupancy, add, is_foreign, mentions, of, text_of
from .organisations import L  # the letters of a name
WORD = rf"[A-ZÅÄÖÉ][{L}\-]+"
# one to four capitalised words ("Uniper", "Röda Korset", "Söderhamns Stuveri & Hamn")
NAME = rf"{WORD}(?:[ \t]+(?:&[ \t]+)?{WORD}){{0,3}}"
# a common noun naming the side's kind before its name ("och staden Dalgorod", "med företaget Y")
KIND = r"(?:(?:staden|kommunen|företaget|bolaget|föreningen)[ \t]+)?"
# after a known side: its "kommun"/"stad" when the mention stopped before it, "och", the name
COORDINATED = re.compile(rf"(?::?s)?(?:[ \t]+(?:kommuns?|stads?|regions?))?[ \t]+och[ \t]+{KIND}(?P<name>{NAME})(?![{L}])")
# "avtal med Y": the other side after an agreement word and "med" (`find_after_med`)
MED_NAME = re.compile(rf"(?<=[ \t])med[ \t]+{KIND}(?P<name>{NAME})(?![{L}])")
WORD_BEFORE = re.compile(r"(\S+)[ \t]+\Z")
# words that may follow a side's name (and signing verbs: "med Y undertecknades"); any other lower-case
# word after a name in -s makes the name a genitive modifying it ("med Södra Bohusläns turism AB",
# "och Värmlands sexton kommuner")
FUNCTION_WORDS = frozenset("om för och i på som under till från av vid efter inom kring sedan har hade ska skall "
                           "är var blir kommer en ett den det de samt eller men".split())
NEXT_WORD = re.compile(r"[ \t]+([a-zåäö]+)")
MELLAN = re.compile(r"(?<![\wåäö])mellan\s+\Z", re.I)
SENTENCE_START = re.compile(r"[.!?\n]")
CONTEXT = 100  # characters before "mellan" searched for the agreement word or signing verb
AUXILIARY = r"(?:(?:har|hade|ska|skall|kommer\s+att|vill)\s+)?"
CUE_CLASSES = ("done", "present", "inverted", "planned")


@lru_cache(maxsize=1)
def signing_verbs() -> re.Pattern:
    """Any signing cue of `data/signing_cues.csv` (done, present, inverted word order, planned)."""
    from .relation_features import signing_cues  # imported here: relation_features imports organisations
    cues = signing_cues()
    return re.compile("|".join(f"(?:{cues[c].pattern})" for c in CUE_CLASSES if c in cues), re.I)


@lru_cache(maxsize=1)
def verb_next_to_pair() -> tuple[re.Pattern, re.Pattern]:
    """A signing verb ending just before the pair (one adverb between: "Idag undertecknar nu X och Y")
    and one starting just after it (an auxiliary between: "X och Y har undertecknat")."""
    verbs = signing_verbs().pattern
    return (re.compile(rf"(?:{verbs})\s+(?:[a-zåäö]+\s+)?\Z", re.I),
            re.compile(rf"\s+{AUXILIARY}(?:{verbs})", re.I))


@lru_cache(maxsize=1)
def agreement_words() -> re.Pattern:
    from .agreements import AgreementFinder
    return AgreementFinder().rx


class CounterpartFinder:
    def __init__(self) -> None:
        k = knowledge.load()
        self.not_names = k.common_words | frozenset(k.titles) | frozenset(n.lower() for n in k.first_names)
        self.first_names = k.first_names
        self.parties = k.parties  # party letters ("SD", "M")
        # Swedish municipalities and counties: a place, in the genitive too ("och Värmlands sexton
        # kommuner"), is no unknown side
        self.places = frozenset(k.municipalities) | knowledge.county_names()
        self.document_words = knowledge.document_words()

    def is_name(self, name: str) -> bool:
        """A name, not a common word, title, first name or heading word standing alone ("Kommunen"), nor
        a person's name the person recogniser missed (a first name before it: "Anna Svensson"), nor a
        Swedish municipality or county ("Värmlands")."""
        words = name.split()
        if any(w.lower() in self.document_words for w in words) or (len(words) > 1 and words[0] in self.first_names):
            return False
        if name in self.places or (name.endswith("s") and name[:-1] in self.places):
            return False
        return len(words) > 1 or name.lower() not in self.not_names

    def in_agreement_context(self, text: str, side: int, name_end: int) -> bool:
        """Whether the pair (known side starting at `side`, name ending at `name_end`) names the
        sides of an agreement: "mellan" before it after an agreement word or signing verb of the
        same sentence, or a signing verb right before or after it."""
        before = text[max(0, side - CONTEXT - 8):side]
        if (m := MELLAN.search(before)) is not None:
            head = before[:m.start()]
            cut = max((x.end() for x in SENTENCE_START.finditer(head)), default=0)
            head = head[cut:]
            if agreement_words().search(head) or signing_verbs().search(head):
                return True
        before_pair, after_pair = verb_next_to_pair()
        return bool(before_pair.search(text[max(0, side - 60):side]) or after_pair.match(text, name_end, name_end + 60))

    def is_side(self, text: str, s: int, e: int, taken: Occupancy) -> bool:
        """Whether text[s:e] can name an unknown side: no mention yet, a name (`is_name`), no
        political party ("avtal med SD": parties are no organisations) and no genitive before a noun."""
        name = text[s:e]
        if taken.overlaps(s, e) or not self.is_name(name) or name in self.parties or knowledge.is_party_name(name):
            return False
        after = NEXT_WORD.match(text, e)
        return not (name.endswith("s") and after and after.group(1) not in FUNCTION_WORDS
                    and not signing_verbs().match(after.group(1)))

    def find(self, text: str, sides, taken: Occupancy) -> list[tuple[int, int]]:
        """The unknown sides joined by "och" to a known one (`sides`: its mentions) in an agreement's
        sentence, and those after an agreement word and "med" (`find_after_med`)."""
        out = []
        for side in sides:
            m = COORDINATED.match(text, side.end)
            if m is None:
                continue
            s, e = m.span("name")
            if self.is_side(text, s, e, taken) and self.in_agreement_context(text, side.start, e):
                out.append((s, e))
        return out + self.find_after_med(text, taken)

    def find_after_med(self, text: str, taken: Occupancy) -> list[tuple[int, int]]:
        """"avtal med Y", "tecknade en avsiktsförklaring med företaget Y": the name right after an
        agreement word and "med"."""
        out = []
        for m in MED_NAME.finditer(text):
            s, e = m.span("name")
            word = WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if word and agreement_words().fullmatch(word.group(1)) and self.is_side(text, s, e, taken):
                out.append((s, e))
        return out


@Language.factory("samverkan_counterparts")
def make_counterparts(nlp: Language, name: str):
    return CounterpartsComponent()


class CounterpartsComponent:
    def __init__(self) -> None:
        self.finder = CounterpartFinder()

    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            return doc
        text = text_of(doc)
        taken = Occupancy(len(text), [(m.start, m.end) for m in mentions(doc)])
        found = self.finder.find(text, of(doc, "MUNICIPALITY", "REGION", "ORG"), taken)
        names = {re.sub(r"\s+", " ", text[s:e]) for s, e in found}
        for name in sorted(names, key=len, reverse=True):
            words = r"[ \t]+".join(map(re.escape, name.split(" ")))
            for m in re.finditer(rf"(?<![{L}]){words}(?![{L}])", text):
                if not taken.overlaps(*m.span()):
                    add(doc, "ORG", m.start(), m.end(), name)
                    taken.mark(*m.span())
        return doc
