"""The registrar desk's web pages, as Datasette routes under /samverkan/desk.

Registered only when `samverkan serve --registrar` made a `Desk` for the Datasette
(`attach_desk`); a server without it has no desk route and no write path at all.
Reading pages (queue, candidate, audit trail) need a logged-in user (registrar or reader);
every POST that changes data needs a registrar, Datasette's CSRF token (asgi-csrf) and,
for decisions on a candidate or a record, the versions the page showed (optimistic lock:
409 Conflict when they moved).
"""
from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from ..dedup.canonical import MERGEABLE
from ..store import open_db
from ..store.desk import DeskCandidateRow
from . import accounts, decisions, queue, records
from .sessions import Sessions

PREFIX = "/samverkan/desk"
MAX_REASON = 2000
KIND_LABELS = {"agreements": "Agreements", "persons": "Persons", "documents": "Documents",
               "organisations": "Organisations"}


@dataclass
class Desk:
    """What the desk needs at run time: a writable session factory and the login sessions."""

    db: Path
    factory: Any
    sessions: Sessions

    def session(self):
        return self.factory()


def attach_desk(datasette, db: Path) -> Desk:
    """Give `datasette` a desk over the SQLite file `db` (schema migrated to the newest revision)."""
    _, factory = open_db(str(db))
    desk = Desk(db, factory, Sessions(datasette))
    datasette.samverkan_desk = desk
    return desk


def desk_of(datasette) -> Desk | None:
    return getattr(datasette, "samverkan_desk", None)


def routes() -> list[tuple[str, object]]:
    return [
        (rf"^{PREFIX}$", queue_page),
        (rf"^{PREFIX}/login$", login),
        (rf"^{PREFIX}/logout$", logout),
        (rf"^{PREFIX}/candidate/(?P<id>\d+)$", candidate_page),
        (rf"^{PREFIX}/candidate/(?P<id>\d+)/merge$", merge),
        (rf"^{PREFIX}/candidate/(?P<id>\d+)/not-same$", not_same),
        (rf"^{PREFIX}/split$", split),
        (rf"^{PREFIX}/undo$", undo),
        (rf"^{PREFIX}/audit$", audit_page),
        (rf"^{PREFIX}/audit\.csv$", audit_csv),
    ]


def is_desk_post(path: str) -> bool:
    """The paths that accept POST on a desk server (the plugin refuses every other write)."""
    import re

    return any(re.match(pattern, path) for pattern, _ in routes())


# --- helpers -------------------------------------------------------------------------------------

async def _db(desk: Desk, work):
    """Run `work(session)` in a worker thread (SQLAlchemy is synchronous)."""
    def run():
        with desk.session() as session:
            return work(session)

    return await asyncio.to_thread(run)


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    html = await datasette.render_template(f"samverkan/{template}", context, request=request)
    return Response.html(html, status=status)


async def _message(datasette, request, status: int, title: str, text: str, user=None) -> Response:
    return await _render(datasette, request, "desk_message.html",
                         {"title": title, "text": text, "user": user, "status": status}, status=status)


async def _user(datasette, request):
    """(name, role) of the logged-in user, or None."""
    desk = desk_of(datasette)
    name = desk.sessions.user_name(request)
    if not name:
        return None

    def find(session):
        user = accounts.get_user(session, name)
        return (user.name, user.role) if user else None

    return await _db(desk, find)


def _to_login(request) -> Response:
    return Response.redirect(f"{PREFIX}/login?" + urlencode({"next": request.path}))


async def _registrar(datasette, request):
    """(user, None) for a registrar; (None, refusal) for anyone else."""
    user = await _user(datasette, request)
    if user is None:
        return None, await _message(datasette, request, 403, "Not logged in",
                                    "Log in as a registrar to change anything.")
    if user[1] != "registrar":
        return None, await _message(datasette, request, 403, "Not allowed",
                                    f"{user[0]} is a reader: only registrars can change records.", user)
    return user, None


def _reason(form: dict) -> str | None:
    text = (form.get("reason") or "").strip()
    return text[:MAX_REASON] or None


