"""HTML reader: the main text of a web page (trafilatura), its title and publication date.

trafilatura removes navigation, headers, footers and side columns. What it can leave on
municipal pages (cookie banners, "Kontakt för den här sidan", opening hours, addresses)
is removed by a small filter whose patterns live in `data/html_boilerplate.json`:
elements pruned by XPath before extraction, sections under boilerplate headings, and
whole lines that are only a phone number, an address, opening hours and the like.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..document import Document, IngestError, content_hash
from .decoding import fix_text

MAX_TITLE = 300
MAX_PRUNED_SHARE = 0.4  # never prune an element holding more than this share of the page's text
MIN_LETTERS = 25  # less main text than this is a page of links/navigation only
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
CONTAINERS = {"body", "main", "article", "html"}


@lru_cache(maxsize=1)
def boilerplate() -> dict:
    data = json.loads(resources.files(__package__).joinpath("data/html_boilerplate.json").read_text(encoding="utf-8"))
    return {
        "prune_xpath": data["prune_xpath"],
        "headings": re.compile("|".join(f"(?:{p})" for p in data["section_headings"]), re.I),
        "lines": re.compile("|".join(f"(?:{p})" for p in data["drop_lines"]), re.I),
    }


def _heading_level(element) -> int | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in HEADING_TAGS:
        return HEADING_TAGS[tag.lower()]
    if element.get("role") == "heading":
        level = (element.get("aria-level") or "").strip()
        return int(level) if level.isdigit() else 7
    return None


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _contains_heading(element, level: int) -> bool:
    for node in element.iter():
        found = _heading_level(node)
        if found is not None and found <= level:
            return True
    return False


def remove_boilerplate_sections(tree) -> int:
    """Remove every section under a boilerplate heading; returns how many were removed."""
    pattern = boilerplate()["headings"]
    total = _text_length(tree) or 1
    removed = 0
    for heading in list(tree.iter()):
        level = _heading_level(heading)
        if level is None or heading.getparent() is None or not pattern.fullmatch(_text(heading).rstrip(":")):
            continue
        start = heading
        while (start.getparent() is not None and start.getparent().tag not in CONTAINERS
               and len([c for c in start.getparent() if isinstance(c.tag, str)]) == 1):
            start = start.getparent()
        doomed = [start]
        sibling = start.getnext()
        while sibling is not None and not _contains_heading(sibling, level):
            doomed.append(sibling)
            sibling = sibling.getnext()
        if sum(_text_length(element) for element in doomed) > MAX_PRUNED_SHARE * total:
            continue  # a "section" holding most of the page is the page itself
        for element in doomed:
            if element.getparent() is not None:
                _drop_keep_tail(element)
        removed += 1
    return removed


def _drop_keep_tail(element) -> None:
    """Remove an element but not the text that follows it (its tail belongs to the parent)."""
    parent = element.getparent()
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _text_length(element) -> int:
    return sum(len(piece.strip()) for piece in element.itertext())


def prune(tree) -> None:
    """Remove the elements matched by the prune XPaths, except wrappers of most of the page
    (a `<div class="page cookie-banner-open">` around everything is no cookie banner)."""
    total = _text_length(tree) or 1
    for expression in boilerplate()["prune_xpath"]:
        for element in tree.xpath(expression):
            if element.getparent() is None or element.tag in CONTAINERS:
                continue
            if _text_length(element) > MAX_PRUNED_SHARE * total:
                continue
            element.getparent().remove(element)


def clean_lines(text: str) -> str:
    """Drop boilerplate lines; collapse runs of blank lines."""
    pattern = boilerplate()["lines"]
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and pattern.fullmatch(stripped):
            continue
        if not stripped and (not kept or not kept[-1].strip()):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def read_html(path: str | Path, data: bytes) -> Document:
    """An HTML file's bytes as a Document (main text only)."""
    import trafilatura

    path = Path(path)
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 20 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(path, "binary content, not HTML")
    tree = trafilatura.load_html(data)
    if tree is None:
        raise IngestError(path, "not an HTML document (nothing to parse)")
    metadata_source = trafilatura.load_html(data)  # metadata from the untouched page
    prune(tree)
    remove_boilerplate_sections(tree)
    result = trafilatura.bare_extraction(
        tree, include_comments=False, include_tables=True, favor_precision=True, with_metadata=False,
    )
    text = clean_lines(fix_text(result.text or "")) if result is not None else ""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        raise IngestError(path, "no main text found in the HTML page")
    from trafilatura.metadata import extract_metadata

    info = extract_metadata(metadata_source, date_config={"extensive_search": False, "original_date": True})
    metadata: dict = {}
    if info is not None:
        for name, value in (("published", info.date), ("author", info.author), ("sitename", info.sitename),
                            ("url", info.url), ("description", info.description)):
            if value:
                metadata[name] = value
    title = (info.title if info is not None else None) or next((l for l in text.splitlines() if l.strip()), None)
    return Document(
        source_path=str(path),
        format="html",
        content_hash=content_hash(data),
        text=text,
        title=title[:MAX_TITLE] if title else None,
        metadata=metadata,
    )
