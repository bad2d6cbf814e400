"""Pair features for documents, agreements and persons, and the words that explain them.

Each feature set is built once over a list of items (preparing normalised forms, shingle
sets, TF-IDF vectors) and then computes a float matrix for candidate pairs `(i, j)`:
`matrix(pairs)` has one row per pair and one column per name in `names`.
`describe(name, i, j, value)` says in words what a feature value means for that pair;
`samverkan.dedup.explain` picks the features that weigh most in the score.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler
from sklearn.feature_extraction.text import TfidfVectorizer

from .dates import DECISION_TOLERANCE_DAYS, gap_days, irreconcilable
from .records import GENERIC_TYPES, AgreementRecord, PersonRecord
from .text import ascii_fold, char_shingles, containment, jaccard, normalise, word_ngram_hashes, word_shingles

CHAR_K = 7
PASSAGE_WORDS = 8  # a passage shared by two texts: this many words in a row


def _rowwise_cosine(matrix, pairs: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    """Cosine of L2-normalised sparse rows for each pair, in chunks (memory stays bounded)."""
    out = np.zeros(len(pairs))
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        out[start : start + len(part)] = np.asarray(
            matrix[part[:, 0]].multiply(matrix[part[:, 1]]).sum(axis=1)).ravel()
    return np.clip(out, 0.0, 1.0)


def _tfidf(texts: Sequence[str], **kwargs):
    if not any(t.strip() for t in texts):
        return None
    vectorizer = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kwargs)
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # empty vocabulary
        return None


class DocumentFeatures:
    """Features of two document texts: shingle overlap, containment, length, TF-IDF cosine."""

    names = ["char_jaccard", "char_containment", "word_jaccard", "length_ratio", "tfidf_cosine"]

    def __init__(self, texts: Sequence[str]):
        self.normalised = [normalise(t) for t in texts]
        self.chars = [char_shingles(t, CHAR_K) for t in self.normalised]
        self.words = [word_shingles(t, 3) for t in self.normalised]
        self.tfidf = _tfidf(self.normalised, analyzer="char_wb", ngram_range=(3, 5), min_df=1)

    def matrix(self, pairs: np.ndarray) -> np.ndarray:
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        out = np.zeros((len(pairs), len(self.names)))
        for row, (i, j) in enumerate(pairs):
            a, b = self.chars[i], self.chars[j]
            la, lb = len(self.normalised[i]), len(self.normalised[j])
            out[row, :4] = (jaccard(a, b), containment(a, b), jaccard(self.words[i], self.words[j]),
                            min(la, lb) / max(la, lb, 1))
        if self.tfidf is not None and len(pairs):
            out[:, 4] = _rowwise_cosine(self.tfidf, pairs)
        return out

    def describe(self, name: str, i: int, j: int, value: float) -> str:
        if name == "char_containment":
            return f"{value:.0%} of the shorter text found in the other"
        if name == "length_ratio":
            return f"lengths {len(self.normalised[i])} and {len(self.normalised[j])} characters (ratio {value:.2f})"
        if name == "tfidf_cosine":
            return f"text similarity {value:.2f}"
        if name == "word_jaccard":
            return f"word sequences shared {value:.2f}"
        return f"character shingles shared {value:.2f}"


def date_relation(a: str | None, b: str | None) -> str:
    """equal | compatible (one is a coarser form of the other) | conflict | missing."""
    if not a or not b:
        return "missing"
    if a == b:
        return "equal"
    if a.startswith(b) or b.startswith(a):
        return "compatible"
    return "conflict"


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two dates given at least to the month (a month counts as its 15th)."""
    from datetime import date

    def parse(d: str | None):
        if not d or len(d) < 7:
            return None
        try:
            return date(int(d[:4]), int(d[5:7]), int(d[8:10]) if len(d) >= 10 else 15)
        except ValueError:
            return None

    da, db = parse(a), parse(b)
    return abs((da - db).days) if da and db else None


