"""Candidates and features of the person-party model (`membership.json`): which party a person
represents.

A candidate is one occurrence of party letters or a party's name next to a person on the same
line, after the name ("Anna Ek (S)", "Anna Ek, S", "kommunalråd Anna Ek (S)", "Anna Ek M N Ja" in a
voting list) or before it ("S Anna Ek" in a list whose party column comes first, "moderaten Per
Lund"), plus every party the rule linker gave the person. The features say how the party stands
to the name (brackets, a comma, a bare space, a title between), what follows it (a comma, the
end of the line, another name, a short column value), whether the pair opens its line, how many
of the document's persons share that shape (a table's column repeats), and whether the rules
chose it. Bare letters are candidates only right beside a name: "S", "M", "C" elsewhere are
ordinary letters.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from .mentions import Mention, Occupancy

MAX_GAP = 60  # characters between a name and a marked party on its line ("Anna Ek, kommunalråd (S)")
MAX_GAP_BEFORE = 30  # a party before a name: "moderaten Per Lund", "socialdemokratiska kommunalrådet Anna Ek"
BARE_GAP = re.compile(r"[ \t]*,?[ \t]*\Z")  # what may stand between a name and bare party letters
REACH = 200  # characters searched for the line's ends on either side of a party (more than MAX_GAP + LOOK)
LOOK = 40  # characters looked at after a party (what follows it) and before it (what opens its line)
COLUMN_VALUE = re.compile(r"[ \t]+(?:[A-ZÅÄÖ][a-zåäö]?|\d{1,3}\s*%?)(?=[ \t\n]|\Z)")  # "N", "Ja", "Tj", "50 %"


@lru_cache(maxsize=4)
def _bare_letters_rx(parties: frozenset[str]) -> re.Pattern:
    alternation = "|".join(sorted(map(re.escape, parties), key=len, reverse=True))
    return re.compile(rf"(?<![\w\-(.:/&])(?:{alternation})(?![\w\-)/&:]|\.\w)")


def bare_party_letters(text: str, parties: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, letters) of every known party abbreviation written as a word of its own, in
    its own case ("S", "KD")."""
    if not parties:
        return []
    return [(m.start(), m.end(), m.group(0).upper()) for m in _bare_letters_rx(frozenset(parties)).finditer(text)]


def _gap_class(gap: str, title_between: bool) -> str:
    if title_between:
        return "title"
    if re.fullmatch(r"[ \t]*", gap):
        return "space"
    if re.fullmatch(r"[ \t]*,[ \t]*", gap):
        return "comma"
    return "other"


