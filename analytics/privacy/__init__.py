"""What each role may see, enforced where the data is produced (not by hiding widgets).

Every public analytics function that reads the database is marked with its sensitivity by the
`protect` decorator; the mark is the function's contract with the viewer's scope
(`Filters.scope`):

==============  ===============================================  ==========  =========  ===========
sensitivity     what the function returns                        analytiker  chef       politiker
==============  ===============================================  ==========  =========  ===========
meta            organisation register, code texts, load status   yes         yes        yes
aggregate       counts, rates and shares over groups             yes         own units  suppressed
unit_level      one row per unit                                 yes         own units  refused
brukare_level   brukare ids                                      yes         own units  refused
free_text       descriptions (deviation, complaint)              yes         own units  refused
==============  ===============================================  ==========  =========  ===========

- `chef`: the SQL restricts every query to the permitted units (`Filters.effective_unit_ids`
  feeds `selected_units`); the decorator checks again that no returned `unit_id` lies outside
  the scope (a defect raises rather than leaks). Exception, by decision: the brukarundersökning
  (survey) is delivered by SKR per unit type, not per unit, and its results are published
  openly, so a chef sees the förvaltning-wide survey figures like everyone else.
- `politiker`: unit-, brukare- and free-text functions raise `AccessDenied` (a PermissionError
  with a Swedish message); `allowed(fn, scope)` tells the UI beforehand. Aggregate results pass
  `suppress`: every count of events or persons from 1 to `min_cell() - 1` becomes null, every
  figure computed from a suppressed count becomes null, and where exactly one cell of a list
  (or of a group of it) is suppressed the next-smallest is suppressed as well (complementary
  suppression). Which cells were hidden, and why, is in `suppressed_cells(frame)`.
- `meta` results (organisation register, load log, row counts of whole tables) say nothing
  about a unit's care or about a person, so they are the same for every role.

A decorated function calling another one (overview -> deviations) gets the inner result raw:
the rule is applied once, to what leaves the outermost function.

The threshold: env KVALITET_MIN_CELL or `set_min_cell` (the role file's [settings] min_cell),
default 5 (SKR shows survey results from 5 respondents), never below 3.

Functions that show brukare ids or free text must be logged by the caller once per view with
`analytics.access_log.log_view`; `needs_access_log(fn)` says which they are.
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from analytics.filters import Filters, Scope

MIN_CELL_DEFAULT = 5
MIN_CELL_FLOOR = 3
ENV_MIN_CELL = "KVALITET_MIN_CELL"

# The subject modules whose public functions are all registered here (the tests check that).
MODULES: tuple[str, ...] = (
    "deviations",
    "rates",
    "falls",
    "violence",
    "trends",
    "signing",
    "complaints",
    "survey",
    "datastatus",
    "overview",
    "comparison",
    "lex",
    "causes",
    "reporting",
    "series",
    "equality",
    "units",
    "spc",
    "effect",
    "egenkontroll",
    "risks",
)

# Columns no aggregate may carry for a politiker: they point at a person, a text or a unit.
BRUKARE_COLUMNS: frozenset[str] = frozenset({"brukare_id"})
FREE_TEXT_COLUMNS: frozenset[str] = frozenset({"description"})
UNIT_COLUMNS: frozenset[str] = frozenset({"unit_id", "unit_name"})


class Sensitivity(StrEnum):
    META = "meta"
    AGGREGATE = "aggregate"
    UNIT_LEVEL = "unit_level"
    BRUKARE_LEVEL = "brukare_level"
    FREE_TEXT = "free_text"


# Swedish words for the refusal message.
_WHAT: dict[Sensitivity, str] = {
    Sensitivity.UNIT_LEVEL: "uppgifter per enhet",
    Sensitivity.BRUKARE_LEVEL: "uppgifter per brukare",
    Sensitivity.FREE_TEXT: "fritext",
}


class AccessDenied(PermissionError):
    """The viewer's role may not see what the function returns (message in Swedish)."""


class ScopeViolation(RuntimeError):
    """A function returned data outside the viewer's scope: a defect, never shown as data."""


# --------------------------------------------------------------------------------------------
# The threshold
# --------------------------------------------------------------------------------------------

_configured_min_cell: int | None = None


