"""HTML reader: main text only; boilerplate of municipal pages removed; title and date from metadata."""
from __future__ import annotations

from pathlib import Path

import pytest

from samverkan.document import IngestError
from samverkan.ingest import read_file
from samverkan.ingest.html import clean_lines

FIXTURES = Path(__file__).resolve().parent / "ingest_fixtures"

BOILERPLATE = [
    "Vi använder kakor", "Godkänn alla kakor", "Kontakt för den här sidan", "Öppettider", "08.00–16.30",
    "Besöksadress", "Postadress", "Storgatan 2", "666 31 Bengtsfors", "Telefon", "0531-52 60 00",
    "anna.svensson@bengtsfors.se", "Omsorg och stöd", "Startsida", "Sök på webbplatsen", "Senast uppdaterad",
    "Dela sidan", "Organisationsnummer", "Tillgänglighetsredogörelse", "Anna Svensson",
]


def test_semantic_page_main_text_only(tmp_path):
    doc = read_file(FIXTURES / "municipal_page.html")
    assert doc.format == "html"
    assert doc.title == "Kommunerna i Dalsland fördjupar samarbetet"
    assert doc.metadata["published"] == "2023-05-17"
    assert doc.language == "sv"
    assert "Bengtsfors, Dals-Ed, Färgelanda och Melleruds kommuner har tecknat en avsiktsförklaring" in doc.text
    assert "säger Stig Bertilsson (M), kommunstyrelsens ordförande i Bengtsfors kommun." in doc.text
    assert "Ett förslag till gemensam nämnd för IT-drift" in doc.text
    for junk in BOILERPLATE:
        assert junk not in doc.text, junk


def test_div_soup_page_in_cp1252(tmp_path):
    doc = read_file(FIXTURES / "divsoup_page.html")
    assert doc.title == "Avtal om gemensam räddningstjänst"
    assert doc.metadata["published"] == "2022-11-03"
    assert "Niklas Borg (C), kommunstyrelsens ordförande i Vimmerby" in doc.text
    # the word "kontakt" in running text is content, not boilerplate
    assert "Kommunerna har haft kontakt med Myndigheten för samhällsskydd och beredskap" in doc.text
    for junk in ["använder kakor", "Godkänn", "Kontakt för den här sidan", "Karin Holm", "0492-76 90 00",
                 "karin.holm@vimmerby.se", "Senast uppdaterad", "Öppettider", "Måndag–fredag", "Lunch 12.00",
                 "Besöksadress", "598 81 Vimmerby", "Gå direkt till innehållet", "Uppleva och göra"]:
        assert junk not in doc.text, junk


@pytest.mark.parametrize("line", [
    "Måndag–torsdag 08.00–16.30", "Fredag 08.00–15.00", "Måndag - fredag kl. 8-17", "Lunchstängt 12.00–13.00",
    "Besöksadress: Storgatan 2", "Postadress: Box 14, 666 21 Bengtsfors", "666 31 Bengtsfors",
    "Telefon: 0531-52 60 00", "E-post: kommun@bengtsfors.se", "Senast uppdaterad: 17 maj 2023", "Dela sidan",
    "Organisationsnummer: 212000-1462", "Vi använder kakor för att webbplatsen ska fungera.",
])
def test_boilerplate_lines_dropped(line):
    assert clean_lines(f"Kommunen tecknade avtalet i dag.\n{line}\nAvtalet gäller i fyra år.") == \
        "Kommunen tecknade avtalet i dag.\nAvtalet gäller i fyra år."


@pytest.mark.parametrize("line", [
    "Kommunstyrelsen i Ale har kontakt med Lerums kommun om tillsynen.",
    "Telefonrådgivningen ska samordnas mellan kommunerna från 2024.",
    "Mötet hölls måndag den 3 april i Sveg.",
    "Avtalet gäller från och med den 1 januari 2024.",
])
def test_content_lines_kept(line):
    assert clean_lines(line) == line


def test_page_without_main_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Tom</title></head><body><nav><a href='/'>Start</a></nav></body></html>",
                    encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert "no main text" in info.value.reason


def test_binary_junk_named_html_is_an_error(tmp_path):
    path = tmp_path / "junk.htm"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert info.value.path == str(path)


def test_wrapper_with_boilerplate_class_is_not_pruned(tmp_path):
    page = (FIXTURES / "municipal_page.html").read_text(encoding="utf-8")
    page = page.replace('<main id="content">', '<div class="page-wrapper cookie-banner-open"><main id="content">')
    page = page.replace("</main>", "</main></div>")
    path = tmp_path / "wrapped.html"
    path.write_text(page, encoding="utf-8")
    doc = read_file(path)
    assert "säger Stig Bertilsson (M)" in doc.text
    assert "Kontakt för den här sidan" not in doc.text
