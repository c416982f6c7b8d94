"""Goals with targets (målindikatorer): the targets file, and each goal's result, previous
result, target and assurance.

The targets file (targets/malindikatorer.toml, or env KVALITET_TARGETS) names, for each goal,
its indicator as a key figure's path in the figures export (analytics.export.figures), with a
filter where needed, e.g.

    nyckeltal = "deviations_by_category[domain=sol|lss, category=utebliven_insats].count"
    namnare   = "deviations_by_category[domain=sol|lss].count"      # optional: a share

A path is `section[column=value|value, ...].column`: the rows of the section that match every
filter are summed (or `sammanstall = "min" | "max" | "viktat_medel"` with `vikt = "column"`).
The section is a figures-export section (FIGURE_SECTIONS) or, for a figure the export does not
carry, a registered analytics function by its name (e.g. `survey.survey_response_rates`). Every
value is computed through those registered functions, so a politician's goal table hides what
the functions hide (a result that rests on a hidden count is hidden).

Assurance, as in NHS "Making Data Count": where a monthly series exists, the last 24 months'
XmR limits (analytics.stats.xmr) against the target: the target outside the limits on the good
side = "uppfylls konsekvent", on the bad side = "uppfylls inte (utan förändring)", between them
= "växlande". Without a monthly series (the survey is yearly) only the year's result is judged.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analytics import privacy, stats
from analytics.filters import Filters, Period

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = ROOT / "targets" / "malindikatorer.toml"
ENV_TARGETS = "KVALITET_TARGETS"
SERIES_MONTHS = 24

LEVELS: dict[str, str] = {
    "namnd": "Nämnd",
    "kf": "Kommunfullmäktige",
    "nationell": "Nationell",
    "intern": "Intern",
}
DIRECTIONS: dict[str, str] = {"hogst": "högst", "minst": "minst"}
KINDS: dict[str, str] = {"andel": "andel", "antal": "antal", "tal": "tal"}
AGGREGATES = ("sum", "min", "max", "viktat_medel")
ASSURANCE: dict[str, str] = {
    "konsekvent": "Uppfylls konsekvent",
    "inte": "Uppfylls inte utan förändring",
    "vaxlande": "Växlande: uppfylls ibland",
}

# Figures-export sections (key-figures.md) and the registered function each is built from.
FIGURE_SECTIONS: dict[str, str] = {
    "deviations_by_category": "deviations.deviations_by_category",
    "deviations_by_unit_type": "deviations.deviations_by_unit_type",
    "rates_per_brukare": "rates.rates_per_brukare",
    "mean_per_unit": "rates.mean_per_unit",
    "falls": "falls.falls_summary",
    "signing": "signing.signing_by_group",
    "complaints": "complaints.complaint_totals",
    "survey": "survey.survey_totals",
    "survey.results": "survey.survey_summary",
}

_PATH = re.compile(
    r"^(?P<section>[a-z_][a-z0-9_.]*?)(?:\[(?P<filter>[^\]]*)\])?\.(?P<column>[a-z_][a-z0-9_]*)$"
)


class TargetsError(ValueError):
    """The targets file breaks a rule; the message names file, goal, key, value and rule."""


@dataclass(frozen=True)
class Indicator:
    """A parsed key-figure path: the function behind the section, row filters and the column."""

    path: str
    function: str  # registered name, module.function
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    column: str


@dataclass(frozen=True)
class Goal:
    """One goal of the targets file."""

    id: str
    name: str
    source: str
    level: str
    year: int
    direction: str  # hogst: the result should be at most the target; minst: at least
    target: float
    kind: str  # andel (shown as per cent), antal, tal
    indicator: Indicator
    denominator: Indicator | None = None
    aggregate: str = "sum"
    weight: str | None = None
    monthly: bool = True

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value <= self.target if self.direction == "hogst" else value >= self.target


def parse_path(path: str) -> Indicator:
    """An Indicator from 'section[column=a|b, column2=c].column'; ValueError (Swedish) if not."""
    m = _PATH.match(path.replace(" ", ""))
    if not m:
        raise ValueError("ska skrivas avsnitt[kolumn=värde|värde, …].kolumn, t.ex. survey.response_rate")
    section = m.group("section")
    function = FIGURE_SECTIONS.get(section, section)
    if function not in privacy.registry():
        known = ", ".join(FIGURE_SECTIONS)
        raise ValueError(
            f"avsnittet {section!r} finns inte i nyckeltalen ({known}) eller bland analysfunktionerna"
        )
    filters: list[tuple[str, tuple[str, ...]]] = []
    for part in filter(None, (m.group("filter") or "").split(",")):
        key, sep, values = part.partition("=")
        if not sep or not key or not values:
            raise ValueError(f"filtret {part!r} ska skrivas kolumn=värde eller kolumn=värde|värde")
        filters.append((key, tuple(values.split("|"))))
    return Indicator(path, function, tuple(filters), m.group("column"))


def _goal(raw: dict[str, Any], where: str) -> Goal:
    def need(key: str) -> Any:
        if key not in raw:
            raise TargetsError(f"{where}: nyckeln {key} saknas.")
        return raw[key]

    def choice(key: str, allowed: dict[str, str] | tuple[str, ...], default: str | None = None) -> str:
        value = raw.get(key, default) if default is not None else need(key)
        if value not in allowed:
            raise TargetsError(f'{where}, {key} = "{value}": tillåtna värden är {", ".join(allowed)}.')
        return str(value)

    def indicator(key: str) -> Indicator:
        try:
            return parse_path(str(need(key)))
        except ValueError as e:
            raise TargetsError(f'{where}, {key} = "{raw[key]}": {e}.') from None

    target = need("malvarde")
    if isinstance(target, bool) or not isinstance(target, int | float):
        raise TargetsError(f'{where}, malvarde = "{target}": ska vara ett tal (andelar 0–1, t.ex. 0.27).')
    year = need("ar")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise TargetsError(f'{where}, ar = "{year}": ska vara ett årtal, t.ex. 2022.')
    aggregate = choice("sammanstall", AGGREGATES, "sum")
    weight = raw.get("vikt")
    if aggregate == "viktat_medel" and not weight:
        raise TargetsError(f'{where}: sammanstall = "viktat_medel" kräver vikt = "kolumn".')
    return Goal(
        id=str(need("id")),
        name=str(need("namn")),
        source=str(raw.get("kalla", "")),
        level=choice("niva", LEVELS),
        year=int(year),
        direction=choice("riktning", DIRECTIONS),
        target=float(target),
        kind=choice("slag", KINDS, "tal"),
        indicator=indicator("nyckeltal"),
        denominator=indicator("namnare") if "namnare" in raw else None,
        aggregate=aggregate,
        weight=str(weight) if weight else None,
        monthly=bool(raw.get("manadsserie", True)),
    )


def load_goals(path: str | Path | None = None) -> list[Goal]:
    """The goals of the targets file (env KVALITET_TARGETS, else targets/malindikatorer.toml);
    [] when there is no file. TargetsError (Swedish) for a file that breaks a rule."""
    target = Path(path or os.environ.get(ENV_TARGETS) or DEFAULT_PATH)
    try:
        with target.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        return []
    except tomllib.TOMLDecodeError as e:
        raise TargetsError(f"{target.name}: kan inte läsas som TOML ({e}).") from None
    goals = [
        _goal(raw, f"{target.name}, mål {i} ({raw.get('id', '?')})")
        for i, raw in enumerate(data.get("mal", []), 1)
    ]
    ids = [g.id for g in goals]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TargetsError(f"{target.name}: id {', '.join(duplicates)} förekommer flera gånger.")
    return goals


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------

Caller = Callable[..., Any]  # call(fn, filters) -> the function's result (e.g. ui.db.call)


def _function(name: str) -> Callable[..., Any]:
    return privacy.registry()[name].function


def _value(ind: Indicator, result: Any, aggregate: str, weight: str | None) -> float | None:
    """The indicator's value in one result (None: no matching row, or a hidden value among them)."""
    frame = pd.DataFrame([result]) if isinstance(result, dict) else result
    if not isinstance(frame, pd.DataFrame) or ind.column not in frame.columns:
        return None
    rows = frame
    for column, values in ind.filters:
        if column not in rows.columns:
            return None
        rows = rows[rows[column].astype("string").isin(values)]
    if aggregate == "viktat_medel":  # a share of an empty group weighs nothing
        rows = rows[pd.to_numeric(rows[weight], errors="coerce").fillna(-1) != 0]
    if rows.empty:
        return None
    numbers = pd.to_numeric(rows[ind.column], errors="coerce")
    if numbers.isna().any():  # hidden (politiker) or not computable: never a partial sum
        return None
    if aggregate == "min":
        return float(numbers.min())
    if aggregate == "max":
        return float(numbers.max())
    if aggregate == "viktat_medel":
        weights = pd.to_numeric(rows[weight], errors="coerce")
        if weights.isna().any() or weights.sum() == 0:
            return None
        return float((numbers * weights).sum() / weights.sum())
    return float(numbers.sum())


