"""DOCX reader (python-docx): body paragraphs and tables in document order, core properties.

Tables are read row by row, cells separated by " | " (a merged cell once). Paragraphs in a
bulleted list get the canonical bullet ("• "), as do paragraphs typed with a bullet glyph.
Page headers and footers are running text and are left out. Title: the core property
`title`, else the first Title/Heading paragraph, else the first non-empty paragraph.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..document import Document, IngestError, content_hash
from .cleanup import normalise_bullet_text, rules

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
CELL_SEPARATOR = " | "
MAX_TITLE = 300
MAX_UNCOMPRESSED = 200_000_000  # bytes a DOCX package may inflate to (a 1,000-page report is ~20 MB)


def _refuse_zip_bomb(path: Path, data: bytes) -> None:
    """Refuse a package that would inflate beyond MAX_UNCOMPRESSED (checked before any inflating;
    zipfile stops reading a member at its declared size)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise IngestError(path, f"damaged DOCX package: {exc}") from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        raise IngestError(path, f"DOCX package inflates to {total / 1e6:,.0f} MB from {len(data) / 1e6:,.1f} MB "
                                f"(over the {MAX_UNCOMPRESSED / 1e6:,.0f} MB limit: a zip bomb?)")


def _open(path: Path, data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(OLE_MAGIC):
        raise IngestError(path, "encrypted DOCX or legacy Word .doc file (OLE container), not a DOCX package")
    if not data.startswith(b"PK"):
        raise IngestError(path, "not a DOCX file (no ZIP header)")
    _refuse_zip_bomb(path, data)
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise IngestError(path, f"damaged DOCX package: {exc}") from None


def _bullet_lists(document) -> dict[tuple[str, str], bool]:
    """(numId, ilvl) -> True when that list level is drawn with a bullet."""
    from docx.oxml.ns import qn

    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    formats: dict[tuple[str, str], str] = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        for level in abstract.findall(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            formats[(abstract.get(qn("w:abstractNumId")), level.get(qn("w:ilvl")))] = (
                fmt.get(qn("w:val")) if fmt is not None else "")
    result: dict[tuple[str, str], bool] = {}
    for num in numbering.findall(qn("w:num")):
        abstract_id = num.find(qn("w:abstractNumId"))
        if abstract_id is None:
            continue
        for (abstract, level), fmt in formats.items():
            if abstract == abstract_id.get(qn("w:val")):
                result[(num.get(qn("w:numId")), level)] = fmt == "bullet"
    return result


def _is_bullet(paragraph, bullet_lists: dict[tuple[str, str], bool]) -> bool:
    from docx.oxml.ns import qn

    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "bullet" in style.lower():
        return True
    properties = paragraph._p.pPr
    num = properties.find(qn("w:numPr")) if properties is not None else None
    if num is None:
        return False
    num_id, level = num.find(qn("w:numId")), num.find(qn("w:ilvl"))
    key = (num_id.get(qn("w:val")) if num_id is not None else None, level.get(qn("w:val")) if level is not None else "0")
    return bullet_lists.get(key, False)


def _paragraph_text(paragraph, bullet_lists) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    if _is_bullet(paragraph, bullet_lists):
        return f"{rules()['bullet']} {text}"
    return normalise_bullet_text(text)


def _table_lines(table, bullet_lists) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell appears once per grid column it spans
            seen.add(id(cell._tc))
            parts = _content_lines(iter_blocks(cell), bullet_lists)
            cells.append(" ".join(parts))
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells).strip())
    return lines


def iter_blocks(container):
    """Paragraphs and tables of a body or cell in document order, including those inside
    content controls (`w:sdt`, common in municipal templates), which python-docx skips."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(element):
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, container)
            elif child.tag == qn("w:tbl"):
                yield Table(child, container)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                yield from walk(child)

    element = container._element
    yield from walk(element.find(qn("w:body")) if element.tag == qn("w:document") else element)


def _content_lines(items, bullet_lists) -> list[str]:
    from docx.table import Table

    lines: list[str] = []
    for item in items:
        if isinstance(item, Table):
            lines.extend(_table_lines(item, bullet_lists))
        else:
            text = _paragraph_text(item, bullet_lists)
            if text:
                lines.append(text)
    return lines


def _title(document, lines: list[str]) -> str | None:
    title = (document.core_properties.title or "").strip()
    if title:
        return title[:MAX_TITLE]
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if paragraph.text.strip() and (style == "Title" or style.startswith("Heading")):
            return paragraph.text.strip()[:MAX_TITLE]
    return lines[0][:MAX_TITLE] if lines else None


def read_docx(path: str | Path, data: bytes) -> Document:
    """A .docx file's bytes as a Document."""
    path = Path(path)
    document = _open(path, data)
    lines = _content_lines(iter_blocks(document), _bullet_lists(document))
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(path, "no text in the DOCX body")
    properties = document.core_properties
    metadata: dict = {}
    for name in ("created", "modified"):
        value = getattr(properties, name)
        if value is not None:
            metadata[name] = value.date().isoformat()
    if properties.author:
        metadata["author"] = properties.author
    return Document(
        source_path=str(path),
        format="docx",
        content_hash=content_hash(data),
        text=text,
        title=_title(document, lines),
        metadata=metadata,
    )
