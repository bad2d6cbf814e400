"""Component `samverkan_relations`: person <-> title <-> organisation <-> party (doc._.persons).

Reads the mentions of the earlier components and links them by the grammar of the text:
appositions ("Lena Ekbom, kommunstyrelsens ordförande i Säffle kommun"), parentheses
("Karl-Erik Tegnér (M) Karlstad", "Ines Rydell-Klint (Härryda)"), titles before names
("kommunalrådet Hugo Nyrén (S) i Skara", "Karlsborgs kommunalråd Stig Almkvist"),
lists in minutes and signature blocks (a title between two names goes to the name whose list
pattern it continues), headed groups ("Eksjö kommun:" followed by names), and a document
organisation (the municipality or region whose minutes or contact block it is).
"""
from __future__ import annotations

import re
from collections import Counter
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import columns, knowledge, minutes
from .mentions import Mention, is_foreign, of, outside_names, text_of
from .relation_features import title_fits_org, title_of_another_employer

ORG_LABELS = ("MUNICIPALITY", "REGION", "ORG")
SEP_PARTY = re.compile(r"^\s*,?\s*(?:från\s+)?\Z")  # "Anna Ek (S)", "Anna Ek, S", "Anna Ek från Socialdemokraterna"
SEP_TITLE_AFTER = re.compile(
    r"^([ \t]*,[ \t]*|[ \t]+|[ \t]*\n[ \t]*|[ \t]*,?[ \t]*\([ \t]*|[ \t]*\|[ \t]*|[ \t]*–[ \t]*"
    r"|,?\s+(som\s+)?((i dag|idag|numera|nu|sedan \d{4})\s+)?(är|blir|blev|var|har varit|valdes till)(\s+(ny|nya|nytt))?\s+"
    r"|\s+(till|som)(\s+(ny|nya|nytt))?\s+)\Z")
# a title's complement naming an organisation or place no mention covers, then a comma and the holder
# ("ordförande i Exempelbolaget, Anna Berg", "polisområdeschef för Dalarna, Per Ek")
NAMED_COMPLEMENT = re.compile(r"^[ \t]+(?:i|för|på|vid)[ \t]+[A-ZÅÄÖ][\w&\-]*(?:[ \t]+[A-ZÅÄÖ][\w&\-]*){0,2}[ \t]*,[ \t]*\Z")
PARENTHESISED_PAIR = re.compile(r"[ \t]+(?:och|samt)[ \t]+\Z")  # two titles in one parenthesis after a name
OPENS_PARENTHESIS = re.compile(r"\(\s*\Z")  # searched in the few characters before a title
CLOSES_PARENTHESIS = re.compile(r"\s*\)")  # matched right after a title
SEP_TITLE_BEFORE = re.compile(r"^([ \t]+|[ \t]*,[ \t]*|[ \t]*[._]{2,}[ \t]*|[ \t]*:[ \t]*|[ \t]*:?[ \t]*\n[ \t]*)\Z")
SEP_ORG_AFTER_TITLE = re.compile(r"^([ \t]*,[ \t]*|[ \t]+|[ \t]+(i|för|vid|på|inom|hos)[ \t]+|[ \t]*\)[ \t]*,[ \t]*|[ \t]*\([ \t]*)\Z")
SEP_ORG_AFTER_NAME = re.compile(r"^([ \t]*,[ \t]*|[ \t]*\([ \t]*|[ \t]*[.,]?[ \t]+|[ \t]+i[ \t]+)\Z")
FOR_BEFORE = re.compile(r"(?i)(?<![\wåäö])för\s+\Z")  # on behalf of: "och för Torneå stadsdirektör K V"
KOMMUN_AFTER = re.compile(r"^\s*(kommuns?|stads?)\b", re.I)
HEADER = re.compile(r"(?m)^[ \t•*-]*([^\n:]{2,60}):[ \t]*(\n|(?=\S))")
ADDRESS_CUE = re.compile(r"Besöksadress|Postadress|Reception|Organisationsnr|Org nr|Växel|Telefon:", re.I)
CAP_SEQ = re.compile(r"[A-ZÅÄÖ][\wåäöÅÄÖ&\-]*(?:[ \t]+(?:[A-ZÅÄÖ][\wåäöÅÄÖ&\-]*|\d{4}\b))*")


GAP_FILLER = re.compile(r"[\s,:]+|\.{2,}|_{2,}")  # what separates the items of a list
GAP_SENTENCE_END = re.compile(r"[.!?]\s")


