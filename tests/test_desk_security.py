"""The registrar desk against a real `samverkan serve --registrar` process: who may write, CSRF,
the login rate limit, and hostile strings in every form field. The database is compared by
the hash of its complete SQL dump before and after each refused request."""
from __future__ import annotations

import html

import httpx
import pytest

from samverkan.web.launch import serving

from desk_fixtures import DeskClient, build_desk_db, db_hash, query

INJECTION = "<script>alert('x')</script>\"'><img src=x onerror=alert(1)>'; DROP TABLE persons;--"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    db = build_desk_db(tmp_path_factory.mktemp("desk-security"))
    with serving(db, "--registrar") as base:
        yield base, db


@pytest.fixture
def client(desk):
    c = DeskClient(desk[0])
    yield c
    c.close()


def candidate(db, name_fragment: str):
    """(candidate id, version, {record id: version}) of the open candidate whose reasons name someone."""
    for cid, members, version, reasons in query(db, "SELECT id, members, version, reasons FROM desk_candidates "
                                                    "WHERE status = 'open' ORDER BY id"):
        if name_fragment in reasons:
            ids = [int(x) for x in members.strip("[]").split(",")]
            versions = {i: query(db, "SELECT version FROM persons WHERE id = ?", i)[0][0] for i in ids}
            return cid, version, versions
    raise AssertionError(f"no open candidate naming {name_fragment}")


def action_forms(db) -> list[tuple[str, dict[str, str]]]:
    """Every desk route that changes data, with a form a registrar could validly send now."""
    cid, version, versions = candidate(db, "Walin")
    decide = {"version": str(version), **{f"v_{i}": str(v) for i, v in versions.items()}, "reason": "r"}
    record = min(versions)
    doc = query(db, "SELECT document_id FROM evidence WHERE fact_table = 'persons' AND fact_id = ?", record)[0][0]
    entries = query(db, "SELECT id FROM audit ORDER BY id")
    return [
        (f"/samverkan/desk/candidate/{cid}/merge", decide),
        (f"/samverkan/desk/candidate/{cid}/not-same", decide),
        ("/samverkan/desk/split", {"entity": "persons", "record": str(record), "version": str(versions[record]),
                                   "document": str(doc), "reason": "r"}),
        ("/samverkan/desk/undo", {"audit": str(entries[-1][0]) if entries else "1", "reason": "r"}),
    ]


def test_anonymous_posts_are_refused_and_change_nothing(desk, client):
    base, db = desk
    before = db_hash(db)
    for path, form in action_forms(db):
        # no cookie at all: refused before anything reads the body
        bare = httpx.post(base + path, data=form)
        assert bare.status_code == 403, (path, bare.status_code)
        # a valid CSRF token but no session
        token = client.token()
        answer = client.post(path, {**form, "csrftoken": token})
        assert answer.status_code == 403 and "Log in" in answer.text, (path, answer.status_code)
    # logout without a session, login with a wrong password: nothing written either
    assert client.post("/samverkan/desk/logout", {"csrftoken": client.token()}).status_code == 303
    assert client.login("anna", "wrong password").status_code == 401
    assert db_hash(db) == before


def test_reader_posts_are_refused_and_change_nothing(desk, client):
    base, db = desk
    assert client.login("rita").status_code == 303
    queue = client.http.get("/samverkan/desk")
    assert queue.status_code == 200 and "rita" in queue.text  # a reader may look
    page = client.http.get(f"/samverkan/desk/candidate/{candidate(db, 'Walin')[0]}")
    assert page.status_code == 200 and "do-merge" not in page.text  # ...but is offered no action
    before = db_hash(db)
    for path, form in action_forms(db):
        answer = client.post(path, {**form, "csrftoken": client.token("/samverkan/desk")})
        assert answer.status_code == 403 and "reader" in answer.text, (path, answer.status_code)
    assert db_hash(db) == before


def test_missing_or_wrong_csrf_token_is_refused(desk, client):
    base, db = desk
    assert client.login("anna").status_code == 303
    before = db_hash(db)
    for path, form in action_forms(db):
        assert client.post(path, form).status_code == 403, path  # no token in the form
        assert client.post(path, {**form, "csrftoken": "forged" + client.token("/samverkan/desk")}).status_code == 403
        # a token taken from another browser (its own cookie) does not fit this one's cookie
        other = DeskClient(base)
        foreign = other.token()
        other.close()
        assert client.post(path, {**form, "csrftoken": foreign}).status_code == 403, path
        # the session cookie alone, without the CSRF cookie
        session = client.http.cookies.get("sv_desk")
        alone = httpx.post(base + path, data={**form, "csrftoken": foreign}, cookies={"sv_desk": session})
        assert alone.status_code == 403, path
    assert db_hash(db) == before


def test_eleventh_wrong_password_within_a_minute_is_refused(desk, client):
    base, db = desk
    for attempt in range(10):
        assert client.login("bert", f"wrong-{attempt}").status_code == 401
    # the 11th attempt is refused even with the right password
    refused = client.login("bert")
    assert refused.status_code == 429 and "wait a minute" in refused.text
    assert "sv_desk" not in refused.cookies
    # another account is not locked out by it
    other = DeskClient(base)
    assert other.login("anna").status_code == 303
    other.close()