def goal_value(goal: Goal, f: Filters, call: Caller) -> float | None:
    """The goal's indicator for the filters' period (a share when the goal has a denominator)."""
    value = _value(goal.indicator, call(_function(goal.indicator.function), f), goal.aggregate, goal.weight)
    if goal.denominator is None or value is None:
        return value
    below = _value(goal.denominator, call(_function(goal.denominator.function), f), "sum", None)
    return None if not below else value / below


def _months(end: dt.date, n: int) -> list[Period]:
    out = []
    y, m = end.year, end.month
    for _ in range(n):
        first = dt.date(y, m, 1)
        last = (dt.date(y + (m == 12), m % 12 + 1, 1)) - dt.timedelta(days=1)
        out.append(Period(first, last))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def assurance(goal: Goal, series: Sequence[float | None]) -> str | None:
    """'konsekvent', 'inte' or 'vaxlande' from the XmR limits of the series; None without limits."""
    values = [math.nan if v is None else v for v in series]
    if sum(not math.isnan(v) for v in values) < 12:
        return None
    chart = stats.xmr(values)
    lower, upper = float(chart["lower"].iloc[-1]), float(chart["upper"].iloc[-1])
    if math.isnan(lower) or math.isnan(upper):
        return None
    good_above = goal.direction == "minst"
    if (lower > goal.target) if good_above else (upper < goal.target):
        return "konsekvent"
    if (upper < goal.target) if good_above else (lower > goal.target):
        return "inte"
    return "vaxlande"


