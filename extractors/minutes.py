"""Component `samverkan_minutes`: the sections of council and committee minutes.

Minutes list people under headings ("Beslutande", "Ersättare", "Justerare", "Sekreterare",
"Underskrifter", ...: `data/minutes_sections.csv`, each with the role it gives and its group).
A person's section is the heading before them, until the next heading or a long stretch
without names. A run of signature headings with no names between them ("Sekreterare
Ordförande Justerare A B C", a flattened signature table) is matched to the names after it in
order; after a run of member headings ("Beslutande Ledamöter Ersättare", a flattened table)
the names belong to the first column ("Beslutande", named by a "Ledamöter" right after it),
without a role when the next column gives a different one ("Ledamöter Ersättare": the names
are not split between members and substitutes). A heading for one or two people
("Ordförande", "Justerare": the `most` column) gives its role to that many names only. A
members' heading in lower case after a qualifier ("Ordinarie ledamöter", "Direktionens
ersättare": `data/minutes_heading_qualifiers.txt` and a body's genitive) is that heading. The
result, `doc.user_data["sv_sections"]`, maps a person mention's start to (heading, role,
group); it is read by `samverkan_relation_models` as evidence.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .knowledge import DATA_DIR, _lines
from .mentions import is_foreign, of, text_of
from .relation_features import body_genitive

SECTION_GAP = 250  # characters without a name that end a section


def section_headings() -> tuple[re.Pattern, dict[str, tuple[str, str | None, str]]]:
    """The heading pattern and heading (casefolded, dots dropped) -> (heading, role, group)."""
    return _headings()[:2]


def most_names() -> dict[str, int]:
    """Heading -> how many names it can stand over (one chair, two who adjust the minutes)."""
    return _headings()[2]


@lru_cache(maxsize=1)
def _headings() -> tuple[re.Pattern, dict[str, tuple[str, str | None, str]], dict[str, int]]:
    """`data/minutes_sections.csv` read once: the pattern, the table and the `most` column."""
    with open(DATA_DIR / "minutes_sections.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table = {_key(r["heading"]): (r["heading"], r["role"] or None, r["group"]) for r in rows}
    most = {r["heading"]: int(r["most"]) for r in rows if r.get("most")}
    words = sorted({r["heading"] for r in rows}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\.?\s+") for w in words)
    upper = "|".join(re.escape(w.upper()).replace(r"\ ", r"\.?\s+") for w in words)
    # "Ordinarie ledamöter", "Direktionens ersättare": a members' heading with a role, in lower
    # case after a qualifier; it gives what the heading alone gives (`heading_row`)
    cores = "|".join(sorted({re.escape(r["heading"].casefold()) for r in rows
                             if r["group"] == "members" and r["role"] and " " not in r["heading"]}, key=len, reverse=True))
    qualifiers = "|".join(re.escape(q) for q in _lines("minutes_heading_qualifiers.txt"))
    bodies = "|".join(re.escape(b) for b in _body_genitives())
    genitive = rf"(?:[A-ZÅÄÖ][a-zåäö-]*(?:{bodies})|(?:{bodies.title()}))"  # "Socialnämndens", "Direktionens"
    alternatives = rf"(?:{qualifiers}|{genitive})\s+(?:{cores})|{alternatives}"
    # "Ledamöter" before a name, a colon, a line end or dot leaders (cut short to one or two
    # dots by text extraction: "Justerare. Anna Ek") or run into the next capitalised word by
    # text extraction ("Ordinarie ledamöterTjg") or followed by its number of names ("Ledamöter (7)
    # Anna Ek"); "LEDAMÖTER" (a heading in capitals) before anything
    rx = re.compile(rf"(?<![\wåäöÅÄÖ])(?:(?:{alternatives})(?=\s*[:\n]|\s+[A-ZÅÄÖ]|\s*[._]{{3,}}|[._]{{1,2}}\s*[A-ZÅÄÖ]|[A-ZÅÄÖ][a-zåäö]|\s*\(\d{{1,3}}\)\s+[A-ZÅÄÖ])"
                    rf"|(?:{upper})(?=[\s:]|$))")
    return rx, table, most


def _body_genitives() -> list[str]:
    """A body's genitive ("styrelsens", "nämndens", "fullmäktiges") of each ending of
    `data/municipal_bodies.txt` (`relation_features.body_genitive`)."""
    return sorted({body_genitive(ending) for ending in _lines("municipal_bodies.txt")}, key=len, reverse=True)


def heading_row(table: dict[str, tuple[str, str | None, str]], heading: str) -> tuple[str, str | None, str] | None:
    """The row of a matched heading; a qualified one ("Direktionens ledamöter") is its last word's."""
    key = _key(heading)
    return table.get(key) or table.get(key.split()[-1])


