"""Journalist queries over the linked database; each answer cites document path + span.

    signatories(session, municipality=None)  agreements involving it: who signed for whom, when
    person(session, name)                    roles held (dates, parties) and what was signed
    between(session, a, b)                   agreements both are party to
    network(session, municipality)           who it cooperates with, how often
    search(session, text)                    full-text search with snippets

Municipality arguments accept "Karlstad", "Karlstads kommun"...; merged records
(`merged_into_id`) are followed to the canonical one.
"""
from __future__ import annotations

from .between import between
from .network import network
from .person import person
from .search import search
from .signatories import signatories

__all__ = ["between", "network", "person", "search", "signatories"]
