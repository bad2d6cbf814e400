"""Scored pairs into clusters: connected components over edges at or above a threshold, or
average-link (two groups join only if the mean score of their compared pairs reaches the
threshold, which stops one weak link from chaining unrelated records together).

A cluster's score is its weakest joining link (components: the smallest edge of the
maximum spanning tree; average-link: the lowest mean at which its groups joined); its
`edge` is the pair with that score, the one whose reasons explain the cluster.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np


@dataclass
class Cluster:
    members: list[int]
    score: float
    edge: tuple[int, int]  # the weakest link holding the cluster together


def connected_components(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float) -> list[Cluster]:
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


def average_link(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float) -> list[Cluster]:
    """Agglomerative average-link within each connected component of edges >= threshold."""
    weights: dict[tuple[int, int], float] = {}
    for (i, j), s in zip(pairs, scores):
        weights[(int(min(i, j)), int(max(i, j)))] = float(s)
    clusters = []
    for comp in connected_components(n, pairs, scores, threshold):
        groups = [[m] for m in comp.members]
        link_score = {}
        while len(groups) > 1:
            best, best_pair = -1.0, None
            for a in range(len(groups)):
                for b in range(a + 1, len(groups)):
                    known = [weights[(min(x, y), max(x, y))] for x in groups[a] for y in groups[b]
                             if (min(x, y), max(x, y)) in weights]
                    if known:
                        mean = sum(known) / len(known)
                        if mean > best:
                            best, best_pair = mean, (a, b)
            if best_pair is None or best < threshold:
                break
            a, b = best_pair
            merged = groups[a] + groups[b]
            link_score[tuple(sorted(merged))] = min([best] + [link_score.get(tuple(sorted(g)), 1.0) for g in (groups[a], groups[b])])
            groups = [g for k, g in enumerate(groups) if k not in (a, b)] + [merged]
        for group in groups:
            if len(group) < 2:
                continue
            members = sorted(group)
            inside = [(p, w) for p, w in weights.items() if p[0] in group and p[1] in group and w >= threshold]
            edge = min(inside, key=lambda pw: pw[1])[0] if inside else (members[0], members[1])
            clusters.append(Cluster(members, link_score.get(tuple(members), weights.get(edge, 0.0)), edge))
    return sorted(clusters, key=lambda c: (-c.score, c.members))


def cluster(n: int, pairs: np.ndarray, scores: np.ndarray, threshold: float, method: str = "components") -> list[Cluster]:
    if method == "components":
        return connected_components(n, pairs, scores, threshold)
    if method == "average":
        return average_link(n, pairs, scores, threshold)
    raise ValueError(f"unknown clustering method {method!r} (components | average)")


def labels(n: int, clusters: list[Cluster]) -> list[int]:
    """A cluster label per item (singletons get their own)."""
    out = list(range(n))
    for k, c in enumerate(clusters):
        for m in c.members:
            out[m] = n + k
    return out
