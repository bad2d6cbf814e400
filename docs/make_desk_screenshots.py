"""Make docs/screenshot-desk-queue.png and docs/screenshot-desk-candidate.png with a real browser.

    .venv/bin/python docs/make_desk_screenshots.py

Builds a database with `samverkan run` over corpus/sample plus the two texts of
tests/desk_corpus, fills the queue (`samverkan dedup queue`), adds a registrar, serves it with
`--registrar` and photographs the queue and the first candidate.
Needs /usr/bin/chromium (apt-get install -y chromium) and the playwright package.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from samverkan.web.launch import launch_chromium, serving

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "tests"))

from desk_fixtures import PASSWORDS, build_desk_db  # noqa: E402


def shoot(db: Path, out: Path) -> None:
    with serving(db, "--registrar") as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1200, "height": 800}, device_scale_factor=1)
        page.goto(f"{base}/samverkan/desk/login")
        page.fill("#name", "anna")
        page.fill("#password", PASSWORDS["anna"])
        page.click("button[type=submit]")
        page.wait_for_selector("#queue")
        page.screenshot(path=str(out / "screenshot-desk-queue.png"), full_page=True)
        page.locator("#queue a.review").first.click()
        page.wait_for_selector("section.record")
        page.screenshot(path=str(out / "screenshot-desk-candidate.png"), full_page=True)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shoot(build_desk_db(Path(tmp)), args.out)
    print(f"wrote {args.out / 'screenshot-desk-queue.png'} and {args.out / 'screenshot-desk-candidate.png'}")


if __name__ == "__main__":
    main()
