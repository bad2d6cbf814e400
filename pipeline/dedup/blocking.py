"""Candidate pairs: only items that share a blocking key (or an LSH bucket) are compared.

- Documents: MinHash signatures of character shingles in an LSH index (datasketch);
  pairs whose estimated Jaccard may exceed the threshold are candidates.
- Agreements: the set of parties, and that set less any one party; each pair of parties
  with the month; one-party and party-less records by (party) / (type) keys; the first two
  significant title words with the year; type + full date; each signatory's name with the
  year; and an undated record with fewer than two parties with every record sharing a
  signatory or its title words; and a record naming no party with every record whose parties
  are all named in its text (the extraction missed them, the document names them).
  Oversized blocks are split by year, then by type (records lacking the field join every
  sub-block); a block still too large is skipped and counted, never compared all-to-all.
- Persons: surname + first initial, and first-name prefix + surname initial (catches a
  misspelt surname); a record without a first name joins every initial of its surname.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Hashable, Iterable, Sequence

import numpy as np

from .records import AgreementRecord, PersonRecord
from .text import ascii_fold, normalise


@dataclass
class BlockStats:
    items: int = 0
    blocks: int = 0
    candidate_pairs: int = 0
    skipped_blocks: int = 0  # blocks still over the size limit after refining (not compared)
    largest_block: int = 0

    @property
    def all_pairs(self) -> int:
        return self.items * (self.items - 1) // 2


def _encode(block: np.ndarray, n: int) -> np.ndarray:
    i, j = np.triu_indices(len(block), k=1)
    a, b = block[i], block[j]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return lo.astype(np.int64) * n + hi


def key_pairs(keys: Sequence[Iterable[Hashable]], max_block: int = 200,
              refiners: Sequence[Callable[[int], Hashable | None]] = ()) -> tuple[np.ndarray, BlockStats]:
    """Pairs (i < j) of items sharing a key; `refiners` split oversized blocks in turn
    (a refiner returning None puts the item into every sub-block)."""
    n = len(keys)
    stats = BlockStats(items=n)
    index: dict[Hashable, list[int]] = defaultdict(list)
    for i, item_keys in enumerate(keys):
        for key in set(item_keys):
            index[key].append(i)
    chunks: list[np.ndarray] = []

    def emit(block: list[int], level: int) -> None:
        if len(block) < 2:
            return
        if len(block) <= max_block:
            stats.blocks += 1
            stats.largest_block = max(stats.largest_block, len(block))
            chunks.append(_encode(np.asarray(block, dtype=np.int64), n))
            return
        if level >= len(refiners):
            stats.skipped_blocks += 1
            return
        sub: dict[Hashable, list[int]] = defaultdict(list)
        wild: list[int] = []
        for i in block:
            value = refiners[level](i)
            (wild if value is None else sub[value]).append(i)
        if not sub:
            emit(wild, level + 1)
            return
        for members in sub.values():
            emit(members + wild, level + 1)

    for block in index.values():
        emit(block, 0)
    if not chunks:
        return np.zeros((0, 2), dtype=np.int64), stats
    codes = np.unique(np.concatenate(chunks))
    pairs = np.stack([codes // n, codes % n], axis=1)
    stats.candidate_pairs = len(pairs)
    return pairs, stats


TITLE_STOPWORDS = frozenset(
    "avsiktsförklaring samverkansavtal samarbetsavtal överenskommelse avtal avtalet mellan gällande "
    "avseende angående samverkan kommun kommuner kommunerna kommunernas region regionen".split())


def agreement_keys(record: AgreementRecord) -> list[Hashable]:
    parties = sorted(record.party_keys)
    keys: list[Hashable] = []
    if len(parties) >= 2:
        # the same set of parties, or the same set but for one party (one source names one fewer)
        keys.append(("set", *parties))
        if len(parties) >= 3:
            keys += [("set", *parties[:k], *parties[k + 1:]) for k in range(len(parties))]
        if record.date and len(record.date) >= 7:  # two parties in common in the same month
            keys += [("pp", a, b, record.date[:7]) for a, b in combinations(parties, 2)]
    elif len(parties) == 1:
        keys.append(("p", parties[0]))
    else:
        keys.append(("t", record.type_key))
    if record.type_key and record.date and len(record.date) == 10:
        keys.append(("td", record.type_key, record.date))
    keys += [("sig", name, record.year) for name in record.signatory_keys]
    title_words = _title_words(record)
    if title_words:
        keys.append(("title", *title_words, record.year))
    return keys


def _title_words(record: AgreementRecord) -> tuple[str, ...]:
    return tuple([w for w in record.title_key.split() if len(w) >= 5 and w not in TITLE_STOPWORDS][:2])


def undated_pairs(records: Sequence[AgreementRecord], max_block: int = 40) -> np.ndarray:
    """Pairs of an undated record naming fewer than two parties (the party-set blocks cannot
    reach it) with any record sharing a signatory or the title words, whatever its year (the
    year-keyed blocks cannot meet an undated report). Blocks larger than `max_block` are left out."""
    index: dict[Hashable, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        keys = [("sig", name) for name in r.signatory_keys]
        if _title_words(r):
            keys.append(("title", *_title_words(r)))
        for key in keys:
            index[key].append(i)
    found: set[tuple[int, int]] = set()
    for block in index.values():
        if len(block) < 2 or len(block) > max_block:
            continue
        for u in block:
            if records[u].year is None and len(records[u].party_keys) < 2:
                found.update((min(u, k), max(u, k)) for k in block if k != u)
    return np.asarray(sorted(found), dtype=np.int64).reshape(-1, 2)


NAME_WORDS = 4  # party names are matched as runs of up to this many words


def named_parties(text: str, vocabulary: set[str]) -> set[str]:
    """The party keys of `vocabulary` (folded names) named in `text`, as whole words."""
    tokens = ascii_fold(normalise(text)).split()
    found = set()
    for n in range(1, NAME_WORDS + 1):
        for k in range(len(tokens) - n + 1):
            words = " ".join(tokens[k:k + n])
            if words in vocabulary:
                found.add(words)
    return found


def party_mention_pairs(records: Sequence[AgreementRecord], max_block: int = 40) -> np.ndarray:
    """Pairs of a record naming no party with each record whose parties are all named in the
    first one's text (and whose year, if both have one, is at most a year apart). A record
    with more than `max_block` such candidates is left out."""
    keys = [frozenset(ascii_fold(key) for key in r.party_keys) for r in records]
    index: dict[str, list[int]] = defaultdict(list)
    for i, item_keys in enumerate(keys):
        for key in item_keys:
            index[key].append(i)
    vocabulary = set(index)
    found: set[tuple[int, int]] = set()
    for u, r in enumerate(records):
        if r.party_keys or not r.text:
            continue
        named = named_parties(r.text, vocabulary)
        candidates = {k for p in named for k in index[p]
                      if keys[k] <= named
                      and (r.year is None or records[k].year is None or abs(records[k].year - r.year) <= 1)}
        if len(candidates) <= max_block:
            found.update((min(u, k), max(u, k)) for k in candidates if k != u)
    return np.asarray(sorted(found), dtype=np.int64).reshape(-1, 2)


def agreement_pairs(records: Sequence[AgreementRecord], max_block: int = 40) -> tuple[np.ndarray, BlockStats]:
    pairs, stats = key_pairs([agreement_keys(r) for r in records], max_block,
                             refiners=[lambda i: records[i].year, lambda i: records[i].type_key])
    extra = np.vstack([undated_pairs(records, max_block), party_mention_pairs(records, max_block)])
    if len(extra):
        pairs = np.unique(np.vstack([pairs.reshape(-1, 2), extra]), axis=0)
        stats.candidate_pairs = len(pairs)
    return pairs, stats


def person_keys(record: PersonRecord) -> list[Hashable]:
    if not record.surname:
        return []
    if not record.first:
        return [("si", record.surname, c) for c in "abcdefghijklmnopqrstuvwxyz"]
    keys: list[Hashable] = [("si", record.surname, record.first[0])]
    first = record.first.split()[0]
    if len(first) >= 3:
        keys.append(("fs", first[:4], record.surname[0]))
    return keys


def person_pairs(records: Sequence[PersonRecord], max_block: int = 300) -> tuple[np.ndarray, BlockStats]:
    return key_pairs([person_keys(r) for r in records], max_block,
                     refiners=[lambda i: next(iter(sorted(records[i].org_keys)), None)])


def lsh_pairs(shingle_sets: Sequence[set[str]], threshold: float = 0.2, num_perm: int = 128,
              seed: int = 1) -> tuple[np.ndarray, BlockStats]:
    """Pairs whose MinHash signatures collide in an LSH index tuned for Jaccard >= `threshold`."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    signatures = []
    for i, shingles in enumerate(shingle_sets):
        m = MinHash(num_perm=num_perm, seed=seed)
        if shingles:
            m.update_batch([s.encode("utf-8") for s in shingles])
        signatures.append(m)
        if shingles:
            lsh.insert(i, m)
    found = set()
    for i, m in enumerate(signatures):
        if not shingle_sets[i]:
            continue
        for j in lsh.query(m):
            if j != i:
                found.add((min(i, j), max(i, j)))
    stats = BlockStats(items=len(shingle_sets), blocks=num_perm, candidate_pairs=len(found))
    pairs = np.asarray(sorted(found), dtype=np.int64).reshape(-1, 2)
    return pairs, stats
