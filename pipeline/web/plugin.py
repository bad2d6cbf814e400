"""The Datasette plugin of samverkan: our pages, the `sv_fold` SQL function, links in cells."""
from __future__ import annotations

import re

from datasette import hookimpl
from markupsafe import Markup, escape

from . import pages
from samverkan.link.names import municipality_name

from .text import fold

PAGE_LINK = re.compile(r"^/samverkan/(document|person|municipality|agreement)/\d+(\?[-\w=&.%]*)?(#hl)?$")


@hookimpl
def register_routes(datasette):
    ours = [
        (r"^/samverkan/search$", pages.search_page),
        (r"^/samverkan/person/(?P<id>\d+)$", pages.person_page),
        (r"^/samverkan/municipality/(?P<id>\d+)$", pages.organisation_page),
        (r"^/samverkan/agreement/(?P<id>\d+)$", pages.agreement_page),
        (r"^/samverkan/document/(?P<id>\d+)$", pages.document_page),
    ]
    if _desk(datasette):  # only `serve --registrar`: the registrar desk (samverkan.desk.routes)
        from samverkan.desk.routes import routes

        ours += routes()
    return ours


def _desk(datasette):
    return getattr(datasette, "samverkan_desk", None)


def organisation_name(text: str | None) -> str | None:
    """The SCB name for "Karlstads kommun", "karlstad"...; other names as given."""
    if not text:
        return text
    return municipality_name(text) or text


@hookimpl
def prepare_connection(conn):
    # case- and accent-insensitive matching for our pages and the canned queries
    conn.create_function("sv_fold", 1, fold, deterministic=True)
    # municipality names written the way people do ("Karlstads kommun") -> SCB name
    conn.create_function("sv_org_name", 1, organisation_name, deterministic=True)


@hookimpl
def render_cell(value, column):
    """Values that are links to our pages (canned queries build them) render as links."""
    if isinstance(value, str) and PAGE_LINK.match(value):
        label = {"source": "passage"}.get(column, "open")
        return Markup(f'<a href="{escape(value)}">{label}</a>')
    return None


READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _refuse(status: int, text: str):
    body = text.encode()

    async def respond(send):
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return respond


def _has_csrf_cookie(scope) -> bool:
    from http.cookies import SimpleCookie

    cookie = SimpleCookie()
    for key, value in scope.get("headers", []):
        if key.lower() == b"cookie":
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                return False
    return "ds_csrftoken" in cookie


@hookimpl
def asgi_wrapper(datasette):
    """Answer every request that is not a read (POST, PUT, PATCH, DELETE) with 405: no endpoint
    of this interface can change anything, whatever Datasette or another plugin offers.

    The one exception: a server started with `--registrar` accepts POST on the desk's own
    routes, and only with Datasette's CSRF cookie (so asgi-csrf always checks the token,
    which it would skip for a request without cookies)."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"].upper() not in READ_METHODS:
                if _desk(datasette) and scope["method"].upper() == "POST":
                    from samverkan.desk.routes import is_desk_post

                    if is_desk_post(scope["path"]):
                        if not _has_csrf_cookie(scope):
                            await _refuse(403, "Refused: this form needs its CSRF token (reload the page).\n")(send)
                            return
                        await app(scope, receive, send)
                        return
                body = b"This samverkan interface is read-only.\n"
                await send({"type": "http.response.start", "status": 405,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"allow", b"GET, HEAD, OPTIONS"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@hookimpl
def menu_links(datasette):
    links = [{"href": "/samverkan/search", "label": "Search persons, municipalities, agreements"}]
    if _desk(datasette):
        links.append({"href": "/samverkan/desk", "label": "Registrar desk"})
    return links
