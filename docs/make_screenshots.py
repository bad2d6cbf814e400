"""Make docs/screenshot-municipality.png and docs/screenshot-search.png with a real browser.

    .venv/bin/python docs/make_screenshots.py            # database built from corpus/sample
    .venv/bin/python docs/make_screenshots.py --example  # the small example database instead
    .venv/bin/python docs/make_screenshots.py --db my.db --municipality Kil --search Öberg

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
SAMPLE = DOCS.parent / "corpus" / "sample"


def municipality_id(db: Path, name: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id FROM organisations WHERE name = ? AND merged_into_id IS NULL", (name,)).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"no organisation called {name!r} in {db}")
    return row[0]


def sample_db(path: Path) -> Path:
    """Run the whole pipeline on the bundled sample corpus into `path`."""
    from samverkan.run import run

    report = run([SAMPLE], db=str(path), progress=False)
    print(report.summary())
    return path


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
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", type=Path, help="an existing database to show")
    source.add_argument("--example", action="store_true", help="use the example database (samverkan.web.example)")
    parser.add_argument("--municipality", default="Karlstad")
    parser.add_argument("--search", help="search text (default: sjoberg on the sample, oberg on the example)")
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            db = args.db
        elif args.example:
            db = build_example_db(Path(tmp) / "example.db")
        else:
            db = sample_db(Path(tmp) / "sample.db")
        search = args.search or ("oberg" if args.example else "sjoberg")
        shoot(db, args.municipality, search, args.out)
    print(f"wrote {args.out / 'screenshot-municipality.png'} and {args.out / 'screenshot-search.png'}")


if __name__ == "__main__":
    main()