def membership_candidates(text: str, persons: list[Mention], party_mentions: list[Mention],
                          titles: list[Mention], parties: set[str], rule_parties: dict[str, list[str]],
                          kind_features: dict[str, float]) -> list[tuple[str, str, dict[str, float]]]:
    """(person, party letters, features) for every occurrence of a party beside a person and
    every party the rules gave a person (`rule_parties`: name -> letters)."""
    occupied = Occupancy(len(text), [(m.start, m.end) for m in persons + party_mentions])
    marked = [(m.start, m.end, m.value, m.text) for m in party_mentions]
    bare = [(s, e, v, text[s:e]) for s, e, v in bare_party_letters(text, parties) if not occupied.overlaps(s, e)]
    by_start = sorted(persons, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    ends = sorted((m.end, i) for i, m in enumerate(by_start))
    end_keys = [e for e, _ in ends]
    title_starts = sorted(t.start for t in titles)
    occurrences: list[tuple[Mention, str, dict[str, float], tuple]] = []
    for s, e, value, written, is_bare in [(*x, False) for x in marked] + [(*x, True) for x in bare]:
        # the line around the party, looked for no further than `REACH` (a flattened table is one long line)
        nl = text.rfind("\n", max(0, s - REACH), s)
        line_start = nl + 1 if nl >= 0 else max(0, s - REACH)
        real_start = nl >= 0 or line_start == 0
        line_end = text.find("\n", e, e + REACH)
        line_end = min(len(text), e + REACH) if line_end < 0 else line_end
        # the nearest name ending before the party, and the nearest starting after it, on its line
        j = bisect_right(end_keys, s) - 1
        before = by_start[ends[j][1]] if j >= 0 and ends[j][0] >= line_start else None
        k = bisect_left(starts, e)
        after = by_start[k] if k < len(by_start) and by_start[k].start <= line_end else None
        pairs = []
        for person, direction in ((before, "after"), (after, "before")):
            if person is None:
                continue
            a, b = (person.end, s) if direction == "after" else (e, person.start)
            gap = text[a:b]
            if b - a > MAX_GAP or (is_bare and not BARE_GAP.fullmatch(gap)):
                continue
            if direction == "before" and (b - a > MAX_GAP_BEFORE or re.search(r"[,;.()]", gap)):
                continue  # "A (S), Stockholm, B": a party before a name stands right before it or its title
            pairs.append((person, direction, a, b, gap))
        for person, direction, a, b, gap in pairs:
            title_between = bisect_left(title_starts, a) < bisect_left(title_starts, b)
            gap_class = _gap_class(gap, title_between)
            rest = text[e:min(line_end, e + LOOK)]
            first = min(s, person.start)  # the pair opens its line: only spaces before it
            opens_line = real_start and first - line_start <= LOOK and not text[line_start:first].strip()
            after_name = direction == "after"
            f = {
                "bias": 1.0, "occurrence": 1.0,
                f"dir_{direction}": 1.0, f"gap_{gap_class}": 1.0, f"{direction}_gap_{gap_class}": 1.0,
                "bare": float(is_bare), "bare_" + direction: float(is_bare),
                "brackets": float(written.startswith("(")),
                "party_name": float(not is_bare and not written.strip("()").strip().isupper()),
                "between_names": float(len(pairs) == 2),
                # what follows a party after the name; what precedes one before the name
                "then_line_end": float(after_name and not rest.strip(" \t.;")),
                "then_comma": float(after_name and rest.lstrip(" \t").startswith(",")),
                "then_capital": float(after_name and bool(re.match(r"[ \t]+[A-ZÅÄÖ][a-zåäö]{2,}", rest))),
                "then_lower": float(after_name and bool(re.match(r"[ \t,]*[a-zåäö]", rest))),
                "then_column": float(after_name and bool(COLUMN_VALUE.match(rest))),
                "after_comma": float(not after_name and text[max(line_start, s - LOOK):s].rstrip().endswith(",")),
                "opens_line": float(opens_line),
                "gap_long": min(len(gap), MAX_GAP) / MAX_GAP,
            }
            f.update(kind_features)
            shape = (direction, gap_class, is_bare, f["brackets"])
            occurrences.append((person, value, f, shape))
    # how many of the document's persons stand in each shape: a column of a table repeats
    holders: dict[tuple, set[str]] = {}
    for person, _, _, shape in occurrences:
        holders.setdefault(shape, set()).add(person.value)
    n_persons = max(1, len({m.value for m in persons}))
    offered: dict[str, set[str]] = {}
    for person, value, _, _ in occurrences:
        offered.setdefault(person.value, set()).add(value)
    for name, values in rule_parties.items():
        offered.setdefault(name, set()).update(values)
    out = []
    for person, value, f, shape in occurrences:
        n = len(holders[shape])
        f["shape_share"] = n / n_persons
        f["shape_repeats"] = float(n >= 3)
        f["rule"] = float(value in rule_parties.get(person.value, []))
        f["rule_other"] = float(any(v != value for v in rule_parties.get(person.value, [])))
        f["n_offered"] = min(len(offered[person.value]), 3) / 3
        out.append((person.value, value, f))
    seen = {(name, value) for name, value, _ in out}
    for name, values in rule_parties.items():
        for value in values:
            if (name, value) not in seen:  # a party the rules found elsewhere ("kommunalrådet (S) i Gävle")
                f = {"bias": 1.0, "rule": 1.0, "rule_only": 1.0, "n_offered": min(len(offered[name]), 3) / 3,
                     "rule_other": float(any(v != value for v in values))}
                f.update(kind_features)
                out.append((name, value, f))
    return out
