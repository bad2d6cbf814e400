"""Component `samverkan_dates`: dates normalised to ISO (DATE: full dates; PARTIAL_DATE: month or year).

Full dates: "2024-03-28", "28 mars 2024", "den 4 juli 2018", "3 okt, 2022", "Mar 5, 2019",
"6.5.2021"/"06.05.2021". Partial dates (used as agreement dates): "i april 2020" -> "2020-04",
"våren 2016" -> "2016".
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from .knowledge import first_letter_lookahead
from .mentions import add, is_foreign, text_of

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "mars": 3,
    "mar": 3, "march": 3, "april": 4, "apr": 4, "maj": 5, "may": 5, "juni": 6, "jun": 6,
    "june": 6, "juli": 7, "jul": 7, "july": 7, "augusti": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}
MON = "|".join(sorted(MONTHS, key=len, reverse=True))
MON_FIRST = first_letter_lookahead(MONTHS)  # the month alternation is tried only where a month can start
# (?=\d) first: the patterns below are tried only at digits (the same matches, about twice as fast)
ISO = re.compile(r"(?=\d)(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])")
DMY = re.compile(rf"(?=\d)(?<!\d)(\d{{1,2}})(?:e|:e|:a)?\s+({MON})\.?,?\s+(\d{{4}})(?!\d)", re.I)
MDY = re.compile(rf"\b{MON_FIRST}({MON})\.?\s+(\d{{1,2}}),\s+(\d{{4}})(?!\d)", re.I)
DOTTED = re.compile(r"(?=\d)(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")
MONTH_YEAR = re.compile(rf"\b{MON_FIRST}({MON})\s+(\d{{4}})(?!\d)", re.I)
SEASONS = ("våren", "hösten", "sommaren", "vintern", "under")
SEASON_YEAR = re.compile(rf"\b{first_letter_lookahead(SEASONS)}(?:{'|'.join(SEASONS)})\s+(\d{{4}})(?!\d)", re.I)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str):
    """Yield (start, end, iso, full) for every date expression."""
    taken: list[tuple[int, int]] = []
    for rx, order in ((ISO, "ymd"), (DMY, "dmy"), (MDY, "mdy"), (DOTTED, "dmy_num")):
        for m in rx.finditer(text):
            if order == "ymd":
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            elif order == "dmy":
                d, mo, y = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
            elif order == "mdy":
                mo, d, y = MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
            else:
                d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            iso = _iso(y, mo, d) if 1900 <= y <= 2100 else None
            if iso:
                taken.append((m.start(), m.end()))
                yield m.start(), m.end(), iso, True
    for m in MONTH_YEAR.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        word = m.group(1).lower()
        if len(word) <= 4 and word not in ("maj", "juni", "juli", "mars"):
            continue  # abbreviations alone are too ambiguous without a day
        yield m.start(), m.end(), f"{int(m.group(2)):04d}-{MONTHS[word]:02d}", False
    for m in SEASON_YEAR.finditer(text):
        yield m.start(), m.end(), m.group(1), False


@Language.factory("samverkan_dates")
def make_dates(nlp: Language, name: str):
    return DatesComponent()


class DatesComponent:
    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            return doc
        for s, e, iso, full in find_dates(text_of(doc)):
            add(doc, "DATE" if full else "PARTIAL_DATE", s, e, iso)
        return doc