def check_min_cell(value: Any) -> int:
    """The threshold as an int; ValueError (Swedish) when it is not a whole number >= 3."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(f"Gränsen för små tal måste vara ett heltal, inte {value!r}.") from None
    if number < MIN_CELL_FLOOR:
        raise ValueError(
            f"Gränsen för små tal är {number}, men får aldrig vara lägre än {MIN_CELL_FLOOR}: "
            "så små tal kan röja enskilda personer."
        )
    return number


def set_min_cell(value: int | None) -> None:
    """Set the threshold for this process (None: back to env / default)."""
    global _configured_min_cell
    _configured_min_cell = None if value is None else check_min_cell(value)


def min_cell() -> int:
    """Counts below this (and above 0) are suppressed for politiker: set_min_cell, env, 5."""
    if _configured_min_cell is not None:
        return _configured_min_cell
    raw = os.environ.get(ENV_MIN_CELL, "").strip()
    return check_min_cell(raw) if raw else MIN_CELL_DEFAULT


# --------------------------------------------------------------------------------------------
# Suppression of a DataFrame
# --------------------------------------------------------------------------------------------


class Reason(StrEnum):
    SMALL = "small"  # a count from 1 to threshold - 1: shown as "<5"
    COMPLEMENTARY = "complementary"  # hidden so that a small one cannot be recovered
    DERIVED = "derived"  # computed from a hidden count
    HIDDEN = "hidden"  # never shown to the role (e.g. brukare at the top units)


@dataclass(frozen=True, order=True)
class Cell:
    """A hidden cell: row position (0-based, in the returned frame), column, and why."""

    row: int
    column: str
    reason: Reason


class Suppression(NamedTuple):
    frame: pd.DataFrame
    cells: list[Cell]


def _small(values: pd.Series, threshold: int) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    return ((numbers > 0) & (numbers < threshold)).fillna(False).to_numpy(dtype=bool)


# One grouping (column names), or several groupings for a cross-tabulation with shown margins.
Groups = tuple[str, ...] | list[str] | tuple[tuple[str, ...], ...] | None


def _groupings(groups: tuple | list) -> list[tuple[str, ...]]:
    """(), ("a",), ("a", "b") -> one grouping; (("a",), ("b",)) -> two groupings."""
    if all(isinstance(g, str) for g in groups):
        return [tuple(groups)]
    return [tuple(g) for g in groups]


def _partitions(frame: pd.DataFrame, keys: tuple[str, ...]) -> list[np.ndarray]:
    """Row positions of each group of `keys` (the whole frame when no key is present)."""
    present = [k for k in keys if k in frame.columns]
    if not present:
        return [np.arange(len(frame))]
    return [np.asarray(ix) for ix in frame.groupby(present, dropna=False, sort=False).indices.values()]


def suppress(
    df: pd.DataFrame,
    count_columns: tuple[str, ...] | list[str],
    derived_columns: Mapping[str, tuple[str, ...]] | None = None,
    *,
    hidden: tuple[str, ...] | list[str] = (),
    groups: Groups = (),
    threshold: int | None = None,
) -> Suppression:
    """Hide small counts of `df` and everything that would reveal them; a new frame + the cells.

    - count_columns: counts of events or persons; a value from 1 to threshold - 1 is hidden
      (reason small). Zero is shown: it identifies nobody.
    - complementary: per count column and per group of `groups` (the whole frame when empty;
      no complementary suppression when None), if exactly one cell is hidden as small, the
      smallest other positive cell of that column and group is hidden too, so the hidden one
      cannot be recovered from a total shown elsewhere. A cross-tabulation whose margins are
      both shown (e.g. role × subcategory next to a chart per subcategory) names several
      groupings, `groups=(("violence_role",), ("subcategory",))`; they are applied in turn until
      no grouping has a lone hidden cell.
    - derived_columns: column -> the columns it is computed from; hidden when any of those is
      hidden in the same row (applied until nothing changes, so derived-of-derived works; a
      column may also be a count itself).
    - hidden: columns hidden in every row.
    Hidden cells become null (int columns turn nullable Int64). Columns named but absent are
    ignored, so one rule fits a frame with or without an optional table's columns.
    """
    threshold = min_cell() if threshold is None else check_min_cell(threshold)
    derived = dict(derived_columns or {})
    out = df.reset_index(drop=True).copy()
    n = len(out)
    mask: dict[str, np.ndarray] = {}
    reason: dict[tuple[int, str], Reason] = {}

    def hide(column: str, rows: np.ndarray, why: Reason) -> None:
        current = mask.setdefault(column, np.zeros(n, dtype=bool))
        for i in np.flatnonzero(rows & ~current):
            reason[(int(i), column)] = why
        current |= rows

    counts = [c for c in count_columns if c in out.columns]
    for column in counts:
        hide(column, _small(out[column], threshold), Reason.SMALL)

    if groups is not None and n:
        groupings = [_partitions(out, keys) for keys in _groupings(groups)]
        partitions = [part for grouping in groupings for part in grouping]
        # A complement alone in a group of another grouping is given away by that margin: prefer
        # complements that share every one of their groups with another row.
        shared = np.ones(n, dtype=bool)
        if len(groupings) > 1:
            for grouping in groupings:
                for part in grouping:
                    if len(part) == 1:
                        shared[part] = False
        for column in counts:
            values = pd.to_numeric(out[column], errors="coerce").astype("float64").to_numpy()
            changed = True
            while changed:  # each pass hides at least one more cell, so this ends
                changed = False
                for rows in partitions:
                    hidden_rows = rows[mask[column][rows]]
                    if len(hidden_rows) != 1:
                        continue
                    candidates = [i for i in rows if not mask[column][i] and values[i] > 0]
                    if candidates:
                        smallest = min(candidates, key=lambda i: (not shared[i], values[i], i))
                        one = np.zeros(n, dtype=bool)
                        one[smallest] = True
                        hide(column, one, Reason.COMPLEMENTARY)
                        changed = True

    for column in hidden:
        if column in out.columns:
            hide(column, np.ones(n, dtype=bool), Reason.HIDDEN)

    changed = True
    while changed:
        changed = False
        for column, sources in derived.items():
            if column not in out.columns:
                continue
            rows = np.zeros(n, dtype=bool)
            for source in sources:
                if source in mask:
                    rows |= mask[source]
            before = mask.get(column, np.zeros(n, dtype=bool)).copy()
            hide(column, rows, Reason.DERIVED)
            changed |= bool((mask[column] != before).any())

    for column, rows in mask.items():
        if not rows.any():
            continue
        series = out[column]
        if pd.api.types.is_integer_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            series = series.astype("Int64" if pd.api.types.is_integer_dtype(series.dtype) else "boolean")
        elif not pd.api.types.is_float_dtype(series.dtype):
            series = series.astype("object")
        out[column] = series.mask(rows)
    cells = sorted(Cell(i, c, r) for (i, c), r in reason.items())
    out.attrs = {**df.attrs, "suppressed": cells}
    return Suppression(out, cells)


def suppressed_cells(frame: pd.DataFrame) -> list[Cell]:
    """The cells `suppress` hid in this frame (row positions as returned; [] when none).

    Read it right after the call, before filtering or reordering the frame.
    """
    return list(frame.attrs.get("suppressed", []))


# --------------------------------------------------------------------------------------------
# The registry and the decorator
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How a function's result is treated per role (see the module docstring)."""

    sensitivity: Sensitivity
    counts: tuple[str, ...] = ()
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()
    groups: Groups = ()
    # Integer columns that count neither events nor persons (units, rank, months, year): shown.
    not_counts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registered:
    name: str  # module.function
    function: Callable[..., Any]
    rule: Rule


