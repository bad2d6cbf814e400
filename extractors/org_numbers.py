"""Component `samverkan_org_numbers`: Swedish organisation numbers (organisationsnummer).

A number NNNNNN-NNNN (or ten digits) after a cue ("org.nr", "organisationsnummer", "org nr")
or right after an organisation's name in parentheses is an organisation number. It is
validated with the Luhn check digit (the last digit) and the rule that the third digit is 2
or more for a legal person; `valid` says whether it passes. It is tied to the organisation
named just before it on the same line, else to the organisation the reference list gives
that number (`data/reference_organisations.csv`). Mentions: label ORGNR, value the number
in the form NNNNNN-NNNN; `doc.user_data["sv_org_numbers"]` holds the records.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import knowledge
from .mentions import add, is_foreign, of, text_of

CUE = r"(?:org(?:anisations)?\.?\s*-?\s*n(?:umme)?r\.?|orgnr|organisationsnummer|org\.\s*nummer)"
NUMBER = re.compile(rf"(?i)(?:{CUE}\s*:?\s*(\d{{6}})[-\s]?(\d{{4}})\b)|(?:\(\s*(\d{{6}})-(\d{{4}})\s*\))")


def luhn_valid(digits: str) -> bool:
    """The Luhn check of a ten-digit Swedish organisation or personal number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def is_valid_org_number(number: str) -> bool:
    """Luhn-valid, and the third digit marks a legal person (>= 2)."""
    digits = number.replace("-", "")
    return luhn_valid(digits) and int(digits[2]) >= 2


@lru_cache(maxsize=1)
def reference_numbers() -> dict[str, str]:
    return {r["org_number"]: r["name"] for r in knowledge._csv("reference_organisations.csv") if r.get("org_number")}


def find_numbers(text: str):
    """(start, end, 'NNNNNN-NNNN') of each organisation number in `text`."""
    for m in NUMBER.finditer(text):
        head, tail = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        g = 1 if m.group(1) else 3
        yield m.start(g), m.end(g + 1), f"{head}-{tail}"


@Language.factory("samverkan_org_numbers")
def make_org_numbers(nlp: Language, name: str):
    return OrgNumbersComponent()


class OrgNumbersComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["sv_org_numbers"] = []
        if is_foreign(doc):
            return doc
        text = text_of(doc)
        orgs = of(doc, "ORG", "MUNICIPALITY", "REGION")
        for start, end, number in find_numbers(text):
            line_start = text.rfind("\n", 0, start) + 1
            before = [o for o in orgs if line_start <= o.start and o.end <= start]
            org = before[-1].value if before else reference_numbers().get(number)
            add(doc, "ORGNR", start, end, number)
            doc.user_data["sv_org_numbers"].append(
                {"number": number, "valid": is_valid_org_number(number), "org": org, "span": [start, end]})
        return doc
