"""Clean-up of text taken from page layouts: list bullets and words hyphenated at line ends.

The glyph lists and the words that mark a suspended compound live in
`data/text_cleanup.json`.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def rules_data() -> dict:
    """The raw contents of data/text_cleanup.json."""
    return json.loads(resources.files(__package__).joinpath("data/text_cleanup.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def rules() -> dict:
    data = rules_data()
    return {
        "bullet": data["bullet"],
        "bullets": frozenset(data["bullet_glyphs"]),
        "dashes": frozenset(data["dash_bullet_glyphs"]),
        "keep_hyphen_before": frozenset(w.lower() for w in data["keep_hyphen_before"]),
    }


def bullet_form(first_word: str, gap_after: float | None, indent_gap: float) -> str | None:
    """The line start with its bullet glyph normalised, or None when the line is no list item.

    `gap_after` is the space between the first and the second word (None when unknown);
    a dash counts as a bullet only when followed by a gap of at least `indent_gap`.
    """
    r = rules()
    if first_word in r["bullets"]:
        return r["bullet"]
    if first_word in r["dashes"] and gap_after is not None and gap_after >= indent_gap:
        return r["bullet"]
    if len(first_word) > 1 and first_word[0] in r["bullets"] and first_word[1].isalnum():
        return r["bullet"] + " " + first_word[1:]  # glyph glued to the text: "•Text"
    return None


def normalise_bullet_text(line: str) -> str:
    """A text line (no positions known, e.g. DOCX) with a leading bullet glyph normalised."""
    stripped = line.lstrip()
    if not stripped:
        return line
    head, _, rest = stripped.partition(" ")
    form = bullet_form(head, None, 0.0)
    if form is None:
        return line
    return f"{form} {rest}".rstrip() if rest else form


def join_hyphenated(before: str, after: str) -> str | None:
    """How to join a line ending in `before` (a word ending with '-') to a line starting with `after`.

    Returns the one word they make: "samverkan" for a real hyphenation ("sam-" + "verkan"),
    "EU-projekt" when the hyphen belongs to the word ("EU-" + "projekt"); None when the
    hyphen is a suspended compound ("alkohol-" + "och"): then join with a space.
    """
    if len(before) < 2 or not before.endswith("-") or not after:
        return None
    stem = before[:-1].lstrip("([{\"'«“‘„")
    if not stem:
        return None
    if after.lower().rstrip(".,;:") in rules()["keep_hyphen_before"] or after.lower() in rules()["keep_hyphen_before"]:
        return None
    if len(stem) <= 2 or not stem.isalpha():
        return before + after if stem[-1].isalnum() and after[0].isalnum() else None  # "e-" + "post", "2023-" + "04"
    if stem[-1].islower() and after[0].isalpha() and after[0].islower():
        return before[:-1] + after
    if stem[-1].isalnum() and after[0].isalnum():
        return before + after
    return None
