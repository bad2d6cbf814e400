"""Scored pairs into clusters: connected components over edges at or above a threshold, or
average-link (two groups join only if the mean score of their compared pairs reaches the
threshold, which stops one weak link from chaining unrelated records together).

A cluster's score is its weakest joining link (components: the smallest edge of the
maximum spanning tree; average-link: the lowest mean at which its groups joined); its
`edge` is the pair with that score, the one whose reasons explain the cluster.

Both methods take an optional cannot-link test, `conflicts(group_a, group_b) -> bool` over
member indices: two groups for which it is true are never joined, whatever their scores
(for agreements: dates too far apart to be one agreement, see `samverkan.dedup.dates`).
Components then become a constrained single-link: edges are taken strongest first and an
edge that would join conflicting groups is left out.
"""
from __future__ import annotations

from dataclasses import dataclass

from itertools import combinations
from typing import Callable, Sequence

import networkx as nx
import numpy as np


@dataclass
class Cluster:
    members: list[int]
    score: float
    edge: tuple[int, int]  # the weakest link holding the cluster together


Conflicts = Callable[[Sequence[int], Sequence[int]], bool]


def connected_components(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float,
                         conflicts: Conflicts | None = None) -> list[Cluster]:
    if conflicts is not None:
        return constrained_components(n, pairs, scores, threshold, conflicts)
    graph = nx.Graph()
    for (i, j), s in zip(pairs, scores):
        if s >= threshold:
            graph.add_edge(int(i), int(j), weight=float(s))
    clusters = []
    for nodes in nx.connected_components(graph):
        tree = nx.maximum_spanning_tree(graph.subgraph(nodes))
        i, j, data = min(tree.edges(data=True), key=lambda e: e[2]["weight"])
        clusters.append(Cluster(sorted(nodes), data["weight"], (min(i, j), max(i, j))))
    return sorted(clusters, key=lambda c: (-c.score, c.members))


def constrained_components(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float,
                           conflicts: Conflicts) -> list[Cluster]:
    """Single-link with cannot-link: edges >= threshold strongest first (Kruskal), skipping
    an edge whose two groups conflict. A cluster's score is its weakest accepted edge."""
    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    weakest: dict[int, tuple[float, tuple[int, int]]] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    for k in order:
        s = float(scores[k])
        if s < threshold:
            break
        i, j = int(pairs[k][0]), int(pairs[k][1])
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        a, b = members.get(ri, [ri]), members.get(rj, [rj])
        if conflicts(a, b):
            continue
        parent[rj] = ri
        members[ri] = a + b
        members.pop(rj, None)
        weakest[ri] = (s, (min(i, j), max(i, j)))  # edges come strongest first: the last is the weakest
        weakest.pop(rj, None)
    clusters = [Cluster(sorted(group), weakest[root][0], weakest[root][1])
                for root, group in members.items() if find(root) == root and len(group) > 1]
    return sorted(clusters, key=lambda c: (-c.score, c.members))


def average_link(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float,
                 conflicts: Conflicts | None = None) -> list[Cluster]:
    """Agglomerative average-link over the compared pairs (pairs never compared do not count),
    merging the two groups with the highest mean score while it is >= threshold (and, with
    `conflicts`, while the two groups do not conflict)."""
    import heapq

    weights: dict[tuple[int, int], float] = {}
    for (i, j), s in zip(pairs, scores):
        weights[(int(min(i, j)), int(max(i, j)))] = float(s)
    candidates = {m for c in connected_components(n, pairs, scores, threshold) for m in c.members}
    links: dict[int, dict[int, list[float]]] = {m: {} for m in candidates}
    for (i, j), w in weights.items():
        if i in candidates and j in candidates:
            links[i][j] = [w, 1.0]
            links[j][i] = links[i][j]
    members = {m: [m] for m in candidates}
    joined_at = {m: 1.0 for m in candidates}
    heap = [(-w, i, j) for (i, j), w in weights.items() if w >= threshold and i in candidates and j in candidates]
    heapq.heapify(heap)
    next_id = n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        total, count = links[a][b]
        if abs(total / count + neg) > 1e-12:
            continue  # stale entry
        if conflicts is not None and conflicts(members[a], members[b]):
            continue  # cannot-link; a later merge of either group is tested again
        c = next_id
        next_id += 1
        members[c] = members.pop(a) + members.pop(b)
        joined_at[c] = min(-neg, joined_at.pop(a), joined_at.pop(b))
        merged: dict[int, list[float]] = {}
        for old in (a, b):
            for k, (t, cnt) in links.pop(old).items():
                if k in (a, b):
                    continue
                acc = merged.setdefault(k, [0.0, 0.0])
                acc[0] += t
                acc[1] += cnt
                links[k].pop(old, None)
        links[c] = merged
        for k, acc in merged.items():
            links[k][c] = acc
            if acc[0] / acc[1] >= threshold:
                heapq.heappush(heap, (-acc[0] / acc[1], min(c, k), max(c, k)))
    clusters = []
    for c, group in members.items():
        if len(group) < 2:
            continue
        group = sorted(group)
        inside = [(p, w) for p, w in ((p, weights[p]) for p in combinations(group, 2) if p in weights) if w >= threshold]
        edge = min(inside, key=lambda pw: pw[1])[0] if inside else (group[0], group[1])
        clusters.append(Cluster(group, joined_at[c], edge))
    return sorted(clusters, key=lambda c: (-c.score, c.members))


def cluster(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float, method: str = "components",
            conflicts: Conflicts | None = None) -> list[Cluster]:
    if method == "components":
        return connected_components(n, pairs, scores, threshold, conflicts)
    if method == "average":
        return average_link(n, pairs, scores, threshold, conflicts)
    raise ValueError(f"unknown clustering method {method!r} (components | average)")


def labels(n: int, clusters: list[Cluster]) -> list[int]:
    """A cluster label per item (singletons get their own)."""
    out = list(range(n))
    for k, c in enumerate(clusters):
        for m in c.members:
            out[m] = n + k
    return out