def _ends_list(gap: str) -> bool:
    """Whether the text between two items ends a list (`Linker.list_runs`): a blank line, more
    than one other word, one word and a line break, or a sentence end."""
    if "\n\n" in gap:
        return True
    rest = GAP_FILLER.sub(" ", gap).split()
    return len(rest) > 1 or (bool(rest) and "\n" in gap) or bool(GAP_SENTENCE_END.search(gap.replace("..", "")))


class Linker:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.persons = of(doc, "PERSON")
        self.titles = of(doc, "TITLE")
        self.parties = of(doc, "PARTY")
        # a place inside an organisation's name ("Gotlands Filmfond AB") is part of that name here
        self.orgs = outside_names(of(doc, *ORG_LABELS), of(doc, "ORG"), keep=("ORG",))
        self.has_doc_org = False
        self.publisher: str | None = None
        self.home_org: str | None = None
        self.items = sorted(self.persons + self.titles + self.parties + self.orgs, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.items]
        # signers side by side in columns ("Eva Dahl      Karl Berg"): read cell by cell (`columns`)
        self.cell_gap = columns.side_by_side_gap(self.text, [p.start for p in self.persons])

    def cell_at(self, pos: int) -> tuple[int, int] | None:
        """The cell of a side-by-side block holding `pos`, or None."""
        return columns.cell_at(self.text, pos, self.cell_gap)

    # -- helpers ----------------------------------------------------------------------------
    def gap(self, a: Mention | int, b: Mention | int) -> str:
        s = a.end if isinstance(a, Mention) else a
        e = b.start if isinstance(b, Mention) else b
        return self.text[s:e] if e >= s else "\x00"

    def next_item(self, pos: int, labels=None) -> Mention | None:
        i = bisect_left(self.starts, pos)
        for m in self.items[i:]:
            if labels is None or m.label in labels:
                return m
        return None

    def prev_item(self, pos: int, labels=None) -> Mention | None:
        """The item ending last at or before `pos` (items may nest, so look back a little)."""
        i = bisect_left(self.starts, pos)
        best = None
        for m in reversed(self.items[max(0, i - 12):i]):
            if m.end <= pos and (labels is None or m.label in labels):
                if best is None or m.end > best.end:
                    best = m
        if best is None and labels is not None:
            for m in reversed(self.items[:max(0, i - 12)]):
                if m.end <= pos and m.label in labels:
                    return m
        return best

    def org_value(self, m: Mention) -> str:
        return m.value

    # -- titles: which person does a title belong to ----------------------------------------
    def title_owner(self) -> dict[int, tuple[str, Mention]]:
        """Map title start -> ("pre"|"post", person)."""
        owners: dict[int, tuple[str, Mention]] = {}
        pre_of: dict[int, Mention] = {}  # person start -> its title before it
        run_head = self.list_runs()
        self.title_readings = []  # (person, title, reading, chosen, title start) of every adjacent reading
        self.ordered_titles = set()  # starts of the titles whose owner the layout decides: a list's order, a party between
        for t in self.titles:
            p1 = self._person_before_title(t)
            if p1 is not None and self._list_heading_line(t):
                p1 = None  # "Eva Dahl (C)" then "Ersättare" on a line of its own: the next list's heading
            p2 = self._person_after_title(t)
            readings = [(p, how) for p, how in ((p1, "post"), (p2, "pre")) if p is not None]
            party_between = p1 is not None and any(
                x.label == "PARTY" and p1.end <= x.start and x.end <= t.start for x in self.parties)
            if p2 and not p1 and self._has_post_title(p2, with_party=True):
                p2 = None  # a column heading before "Name (P), title"
            if p1 and p2:
                if party_between:  # "A (S) kf ordf, B (V) kommunsekreterare"
                    owners[t.start] = ("post", p1)
                    self.ordered_titles.add(t.start)
                elif run_head.get(t.start) in ("TITLE", "PERSON"):
                    # a list keeps one order: "title Name, title Name" or "Name, title Name, title"
                    owners[t.start] = ("pre", p2) if run_head[t.start] == "TITLE" else ("post", p1)
                    self.ordered_titles.add(t.start)
                elif p1.start in pre_of:
                    owners[t.start] = ("pre", p2)
                elif self._has_post_title(p2):
                    owners[t.start] = ("post", p1)
                elif self.gap(t, p2).strip(" \t\n._") == "" and self.gap(p1, t).strip(" \t\n._") == "":
                    owners[t.start] = ("pre", p2)
                else:
                    owners[t.start] = ("post", p1)
            elif p2:
                owners[t.start] = ("pre", p2)
            elif p1:
                owners[t.start] = ("post", p1)
            if t.start in owners and owners[t.start][0] == "pre":
                pre_of[owners[t.start][1].start] = t
            chosen = owners.get(t.start, (None, None))[1]
            for p, how in readings:
                self.title_readings.append((p.value, t.value, how, p is chosen, t.start))
        for p, t, exact in self.column_pairs():
            self.title_readings.append((p.value, t.value, "column" if exact else "column_part", False, t.start))
        return owners

    def column_pairs(self) -> list[tuple[Mention, Mention, bool]]:
        """A two-column table flattened to text ("A (M) B (S) C (C) ordförande 1:e vice ordförande"):
        a run of names with no title among them, right followed by a run of titles with no name
        among them; the i-th title goes with the i-th name (with: as many titles as names). A last
        title directly before a name heads the next list and is left out."""
        pairs = []
        people = [m for m in self.items if m.label in ("PERSON", "TITLE")]
        i = 0
        while i < len(people):
            j = i
            while j + 1 < len(people) and people[j].label == people[j + 1].label == "PERSON" \
                    and self._column_gap(people[j], people[j + 1]):
                j += 1
            names = people[i:j + 1] if people[i].label == "PERSON" else []
            k = j + 1
            if len(names) >= 2 and k < len(people) and people[k].label == "TITLE" \
                    and self._column_gap(people[j], people[k]):
                while k + 1 < len(people) and people[k + 1].label == "TITLE" and self._column_gap(people[k], people[k + 1]):
                    k += 1
                titles = people[j + 1:k + 1]
                if k + 1 < len(people) and people[k + 1].label == "PERSON" and not self.gap(people[k], people[k + 1]).strip():
                    titles = titles[:-1]  # "Tjänstgörande ersättare Sture Klint": the next list's heading
                if 2 <= len(titles) <= len(names) and self.cell_at(names[0].start) is None:
                    # (a block whose columns stand side by side is read cell by cell instead)
                    pairs += [(p, t, len(titles) == len(names)) for p, t in zip(names, titles)]
            i = max(k, i + 1) if len(names) >= 2 else i + 1
        return pairs

    def _column_gap(self, a: Mention, b: Mention) -> bool:
        """Two items of one flattened column: close, no sentence end between."""
        g = self.gap(a, b)
        return len(g) <= 40 and "\n\n" not in g and not re.search(r"[.!?]\s+[A-ZÅÄÖ]", g)

    def list_runs(self) -> dict[int, str]:
        """For each title inside a list of names and titles: the label of the list's first item.

        Items are in one list while what separates them is commas, spaces, single newlines and
        at most one other word ("projektledare VA Greta Vall", "Gustav Hallin 6-18 Justerare");
        only lists of at least three names count."""
        heads: dict[int, str] = {}
        run: list[Mention] = []

        def close():
            if sum(1 for m in run if m.label == "PERSON") >= 3:
                first = next((m.label for m in run if m.label in ("PERSON", "TITLE")), None)
                for m in run:
                    if m.label == "TITLE":
                        heads[m.start] = first
        prev = None
        for m in self.items:
            if m.label not in ("PERSON", "TITLE", "PARTY", "MUNICIPALITY", "REGION", "ORG"):
                continue
            if prev is not None:
                if _ends_list(self.gap(prev, m)):
                    close()
                    run = []
            run.append(m)
            prev = m if prev is None or m.end > prev.end else prev
        close()
        return heads

    def _list_heading_line(self, t: Mention) -> bool:
        """A title alone on its line that heads a list of members or others in minutes
        ("Ersättare", "Ledamöter"; `data/minutes_sections.csv`), not a signing role."""
        ls = self.text.rfind("\n", 0, t.start) + 1
        le = self.text.find("\n", t.end)
        line = self.text[ls:le if le >= 0 else len(self.text)]
        if line.strip().rstrip(":").strip() != self.text[t.start:t.end].strip():
            return False
        row = minutes.heading_row(minutes.section_headings()[1], self.text[t.start:t.end])
        return row is not None and row[2] in ("members", "others")

    def _org_heading_above(self, cell: tuple[int, int]) -> Mention | None:
        """The organisation heading a signer's column: the nearest cell above that is "För X" or X
        alone ("Hjo kommun"), within three rows and below any other name of the column."""
        for a, b in columns.cells_above(self.text, cell, 3, self.cell_gap):
            if any(a <= x.start < b for x in self.persons):
                return None
            start = a + 4 if self.text.startswith("För ", a) else a
            org = next((o for o in self.orgs if o.start == start and o.end <= b), None)
            if org is not None and (start > a or self._fills(org, b)):
                return org
        return None

    def _person_in(self, cells: list[tuple[int, int]]) -> Mention | None:
        """The person named at the start of the first of `cells` (a column of a signature block)."""
        if not cells:
            return None
        a, b = cells[0]
        a = columns.past_name_label(self.text, a)  # "Namnförtydligande: Eva Dahl"
        return next((p for p in self.persons if p.start == a and p.end <= b), None)

    def _person_before_title(self, t: Mention) -> Mention | None:
        prev = self.prev_item(t.start)
        cell = self.cell_at(t.start)
        if cell is not None and (prev is None or prev.start < cell[0]):
            return self._person_in(columns.cells_above(self.text, cell, 1, self.cell_gap))  # the name above, in its column
        if prev is None:
            return None
        if prev.label == "PARTY":
            if not SEP_TITLE_AFTER.match(self.gap(prev, t)):
                return None
            before = self.prev_item(prev.start)
            if before is not None and before.label == "PERSON" and SEP_PARTY.match(self.gap(before, prev)):
                return before
            return None
        if prev.label == "PERSON" and SEP_TITLE_AFTER.match(self.gap(prev, t)):
            return prev
        if prev.label == "TITLE" and PARENTHESISED_PAIR.match(self.gap(prev, t)) \
                and OPENS_PARENTHESIS.search(self.text, max(0, prev.start - 40), prev.start) \
                and CLOSES_PARENTHESIS.match(self.text, t.end):
            return self._person_before_title(prev)  # "Olle Berg (M) (oppositionsråd och kommunstyrelsens 2:e vice ordförande)"
        if prev.label == "MUNICIPALITY" and re.match(r"^[ \t]*,[ \t]*\Z", self.gap(prev, t)):
            before = self.prev_item(prev.start)
            if before is not None and before.label == "PARTY" and re.match(r"^[ \t]*[,.]?[ \t]*\Z", self.gap(before, prev)):
                person = self.prev_item(before.start)
                if person is not None and person.label == "PERSON" and SEP_PARTY.match(self.gap(person, before)):
                    return person
        return None

    def _person_after_title(self, t: Mention) -> Mention | None:
        nxt = self.next_item(t.end)
        cell = self.cell_at(t.start)
        if cell is not None and (nxt is None or nxt.start >= cell[1]):
            if self._person_in(columns.cells_above(self.text, cell, 1, self.cell_gap)):
                return None
            for below in columns.cells_below(self.text, cell, 3, self.cell_gap):  # a title above its name: over an
                person = self._person_in([below])                   # organisation or a signature line
                if person is not None or any(x.start == below[0] for x in self.titles):
                    return person
            return None
        if nxt is None:
            return None
        if nxt.label in ORG_LABELS and re.match(r"^[ \t]+((i|för)[ \t]+)?\Z", self.gap(t, nxt)):
            after = self.next_item(nxt.end)
            if after is not None and after.label == "PERSON" and re.match(r"^([ \t]+(kommuns?|stads?))?[ \t]*,?[ \t]*\Z", self.gap(nxt, after)) \
                    and (self.gap(nxt, after).strip() == "," or not self.gap(t, nxt).strip()
                         or self._person_before_title(t) is None):
                return after  # "ordförande i Hjo, Eva Dahl", "ordförande i Hjo Eva Dahl" with no name before
            if after is not None and after.label == "PERSON" and re.match(r"^(\s+(kommuns?|stads?))?\s*,\s*\Z", self.gap(nxt, after)):
                return after  # "Kommunstyrelsens ordförande i Laholm, Erik Lindström (C)"
            return None
        if nxt.label == "PERSON" and re.search(r"(rnas|rna|erna|ena)\b", self.text[t.start:t.end].lower()):
            g = self.gap(t, nxt)
            if len(g) < 50 and g.rstrip().endswith(":") and "\n" not in g and "." not in g:
                return nxt  # "kommunstyrelsernas ordförande i de fem kommunerna: A (M), Karlstad, ..."
        if nxt.label == "PERSON" and (SEP_TITLE_BEFORE.match(self.gap(t, nxt)) or NAMED_COMPLEMENT.match(self.gap(t, nxt))):
            return nxt
        return None

    def _has_post_title(self, p: Mention, with_party: bool = False) -> bool:
        nxt = self.next_item(p.end)
        if nxt is not None and nxt.label == "PARTY" and SEP_PARTY.match(self.gap(p, nxt)):
            p, nxt = nxt, self.next_item(nxt.end)
        elif with_party:
            return False
        return nxt is not None and nxt.label == "TITLE" and re.match(r"^(\s*,\s*|\s+)\Z", self.gap(p, nxt)) is not None

    # -- organisations of a title or a person ------------------------------------------------
    def org_after(self, m: Mention, pattern=SEP_ORG_AFTER_TITLE) -> Mention | None:
        nxt = self.next_item(m.end)
        cell = self.cell_at(m.start)
        if cell is not None and (nxt is None or nxt.start >= cell[1]):
            # a side-by-side block: the organisation under the title in its column, not the next column's
            if pattern is not SEP_ORG_AFTER_TITLE:
                return None
            below = columns.cells_below(self.text, cell, 1, self.cell_gap)
            org = next((o for o in self.orgs if below and o.start == below[0][0]), None)
            return org if org is not None and self._fills(org, below[0][1]) else None
        if nxt is None or nxt.label not in ORG_LABELS:
            return None
        g = self.gap(m, nxt)
        if pattern.match(g):
            return nxt
        if pattern is SEP_ORG_AFTER_TITLE and re.fullmatch(r"[ \t]*\n[ \t]*", g):
            line_end = self.text.find("\n", nxt.end)
            if self._fills(nxt, line_end if line_end >= 0 else len(self.text)):
                return nxt  # "Kommunstyrelsens ordförande\nKarlstads kommun"
        return None

    def _fills(self, org: Mention, end: int) -> bool:
        """Nothing but "kommun" or "stad" follows the organisation up to `end` (its line or cell)."""
        rest = self.text[org.end:end]
        return not rest.strip() or bool(KOMMUN_AFTER.match(rest)) and len(rest.strip()) < 10

    def cap_org_after_title(self, t: Mention) -> str | None:
        """'programchef Viable Cities', 'VD, Fjällnära Turism': a capitalised name after a title."""
        m = re.match(r"(\s*,\s*|\s+)", self.text[t.end:])
        if not m:
            return None
        start = t.end + m.end()
        cell = self.cell_at(t.start)
        if cell is not None and start >= cell[1]:
            return None  # the next column of a side-by-side block
        cm = CAP_SEQ.match(self.text, start)
        if not cm:
            return None
        cand = cm.group(0)
        nxt = self.next_item(start)
        if nxt is not None and nxt.start < start + len(cand):
            return None  # runs into a person/title/place
        words = cand.split()
        if not (1 <= len(words) <= 4) or len(cand) < 2:
            return None
        tail = self.text[start + len(cand):start + len(cand) + 2]
        if tail and tail[0] not in ",.;:)\n":
            return None
        k = knowledge.load()
        if words[0].lower() in ("i", "och") or tail.startswith((" (", ":")):
            return None
        if words[0].lower() in k.common_words or words[0].upper() in k.parties:
            return None
        if len(words) == 1 and not (cand.isupper() and 2 <= len(cand) <= 5 and not self.has_doc_org):
            return None
        return cand

    def agency_of_area(self, title: str, place: Mention) -> str | None:
        """The agency a title belongs to when the place after it is its area, not its employer
        ("lokalpolisområdeschef i Mora", "regionpolischef i Stockholm"): the one organisation of the
        text the title names the kind of (`title_fits_org`), the one carrying the place's name
        first ("Lokalpolisområde Mora"). None when the title fits the place itself ("kommunalråd
        i Gävle") or no single organisation of the text fits it."""
        if title_fits_org([title], place.value, place.label):
            return None
        fitting = list(dict.fromkeys(m.value for m in self.orgs if m.label == "ORG" and title_fits_org([title], m.value, "ORG")))
        named = [o for o in fitting if place.value.casefold() in o.casefold()]
        for cands in (named, fitting):
            if len(cands) == 1:
                return cands[0]
        return None

    def org_from_title_body(self, title: str) -> str | None:
        """The one organisation of the text that a title implies (`data/title_org_hints.csv`):
        'landshövding' -> the Länsstyrelsen named, 'regionstyrelsens ordförande' -> the region,
        'kommundirektör' -> the municipality when the text names only one."""
        for prefix, rx in knowledge.title_org_hints():
            if not knowledge.title_hint_applies(title, prefix):
                continue
            if rx is None:
                cands = list(dict.fromkeys(m.value for m in self.orgs if m.label == "MUNICIPALITY"))
            else:
                cands = list(dict.fromkeys(m.value for m in self.orgs if m.label in ("REGION", "ORG") and rx.search(m.value)))
                folded = {c.casefold() for c in cands}
                if len(folded) == 1:
                    cands = cands[:1]
            return cands[0] if len(cands) == 1 else None
        return None

    def headers(self) -> list[tuple[int, int, str]]:
        """(start, end, org) of "Org:" headed groups; the group runs to a blank line or line end."""
        out = []
        for h in HEADER.finditer(self.text):
            label_start, label_end = h.start(1), h.end(1)
            org = next((o for o in self.orgs if o.start >= label_start and o.end <= label_end), None)
            if org is None:
                continue
            rest = self.text[label_start:label_end][org.end - label_start:]
            if rest.strip() and not KOMMUN_AFTER.match(rest):
                continue
            if h.group(2) == "\n":
                end = self.text.find("\n\n", h.end())
                end = len(self.text) if end < 0 else end
            else:
                end = self.text.find("\n", h.end())
                end = len(self.text) if end < 0 else end
            out.append((h.end(), end, org.value))
        return out

    def document_org(self, kind: str | None) -> tuple[str | None, list[tuple[int, int]]]:
        """The organisation whose minutes these are, and the spans of contact/address blocks."""
        head = self.text[:700]
        blocks: list[tuple[int, int]] = []
        org = None
        for o in self.orgs:
            if o.start < 250 and o.label in ("MUNICIPALITY", "REGION") and (
                    KOMMUN_AFTER.match(self.text[o.end:]) and self.text[o.start:o.end].isupper()
                    or o.start < 60 and KOMMUN_AFTER.match(self.text[o.end:])):
                org = o.value
                break
        for o in self.orgs:
            if o.label in ("MUNICIPALITY", "REGION", "ORG") and ADDRESS_CUE.search(self.text[o.end:o.end + 80]) \
                    and not ADDRESS_CUE.search(self.text[max(0, o.start - 40):o.start]):
                blocks.append((max(0, o.start - 300), o.end + 300))
                if org is None and kind == "protocol":
                    org = o.value
        self.publisher = None
        offset = len(self.text) - len(self.text.lstrip())
        for o in self.orgs:
            if o.start - offset < 3 and o.label in ("MUNICIPALITY", "REGION") and (
                    KOMMUN_AFTER.match(self.text[o.end:]) or o.label == "REGION"):
                self.publisher = o.value  # "Hammarö kommun – Nyheter": the page's publisher
                break
        if kind != "protocol":
            org_for_all = None
        else:
            org_for_all = org
        return org_for_all, [(a, b) for a, b in blocks]

    # -- main ---------------------------------------------------------------------------------
    def link(self, kind: str | None) -> list[dict]:
        doc_org, blocks = self.document_org(kind)
        self.has_doc_org = doc_org is not None
        self.home_org = doc_org or self.publisher
        owners = self.title_owner()
        facts: dict[str, dict] = {}
        order: list[str] = []

        def fact(name: str) -> dict:
            if name not in facts:
                facts[name] = {"titles": [], "orgs": [], "parties": [], "spans": [], "role_spans": []}
                order.append(name)
            return facts[name]

        for p in self.persons:
            f = fact(p.value)
            f["spans"].append([p.start, p.end])
        # titles and their orgs
        for t in self.titles:
            if t.start not in owners:
                continue
            how, p = owners[t.start]
            f = fact(p.value)
            org = self.org_after(t)
            if org is None:
                nxt_t = self.next_item(t.end)
                if nxt_t is not None and nxt_t.label == "PARTY" and SEP_PARTY.match(self.gap(t, nxt_t)):
                    org = self.org_after(nxt_t)  # "kommunalråd (S) i Gävle"
            org_v = org.value if org else None
            if org is not None and org.label in ("MUNICIPALITY", "REGION"):
                org_v = self.agency_of_area(t.value, org) or org_v
            if org is not None and self.has_doc_org and org.label == "ORG" and org.value.isupper() and len(org.value) <= 4:
                org_v = None  # an internal unit's acronym in the minutes of a named organisation
            if org is not None and how == "pre" and org.end > p.start:
                org_v = None
            if org_v is None:
                org_v = self.cap_org_after_title(t) if how == "post" else None
            if org_v is None and how == "pre":
                prev = self.prev_item(t.start)
                if prev is not None and prev.label in ORG_LABELS and re.match(r"^\s+\Z", self.gap(prev, t)) \
                        and (self.text[prev.start:prev.end].endswith("s")
                             or FOR_BEFORE.search(self.text, max(0, prev.start - 8), prev.start)):
                    org_v = prev.value  # "Karlsborgs kommunalråd Stig Almkvist", "för Torneå stadsdirektör Kari Virtanen"
                mid = self.next_item(t.end)
                if mid is not None and mid.label in ORG_LABELS and mid.end <= p.start:
                    org_v = mid.value  # "vice ordförande Miljöförbundet Rut Lidén"
            if org_v is None:
                org_v = self.org_from_title_body(t.value)
            f["titles"].append((t.value, org_v))
            f["role_spans"].append([min(t.start, p.start), max(t.end, p.end)])
            if org_v:
                f["orgs"].append(org_v)
            # party after a post title: "kommunstyrelsens ordförande (M)"
            nxt = self.next_item(t.end)
            if how == "post" and nxt is not None and nxt.label == "PARTY" and SEP_PARTY.match(self.gap(t, nxt)):
                f["parties"].append(nxt.value)
        # party words before a title or a name: "socialdemokratiska kommunalrådet Anna Ek", "moderaten Per Lund"
        for p in self.persons:
            prev = self.prev_item(p.start)
            if prev is not None and prev.label == "TITLE" and owners.get(prev.start, ("", None))[1] is p:
                prev = self.prev_item(prev.start)
                anchor_gap = self.gap(prev, self.prev_item(p.start)) if prev is not None else "x"
            else:
                anchor_gap = self.gap(prev, p) if prev is not None else "x"
            if prev is not None and prev.label == "PARTY" and not prev.text.startswith("(") and re.fullmatch(r"[ \t]+", anchor_gap):
                fact(p.value)["parties"].append(prev.value)
        # parties and organisations right after a name
        for p in self.persons:
            f = fact(p.value)
            nxt = self.next_item(p.end)
            anchor: Mention = p
            if nxt is not None and nxt.label == "PARTY" and SEP_PARTY.match(self.gap(p, nxt)):
                f["parties"].append(nxt.value)
                anchor = nxt
            org = self.org_after(anchor, SEP_ORG_AFTER_NAME)
            if org is not None:
                g = self.gap(anchor, org)
                after = self.text[org.end:org.end + 12]
                kommun = KOMMUN_AFTER.match(after)
                line_end = bool(kommun) and re.match(r"[ \t]*([,.;:)|]|\n|\Z)", after[kommun.end():]) is not None
                ok = ("(" in g and after.startswith(")")) or anchor.label == "PARTY" or \
                     (org.label == "MUNICIPALITY" and kommun and ("," in g or line_end)) or \
                     org.label in ("REGION", "ORG") and "," in g
                pre_titled = any(how == "pre" and q is p for how, q in owners.values())
                if re.fullmatch(r"[ \t]+i[ \t]+", g) and pre_titled:
                    ok = True  # "kommunalrådet Anna Ek i Gävle": the place completes the title
                if ok and not (org.label == "MUNICIPALITY" and "(" not in g and anchor.label == "PERSON"
                               and " i " in g and not pre_titled):
                    f["orgs"].append(org.value)
        # pipe-table rows ("Halmstads kommun | Halmstad 2024-07-04 | Kristina Alm | ...") and
        # signature lines "För Karlstads kommun" above a name
        for p in self.persons:
            f = fact(p.value)
            if f["orgs"]:
                continue
            ls = self.text.rfind("\n", 0, p.start) + 1
            le = self.text.find("\n", p.end)
            le = len(self.text) if le < 0 else le
            if "|" in self.text[ls:le]:
                row = [o for o in self.orgs if ls <= o.start < le and o.label in ORG_LABELS
                       and KOMMUN_AFTER.match(self.text[o.end:]) or (ls <= o.start < le and o.label in ("REGION", "ORG"))]
                if row:
                    f["orgs"].append(row[0].value)
                    continue
            cell = self.cell_at(p.start)
            if cell is not None:  # "För X", or X alone, above the name in its column of a side-by-side block
                org = self._org_heading_above(cell)
                if org is not None:
                    f["orgs"].append(org.value)
                    continue
            above = self.text[max(0, ls - 120):ls]
            fm = list(re.finditer(r"(?m)^[ \t]*För[ \t]+(.+)$", above))
            if fm:
                a0 = max(0, ls - 120) + fm[-1].start(1)
                inside = [o for o in self.orgs if a0 <= o.start < ls]
                between = [x for x in self.persons if a0 <= x.start < p.start]
                if inside and not between:
                    f["orgs"].append(inside[0].value)
                    continue
            # "Helena Strand (M) skrev under avtalet för Båstads kommun"
            tail = self.text[p.end:p.end + 80]
            fm2 = re.search(r"\b(?:under|undertecknade|signerade)\b[^.\n]{0,30}?\bför\s+", tail) \
                or re.match(r"[ \t]*(\([^()\n]{1,6}\))?[ \t]*,?[ \t]*för[ \t]+", tail)
            if fm2:
                nxt = self.next_item(p.end + fm2.end())
                if nxt is not None and nxt.start == p.end + fm2.end() and nxt.label in ORG_LABELS:
                    f["orgs"].append(nxt.value)
        # headed groups and document organisation
        groups = self.headers()
        for p in self.persons:
            f = fact(p.value)
            if f["orgs"]:
                continue
            for a, b, org in groups:
                if a <= p.start < b:
                    f["orgs"].append(org)
                    break
        for p in self.persons:
            f = fact(p.value)
            if f["orgs"]:
                continue
            for a, b in blocks:
                if a <= p.start < b:
                    near = [o for o in self.orgs if a <= o.start < b and ADDRESS_CUE.search(self.text[o.end:o.end + 80])]
                    if near:
                        f["orgs"].append(near[0].value)
                        break
        if doc_org:
            for name in order:
                if not facts[name]["orgs"]:
                    facts[name]["orgs"].append(doc_org)
        elif self.publisher:
            for name in order:  # titled people on a municipality's own page work there
                f = facts[name]
                if not f["orgs"] and f["titles"] and not any(o for _, o in f["titles"]) \
                        and not any(title_of_another_employer(t) for t, _ in f["titles"]):
                    f["orgs"].append(self.publisher)
        self._distribute_titles(facts)
        return [self._person_record(name, facts[name]) for name in order]

    def _distribute_titles(self, facts: dict[str, dict]) -> None:
        """'Kommunstyrelsernas ordförande A (X), B (Y) och C (Z)': one title for the whole list."""
        for t in self.titles:
            p = self._person_after_title(t)
            if p is None:
                continue
            surface = self.text[t.start:t.end].lower()
            plural = bool(re.search(r"(rnas|rna|ena|erna|män)\b", surface)) or "att justera" in surface \
                or "respektive" in self.text[max(0, t.start - 15):t.start]
            if not plural:
                continue
            place = r"(,?\s*[A-ZÅÄÖ][\wåäö\-]+(\s+(kommun|stad))?)?"
            sep = (r"^\s*(\([^()]{1,40}\))?" + place + r"\s*(,\s*och|,|och)\s*\Z") if "att justera" not in surface \
                else r"^\s*(\([^()]{1,40}\))?\s*(,|och)?\s*\Z"
            cur = p
            while True:
                nxt = self.next_item(cur.end, ("PERSON",))
                if nxt is None:
                    break
                g = self.gap(cur, nxt)
                m = re.match(sep, g)
                if not m:
                    break
                if not any(x[0] == t.value for x in facts[nxt.value]["titles"]):
                    facts[nxt.value]["titles"].append((t.value, None))
                cur = nxt

    @staticmethod
    def _person_record(name: str, f: dict) -> dict:
        party = Counter(f["parties"]).most_common(1)[0][0] if f["parties"] else None
        orgs = list(dict.fromkeys(f["orgs"]))
        primary = orgs[0] if orgs else None
        roles = []
        seen_titles = set()
        used_orgs = set()
        for i, (title, org) in enumerate(f["titles"]):
            if title in seen_titles:
                continue
            seen_titles.add(title)
            org = org or primary
            used_orgs.add(org)
            role = {"title": title, "org": org, "party": party}
            if i < len(f["role_spans"]):
                role["span"] = f["role_spans"][i]
            roles.append(role)
        for org in orgs:
            if org not in used_orgs:
                roles.append({"title": None, "org": org, "party": party})
                used_orgs.add(org)
        if not roles and party:
            roles.append({"title": None, "org": None, "party": party})
        return {"name": name, "spans": f["spans"], "roles": roles}


@Language.factory("samverkan_relations")
def make_relations(nlp: Language, name: str):
    return RelationsComponent()


class RelationsComponent:
    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            doc._.persons = []
            return doc
        linker = Linker(doc)
        doc._.persons = linker.link(doc._.kind)
        doc.user_data["sv_home_org"] = linker.home_org  # whose document this is (minutes, own page)
        doc.user_data["sv_title_readings"] = linker.title_readings  # evidence for the title model
        doc.user_data["sv_ordered_titles"] = linker.ordered_titles
        doc.user_data["sv_cell_gap"] = linker.cell_gap  # signers side by side (`columns`), for the later components
        return doc
