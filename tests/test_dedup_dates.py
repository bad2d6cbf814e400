"""Agreement dates as intervals; conflicting dates keep agreements apart in every clustering."""
from __future__ import annotations

import numpy as np
import pytest

from samverkan.dedup.blocking import agreement_pairs
from samverkan.dedup.clustering import average_link, connected_components
from samverkan.dedup.dates import gap_days, irreconcilable
from samverkan.dedup.engine import find_agreement_duplicates
from samverkan.dedup.records import AgreementRecord


@pytest.mark.parametrize("a, b, gap", [
    ("2013-12", "2013-01-22", 313),     # two agreements in one year, months apart
    ("2013", "2013-01-22", 0),          # a year-only date covers the full date
    ("2013", "2014-01-15", 15),         # a decision in one year, signed early the next
    ("2024-03-28", "2026", 644),        # a renewal two years on
    ("2024-03-28", "2024-05-10", 43),   # decision and signing weeks apart
    (None, "2024", None), ("2024", "unknown", None),
])
def test_gap_days(a, b, gap):
    assert gap_days(a, b) == gap
    assert irreconcilable(a, b) == (gap is not None and gap > 92)


def test_cannot_link_stops_both_clusterings_from_joining_conflicting_groups():
    # 0 and 2 conflict; 1 is close to both (an undated report between two dated agreements)
    pairs = np.array([[0, 1], [1, 2], [0, 2]])
    scores = np.array([0.95, 0.9, 0.2])
    conflicts = lambda a, b: {0, 2} <= set(a) | set(b)  # noqa: E731
    assert [c.members for c in connected_components(3, pairs, scores, 0.5)] == [[0, 1, 2]]
    for method in (connected_components, average_link):
        assert [c.members for c in method(3, pairs, scores, 0.5, conflicts)] == [[0, 1]]


def _rec(rid, date, **kw):
    return AgreementRecord(rid, kw.get("type", "överenskommelse"), kw.get("title"), date,
                           ["Landstinget Västernorrland", "Länsstyrelsen Västernorrland", "Riksantikvarieämbetet"],
                           kw.get("signatories", []), "")


def test_same_parties_dates_months_apart_are_two_agreements_undated_report_joins_one():
    records = [_rec("dec", "2013-12"), _rec("dec-full", "2013-12-05"), _rec("jan", "2013-01-22"),
               _rec("undated", None)]
    clusters = [set(c.members) for c in find_agreement_duplicates(records).clusters]
    assert not any({"dec", "jan"} <= c or {"dec-full", "jan"} <= c for c in clusters)
    assert any({"dec", "dec-full"} <= c for c in clusters)


def test_partyless_undated_report_is_compared_through_its_signatories():
    signed = AgreementRecord("signed", "avsiktsförklaring", None, "2024-03-28", ["Karlstad", "Kil", "Grums"],
                             ["Anna Berg", "Per Holm", "Eva Lind"], "")
    mention = AgreementRecord("mention", "avsiktsförklaring", None, None, [], ["Anna Berg", "Per Holm"], "")
    pairs, _ = agreement_pairs([signed, mention])
    assert pairs.tolist() == [[0, 1]]
