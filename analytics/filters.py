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

    def previous(self) -> Period:
        """The period of the same number of days ending the day before start."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        if half == 1:
            return cls(date(year, 1, 1), date(year, 6, 30))
        if half == 2:
            return cls(date(year, 7, 1), date(year, 12, 31))
        raise ValueError("Halvår är 1 eller 2.")

    @classmethod
    def rolling_12_months(cls, end: date) -> Period:
        """Twelve months ending on `end` (inclusive)."""
        return cls(_months_back(end, 12) + timedelta(days=1), end)

    def label(self) -> str:
        s, e = self.start, self.end
        if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31 and s.year == e.year:
            return str(s.year)
        if s.year == e.year and s.day == 1 and e == date(e.year, 6, 30) and s.month == 1:
            return f"{s.year} H1"
        if s.year == e.year and s == date(s.year, 7, 1) and e == date(e.year, 12, 31):
            return f"{s.year} H2"
        return f"{s.isoformat()} – {e.isoformat()}"


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

    @classmethod
    def build(cls, period: Period, scope: Scope | None = None, **lists: Any) -> Filters:
        return cls(period=period, scope=scope or Scope(), **{k: _tuple(v) for k, v in lists.items()})

    def with_(self, **changes: Any) -> Filters:
        norm = {k: (_tuple(v) if k not in ("period", "scope") else v) for k, v in changes.items()}
        return replace(self, **norm)

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
        prev = self.period.previous()
        return {
            "date_from": self.period.start,
            "date_to": self.period.end,
            "prev_from": prev.start,
            "prev_to": prev.end,
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
