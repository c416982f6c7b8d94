"""The periods a politiker may see (key-figures.md v2, "Roles"): whole calendar years, half-years
and tertials, and the comparison periods the product itself derives from them.

Any suppression leaks when the role may choose any dates: the difference between two periods one
day apart is that day's events. With a fixed set of periods the only differences an attacker
can form are the ones the audit in tests/test_disclosure_audit.py checks (a year = its halves =
its tertials).
"""

from __future__ import annotations

import calendar
from datetime import date

from analytics.filters import Period

# kind -> (number of spans in a year, months per span)
FIXED_KINDS: dict[str, tuple[int, int]] = {"year": (1, 12), "half": (2, 6), "tertial": (3, 4)}

MESSAGE = (
    "Rollen politiker kan bara se hela år, halvår och tertial (jan–apr, maj–aug, sep–dec), "
    "så att inga små tal kan räknas fram som skillnaden mellan två perioder. Perioden {period} "
    "är ingen sådan."
)


def span(year: int, kind: str, number: int) -> Period:
    """The `number`th (from 1) span of `kind` of the year: span(2022, "tertial", 2) = May–Aug."""
    count, months = FIXED_KINDS[kind]
    if not 1 <= number <= count:
        raise ValueError(f"Det finns inget nummer {number} av periodtypen {kind} under ett år.")
    first = (number - 1) * months + 1
    last = first + months - 1
    return Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


def family(year: int) -> list[Period]:
    """The year, its halves and its tertials: the periods whose figures are linked by sums."""
    return [span(year, kind, n) for kind, (count, _) in FIXED_KINDS.items() for n in range(1, count + 1)]


def fixed_kind(p: Period) -> str | None:
    """ "year", "half" or "tertial" when p is one of those spans, else None."""
    for candidate in family(p.start.year):
        if candidate == p:
            months = candidate.end.month - candidate.start.month + 1
            return next(k for k, (_, m) in FIXED_KINDS.items() if m == months)
    return None


def _year_earlier(d: date) -> date:
    return date(d.year - 1, d.month, min(d.day, calendar.monthrange(d.year - 1, d.month)[1]))


def allowed(p: Period) -> bool:
    """A fixed period, or a comparison period the product derives from one (the same period a
    year earlier, or the period just before it)."""
    if fixed_kind(p) is not None:
        return True
    for year in (p.end.year, p.end.year + 1):
        for q in family(year):
            if p == q.previous() or p == Period(_year_earlier(q.start), _year_earlier(q.end)):
                return True
    return False


def check(p: Period) -> None:
    """ValueError (Swedish) when a politiker may not see the period."""
    if not allowed(p):
        raise ValueError(MESSAGE.format(period=f"{p.start.isoformat()} – {p.end.isoformat()}"))
