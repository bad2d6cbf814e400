"""Normalising names for lookups, and reading municipality names written the way people do."""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_DASH = re.compile(r"\s*[-‐‑–]\s*")
_SUFFIXES = (" kommuner", " kommun", " stad", " municipality", " stadshus")


def name_key(name: str) -> str:
    """Case-, space- and Unicode-form-insensitive key of a name ("Karl-Erik  Tegnér")."""
    text = unicodedata.normalize("NFC", name or "").strip().casefold()
    text = _DASH.sub("-", text)
    return _SPACE.sub(" ", text)


def municipality_name(text: str) -> str | None:
    """The SCB name of a municipality written as "Karlstad", "Karlstads kommun", "Göteborgs Stad"..."""
    from .knowledge import municipality_forms

    forms = municipality_forms()
    key = name_key(text)
    if key in forms:
        return forms[key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)].strip()
            break
    if key in forms:
        return forms[key]
    if key.endswith("s") and key[:-1] in forms:  # genitive: "Karlstads", "Kils"
        return forms[key[:-1]]
    return None
