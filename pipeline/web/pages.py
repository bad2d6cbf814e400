"""Our own pages (person, municipality, agreement, document, search), rendered with Jinja."""
from __future__ import annotations

from datasette.utils.asgi import Response

from . import queries
from .text import split_passage

DATABASE = "samverkan"


def _db(datasette):
    return datasette.get_database(DATABASE)


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    html = await datasette.render_template(f"samverkan/{template}", context, request=request)
    return Response.html(html, status=status)


async def _not_found(datasette, request, what: str) -> Response:
    return await _render(datasette, request, "not_found.html", {"what": what}, status=404)


async def _canonical_or_redirect(datasette, request, table: str, page: str):
    """(id, None) for a canonical record, (None, response) for a redirect or a 404."""
    row_id = int(request.url_vars["id"])
    canonical = await queries.canonical_id(_db(datasette), table, row_id)
    if canonical is None:
        return None, await _not_found(datasette, request, f"{page} {row_id}")
    if canonical != row_id:
        return None, Response.redirect(f"/samverkan/{page}/{canonical}?merged_from={row_id}")
    return row_id, None


def _merged_from(request) -> int | None:
    value = request.args.get("merged_from")
    return int(value) if value and value.isdigit() else None


async def search_page(datasette, request):
    q = (request.args.get("q") or "").strip()
    db = _db(datasette)
    context = {"q": q, "overview": await queries.overview(db)}
    if q:
        context["results"] = await queries.search(db, q)
        context["full_text"] = await queries.fts_table(db) is not None
    return await _render(datasette, request, "search.html", context)


async def person_page(datasette, request):
    person_id, response = await _canonical_or_redirect(datasette, request, "persons", "person")
    if response:
        return response
    person = await queries.person(_db(datasette), person_id)
    return await _render(datasette, request, "person.html", {"person": person, "merged_from": _merged_from(request)})


async def organisation_page(datasette, request):
    org_id, response = await _canonical_or_redirect(datasette, request, "organisations", "municipality")
    if response:
        return response
    org = await queries.organisation(_db(datasette), org_id)
    return await _render(datasette, request, "municipality.html", {"org": org, "merged_from": _merged_from(request)})


async def agreement_page(datasette, request):
    agreement_id, response = await _canonical_or_redirect(datasette, request, "agreements", "agreement")
    if response:
        return response
    agreement = await queries.agreement(_db(datasette), agreement_id)
    return await _render(datasette, request, "agreement.html",
                         {"agreement": agreement, "merged_from": _merged_from(request)})


def _int_arg(request, name: str) -> int | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if not value.lstrip("-").isdigit():
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return int(value)


async def document_page(datasette, request):
    document_id = int(request.url_vars["id"])
    doc = await queries.document(_db(datasette), document_id)
    if doc is None:
        return await _not_found(datasette, request, f"document {document_id}")
    try:
        passage = split_passage(doc["text"], _int_arg(request, "start"), _int_arg(request, "end"))
    except ValueError as error:
        passage = split_passage(doc["text"], None, None)
        passage = type(passage)(passage.before, "", "", None, None, str(error))
    return await _render(datasette, request, "document.html", {"doc": doc, "passage": passage})
