"""The Datasette plugin of samverkan: our pages, the `sv_fold` SQL function, links in cells."""
from __future__ import annotations

import re

from datasette import hookimpl
from markupsafe import Markup, escape

from . import pages
from .text import fold

PAGE_LINK = re.compile(r"^/samverkan/(document|person|municipality|agreement)/\d+(\?[-\w=&.%]*)?(#hl)?$")


@hookimpl
def register_routes(datasette):
    return [
        (r"^/samverkan/search$", pages.search_page),
        (r"^/samverkan/person/(?P<id>\d+)$", pages.person_page),
        (r"^/samverkan/municipality/(?P<id>\d+)$", pages.organisation_page),
        (r"^/samverkan/agreement/(?P<id>\d+)$", pages.agreement_page),
        (r"^/samverkan/document/(?P<id>\d+)$", pages.document_page),
    ]


@hookimpl
def prepare_connection(conn):
    # case- and accent-insensitive matching for our pages and the canned queries
    conn.create_function("sv_fold", 1, fold, deterministic=True)


@hookimpl
def render_cell(value, column):
    """Values that are links to our pages (canned queries build them) render as links."""
    if isinstance(value, str) and PAGE_LINK.match(value):
        label = {"source": "passage"}.get(column, "open")
        return Markup(f'<a href="{escape(value)}">{label}</a>')
    return None


@hookimpl
def menu_links(datasette):
    return [{"href": "/samverkan/search", "label": "Search persons, municipalities, agreements"}]