def evaluate(goals: Sequence[Goal], f: Filters, call: Caller) -> pd.DataFrame:
    """One row per goal: its result for its year, the year before, the target and the assurance.

    `f` gives the organisation filters and the viewer's scope (the period is each goal's year);
    `call(fn, filters)` runs a registered analytics function (ui.db.call in the app, so results
    are cached; `lambda fn, f: fn(conn, f)` elsewhere). Columns: id, name, source, level, year,
    direction, target, kind, result, previous, met (bool or None), assurance (code or None),
    lower, upper (the XmR limits of the monthly series), months (points in the series), series
    (the monthly values as (first day, value or None) pairs; [] without a monthly series).
    """
    records = []
    for goal in goals:
        year = f.with_(period=Period.calendar_year(goal.year))
        before = f.with_(period=Period.calendar_year(goal.year - 1))
        result = goal_value(goal, year, call)
        # A politiker sees whole years, halves and tertials only (analytics.privacy.periods): no
        # monthly series, so no assurance, only the year's result against the target.
        monthly = goal.monthly and f.scope.role != "politiker"
        months = _months(dt.date(goal.year, 12, 31), SERIES_MONTHS) if monthly else []
        series = [goal_value(goal, f.with_(period=p), call) for p in months]
        lower = upper = None
        assured = assurance(goal, series) if series else None
        if assured is not None:
            chart = stats.xmr([math.nan if v is None else v for v in series])
            lower, upper = float(chart["lower"].iloc[-1]), float(chart["upper"].iloc[-1])
        records.append(
            {
                "id": goal.id,
                "name": goal.name,
                "source": goal.source,
                "level": goal.level,
                "year": goal.year,
                "direction": goal.direction,
                "target": goal.target,
                "kind": goal.kind,
                "result": result,
                "previous": goal_value(goal, before, call),
                "met": goal.met(result),
                "assurance": assured,
                "lower": lower,
                "upper": upper,
                "months": sum(v is not None for v in series),
                "series": [(p.start, v) for p, v in zip(months, series, strict=True)],
            }
        )
    columns = [
        "id", "name", "source", "level", "year", "direction", "target", "kind", "result", "previous",
        "met", "assurance", "lower", "upper", "months", "series",
    ]  # fmt: skip
    return pd.DataFrame.from_records(records, columns=columns)
