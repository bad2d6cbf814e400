"""Make docs/screenshot-municipality.png and docs/screenshot-search.png with a real browser.

    .venv/bin/python docs/make_screenshots.py [--db DB] [--municipality NAME] [--search TEXT]

Without --db it builds the example database of `samverkan.web.example` in a temporary folder.
Needs /usr/bin/chromium (apt-get install -y chromium) and the playwright package.
"""
from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from samverkan.web.example import build_example_db
from samverkan.web.launch import launch_chromium, serving

DOCS = Path(__file__).resolve().parent


def municipality_id(db: Path, name: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id FROM organisations WHERE name = ? AND merged_into_id IS NULL", (name,)).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"no organisation called {name!r} in {db}")
    return row[0]


def shoot(db: Path, municipality: str, search: str, out: Path) -> None:
    org = municipality_id(db, municipality)
    with serving(db) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
        page.goto(f"{base}/samverkan/municipality/{org}")
        page.screenshot(path=str(out / "screenshot-municipality.png"), full_page=True)
        page.goto(f"{base}/samverkan/search")
        page.fill("#sv-q", search)
        page.click(".sv-search button")
        page.wait_for_selector("section.results")
        page.screenshot(path=str(out / "screenshot-search.png"), full_page=True)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to show (default: the example database)")
    parser.add_argument("--municipality", default="Karlstad")
    parser.add_argument("--search", default="Öberg")
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_example_db(Path(tmp) / "example.db")
        shoot(db, args.municipality, args.search, args.out)
    print(f"wrote {args.out / 'screenshot-municipality.png'} and {args.out / 'screenshot-search.png'}")


if __name__ == "__main__":
    main()
