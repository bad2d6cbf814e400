"""Dates of agreements as intervals, and when two dates cannot belong to one agreement.

A partial date stands for the days it covers ("2013" is the whole year, "2013-12" the month).
Two reports of one agreement may give a decision date and the signing date, which are weeks
apart, so dates whose intervals lie at most `DECISION_TOLERANCE_DAYS` apart are reconcilable;
dates further apart (another year, or months apart in one year) are two agreements, such as a
renewal or two agreements between the same parties told in one document.
"""
from __future__ import annotations

import calendar
from datetime import date

DECISION_TOLERANCE_DAYS = 92  # decision (minutes) and signing can be a quarter apart


def interval(iso: str | None) -> tuple[date, date] | None:
    """First and last day an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) can mean; None if unreadable."""
    if not iso or not iso[:4].isdigit():
        return None
    try:
        year = int(iso[:4])
        if len(iso) >= 10:
            day = date.fromisoformat(iso[:10])
            return day, day
        if len(iso) >= 7:
            month = int(iso[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def gap_days(a: str | None, b: str | None) -> int | None:
    """Days between the nearest days two dates can mean (0 when they overlap); None if either is unknown."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return None
    if ia[1] < ib[0]:
        return (ib[0] - ia[1]).days
    if ib[1] < ia[0]:
        return (ia[0] - ib[1]).days
    return 0


def irreconcilable(a: str | None, b: str | None, tolerance: int = DECISION_TOLERANCE_DAYS) -> bool:
    """True when both dates are known and too far apart to be one agreement's decision and signing."""
    gap = gap_days(a, b)
    return gap is not None and gap > tolerance