def test_session_cookie_is_httponly_and_samesite(desk, client):
    answer = client.login("anna")
    cookie = answer.headers["set-cookie"]
    assert "sv_desk=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    # a tampered cookie is no session
    forged = httpx.get(desk[0] + "/samverkan/desk", cookies={"sv_desk": client.http.cookies["sv_desk"][:-2] + "xx"})
    assert forged.status_code == 302 and "/login" in forged.headers["location"]


def assert_harmless(text: str) -> None:
    assert "<script>alert" not in text and "<img src=x" not in text
    assert html.escape(INJECTION, quote=False).split("'")[0] in text or "&lt;script&gt;" in text


def test_injection_strings_in_every_field_are_stored_and_shown_harmlessly(desk, client):
    base, db = desk
    tables = {r[0] for r in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    persons = query(db, "SELECT count(*) FROM persons")[0][0]
    # login form: name and password
    answer = client.login(INJECTION, INJECTION)
    assert answer.status_code == 401
    assert_harmless(answer.text)
    assert client.login("anna").status_code == 303
    # queue filters
    page = client.http.get("/samverkan/desk", params={"municipality": INJECTION, "year": INJECTION, "kind": INJECTION})
    assert page.status_code == 200
    assert_harmless(page.text)
    # "not the same" reason
    token = client.token("/samverkan/desk")
    cid, version, versions = candidate(db, "Sjoberg")
    form = {"csrftoken": token, "version": str(version), **{f"v_{i}": str(v) for i, v in versions.items()},
            "reason": INJECTION}
    assert client.post(f"/samverkan/desk/candidate/{cid}/not-same", form).status_code == 303
    # split: new name and reason
    record = min(versions)
    doc = query(db, "SELECT document_id FROM evidence WHERE fact_table = 'persons' AND fact_id = ? "
                    "ORDER BY id DESC", record)[0][0]
    version_now = query(db, "SELECT version FROM persons WHERE id = ?", record)[0][0]
    split = client.post("/samverkan/desk/split", {"csrftoken": token, "entity": "persons", "record": str(record),
                                                  "version": str(version_now), "document": str(doc),
                                                  "name": INJECTION, "reason": INJECTION})
    assert split.status_code == 303, split.text
    new_id = query(db, "SELECT id FROM persons WHERE name = ?", INJECTION)[0][0]
    person_page = client.http.get(f"/samverkan/person/{new_id}")  # the journalists' page of the new record
    assert person_page.status_code == 200
    assert_harmless(person_page.text)
    # undo reason (undo the split)
    split_entry = query(db, "SELECT id FROM audit WHERE action = 'split' ORDER BY id DESC")[0][0]
    assert client.post("/samverkan/desk/undo", {"csrftoken": token, "audit": str(split_entry),
                                                "reason": INJECTION}).status_code == 303
    # stored exactly as typed, nothing executed as SQL
    assert {r[0] for r in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")} == tables
    assert query(db, "SELECT count(*) FROM persons")[0][0] == persons
    assert [r[0] for r in query(db, "SELECT reason FROM audit ORDER BY id")][-3:] == [INJECTION] * 3
    assert query(db, "SELECT count(*) FROM desk_decisions WHERE reason = ?", INJECTION)[0][0] == 1
    # shown as text everywhere
    audit = client.http.get("/samverkan/desk/audit")
    assert_harmless(audit.text)
    assert audit.text.count("&lt;script&gt;alert(") >= 3
    csv_text = client.http.get("/samverkan/desk/audit.csv").text
    assert INJECTION.replace('"', '""') in csv_text  # CSV keeps the text (quoted), a spreadsheet shows it as text


def test_formula_like_reason_is_neutral_in_the_csv_export(desk, client):
    base, db = desk
    assert client.login("anna").status_code == 303
    cid, version, versions = candidate(db, "Walin")
    form = {"csrftoken": client.token("/samverkan/desk"), "version": str(version),
            **{f"v_{i}": str(v) for i, v in versions.items()}, "reason": "=HYPERLINK(\"http://evil\")"}
    assert client.post(f"/samverkan/desk/candidate/{cid}/merge", form).status_code == 303
    csv_text = client.http.get("/samverkan/desk/audit.csv").text
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


def test_without_registrar_there_is_no_desk_and_no_write_path(tmp_path):
    from samverkan.web.example import build_example_db

    db = build_example_db(tmp_path / "example.db")
    before = db_hash(db)
    with serving(db) as base:
        for path in ("/samverkan/desk", "/samverkan/desk/login", "/samverkan/desk/audit"):
            answer = httpx.get(base + path)  # Datasette's own table/row routes answer: no such table/row
            assert answer.status_code in (400, 404) and 'type="password"' not in answer.text, path
        for path in ("/samverkan/desk/login", "/samverkan/desk/undo", "/samverkan/desk/candidate/1/merge"):
            assert httpx.post(base + path, data={"name": "x"}).status_code == 405
    assert db_hash(db) == before


def test_password_hashes_cannot_be_read_through_datasette(desk):
    base, db = desk
    assert query(db, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'")[0][0] == 3
    for sql in ("select name, password_hash from users",
                "select group_concat(password_hash) as h from users",
                "select substr(password_hash, 1, 10) as h from users where name = 'anna'",
                "select (select password_hash from users limit 1) as h"):
        answer = httpx.get(base + "/samverkan.json", params={"sql": sql, "_shape": "array"})
        assert answer.status_code == 200, answer.text
        assert "argon2" not in answer.text, sql
    table = httpx.get(base + "/samverkan/users.json", params={"_shape": "array"})
    assert "argon2" not in table.text
