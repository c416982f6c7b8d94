"""The one place that builds filters: period, organisation, domain, and the viewer's scope."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

ROLES: dict[str, str] = {
    "analytiker": "Analytiker (ser allt)",
    "chef": "Enhetschef (egna enheter)",
    "politiker": "Politiker (bara aggregat)",
}


@dataclass(frozen=True)
class Scope:
    """Who is looking: role and, for `chef`, the permitted unit ids."""

    role: str = "analytiker"
    units: tuple[str, ...] | None = None
    user: str = "lokal"

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Okänd roll: {self.role!r}. Tillåtna: {', '.join(ROLES)}")
        if self.role == "chef" and not self.units:
            raise ValueError("Rollen chef kräver minst en enhet.")

    @property
    def sees_brukare(self) -> bool:
        return self.role in ("analytiker", "chef")

    @property
    def sees_free_text(self) -> bool:
        return self.role in ("analytiker", "chef")


def _months_back(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + (d.month - 1) - months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def year_earlier(d: date) -> date:
    """The same date one year earlier; 29 February becomes 28 February."""
    return date(d.year - 1, d.month, min(d.day, calendar.monthrange(d.year - 1, d.month)[1]))


# No period is analysed before this day: an earlier date is a typing error in the source.
EARLIEST = date(1900, 1, 1)

# How the comparison period is chosen (key-figures.md "Comparison period"): code -> Swedish.
COMPARISONS: dict[str, str] = {
    "year": "Samma period föregående år",
    "previous": "Föregående period",
}

# Whole calendar spans of the same kind follow each other: kind -> length in months.
SPAN_MONTHS: dict[str, int] = {"year": 12, "half": 6, "tertial": 4, "quarter": 3, "month": 1}

_MONTH_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_SHORT_PREFIX = {"half": "H", "tertial": "T", "quarter": "K"}


@dataclass(frozen=True)
class Period:
    """A closed date interval [start, end]."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Perioden slutar ({self.end}) före den börjar ({self.start}).")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def kind(self) -> str | None:
        """ "year", "half", "tertial", "quarter" or "month" for a whole calendar span, else None."""
        s, e = self.start, self.end
        if s.day != 1 or s.year != e.year or e != _month_end(e.year, e.month):
            return None
        months = e.month - s.month + 1
        for kind, length in SPAN_MONTHS.items():
            if months == length and (s.month - 1) % length == 0:
                return kind
        return None

    def previous(self) -> Period:
        """The period just before: for a whole calendar month, quarter, tertial, half-year or
        year the one before it of the same kind (H1 2022 -> H2 2021); for any other period the
        same number of days ending the day before start."""
        kind = self.kind
        if kind is not None:
            start = _months_back(self.start, SPAN_MONTHS[kind])
            end = self.start - timedelta(days=1)
            return Period(start, end)
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def year_earlier(self) -> Period:
        """The same dates one year earlier (29 February becomes 28 February)."""
        return Period(year_earlier(self.start), year_earlier(self.end))

    def comparison(self, compare: str = "year") -> Period:
        """The comparison period: `year` (the default) or `previous` (COMPARISONS)."""
        if compare == "year":
            return self.year_earlier()
        if compare == "previous":
            return self.previous()
        raise ValueError(f"Okänd jämförelse: {compare!r}. Tillåtna: {', '.join(COMPARISONS)}")

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("Halvår är 1 eller 2.")
        return cls.span(year, "half", half)

    @classmethod
    def span(cls, year: int, kind: str, number: int) -> Period:
        """The `number`th span of `kind` (half, tertial, quarter, month) of the year, from 1."""
        length = SPAN_MONTHS[kind]
        if not 1 <= number <= 12 // length:
            raise ValueError(f"Det finns inget nummer {number} av den här periodtypen under ett år.")
        first = (number - 1) * length + 1
        last = first + length - 1
        return cls(date(year, first, 1), _month_end(year, last))

    @classmethod
    def rolling_12_months(cls, end: date) -> Period:
        """Twelve months ending on `end` (inclusive)."""
        return cls(_months_back(end, 12) + timedelta(days=1), end)

    def label(self) -> str:
        s, e = self.start, self.end
        kind = self.kind
        if kind == "year":
            return str(s.year)
        if kind == "half":
            return f"{s.year} H{1 if s.month == 1 else 2}"
        return f"{s.isoformat()} – {e.isoformat()}"

    def short_label(self) -> str:
        """A short name for labels: "2022", "H1 2022", "T2 2022", "K3 2022", "mar 2022", or the
        dates when the period is no whole calendar span."""
        kind = self.kind
        if kind == "year":
            return str(self.start.year)
        if kind == "month":
            return f"{_MONTH_SHORT[self.start.month - 1]} {self.start.year}"
        if kind is not None:
            number = (self.start.month - 1) // SPAN_MONTHS[kind] + 1
            return f"{_SHORT_PREFIX[kind]}{number} {self.start.year}"
        return self.dates()

    def dates(self) -> str:
        """The dates, "2022-01-01 – 2022-06-30"."""
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def _tuple(values: Any) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    t = tuple(sorted(str(v) for v in values))
    return t or None