_REGISTRY: dict[str, Registered] = {}
_inside: contextvars.ContextVar[int] = contextvars.ContextVar("analytics_privacy_inside", default=0)

F = TypeVar("F", bound=Callable[..., Any])


def _scope_of(args: tuple, kwargs: dict) -> Scope | None:
    f = kwargs.get("f", args[0] if args else None)
    return f.scope if isinstance(f, Filters) else None


def check_allowed(rule: Rule, scope: Scope | None, name: str = "") -> None:
    """Raise AccessDenied when the scope's role may not call a function with this rule."""
    if scope is None or scope.role != "politiker":
        return
    if rule.sensitivity in _WHAT:
        raise AccessDenied(
            f"Rollen politiker ser bara sammanställda uppgifter; {_WHAT[rule.sensitivity]} "
            f"visas inte ({name or 'denna uppgift'})."
        )


def check_period(args: tuple, kwargs: dict, scope: Scope | None) -> None:
    """A politiker sees only whole years, half-years and tertials (and their comparison periods,
    analytics.privacy.periods): AccessDenied for any other period."""
    if scope is None or scope.role != "politiker":
        return
    from analytics.privacy import periods

    f = kwargs.get("f", args[0] if args else None)
    if not isinstance(f, Filters):
        return
    try:
        periods.check(f.period)
    except ValueError as e:
        raise AccessDenied(str(e)) from None


