"""The registrar desk end to end in a real headless Chromium, on a database built by the
pipeline from corpus/sample: log in, open the queue, review a candidate, merge, see it in the
audit trail, undo it; mark "not the same" and the pair stays out of the queue after a new
`samverkan dedup queue`; log out."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.web.launch import CHROMIUM, launch_chromium, serving

from desk_fixtures import PASSWORDS, build_desk_db, query

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

INJECTION = "<script>alert('x')</script>'; DROP TABLE persons;--"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    db = build_desk_db(tmp_path_factory.mktemp("desk-browser"))
    with serving(db, "--registrar") as base:
        yield base, db


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def person_ids(db, name):
    return [r[0] for r in query(db, "SELECT id FROM persons WHERE name = ? ORDER BY id", name)]


def test_review_merge_audit_undo_not_same_logout(desk, browser):
    base, db = desk
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # the desk needs a login
    page.goto(f"{base}/samverkan/desk")
    expect(page).to_have_url(re.compile(r"/samverkan/desk/login"))
    page.fill("#name", "anna")
    page.fill("#password", PASSWORDS["anna"])
    page.click("button[type=submit]")
    expect(page.locator("#desk-user")).to_have_text("anna")

    # the queue: both candidates of the sample, persons kind, filterable
    rows = page.locator("#queue tbody tr")
    expect(rows).to_have_count(2)
    page.select_option("#f-kind", "persons")
    page.fill("#f-municipality", "Forshaga")
    page.click(".desk-filter button")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Peter Walin")

    # a candidate side by side: fields, highlighted evidence, score and reasons
    rows.first.locator("a.review").click()
    expect(page.locator("section.record")).to_have_count(2)
    expect(page.locator("#score")).to_have_text(re.compile(r"0\.\d{3}"))
    expect(page.locator("#reasons")).to_contain_text("name similarity")
    marks = page.locator("section.record mark")
    expect(marks.filter(has_text="Peter Walin").first).to_be_visible()
    expect(marks.filter(has_text="Peter Wallin").first).to_be_visible()

    # merge, with a reason that tries HTML and SQL injection
    wallin, walin = person_ids(db, "Peter Wallin")[0], person_ids(db, "Peter Walin")[0]
    page.fill("#reason-merge", INJECTION)
    page.click("#do-merge")
    expect(page.locator(".desk-done")).to_contain_text("audit entry")
    assert query(db, "SELECT merged_into_id FROM persons WHERE id = ?", max(wallin, walin))[0][0] == min(wallin, walin)

    # the audit trail shows who, what, why; the reason is text, not markup
    page.click(".desk-done a")
    entry = page.locator("#audit tbody tr[data-action=merge]").first
    expect(entry.locator(".actor")).to_have_text("anna")
    expect(entry.locator("td.why")).to_have_text(INJECTION)
    expect(entry.locator(".undone")).to_have_text("no")
    assert dialogs == []

    # undo it
    entry.locator("button", has_text="Undo").click()
    entry = page.locator("#audit tbody tr[data-action=merge]").first
    expect(entry.locator(".undone")).to_contain_text("undone by anna")
    assert query(db, "SELECT merged_into_id FROM persons WHERE id IN (?, ?)", wallin, walin) == [(None,), (None,)]

    # the undone merge is back in the queue; mark the other candidate "not the same"
    page.goto(f"{base}/samverkan/desk?kind=persons")
    expect(rows).to_have_count(2)
    page.locator("#queue tbody tr", has_text="Karin Sjoberg").locator("a.review").click()
    page.fill("#reason-not-same", "two people: checked the minutes")
    page.click("#do-not-same")
    expect(rows).to_have_count(1)
    expect(page.locator("#queue")).not_to_contain_text("Karin Sjoberg")

    # a new dedup run does not propose the pair again
    result = CliRunner().invoke(main, ["dedup", "queue", "--db", str(db), "--kind", "persons"])
    assert result.exit_code == 0 and "persons: 1 candidate" in result.output, result.output
    page.reload()
    expect(rows).to_have_count(1)
    expect(page.locator("#queue")).not_to_contain_text("Karin Sjoberg")
    expect(rows.first).to_contain_text("Peter Walin")

    # log out: the desk asks for a login again
    page.click("#logout")
    expect(page).to_have_url(re.compile(r"/samverkan/desk/login"))
    page.goto(f"{base}/samverkan/desk/audit")
    expect(page).to_have_url(re.compile(r"/samverkan/desk/login"))
    assert dialogs == []
    context.close()