def type_relation(a: str | None, b: str | None) -> str:
    """same | compatible (one is generic, "avtal") | conflict | missing."""
    if not a or not b:
        return "missing"
    if a == b:
        return "same"
    if a in GENERIC_TYPES or b in GENERIC_TYPES or a in b or b in a:
        return "compatible"
    return "conflict"


def _overlap(a: frozenset, b: frozenset) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


class AgreementFeatures:
    """Features of two agreement records: parties, type, date, title, signatories, text."""

    names = ["party_jaccard", "party_containment", "shared_parties", "parties_missing", "type_same", "type_conflict",
             "date_equal", "date_compatible", "date_conflict", "date_near", "year_gap", "title_agreement",
             "signatory_overlap", "signatory_disjoint", "text_similarity", "date_gap", "dates_irreconcilable",
             "one_undated", "type_compatible", "both_undated", "same_document", "shared_passages", "parties_in_text"]

    def __init__(self, records: Sequence[AgreementRecord]):
        self.records = list(records)
        self.normalised = [normalise(r.text) for r in self.records]
        self.tfidf = _tfidf(self.normalised, analyzer="word", min_df=1)
        self._passages: dict[int, frozenset[int]] = {}
        self._folded: dict[int, str] = {}
        self._party_words: dict[int, list[str]] = {}

    def passages(self, i: int) -> frozenset[int]:
        """Word 8-grams of record i's text (computed once, only for records in a compared pair)."""
        if i not in self._passages:
            self._passages[i] = word_ngram_hashes(self.normalised[i], PASSAGE_WORDS)
        return self._passages[i]

    def folded(self, i: int) -> str:
        if i not in self._folded:
            self._folded[i] = f" {ascii_fold(self.normalised[i])} "
        return self._folded[i]

    def parties_named(self, i: int, j: int) -> float | None:
        """Share of record i's parties named in record j's text (None if i names no party)."""
        if not self.records[i].party_keys:
            return None
        if i not in self._party_words:
            self._party_words[i] = [f" {ascii_fold(p)} " for p in self.records[i].party_keys]
        text = self.folded(j)
        return sum(words in text for words in self._party_words[i]) / len(self._party_words[i])

    def shared_passages(self, i: int, j: int) -> float:
        """Share of the shorter text's 8-word passages told in the other text too."""
        a, b = self.passages(i), self.passages(j)
        return len(a & b) / min(len(a), len(b)) if a and b else 0.0

    def conflicts(self, group_a: Sequence[int], group_b: Sequence[int]) -> bool:
        """Cannot-link for clustering: a record of one group and one of the other were extracted
        from the same document (the extraction told them apart: two agreements of one document),
        or some dated record of one group and some of the other have dates too far apart to be one
        agreement (`samverkan.dedup.dates.irreconcilable`)."""
        documents_a = frozenset().union(*(self.records[i].documents for i in group_a))
        if documents_a and any(documents_a & self.records[j].documents for j in group_b):
            return True
        dates_a = {self.records[i].date for i in group_a if self.records[i].date}
        if not dates_a:
            return False
        dates_b = {self.records[i].date for i in group_b if self.records[i].date}
        return any(irreconcilable(x, y) for x in dates_a for y in dates_b)

    def matrix(self, pairs: np.ndarray) -> np.ndarray:
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        out = np.zeros((len(pairs), len(self.names)))
        recs = self.records
        for row, (i, j) in enumerate(pairs):
            a, b = recs[i], recs[j]
            pj, pc = _overlap(a.party_keys, b.party_keys)
            trel = type_relation(a.type_key, b.type_key)
            drel = date_relation(a.date, b.date)
            gap = min(abs(a.year - b.year), 5) / 5 if a.year and b.year else 0.0
            near = 0.0
            if drel == "conflict":
                days = days_apart(a.date, b.date)
                near = float(days is not None and days <= 92)  # decision and signing weeks apart
            # title: +1 same, -1 unlike, 0 when either has none (absence is no evidence)
            # (compared without words that only name the kind of agreement: "Avtal" says nothing)
            tsim = 2 * fuzz.token_set_ratio(a.title_words, b.title_words) / 100 - 1 if a.title_words and b.title_words else 0.0
            if a.signatory_keys and b.signatory_keys:
                _, sc = _overlap(a.signatory_keys, b.signatory_keys)
                sd = float(sc == 0)
            else:
                sc, sd = 0.0, 0.0
            shared = min(len(a.party_keys & b.party_keys), 6) / 6  # 5 of 5 says more than 2 of 2
            out[row, :14] = (pj, pc, shared, float(not a.party_keys or not b.party_keys), float(trel == "same"),
                             float(trel == "conflict"), float(drel == "equal"), float(drel == "compatible"),
                             float(drel == "conflict"), near, gap, tsim, sc, sd)
            # how far apart the days the two dates can mean lie (0: they overlap; 1: two years or more)
            days = gap_days(a.date, b.date)
            out[row, 15:18] = (min(days, 730) / 730 if days is not None else 0.0,
                               float(days is not None and days > DECISION_TOLERANCE_DAYS),
                               float(bool(a.date) != bool(b.date)))
            # the parties of one record named in the other's text (a report whose parties were not
            # extracted still names them); with parties on both sides, the weaker direction
            named = [v for v in (self.parties_named(i, j), self.parties_named(j, i)) if v is not None]
            out[row, 18:23] = (float(trel == "compatible"), float(not a.date and not b.date),
                               float(bool(a.documents & b.documents)), self.shared_passages(i, j),
                               min(named) if named else 0.0)
        if self.tfidf is not None and len(pairs):
            out[:, 14] = _rowwise_cosine(self.tfidf, pairs)
        return out

    def describe(self, name: str, i: int, j: int, value: float) -> str:
        a, b = self.records[i], self.records[j]
        shared = len(a.party_keys & b.party_keys)
        union = len(a.party_keys | b.party_keys)
        if name in ("party_jaccard", "party_containment", "shared_parties"):
            if a.party_keys == b.party_keys and a.party_keys:
                return f"same parties ({shared}/{union})"
            return f"parties shared {shared}/{union}"
        if name == "parties_missing":
            return "parties not known for one of them"
        if name in ("type_same", "type_conflict"):
            rel = type_relation(a.type_key, b.type_key)
            return f"same type ({a.type})" if rel == "same" else f"types {rel}: {a.type} / {b.type}"
        if name == "type_compatible":
            return f"types compatible: {a.type} / {b.type}" if value else f"types {type_relation(a.type_key, b.type_key)}: {a.type} / {b.type}"
        if name == "both_undated":
            return "both undated" if value else f"dates {a.date or '-'} / {b.date or '-'}"
        if name == "same_document":
            return "extracted from the same document" if value else "extracted from different documents"
        if name == "shared_passages":
            return f"passages in common {value:.0%} (8 words or more in a row)"
        if name == "parties_in_text":
            return f"parties named in the other's text {value:.0%}"
        if name == "one_undated":
            return f"one of them undated ({a.date or '-'} / {b.date or '-'})"
        if name in ("date_gap", "dates_irreconcilable"):
            days = gap_days(a.date, b.date)
            if days is None:
                return f"date missing ({a.date or '-'} / {b.date or '-'})"
            return f"dates at least {days} days apart ({a.date} / {b.date})" if days else f"dates agree ({a.date} / {b.date})"
        if name in ("date_equal", "date_compatible", "date_conflict", "date_near", "year_gap"):
            rel = date_relation(a.date, b.date)
            if rel == "conflict" and days_apart(a.date, b.date) is not None and days_apart(a.date, b.date) <= 92:
                return f"dates {days_apart(a.date, b.date)} days apart ({a.date} / {b.date})"
            words = {"equal": "dates equal", "compatible": "dates compatible", "conflict": "dates differ",
                     "missing": "date missing"}[rel]
            return f"{words} ({a.date or '-'} / {b.date or '-'})"
        if name == "title_agreement":
            if not a.title_words or not b.title_words:
                return "title missing on one side"
            return f"title similarity {(value + 1) / 2:.2f}"
        if name in ("signatory_overlap", "signatory_disjoint"):
            shared_s = len(a.signatory_keys & b.signatory_keys)
            return f"signatories shared ({shared_s}/{min(len(a.signatory_keys), len(b.signatory_keys))})"
        return f"text similarity {value:.2f}"