def _year_siblings(
    fn: Callable[..., Any], conn: Any, args: tuple, kwargs: dict, rule: Rule, scope: Scope | None, result: Any
) -> list[pd.DataFrame]:
    """For a politiker's list of a whole year, half-year or tertial: the same list for the other
    periods of that year, as the role would see each of them (analytics.privacy.periods)."""
    if scope is None or scope.role != "politiker" or rule.sensitivity != Sensitivity.AGGREGATE:
        return []
    if not isinstance(result, pd.DataFrame) or not rule.counts:
        return []
    from analytics.privacy import periods

    f = kwargs.get("f", args[0] if args else None)
    if not isinstance(f, Filters) or periods.fixed_kind(f.period) is None:
        return []
    out = []
    for other in periods.family(f.period.start.year):
        if other == f.period:
            continue
        if "f" in kwargs:
            raw = fn(conn, *args, **{**kwargs, "f": f.with_(period=other)})
        else:
            raw = fn(conn, f.with_(period=other), *args[1:], **kwargs)
        out.append(suppress(raw, rule.counts, rule.derived, hidden=rule.hidden, groups=rule.groups).frame)
    return out


def _hide_as_in_siblings(shown: pd.DataFrame, siblings: list[pd.DataFrame], rule: Rule) -> pd.DataFrame:
    """Hide, in this period's list, every cell hidden in the same row (matched by its codes) of
    any other period of the year, and what is computed from it: a count hidden in H1 but shown
    in the year would otherwise be the year minus H2."""
    counts = [c for c in rule.counts if c in shown.columns]
    keys = [c for c in shown.columns if c not in counts and not pd.api.types.is_numeric_dtype(shown[c])]
    if not keys or not counts:
        return shown
    hidden_elsewhere: set[tuple[tuple, str]] = set()
    for other in siblings:
        for cell in suppressed_cells(other):
            if cell.column in counts and cell.row < len(other):
                hidden_elsewhere.add((tuple(str(other.iloc[cell.row][k]) for k in keys), cell.column))
    cells = list(suppressed_cells(shown))
    already = {(c.row, c.column) for c in cells}
    out = shown.copy()
    for i in range(len(out)):
        key = tuple(str(out.iloc[i][k]) for k in keys)
        for column in counts:
            if (key, column) in hidden_elsewhere and (i, column) not in already:
                cells.append(Cell(i, column, Reason.COMPLEMENTARY))
                already.add((i, column))
    changed = True
    while changed:  # what is computed from a hidden cell
        changed = False
        for column, sources in rule.derived.items():
            if column not in out.columns:
                continue
            for i in range(len(out)):
                if (i, column) not in already and any((i, src) in already for src in sources):
                    cells.append(Cell(i, column, Reason.DERIVED))
                    already.add((i, column))
                    changed = True
    for column in {c for _, c in already}:
        rows = np.zeros(len(out), dtype=bool)
        rows[[i for i, c in already if c == column]] = True
        series = out[column]
        if pd.api.types.is_integer_dtype(series.dtype):
            series = series.astype("Int64")
        elif not pd.api.types.is_float_dtype(series.dtype):
            series = series.astype("object")
        out[column] = series.mask(rows)
    out.attrs = {**shown.attrs, "suppressed": sorted(cells)}
    return out


def _hidden_rows_by_code(raw: pd.DataFrame, shown: pd.DataFrame, rule: Rule) -> pd.DataFrame:
    """A list sorted by count must not keep its hidden rows in count order (that order would
    tell 4 from 1): its rows with a hidden count go last, sorted by their codes. Lists sorted
    otherwise (by code, by month) are left as they are."""
    counts = [c for c in rule.counts if c in raw.columns]
    cells = suppressed_cells(shown)
    if not counts or len(raw) < 2 or not cells:
        return shown
    first = pd.to_numeric(raw[counts[0]], errors="coerce").reset_index(drop=True)
    if not (first.is_monotonic_decreasing and first.nunique() > 1):
        return shown
    hidden_rows = {c.row for c in cells if c.column in counts}
    if not hidden_rows:
        return shown
    codes = [c for c in shown.columns if c not in counts and not pd.api.types.is_numeric_dtype(shown[c])]
    keep = [i for i in range(len(shown)) if i not in hidden_rows]
    last = sorted(hidden_rows, key=lambda i: tuple(str(shown.iloc[i][c]) for c in codes))
    order = keep + last
    moved = shown.iloc[order].reset_index(drop=True)
    new_row = {old: new for new, old in enumerate(order)}
    moved.attrs = {
        **shown.attrs,
        "suppressed": sorted(Cell(new_row[c.row], c.column, c.reason) for c in cells),
    }
    return moved


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _apply(
    rule: Rule, result: Any, scope: Scope | None, name: str, siblings: list[pd.DataFrame] | None = None
) -> Any:
    if scope is None:
        return result
    if scope.role == "chef" and isinstance(result, pd.DataFrame) and "unit_id" in result.columns:
        outside = set(result["unit_id"].dropna()) - set(scope.units or ())
        if outside:
            raise ScopeViolation(f"{name} returned units outside the chef's scope: {sorted(outside)}")
    if scope.role != "politiker" or rule.sensitivity != Sensitivity.AGGREGATE:
        return result
    if isinstance(result, pd.DataFrame):
        forbidden = set(result.columns) & (BRUKARE_COLUMNS | FREE_TEXT_COLUMNS | UNIT_COLUMNS)
        if forbidden:
            raise ScopeViolation(f"{name}: aggregate returns {sorted(forbidden)}")
        shown = suppress(result, rule.counts, rule.derived, hidden=rule.hidden, groups=rule.groups).frame
        if siblings:
            shown = _hide_as_in_siblings(shown, siblings, rule)
        return _hidden_rows_by_code(result, shown, rule)
    if isinstance(result, dict):
        frame = suppress(pd.DataFrame([result]), rule.counts, rule.derived, hidden=rule.hidden, groups=None)
        return {k: None if _is_missing(v) else v for k, v in frame.frame.iloc[0].to_dict().items()}
    return result


