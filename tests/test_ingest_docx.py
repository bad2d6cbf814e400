"""DOCX reader on real files made with python-docx."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from ingest_fixtures.makers import docx_file
from samverkan.document import IngestError
from samverkan.ingest import read_file


def test_paragraphs_and_tables_in_document_order(tmp_path):
    path = docx_file(
        tmp_path / "avtal.docx",
        title="Samverkansavtal om löneadministration",
        paragraphs=["Samverkansavtal om löneadministration",
                    "Parterna i detta avtal är Ludvika kommun och Smedjebackens kommun."],
        table=[["Part", "Företrädare", "Titel"],
               ["Ludvika kommun", "Leif Johansson (S)", "kommunstyrelsens ordförande"],
               ["Smedjebackens kommun", "Lars Isacsson (S)", "kommunstyrelsens ordförande"]],
        after_table=["Avtalet gäller från den 1 januari 2024."],
        bullets=["lönehantering", "pensionsadministration"],
        created=dt.datetime(2023, 11, 2, 9, 30),
    )
    doc = read_file(path)
    assert doc.format == "docx"
    assert doc.title == "Samverkansavtal om löneadministration"
    assert doc.metadata["created"] == "2023-11-02"
    assert doc.language == "sv"
    lines = doc.text.splitlines()
    assert lines[0] == "Samverkansavtal om löneadministration"
    assert "• lönehantering" in lines and "• pensionsadministration" in lines
    assert "Ludvika kommun | Leif Johansson (S) | kommunstyrelsens ordförande" in lines
    assert doc.text.index("Parterna i detta avtal") < doc.text.index("Leif Johansson") < doc.text.index("Avtalet gäller")


def test_title_falls_back_to_heading(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = ""
    document.add_paragraph("Dnr KS 2024/17")
    document.add_heading("Avsiktsförklaring om samverkan", level=1)
    document.add_paragraph("Kommunerna avser att samverka om räddningstjänst och krisberedskap.")
    path = tmp_path / "heading.docx"
    document.save(str(path))
    assert read_file(path).title == "Avsiktsförklaring om samverkan"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("junk.docx", b"this is not a zip file at all, just words", "no ZIP header"),
        ("legacy.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "OLE"),
    ],
)
def test_bad_docx_raise_with_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason


def test_truncated_and_foreign_zip_rejected(tmp_path):
    good = docx_file(tmp_path / "good.docx", None, ["Kommunerna samverkar om räddningstjänst."])
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:400])
    with pytest.raises(IngestError):
        read_file(truncated)
    other = tmp_path / "other.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hej")
    other.write_bytes(buffer.getvalue())
    with pytest.raises(IngestError):
        read_file(other)


def test_empty_docx_is_an_error(tmp_path):
    path = docx_file(tmp_path / "blank.docx", None, [])
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert "no text" in info.value.reason


def test_text_inside_content_controls_is_read(tmp_path):
    """Municipal templates put title and date in content controls (w:sdt), which python-docx skips."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    first = document.add_paragraph("Avsiktsförklaring mellan Kils kommun och Grums kommun")
    document.add_paragraph("Parterna avser att samverka om kompetensförsörjning och digitalisering.")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    first._p.addprevious(sdt)
    sdt.append(content)
    content.append(first._p)
    path = tmp_path / "template.docx"
    document.save(str(path))
    doc = read_file(path)
    assert doc.text.splitlines()[0] == "Avsiktsförklaring mellan Kils kommun och Grums kommun"
    assert "kompetensförsörjning" in doc.text
