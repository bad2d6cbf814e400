"""Bytes of a plain-text file into clean Unicode: encoding detection, then mojibake repair.

The encoding is read from a byte-order mark when there is one, else strict UTF-8 is tried,
else charset-normalizer chooses among the encodings Swedish text is found in (cp1252,
latin-1, UTF-16 without BOM, ...). ftfy then repairs mojibake ("kommunfullmÃ¤ktige" ->
"kommunfullmäktige") and normalises line breaks; quotes and HTML entities are left alone.
"""
from __future__ import annotations

import codecs
import unicodedata

import ftfy

from ..document import IngestError

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer chooses among these only: the single-byte encodings Swedish text files
# are written in (UTF-8 and UTF-16 are recognised before). Mac Roman and DOS code pages are
# left out: on short Swedish texts they win over cp1252 and turn "å" into "Â".
CANDIDATE_ENCODINGS = ["cp1252", "latin_1", "iso8859_15"]
MAX_CONTROL_SHARE = 0.01  # more control characters than this: binary data, not text

FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False, fix_character_width=False)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f")
    return controls / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL (ASCII-heavy UTF-16 text), else None."""
    sample = data[:4096]
    if len(sample) < 2:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def _utf16_by_decoding(data: bytes) -> str | None:
    """UTF-16 without BOM whose text is not mostly ASCII: the byte order that decodes cleanly."""
    if len(data) % 2:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _control_share(text) <= MAX_CONTROL_SHARE:
            return name
    return None


def detect_encoding(data: bytes) -> str:
    """Name of the encoding of `data`; raises ValueError when it does not look like text."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    guess = _utf16_without_bom(data)
    if guess:
        return guess
    if b"\x00" in data:
        guess = _utf16_by_decoding(data)
        if guess:
            return guess
        raise ValueError("binary content (NUL bytes), not text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is not None:
        return best.encoding
    # charset-normalizer declines short or unusual texts; cp1252 (else latin-1, which decodes
    # any bytes) is then the likely Swedish encoding, and binary junk is caught afterwards
    # by its share of control characters.
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """(clean text, encoding name) of a plain-text file's bytes. Raises IngestError for binary data."""
    try:
        encoding = detect_encoding(data)
        text = data.decode(encoding)
    except (ValueError, UnicodeDecodeError, LookupError) as exc:
        raise IngestError(path, str(exc) if isinstance(exc, ValueError) else f"undecodable text: {exc}") from None
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise IngestError(path, f"binary content, not text (decoded as {encoding}, too many control characters)")
    return fix_text(text), encoding


def fix_text(text: str) -> str:
    """ftfy's repair (mojibake, line breaks, NFC), keeping quotes and entities as they are."""
    return ftfy.fix_text(text, config=FTFY_CONFIG)