def protect(
    sensitivity: Sensitivity | str,
    *,
    counts: tuple[str, ...] = (),
    derived: Mapping[str, tuple[str, ...]] | None = None,
    hidden: tuple[str, ...] = (),
    groups: tuple[str, ...] | None = (),
    not_counts: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Mark an analytics function with its sensitivity and enforce the rule on every call."""
    rule = Rule(
        Sensitivity(sensitivity), tuple(counts), dict(derived or {}), tuple(hidden), groups, tuple(not_counts)
    )

    def decorate(fn: F) -> F:
        name = f"{fn.__module__.removeprefix('analytics.analyses.')}.{fn.__name__}"

        @functools.wraps(fn)
        def wrapper(conn: Any, *args: Any, **kwargs: Any) -> Any:
            if _inside.get():
                return fn(conn, *args, **kwargs)
            scope = _scope_of(args, kwargs)
            check_allowed(rule, scope, name)
            check_period(args, kwargs, scope)
            token = _inside.set(1)
            try:
                result = fn(conn, *args, **kwargs)
                siblings = _year_siblings(fn, conn, args, kwargs, rule, scope, result)
            finally:
                _inside.reset(token)
            return _apply(rule, result, scope, name, siblings)

        wrapper.__privacy__ = rule  # type: ignore[attr-defined]
        _REGISTRY[name] = Registered(name, wrapper, rule)
        return wrapper  # type: ignore[return-value]

    return decorate


@contextmanager
def unrestricted() -> Iterator[None]:
    """Run decorated functions raw inside this block (for code that applies the rules itself,
    like the figures export). Never use it to hand raw results to a viewer."""
    token = _inside.set(1)
    try:
        yield
    finally:
        _inside.reset(token)


def rule_of(fn: Callable[..., Any]) -> Rule:
    """The rule a function was registered with; KeyError for an unregistered one."""
    rule = getattr(fn, "__privacy__", None)
    if rule is None:
        raise KeyError(f"{getattr(fn, '__qualname__', fn)} is not registered in analytics.privacy")
    return rule


def as_seen(fn: Callable[..., Any], result: Any, scope: Scope) -> Any:
    """`result` (a raw result of fn, e.g. from inside another decorated function) as the scope's
    role sees it from fn: suppressed for politiker. Sentences built from figures use this, so a
    sentence never states what the table hides."""
    return _apply(rule_of(fn), result, scope, getattr(fn, "__name__", ""))


def allowed(fn: Callable[..., Any], scope: Scope) -> bool:
    """True when the scope's role may call fn (the UI asks before showing a section)."""
    try:
        check_allowed(rule_of(fn), scope)
    except AccessDenied:
        return False
    return True


def needs_access_log(fn: Callable[..., Any]) -> bool:
    """True when a view of fn's result must be written to the access log (brukare ids, text)."""
    return rule_of(fn).sensitivity in (Sensitivity.BRUKARE_LEVEL, Sensitivity.FREE_TEXT)


def registry() -> dict[str, Registered]:
    """Every registered function of MODULES, by "module.function" (imports the modules)."""
    for module in MODULES:
        importlib.import_module(f"analytics.analyses.{module}")
    return dict(sorted(_REGISTRY.items()))
