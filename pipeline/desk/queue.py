"""The desk's queue: candidate clusters from dedup, stored so registrars can work through them.

    refresh_queue(session)              # what `samverkan dedup queue` does: every kind
    open_candidates(session, kind="persons", municipality="Kil", year=2024)

A refresh replaces the open candidates of a kind with the clusters dedup proposes now;
decided candidates stay as history. Pairs a registrar found "not the same" are cannot-links
(`cannot_link` of the dedup finders): never proposed again, never joined in a cluster.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any, Iterable

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..dedup import database
from ..dedup.documents import DocumentItem, find_document_duplicates
from ..dedup.engine import DedupResult, DuplicateCluster, find_agreement_duplicates, find_person_duplicates
from ..dedup.text import fold
from ..store.base import Base
from ..store.desk import DeskCandidateRow, DeskDecisionRow

KINDS = ("agreements", "persons", "documents", "organisations")
ORGANISATION_THRESHOLD = 0.9  # name similarity from which two organisations are proposed


def _t(name: str):
    return Base.metadata.tables[name]


def pair_key(a: Any, b: Any) -> tuple[str, str]:
    """The stored form of an unordered pair of record ids."""
    x, y = sorted((int(a), int(b)))
    return str(x), str(y)


def not_same_pairs(session: Session, kind: str) -> set[tuple[int, int]]:
    """The pairs registrars found "not the same" (decisions not undone)."""
    rows = session.execute(select(DeskDecisionRow.left_key, DeskDecisionRow.right_key).where(
        DeskDecisionRow.kind == kind, DeskDecisionRow.same.is_(False), DeskDecisionRow.undone.is_(False))).all()
    return {(int(a), int(b)) for a, b in rows}


def load_document_items(session: Session) -> list[DocumentItem]:
    """Current documents, named by their database id."""
    docs = _t("documents")
    rows = session.execute(select(docs.c.id, docs.c.text, docs.c.content_hash)
                           .where(docs.c.is_current.is_(True)).order_by(docs.c.id)).all()
    return [DocumentItem(i, text or "", h) for i, text, h in rows]


def find_organisation_duplicates(session: Session, cannot_link: Iterable[tuple[int, int]] = ()) -> list[DuplicateCluster]:
    """Organisations of one kind whose names are nearly the same (spelling, genitive, "kommun")."""
    import networkx as nx
    from rapidfuzz import fuzz

    from ..link.names import municipality_name

    orgs = _t("organisations")
    rows = session.execute(select(orgs.c.id, orgs.c.kind, orgs.c.name).where(orgs.c.merged_into_id.is_(None))
                           .order_by(orgs.c.id)).all()
    banned = {frozenset(p) for p in cannot_link}
    # blocks: one kind, the same first three letters (spelling variants of one name share them)
    by_kind: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for i, kind, name in rows:
        by_kind[(kind, fold(name).strip()[:3])].append((i, name))
    graph = nx.Graph()
    why: dict[frozenset, tuple[float, str]] = {}
    for members in by_kind.values():
        for (a, name_a), (b, name_b) in combinations(members, 2):
            if frozenset((a, b)) in banned:
                continue
            scb_a, scb_b = municipality_name(name_a), municipality_name(name_b)
            if scb_a and scb_a == scb_b:
                score, reason = 1.0, f"both name the municipality {scb_a}"
            else:
                score = fuzz.token_sort_ratio(fold(name_a), fold(name_b)) / 100.0
                reason = f"names alike ({score:.2f}): {name_a} / {name_b}"
            if score >= ORGANISATION_THRESHOLD:
                graph.add_edge(a, b)
                why[frozenset((a, b))] = (score, reason)
    out = []
    for nodes in nx.connected_components(graph):
        edges = [(why[frozenset(e)], e) for e in combinations(sorted(nodes), 2) if frozenset(e) in why]
        if any(frozenset(e) in banned for e in combinations(nodes, 2)):
            continue
        (score, reason), _ = min(edges, key=lambda item: item[0][0])
        out.append(DuplicateCluster(sorted(nodes), score, [reason]))
    return sorted(out, key=lambda c: (-c.score, c.members))


def find_candidates(session: Session, kind: str) -> list[tuple[DuplicateCluster, dict[str, Any]]]:
    """(cluster, features of its weakest link) for the clusters dedup proposes now."""
    banned = not_same_pairs(session, kind)
    if kind == "organisations":
        return [(c, {"names": ["name_similarity"], "values": [c.score]})
                for c in find_organisation_duplicates(session, banned)]
    if kind == "agreements":
        result = find_agreement_duplicates(database.load_agreements(session), cannot_link=banned)
    elif kind == "persons":
        result = find_person_duplicates(database.load_persons(session), cannot_link=banned)
    elif kind == "documents":
        result = find_document_duplicates(load_document_items(session), cannot_link=banned)
    else:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    return [(c, _edge_features(result, raw.edge)) for c, raw in zip(result.clusters, result.raw_clusters)]


def _edge_features(result: DedupResult, edge: tuple[int, int]) -> dict[str, Any]:
    if result.features is None:
        return {}
    values = result.features.matrix(np.asarray([edge]))[0]
    return {"names": list(result.features.names), "values": [round(float(v), 6) for v in values],
            "pair": [result.ids[edge[0]], result.ids[edge[1]]]}


def _facets(session: Session, kind: str, members: list[int]) -> tuple[list[str], int | None]:
    """Municipalities/organisations and the earliest year a cluster is about, for the filters."""
    orgs = _t("organisations")
    names: set[str] = set()
    years: list[int] = []
    if kind == "agreements":
        parties, agreements = _t("agreement_parties"), _t("agreements")
        names |= set(session.execute(select(orgs.c.name).join(parties, parties.c.organisation_id == orgs.c.id)
                                     .where(parties.c.agreement_id.in_(members))).scalars())
        years += [int(d[:4]) for d in session.execute(select(agreements.c.date).where(agreements.c.id.in_(members)))
                  .scalars() if d and d[:4].isdigit()]
    elif kind == "persons":
        positions = _t("positions")
        for name, first in session.execute(select(orgs.c.name, positions.c.first_seen)
                                           .join(orgs, orgs.c.id == positions.c.organisation_id, isouter=True)
                                           .where(positions.c.person_id.in_(members))):
            if name:
                names.add(name)
            if first and first[:4].isdigit():
                years.append(int(first[:4]))
    elif kind == "organisations":
        names |= set(session.execute(select(orgs.c.name).where(orgs.c.id.in_(members))).scalars())
    elif kind == "documents":
        mentions, evidence = _t("mentions"), _t("evidence")
        names |= {v for v in session.execute(select(mentions.c.value).where(
            mentions.c.document_id.in_(members), mentions.c.label.in_(("MUNICIPALITY", "SEAT")))).scalars() if v}
        years += [int(d[:4]) for d in session.execute(select(evidence.c.observed_on).where(
            evidence.c.document_id.in_(members))).scalars() if d and d[:4].isdigit()]
    return sorted(names), (min(years) if years else None)


def refresh_queue(session: Session, kinds: Iterable[str] = KINDS) -> dict[str, int]:
    """Replace the open candidates of each kind with what dedup proposes now. Returns counts."""
    counts = {}
    for kind in kinds:
        found = find_candidates(session, kind)
        session.execute(delete(DeskCandidateRow).where(DeskCandidateRow.kind == kind,
                                                       DeskCandidateRow.status == "open"))
        for cluster, features in found:
            members = [int(m) for m in cluster.members]
            names, year = _facets(session, kind, members)
            session.add(DeskCandidateRow(kind=kind, members=members, score=round(float(cluster.score), 4),
                                         reasons=list(cluster.reasons), features=features,
                                         municipalities="|" + "|".join(names) + "|" if names else "",
                                         year=year, status="open", version=0))
        counts[kind] = len(found)
    session.flush()
    return counts


def uncertainty(score: float) -> float:
    """How far a score is from a sure answer (0: a coin toss, 0.5: certain)."""
    return abs(float(score) - 0.5)


def open_candidates(session: Session, kind: str | None = None, municipality: str | None = None,
                    year: int | None = None) -> list[DeskCandidateRow]:
    """Open candidates, the most uncertain first (score nearest 0.5), then by kind and id."""
    query = select(DeskCandidateRow).where(DeskCandidateRow.status == "open")
    if kind:
        query = query.where(DeskCandidateRow.kind == kind)
    if year is not None:
        query = query.where(DeskCandidateRow.year == year)
    rows = list(session.execute(query).scalars())
    if municipality:
        wanted = fold(municipality.strip())
        rows = [r for r in rows if any(wanted in fold(n) for n in r.municipalities.strip("|").split("|") if n)]
    return sorted(rows, key=lambda r: (uncertainty(r.score), r.kind, r.id))


def municipalities_in_queue(session: Session) -> list[str]:
    names: set[str] = set()
    for value in session.execute(select(DeskCandidateRow.municipalities).where(DeskCandidateRow.status == "open")).scalars():
        names |= {n for n in value.strip("|").split("|") if n}
    return sorted(names)
