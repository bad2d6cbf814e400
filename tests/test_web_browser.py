"""End to end in a real headless Chromium: search a person, open the page, follow a signature
to the highlighted passage of its source document."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from samverkan.web.example import build_example_db
from samverkan.web.launch import CHROMIUM, launch_chromium, serving

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_example_db(tmp_path_factory.mktemp("browser") / "example.db")
    with serving(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    page = context.new_page()
    yield page
    context.close()


def test_search_person_follow_signature_to_passage(server, page):
    page.goto(f"{server}/samverkan/search")
    page.fill("#sv-q", "asa oberg")  # no accents typed
    page.press("#sv-q", "Enter")
    person = page.locator("#persons a.person", has_text="Åsa Öberg")
    expect(person).to_have_count(1)
    person.click()
    expect(page.locator("h1")).to_have_text("Åsa Öberg")
    expect(page).to_have_title(re.compile("Åsa Öberg"))

    signature = page.locator("#signatures tbody tr", has_text="avsiktsförklaring")
    expect(signature).to_have_count(1)
    expect(signature).to_contain_text("Kil")
    signature.locator("a.passage").first.click()

    expect(page).to_have_url(re.compile(r"/samverkan/document/\d+\?start=\d+&end=\d+#hl$"))
    mark = page.locator("mark#hl")
    expect(mark).to_have_text("För Kils kommun\nÅsa Öberg (C)\nkommunstyrelsens ordförande")
    expect(mark).to_be_in_viewport()


def test_long_document_scrolls_to_the_cited_passage(server, page):
    page.goto(f"{server}/samverkan/search?q=%C3%85sa+%C3%96berg")
    page.locator("#persons a.person").first.click()
    roles = page.locator("#roles tbody tr", has_text="Kil")
    roles.locator("a.passage", has_text="kommunstyrelsens ordförande Åsa Öberg").click()
    mark = page.locator("mark#hl")
    expect(mark).to_have_text("kommunstyrelsens ordförande Åsa Öberg (C)")
    expect(mark).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 2000  # a long protocol: the passage is far down
    text = page.locator("article.doc-text").inner_text()
    assert text.startswith("§ 2 Val av justerare") and text.rstrip().endswith("Anna Lindqvist, sekreterare")
    # long lines wrap inside the page: no horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_municipality_page_links_partners_and_people(server, page):
    page.goto(f"{server}/samverkan/search?q=Karlstads+kommun")
    page.locator("#organisations a.organisation", has_text="Karlstad").click()
    expect(page.locator("h1")).to_have_text("Karlstad")
    expect(page.locator("#network tbody tr")).to_have_count(3)
    page.locator("#network a", has_text="Hammarö").click()
    expect(page.locator("h1")).to_have_text("Hammarö")
    expect(page.locator("#signatories")).to_contain_text("Karin Ahlström")