@dataclass(frozen=True)
class Filters:
    """Everything a query is restricted by. A None list means "all".

    Immutable and hashable, so it can be a cache key.
    """

    period: Period
    administrations: tuple[str, ...] | None = None
    areas: tuple[str, ...] | None = None
    unit_types: tuple[str, ...] | None = None
    operators: tuple[str, ...] | None = None
    unit_ids: tuple[str, ...] | None = None
    domains: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    scope: Scope = field(default_factory=Scope)
    compare: str = "year"  # how the comparison period is chosen: a key of COMPARISONS

    def __post_init__(self) -> None:
        if self.compare not in COMPARISONS:
            raise ValueError(f"Okänd jämförelse: {self.compare!r}. Tillåtna: {', '.join(COMPARISONS)}")

    @classmethod
    def build(
        cls, period: Period, scope: Scope | None = None, compare: str = "year", **lists: Any
    ) -> Filters:
        return cls(
            period=period, scope=scope or Scope(), compare=compare, **{k: _tuple(v) for k, v in lists.items()}
        )

    def with_(self, **changes: Any) -> Filters:
        keep = ("period", "scope", "compare")
        norm = {k: (_tuple(v) if k not in keep else v) for k, v in changes.items()}
        return replace(self, **norm)

    @property
    def comparison(self) -> Period:
        """The period every `previous_*` figure counts (key-figures.md, version 2)."""
        return self.period.comparison(self.compare)

    def compared(self) -> Filters:
        """The same filters over the comparison period (for a figure computed twice)."""
        return self.with_(period=self.comparison)

    def effective_unit_ids(self) -> tuple[str, ...] | None:
        """Unit ids the query may touch: the user's choice, cut down to the scope."""
        if self.scope.role != "chef":
            return self.unit_ids
        allowed = set(self.scope.units or ())
        if self.unit_ids is None:
            return tuple(sorted(allowed))
        return tuple(sorted(allowed.intersection(self.unit_ids)))

    def params(self) -> dict[str, Any]:
        """Named parameters bound to every analytics query ($name in the SQL)."""
        try:
            prev_from, prev_to = self.comparison.start, self.comparison.end
        except (ValueError, OverflowError):  # before year 1 (a typing error): nothing, from > to
            prev_from, prev_to = date(1, 1, 2), date(1, 1, 1)
        return {
            "date_from": self.period.start,
            "date_to": self.period.end,
            "prev_from": prev_from,
            "prev_to": prev_to,
            "administrations": _list(self.administrations),
            "areas": _list(self.areas),
            "unit_types": _list(self.unit_types),
            "operators": _list(self.operators),
            "unit_ids": _list(self.effective_unit_ids()),
            "domains": _list(self.domains),
            "categories": _list(self.categories),
        }


def _list(values: tuple[str, ...] | None) -> list[str] | None:
    return list(values) if values is not None else None