def _key(heading: str) -> str:
    return re.sub(r"[.\s]+", " ", heading.casefold()).strip()


def find_sections(text: str, person_starts: list[tuple[int, int]]) -> dict[int, tuple[str, str | None, str]]:
    """Person mention start -> (heading, role, group) of the section the person is listed in."""
    rx, table = section_headings()
    most = most_names()
    # a heading word after a comma is a title in a list ("Anna Ek (M), Ordförande Per Lund"), not a heading
    heads = [(m.start(), m.end(), row) for m in rx.finditer(text)
             if (row := heading_row(table, m.group(0))) and not text[max(0, m.start() - 3):m.start()].rstrip().endswith(",")]
    names: dict[int, int] = {}  # one name a start: overlapping readings ("Anna Ek", "Anna Ek Berg") are one person
    for s, e in person_starts:
        names[s] = max(e, names.get(s, e))
    events = sorted([(s, e, "H", h) for s, e, h in heads] + [(s, e, "P", None) for s, e in names.items()])
    out: dict[int, tuple[str, str | None, str]] = {}
    current: list[tuple[str, str | None, str]] = []
    pending_run = False
    last_end = -1
    given = 0  # names the current single heading stood over
    for start, end, what, head in events:
        if what == "H":
            if current and pending_run and start - last_end < 40 and (
                    any(h[1] for h in current) or (current[0][2] == head[2] == "members")):
                current.append(head)  # another heading with no name between: a run
            else:
                current = [head]
            given = 0
            pending_run = True
            last_end = end
            continue
        if not current or start - last_end > SECTION_GAP:
            current, pending_run = [], False
            continue
        if len(current) > 1 and all(h[2] == "signatures" for h in current):
            out[start] = current.pop(0) if len(current) > 1 else current[0]
        elif len(current) == 1:
            if given >= most.get(current[0][0], given + 1):
                current, pending_run = [], False
                continue
            out[start] = current[0]
            given += 1
        elif current[0][2] == "members":
            # column headings run together ("Beslutande Ledamöter Ersättare ..."): the names
            # that follow are the first column's; a members heading right after an untitled
            # first one names it ("Beslutande Ledamöter"), a substitutes' one is the next column
            # ("Beslutande Ersättare")
            first, second = current[0], current[1]
            named = first[1] is None and second[2] == "members" and second[1] == "ledamot"
            column = second if named else first
            nxt = next(iter(current[2 if named else 1:]), None)  # the column right after
            if column[1] and nxt and nxt[2] == "members" and nxt[1] and nxt[1] != column[1]:
                # "Ledamöter Ersättare A B C ...": side-by-side columns of members and
                # substitutes whose names are not split, so no name's role can be told
                column = (column[0], None, column[2])
            out[start] = column
        pending_run = False
        last_end = end
    return out


@Language.factory("samverkan_minutes")
def make_minutes(nlp: Language, name: str):
    return MinutesComponent()


class MinutesComponent:
    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            doc.user_data["sv_sections"] = {}
            return doc
        persons = [(m.start, m.end) for m in of(doc, "PERSON")]
        doc.user_data["sv_sections"] = find_sections(text_of(doc), persons)
        return doc
