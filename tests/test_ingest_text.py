"""Plain-text and Markdown reader: encodings, mojibake, titles, bad input."""
from __future__ import annotations

import os

import pytest

from samverkan.document import IngestError
from samverkan.ingest import read_file

SWEDISH = (
    "Avsiktsförklaring om samverkan\n"
    "Kommunstyrelsens ordförande i Härjedalens kommun och regionrådet i Region Jämtland Härjedalen "
    "undertecknade i dag en överenskommelse om gemensam tillsyn av alkohol- och tobaksförsäljning.\n"
    "Åsa Öberg (S), ordförande, säger att samarbetet stärker båda parterna.\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
def test_every_encoding_reads_back_the_same_text(tmp_path, encoding):
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(SWEDISH.encode(encoding))
    doc = read_file(path)
    assert doc.text == SWEDISH
    assert doc.format == "txt"
    assert doc.title == "Avsiktsförklaring om samverkan"
    assert doc.language == "sv"
    assert doc.metadata["encoding"]


@pytest.mark.parametrize("text", ["Hej på dig, åäö ÅÄÖ é", "ö", "Årsmöte i Härnösand", "– Vi är glada, säger ”Åsa”…"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "cp1252", "latin-1"])
def test_short_texts_decode(tmp_path, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{encoding} cannot hold {text!r}")
    from samverkan.ingest.decoding import decode_text

    assert decode_text(data)[0] == text


def test_windows_line_endings_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SWEDISH.replace("\n", "\r\n").encode("cp1252"))
    assert read_file(path).text == SWEDISH


def test_mojibake_is_repaired(tmp_path):
    # UTF-8 bytes once wrongly decoded as cp1252 and saved again as UTF-8: the classic "Ã¤"
    broken = SWEDISH.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    assert "Ã¤" in broken.decode("utf-8")
    path = tmp_path / "mojibake.txt"
    path.write_bytes(broken)
    doc = read_file(path)
    assert "överenskommelse" in doc.text and "Ã" not in doc.text
    assert doc.text == SWEDISH


def test_markdown_title_is_first_heading(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("Inledande rad utan rubrik\n\n## Avtal om samverkan\n\nText om avtalet.\n", encoding="utf-8")
    doc = read_file(path)
    assert doc.format == "md"
    assert doc.title == "Avtal om samverkan"


def test_markdown_setext_heading(tmp_path):
    path = tmp_path / "setext.md"
    path.write_text("Samverkansavtal\n===============\n\nParterna är Ale kommun och Lerums kommun.\n", encoding="utf-8")
    assert read_file(path).title == "Samverkansavtal"


def test_title_is_first_non_empty_line(tmp_path):
    path = tmp_path / "blank-start.txt"
    path.write_text("\n\n   \nPressmeddelande\nKommunen meddelar...\n", encoding="utf-8")
    assert read_file(path).title == "Pressmeddelande"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t \n", "no text"),
        ("junk.txt", os.urandom(4096) + b"\x00\x01\x02", "binary"),
    ],
)
def test_unreadable_text_files_raise_with_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason


def test_binary_junk_without_nul_bytes_is_rejected(tmp_path):
    junk = bytes(b for b in os.urandom(8192) if b != 0)
    path = tmp_path / "noise.txt"
    path.write_bytes(junk)
    with pytest.raises(IngestError):
        read_file(path)


def test_dev_corpus_texts_read_unchanged(shared_dir):
    for path in sorted((shared_dir / "corpus" / "dev").glob("*.txt")):
        doc = read_file(path)
        assert doc.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert doc.language in {"sv", "no", "da"}
