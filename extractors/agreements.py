"""Component `samverkan_agreements`: agreements, their parties, date, place and signatories (doc._.agreements).

An agreement is found by its type noun (`data/agreement_types.csv`: avsiktsförklaring,
samverkansavtal, överenskommelse, medborgarlöfte, ... and compounds ending in "-avtal",
"-kontrakt" or "-överenskommelse"; not "enligt överenskommelse", as agreed). Its parties are the
municipalities, regions and organisations of the sentence that names it (after "mellan" when
the sentence has it), or of the sentence before when the mention refers back ("Detta avtal").
Mentions with the same or included party sets are one agreement. Signatories: persons in
signature blocks ("Hylte, 2023-11-06" / name / title), persons in a sentence that says
they signed ("undertecknade", "skrev under", "träffades för att skriva under"), and persons
whose title and municipality match a group that signed ("kommunstyrelsernas ordföranden från
A, B och C ... skriva under").
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from . import columns, knowledge
from .mentions import add, is_foreign, of, outside_names, text_of
from .places import PLACE_DATE_LABEL

L = "A-Za-zÅÄÖåäöÉé"
# the alternatives of SIGN and PERSONAL_SIGN (each starts with a letter: `first_letter_lookahead`)
SIGN_WORDS = (r"undertecknade", r"undertecknat", r"undertecknades", r"undertecknar", r"underteckna\b", r"skriva under",
              r"skrev under", r"skrevs under", r"skrivit under", r"skriver under", r"signerade", r"signerat", r"signera\b", r"tecknade",
              r"tecknat", r"tecknades", r"skrivs\b", r"beslutades", r"antogs", r"ingick", r"ingått", r"tog i hand",
              r"enats om", r"enades om")
PERSONAL_SIGN_WORDS = (r"undertecknade", r"undertecknat", r"underteckna\b", r"skriva under", r"skrev under",
                       r"skrivit under", r"skriver under", r"skrevs under", r"signerade", r"signerat", r"signera\b",
                       r"s(?:atte|ätter|ätta) (?:sina|sitt) namn")
SIGN = re.compile(knowledge.first_letter_lookahead(SIGN_WORDS) + "(?:" + "|".join(SIGN_WORDS) + ")", re.I)
PERSONAL_SIGN = re.compile(knowledge.first_letter_lookahead(PERSONAL_SIGN_WORDS) + "(?:" + "|".join(PERSONAL_SIGN_WORDS) + ")",
                           re.I)
NOT_SIGNED = re.compile(r"\b(uppdra|uppdrar|uppdras|bemyndiga\w*|avses|föreslås|ska underteckna|kommer att underteckna)\b", re.I)
AS_AGREED = re.compile(r"\b(?:enligt|efter)\s+$", re.I)  # "enligt överenskommelse": as agreed
GENERIC = re.compile(r"\b(eller liknande|framtida|inget|inga|ett nytt|nya avtal)\b", re.I)
SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ–\-\"”])|\n\s*\n|\n(?=\s*[•\-–*])|\n")
MELLAN = re.compile(r"\bmellan\b", re.I)
BACKREF = re.compile(r"\b(detta|det|den|denna|avtalet|överenskommelsen|parterna)\b", re.I)
WEAK_TYPES = {"vision"}
SECTION_NUMBER = r"(?:\d{1,2}(?:\.\d{1,2})*\.?|§[ \t]*\d{1,2})"  # "1.", "1.2", "§ 1"
PARTY_HEADING = re.compile(rf"(?mi)^[ \t#]*(?:{SECTION_NUMBER}[ \t]+)?(?:parter|parterna|avtalsparter)[ \t]*(?::[ \t]*|$)")  # "1. Parter", "§ 1 Parter"
# where a party list ends: a blank line not followed by a bullet, a markdown heading, or the next
# top-level numbered section ("2. Bakgrund", "§ 2 Giltighet"; not "1.1 Hjo kommun", an item of the list)
PARTY_LIST_END = re.compile(r"\n[ \t]*\n(?![ \t]*[-•*])|\n#|\n(?=[ \t]*(?:\d{1,2}\.(?!\d)|§[ \t]*\d{1,2})[ \t]+[A-ZÅÄÖ])")
FORWARD_REF = re.compile(r"\s*(Förslaget|Avtalet|Den|Det|Överenskommelsen|Avsiktsförklaringen|Samverkansavtalet|Dokumentet|Parterna)\b")
# "Place, date" alone on its line (after a form's "Ort och datum:"), in a pipe-table cell, or in a
# column of a side-by-side block
# ("Hjo 2025-05-14      Tidaholm 2025-05-14", `columns`)
SIG_LINE = re.compile(rf"(?m)(?:^|\||(?<=\t)|(?<=   ))[ \t]*(?:{PLACE_DATE_LABEL})?([A-ZÅÄÖ][{L}\-]+(?: [A-ZÅÄÖ][{L}\-]+)?)(?:,| den| )\s*(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} [a-zåäö]+ \d{{4}})(?:[ \t]*(?:$|\|)|(?=\t| {{3}}))")


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in SENT_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


class AgreementFinder:
    def __init__(self) -> None:
        k = knowledge.load()
        self.types = k.agreement_words
        words = sorted(self.types, key=len, reverse=True)
        self.rx = re.compile(rf"(?<![{L}])(?:[{L}]+(?:avtal|avtalet|kontrakt|kontraktet|överenskommelse|överenskommelsen)|avsikt[{L}]*förklaring(?:en)?|{'|'.join(map(re.escape, words))})(?![{L}])", re.I)

    @staticmethod
    def is_definite(word: str) -> bool:
        return bool(re.search(r"(avtalet|avtalen|elsen|ingen|ordningen|kontraktet|visionen)$", word.lower()))

    def type_of(self, word: str) -> str:
        low = word.lower()
        if low in self.types:
            return self.types[low]
        if low.startswith("avsikt") and "förklaring" in low:
            return "avsiktsförklaring"
        return re.sub(r"(?:(?<=avtal|trakt)et|(?<=kommelse)n)$", "", low)


@Language.factory("samverkan_agreements")
def make_agreements(nlp: Language, name: str):
    return AgreementsComponent()


class AgreementsComponent:
    def __init__(self) -> None:
        self.finder = AgreementFinder()
        self.place_names = set(knowledge.load().municipalities)

    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            doc._.agreements = []
            return doc
        text = text_of(doc)
        sents = sentences(text)
        parties_m = outside_names(of(doc, "MUNICIPALITY", "REGION", "ORG"), of(doc, "ORG"), keep=("ORG",))
        dates = of(doc, "DATE", "PARTIAL_DATE")

        def sent_of(pos: int) -> int:
            for i, (a, b) in enumerate(sents):
                if a <= pos < b:
                    return i
            return len(sents) - 1

        def parties_in(a: int, b: int) -> list[str]:
            seg = text[a:b]
            mm = MELLAN.search(seg)
            lo = a + mm.end() if mm else a
            vals = []
            for p in parties_m:
                if not (lo <= p.start < b) or p.value in vals or not self.can_be_party(p):
                    continue
                if not mm and re.search(r"\b(i|på|inom|vid|för)\s+$", text[max(a, p.start - 6):p.start]) \
                        and not re.search(r"(fullmäktige|styrelsen|nämnden|styrelse|fullmäktiges)\s+i\s+$", text[max(a, p.start - 30):p.start], re.I) \
                        and not re.match(r"\s+(kommuns?|stads?)\b", text[p.end:], re.I) \
                        and not re.match(r"\s*(,|och)\s*[A-ZÅÄÖ]", text[p.end:]):
                    continue  # "en konferens i Sundsvall", "invånarna i Skaraborg": a place
                vals.append(p.value)
            return vals

        cands = []
        for m in self.finder.rx.finditer(text):
            word = m.group(0)
            low = word.lower()
            if low.startswith(("avtalssamverkan", "avtalsamverkan")):
                continue
            if AS_AGREED.search(text, max(0, m.start() - 10), m.start()) and not self.finder.is_definite(word):
                continue  # "Justering: enligt överenskommelse", "efter avtal": an idiom, no agreement
            typ = self.finder.type_of(word)
            if typ.endswith("avtal") and typ not in self.finder.types.values() and len(typ) > 20:
                continue
            si = sent_of(m.start())
            a, b = sents[si] if sents else (0, len(text))
            seg = text[a:b]
            if GENERIC.search(seg) and not SIGN.search(seg):
                continue
            if typ in WEAK_TYPES and not SIGN.search(seg):
                continue  # "visionen är att ...": only a signed vision is an agreement
            ps = parties_in(a, b)
            backref = False
            if not ps and si > 0 and (BACKREF.search(seg) or SIGN.search(seg)):
                pa, pb = sents[si - 1]
                ps = parties_in(pa, pb)
                if len(ps) < 2:
                    ps = []  # one name in the sentence before is not enough to name the parties
                backref = bool(ps)
            if len(ps) <= 1 and si + 1 < len(sents):
                na, nb = sents[si + 1]
                if FORWARD_REF.match(text[na:nb]):  # "... en ny avsiktsförklaring. Förslaget har tagits fram av A, B och C"
                    more = parties_in(na, nb)
                    if len(more) >= 2:
                        ps = list(dict.fromkeys(ps + more))
            title = None
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            line = text[line_start:line_end].strip().lstrip("#").strip()
            if line and line.lower().startswith(low) and len(line) < 250 and m.start() - line_start < 4 \
                    and not line.endswith((".", ":", "!", "?")):
                title = line
            add(doc, "AGREEMENT", m.start(), m.end(), typ)
            cands.append({"type": typ, "parties": ps, "span": [m.start(), m.end()], "sent": (a, b),
                          "title": title, "backref": backref,
                          "definite": self.finder.is_definite(word) or bool(
                              re.search(r"\b(detta|denna|samma|nämnda)\s+$", text[max(0, m.start() - 10):m.start()], re.I))})
        agreements = self._merge(cands)
        listed = self._party_list(doc)
        if listed and agreements:
            main = agreements[0]
            main["listed"] = listed  # named under a "Parter" heading: evidence for the party model
            if len(listed) > len(main["parties"]):
                main["parties"] = listed
        home = doc.user_data.get("sv_home_org")
        for ag in agreements:  # "godkänner samverkansavtalet med Bjurholms kommun" in Vännäs' own minutes
            if home and len(ag["parties"]) == 1 and home not in ag["parties"] and any(
                    re.search(r"\bmed\s+(?:\w+\s+){0,2}$", text[max(a, ag_p - 40):ag_p])
                    for a, b in ag["sents"] for ag_p in [self._first_party_pos(doc, ag, a, b)] if ag_p is not None):
                ag["parties"].insert(0, home)
        for ag in agreements:
            self._details(doc, ag, dates, sents)
        self._signatories(doc, agreements, sents)
        for ag in agreements:
            ag.pop("sents", None)
        doc._.agreements = agreements
        return doc

    def _party_list(self, doc: Doc) -> list[str]:
        """Parties listed under a 'Parter' heading or after 'Parter:' (minus lines saying 'ej part')."""
        text = text_of(doc)
        m = PARTY_HEADING.search(text)
        if not m:
            return []
        end = m.end()
        block_end = len(text)
        for nm in PARTY_LIST_END.finditer(text[end:]):
            if nm.start() > 0 and text[end:end + nm.start()].strip():
                block_end = end + nm.start()
                break
        out = []
        for p in of(doc, "MUNICIPALITY", "REGION", "ORG"):
            if not (end <= p.start < block_end) or not self.can_be_party(p):
                continue
            ls = text.rfind("\n", 0, p.start) + 1
            le = text.find("\n", p.start)
            line = text[ls:le if le >= 0 else len(text)]
            if re.search(r"\b(ej|inte|icke)\s+part\b", line, re.I):
                continue
            if p.value not in out:
                out.append(p.value)
        return out

    @staticmethod
    def _first_party_pos(doc: Doc, ag: dict, a: int, b: int) -> int | None:
        for p in of(doc, "MUNICIPALITY", "REGION", "ORG"):
            if a <= p.start < b and p.value in ag["parties"]:
                return p.start
        return None

    @staticmethod
    def can_be_party(m) -> bool:
        """Municipalities, regions, and organisations with a proper name (not bare acronyms or collaborations)."""
        if m.label in ("MUNICIPALITY", "REGION"):
            return True
        v = m.value
        if v.isupper() or v.lower().endswith(("samverkan", "samverkan")) or len(v) < 4:
            return False
        return bool(re.search(r"(ämbetet|verket|förhandlingen|högskola|högskolan|universitet|AB|förbundet|förbund|rådet)$", v, re.I)
                    or v.split()[0] in ("Länsstyrelsen", "Kommunalförbundet", "Regionförbundet", "Samordningsförbundet"))

    @staticmethod
    def _merge(cands: list[dict]) -> list[dict]:
        """One agreement per referent: same type and included parties, or a definite back-reference."""
        out: list[dict] = []

        def new(c):
            out.append({"type": c["type"], "title": c["title"], "date": None, "place": None,
                        "parties": list(c["parties"]), "spans": [c["span"]], "sents": [c["sent"]],
                        "signatories": []})

        def join(ag, c):
            ag["spans"].append(c["span"])
            ag["sents"].append(c["sent"])
            if len(c["parties"]) > len(ag["parties"]) and set(ag["parties"]) <= set(c["parties"]):
                ag["parties"] = list(c["parties"])
            if ag["type"] == "avtal" and c["type"] != "avtal" and (
                    set(c["parties"]) <= set(ag["parties"]) or not c["parties"]):
                ag["type"] = c["type"]  # "Avtalet ... samverkansavtalet": the specific name
            ag["title"] = ag["title"] or c["title"]

        pending = []
        for c in cands:
            ps = set(c["parties"])
            if not ps:
                pending.append(c)
                continue
            target = None
            for ag in reversed(out):
                aps = set(ag["parties"])
                same_type = ag["type"] == c["type"]
                generic_ref = (c["type"] == "avtal" and (c["definite"] or c["backref"]) and ps <= aps) \
                    or (ag["type"] == "avtal" and c["definite"] and not c["backref"] and ps <= aps)
                if aps == ps or generic_ref or (same_type and aps and (ps <= aps or aps <= ps)):
                    target = ag
                    break
                if same_type and c["definite"] and not c["backref"]:
                    target = ag
                    break
            if target is None:
                new(c)
            else:
                join(target, c)
        for c in pending:
            same = [ag for ag in out if ag["type"] == c["type"]]
            earlier = [ag for ag in out if ag["spans"][0][0] <= c["span"][0]]
            if same:
                join(same[-1], c)
            elif c["type"] == "avtal" and earlier:
                join(earlier[-1], c)
            elif not any(ag["type"] == c["type"] for ag in out):
                new(c)
        return out

    @staticmethod
    def _details(doc: Doc, ag: dict, dates, sents) -> None:
        text = text_of(doc)
        for a, b in ag["sents"]:
            seg = text[a:b]
            if not SIGN.search(seg):
                continue
            for d in dates:
                if a <= d.start < b and ag["date"] is None:
                    ag["date"] = d.value
            pm = re.search(rf"\bi ([A-ZÅÄÖ][{L}]+)(?!\s+(?:kommuns?|stads?)\b)", seg)
            if pm and ag["place"] is None:
                for m in of(doc, "MUNICIPALITY"):
                    if m.start == a + pm.start(1):
                        ag["place"] = m.value

    def _signatories(self, doc: Doc, agreements: list[dict], sents) -> None:
        if not agreements:
            return
        text = text_of(doc)
        persons = {p["name"]: p for p in (doc._.persons or [])}
        mentions = of(doc, "PERSON")
        chosen: list[tuple[str, dict]] = []
        main = max(agreements, key=lambda ag: (len(ag["parties"]), -ag["spans"][0][0]))
        if agreements[0]["spans"][0][0] < 300:
            main = agreements[0]  # the document's own agreement (its heading)

        def target_for(a: int, b: int) -> dict:
            for ag in agreements:
                if any(sa == a and sb == b for sa, sb in ag["sents"]):
                    return ag
            before = [ag for ag in agreements if ag["spans"][0][0] <= b]
            # the agreement named last before the sentence's end ("... ett medborgarlöfte. A och B skrev
            # under löftet": the promise, not the heading's "Avtal om trygghet")
            return max(before, key=lambda ag: max(sa for sa, _ in ag["spans"] if sa <= b)) if before else main

        # signature sections: a "Place, date" line, then names alone on their lines
        # (under "För X kommun", a signature line "____", or a blank line), each with title/org lines
        places = of(doc, "MUNICIPALITY", "SEAT")  # "Sveg den 12 mars 2024": a seat is a place of signing
        cell_gap = doc.user_data.get("sv_cell_gap")  # signers side by side (decided by the relations component)
        for m in SIG_LINE.finditer(text):
            if not any(m.start(1) <= x.start < m.end(1) for x in places) and m.group(1) not in self.place_names:
                continue  # "Kommunfullmäktige 2023-02-13" is a heading, not a place and date of signing
            section_end = m.end()
            for p in mentions:
                if p.start < m.end():
                    continue
                if p.start - section_end > 400:
                    break
                ls = text.rfind("\n", 0, p.start) + 1
                le = text.find("\n", p.end)
                le = len(text) if le < 0 else le
                line = text[ls:le]
                cell = columns.cell_at(text, p.start, cell_gap)
                own_start = cell[0] if cell else ls + len(line) - len(line.lstrip())
                own = text[columns.past_name_label(text, own_start):cell[1] if cell else le].strip()
                whole_line = own == p.text.strip() or self._name_and_title(doc, own, p, cell[1] if cell else le)
                in_row = "|" in line and bool(SIG_LINE.search(line))
                if whole_line or in_row or p.start - m.end() <= 12:
                    chosen.append((p.value, main))
                    section_end = le
            if main["date"] is None:
                dm = [d for d in of(doc, "DATE") if m.start() <= d.start < m.end()]
                if dm:
                    main["date"] = dm[0].value
            if main["place"] is None:
                pm = [x for x in of(doc, "MUNICIPALITY") if m.start() <= x.start < m.end()]
                if pm:
                    main["place"] = pm[0].value
        # sentences saying who signed
        for si, (a, b) in enumerate(sents):
            seg = text[a:b]
            if not PERSONAL_SIGN.search(seg) or NOT_SIGNED.search(seg):
                continue
            ag = target_for(a, b)
            in_sent = [p.value for p in mentions if a <= p.start < b]
            chosen.extend((n, ag) for n in in_sent)
            titles = [t for t in of(doc, "TITLE") if a <= t.start < b]
            munis = {m.value for m in of(doc, "MUNICIPALITY", "REGION") if a <= m.start < b}
            if titles and munis and not in_sent:
                for name, p in persons.items():
                    for r in p["roles"]:
                        if r.get("title") and any(self._same_title(r["title"], t.value) for t in titles) \
                                and r.get("org") in munis:
                            chosen.append((name, ag))
        seen = set()
        for name, ag in chosen:
            if name in seen or name not in persons:
                continue
            seen.add(name)
            role = next((r for r in persons[name]["roles"] if r.get("title")), None)
            org = next((r["org"] for r in persons[name]["roles"] if r.get("org")), None)
            spans = persons[name]["spans"]
            ag["signatories"].append({"name": name, "role": role["title"] if role else None, "org": org,
                                      "span": spans[0] if spans else None})
            known = {m.value for m in of(doc, "MUNICIPALITY", "REGION", "ORG")}
            if org and org in known and org not in ag["parties"] and ag["parties"]:
                ag["parties"].append(org)  # a signatory's organisation is a party
            elif org and org in known and not ag["parties"]:
                ag["parties"].append(org)

    @staticmethod
    def _name_and_title(doc: Doc, own: str, p, end: int) -> bool:
        """A signature line (or cell) of a name and its title: "Eva Dahl, kommunstyrelsens ordförande"."""
        if not own.startswith(p.text.strip()):
            return False
        return any(t.start > p.end and t.end <= end and re.fullmatch(r"[ \t]*,[ \t]*", text_of(doc)[p.end:t.start])
                   for t in of(doc, "TITLE"))

    @staticmethod
    def _same_title(a: str, b: str) -> bool:
        norm = lambda s: re.sub(r"(na|n)$", "", s.replace("kommunstyrelsernas", "kommunstyrelsens"))
        return norm(a) == norm(b) or a.endswith(b) or b.endswith(a)