class PersonFeatures:
    """Features of two person records: name forms, organisations, titles, parties, dates."""

    names = ["name_similarity", "surname_equal", "first_equal", "first_initial_only", "first_conflict",
             "org_overlap", "org_conflict", "title_overlap", "party_equal", "party_conflict",
             "year_gap", "shared_agreement"]

    def __init__(self, records: Sequence[PersonRecord]):
        self.records = list(records)

    @staticmethod
    def first_relation(a: str, b: str) -> str:
        if not a or not b:
            return "initial"
        if a == b:
            return "equal"
        ta, tb = a.split(), b.split()
        if (len(ta[0]) == 1 or len(tb[0]) == 1) and ta[0][0] == tb[0][0]:
            return "initial"
        if ta[0] == tb[0] or set(ta) <= set(tb) or set(tb) <= set(ta):
            return "initial"  # "per" / "per olof": a shortened form, not a conflict
        if JaroWinkler.similarity(a, b) >= 0.9:
            return "initial"  # a spelling or OCR variant
        return "conflict"

    def matrix(self, pairs: np.ndarray) -> np.ndarray:
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        out = np.zeros((len(pairs), len(self.names)))
        recs = self.records
        for row, (i, j) in enumerate(pairs):
            a, b = recs[i], recs[j]
            frel = self.first_relation(a.first, b.first)
            oj, _ = _overlap(a.org_keys, b.org_keys)
            tj, _ = _overlap(a.title_keys, b.title_keys)
            pe = float(bool(a.party_keys & b.party_keys))
            pcf = float(bool(a.party_keys and b.party_keys and not a.party_keys & b.party_keys))
            if a.years and b.years:
                gap = max(0, max(a.years[0], b.years[0]) - min(a.years[1], b.years[1]))
                gap = min(gap, 10) / 10
            else:
                gap = 0.0
            out[row] = (JaroWinkler.similarity(a.key, b.key), float(a.surname == b.surname),
                        float(frel == "equal"), float(frel == "initial"), float(frel == "conflict"),
                        oj, float(bool(a.org_keys and b.org_keys and not a.org_keys & b.org_keys)), tj,
                        pe, pcf, gap, float(bool(a.agreement_keys & b.agreement_keys)))
        return out

    def describe(self, name: str, i: int, j: int, value: float) -> str:
        a, b = self.records[i], self.records[j]
        if name == "name_similarity":
            return f"name similarity {value:.2f} ({a.name} / {b.name})"
        if name == "surname_equal":
            return "same surname" if value else "surnames differ"
        if name in ("first_equal", "first_initial_only", "first_conflict"):
            rel = self.first_relation(a.first, b.first)
            return {"equal": "same first name", "initial": f"first names compatible ({a.first or '-'} / {b.first or '-'})",
                    "conflict": f"first names differ ({a.first} / {b.first})"}[rel]
        if name in ("org_overlap", "org_conflict"):
            shared = sorted(a.org_keys & b.org_keys)
            return f"same organisation ({', '.join(shared)})" if shared else "organisations differ or unknown"
        if name == "title_overlap":
            return "same title" if value else "titles differ or unknown"
        if name in ("party_equal", "party_conflict"):
            return "same party" if a.party_keys & b.party_keys else "parties differ or unknown"
        if name == "year_gap":
            return f"active {a.years} / {b.years}"
        return "signed the same agreement" if value else "no agreement in common"
