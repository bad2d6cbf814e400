"""A desk database built by the real pipeline: `samverkan run` over corpus/sample plus the two
texts of tests/desk_corpus (written for these tests), then `samverkan dedup queue`, then accounts
made with `samverkan users add`. And a small HTTP client that logs in like a browser does."""
from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from pathlib import Path

import httpx
from click.testing import CliRunner

from samverkan.cli import main

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "corpus" / "sample"
DESK_CORPUS = HERE / "desk_corpus"
PASSWORDS = {"anna": "anna-registrar-1", "bert": "bert-registrar-2", "rita": "rita-reader-3"}
ROLES = {"anna": "registrar", "bert": "registrar", "rita": "reader"}


_TEMPLATE: list[Path] = []  # built once per test session, copied for each caller


def build_desk_db(folder: Path) -> Path:
    """A fresh copy of the desk database (built by the pipeline once per test session)."""
    if not _TEMPLATE:
        import atexit
        import tempfile

        where = Path(tempfile.mkdtemp(prefix="samverkan-desk-"))
        atexit.register(shutil.rmtree, where, True)
        _TEMPLATE.append(_build(where))
    db = folder / "desk.db"
    source, copy = sqlite3.connect(_TEMPLATE[0]), sqlite3.connect(db)
    try:
        source.backup(copy)  # a whole, consistent copy, whatever is still in the -wal file
    finally:
        source.close()
        copy.close()
    return db


def _build(folder: Path) -> Path:
    """Run the pipeline over sample + desk texts, fill the queue, add three accounts."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for path in list(SAMPLE.iterdir()) + sorted(DESK_CORPUS.glob("*.txt")):
        shutil.copy(path, corpus / path.name)
    db = folder / "desk.db"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(corpus), "--db", str(db)])
    assert result.exit_code in (0, 1), result.output
    result = runner.invoke(main, ["dedup", "queue", "--db", str(db)])
    assert result.exit_code == 0, result.output
    for name, role in ROLES.items():
        result = runner.invoke(main, ["users", "add", name, "--role", role, "--password-stdin", "--db", str(db)],
                               input=PASSWORDS[name] + "\n")
        assert result.exit_code == 0, result.output
    return db


def db_hash(db: Path) -> str:
    """sha256 of the complete SQL dump of the database (every table, every row, every column)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def query(db: Path, sql: str, *args):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


class DeskClient:
    """An HTTP client with a cookie jar, reading CSRF tokens from the forms like a browser."""

    def __init__(self, base: str):
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)

    def token(self, path: str = "/samverkan/desk/login") -> str:
        page = self.http.get(path)
        found = TOKEN.search(page.text)
        assert found, f"no CSRF token on {path} ({page.status_code})"
        return found.group(1)

    def login(self, name: str, password: str | None = None) -> httpx.Response:
        token = self.token()
        return self.http.post("/samverkan/desk/login", data={
            "csrftoken": token, "name": name, "password": PASSWORDS.get(name, "") if password is None else password,
            "next": "/samverkan/desk"})

    def form(self, page_path: str, action: str) -> dict[str, str]:
        """The hidden fields of the form posting to `action` on `page_path`."""
        html = self.http.get(page_path).text
        match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
        assert match, f"no form for {action} on {page_path}"
        return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', match.group(1)))

    def post(self, path: str, data: dict[str, str]) -> httpx.Response:
        return self.http.post(path, data=data)

    def close(self) -> None:
        self.http.close()