def _int(value, what: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise decisions.DecisionError(f"{what} must be a whole number") from None


def _versions(form: dict) -> dict[int, int]:
    return {_int(k[2:], "record id"): _int(v, "version") for k, v in form.items() if k.startswith("v_")}


async def _decide(datasette, request, user, work) -> Response:
    """Run a decision in one transaction; 409 on a conflict, 400 on a refused decision."""
    desk = desk_of(datasette)

    def run(session):
        try:
            result = work(session)
            session.commit()
            return result, None
        except (decisions.Conflict, decisions.DecisionError, accounts.AccountError) as error:
            session.rollback()
            return None, error

    result, error = await _db(desk, run)
    if isinstance(error, decisions.Conflict):
        return None, await _message(datasette, request, 409, "Conflict: someone else decided first", str(error), user)
    if error is not None:
        return None, await _message(datasette, request, 400, "Not done", str(error), user)
    return result, None


# --- login ---------------------------------------------------------------------------------------

def _safe_next(value: str | None) -> str:
    return value if value and value.startswith(PREFIX) and "//" not in value and "\\" not in value else PREFIX


async def login(datasette, request):
    desk = desk_of(datasette)
    if request.method != "POST":
        return await _render(datasette, request, "desk_login.html",
                             {"next": _safe_next(request.args.get("next")), "error": None})
    form = await request.post_vars()
    name, password = (form.get("name") or "").strip(), form.get("password") or ""
    client = (request.scope.get("client") or ("?", 0))[0]
    context = {"next": _safe_next(form.get("next")), "name": name}
    if desk.sessions.limiter.blocked(name, client):
        return await _render(datasette, request, "desk_login.html",
                             {**context, "error": "Too many wrong passwords: wait a minute and try again."}, status=429)
    user = await _db(desk, lambda session: accounts.authenticate(session, name, password))
    if user is None:
        desk.sessions.limiter.failed(name, client)
        return await _render(datasette, request, "desk_login.html",
                             {**context, "error": "Wrong user name or password."}, status=401)
    response = Response.redirect(context["next"])
    response.status = 303
    desk.sessions.start(response, user.name)
    return response


async def logout(datasette, request):
    if request.method != "POST":
        return Response.text("Log out with the button on the desk pages (POST).", status=405)
    response = Response.redirect(f"{PREFIX}/login")
    response.status = 303
    desk_of(datasette).sessions.end(request, response)
    return response


# --- reading pages -------------------------------------------------------------------------------

async def queue_page(datasette, request):
    user = await _user(datasette, request)
    if user is None:
        return _to_login(request)
    kind = request.args.get("kind") or None
    if kind not in (None, *queue.KINDS):
        kind = None
    municipality = (request.args.get("municipality") or "").strip() or None
    year_text = (request.args.get("year") or "").strip()
    year = int(year_text) if year_text.isdigit() else None
    done = request.args.get("done")

    def load(session):
        rows = queue.open_candidates(session, kind, municipality, year)
        counts = {k: len(queue.open_candidates(session, k)) for k in queue.KINDS}
        return rows, counts, queue.municipalities_in_queue(session)

    rows, counts, municipalities = await _db(desk_of(datasette), load)
    candidates = [{"id": r.id, "kind": r.kind, "members": r.members, "score": r.score, "reasons": r.reasons,
                   "municipalities": [n for n in r.municipalities.strip("|").split("|") if n], "year": r.year,
                   "uncertainty": queue.uncertainty(r.score)} for r in rows]
    return await _render(datasette, request, "desk_queue.html", {
        "user": user, "candidates": candidates, "counts": counts, "kind": kind, "kinds": KIND_LABELS,
        "municipality": municipality or "", "year": year_text if year is not None else "",
        "municipalities": municipalities, "done": done if done and done.isdigit() else None})


async def candidate_page(datasette, request):
    user = await _user(datasette, request)
    if user is None:
        return _to_login(request)
    candidate_id = int(request.url_vars["id"])

    def load(session):
        row = session.get(DeskCandidateRow, candidate_id)
        if row is None:
            return None
        return row, records.candidate_records(session, row.kind, list(row.members))

    found = await _db(desk_of(datasette), load)
    if found is None:
        return await _message(datasette, request, 404, "Not found", f"No candidate {candidate_id}.", user)
    row, recs = found
    features = list(zip(row.features.get("names", []), row.features.get("values", []))) if row.features else []
    return await _render(datasette, request, "desk_candidate.html", {
        "user": user, "c": row, "records": recs, "features": features, "kind_label": KIND_LABELS[row.kind],
        "mergeable": row.kind in MERGEABLE, "needs_name": row.kind == "organisations"})


async def audit_page(datasette, request):
    user = await _user(datasette, request)
    if user is None:
        return _to_login(request)
    entries = await _db(desk_of(datasette), lambda session: decisions.audit_trail(session, 500))
    return await _render(datasette, request, "desk_audit.html", {"user": user, "entries": entries})


CSV_COLUMNS = ["id", "at", "actor", "action", "entity", "ids", "reason", "undone_by_id", "undone_by"]


def _csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: formula-looking values get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def audit_csv(datasette, request):
    user = await _user(datasette, request)
    if user is None:
        return _to_login(request)
    entries = await _db(desk_of(datasette), lambda session: decisions.audit_trail(session))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([_csv_cell(e["id"]), e["at"].strftime("%Y-%m-%d %H:%M:%S"), _csv_cell(e["actor"]),
                         e["action"], e["entity"], " ".join(map(str, e["ids"])), _csv_cell(e["reason"]),
                         e["undone_by_id"] or "", _csv_cell(e["undone_by"])])
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="samverkan-audit.csv"'})


# --- actions -------------------------------------------------------------------------------------

async def _candidate_action(datasette, request, action) -> Response:
    if request.method != "POST":
        return Response.text("POST only", status=405)
    user, refusal = await _registrar(datasette, request)
    if refusal:
        return refusal
    candidate_id = int(request.url_vars["id"])
    form = await request.post_vars()

    def work(session):
        version = _int(form.get("version"), "version")
        audit = action(session, user[0], candidate_id, version, _versions(form), _reason(form))
        row = session.get(DeskCandidateRow, candidate_id)
        return audit.id, row.kind

    result, refusal = await _decide(datasette, request, user, work)
    if refusal:
        return refusal
    audit_id, kind = result
    response = Response.redirect(f"{PREFIX}?" + urlencode({"kind": kind, "done": audit_id}))
    response.status = 303
    return response


async def merge(datasette, request):
    return await _candidate_action(datasette, request, decisions.merge_candidate)


async def not_same(datasette, request):
    return await _candidate_action(datasette, request, decisions.not_same_candidate)


async def _audit_action(datasette, request, decide_with) -> Response:
    """A registrar's POST whose result is an audit entry (`decide_with(session, user, form)` returns
    its id); answered with the audit page showing it."""
    if request.method != "POST":
        return Response.text("POST only", status=405)
    user, refusal = await _registrar(datasette, request)
    if refusal:
        return refusal
    form = await request.post_vars()
    audit_id, refusal = await _decide(datasette, request, user, lambda session: decide_with(session, user, form))
    if refusal:
        return refusal
    response = Response.redirect(f"{PREFIX}/audit?" + urlencode({"done": audit_id}))
    response.status = 303
    return response


async def split(datasette, request):
    def work(session, user, form):
        audit = decisions.split_by_document(session, user[0], form.get("entity") or "", _int(form.get("record"), "record"),
                                            _int(form.get("version"), "version"),
                                            _int(form.get("document"), "document"), _reason(form),
                                            (form.get("name") or "").strip()[:255] or None)
        return audit.id

    return await _audit_action(datasette, request, work)


async def undo(datasette, request):
    def work(session, user, form):
        return decisions.undo_entry(session, user[0], _int(form.get("audit"), "audit entry"), _reason(form)).id

    return await _audit_action(datasette, request, work)
