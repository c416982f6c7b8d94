"""Effect of an action: its measure in the six months before and after it was completed.

The product computes the before and after values itself from the analytics database (the
action register only names the measure and the completion date), so an evaluation does not
rest on numbers typed by hand. The windows are whole calendar months: the six months before
the month of completion and the six months after it; the completion month itself is left out
(the action was being put in place). A rate per brukare-month is events / the census brukare
summed over the window's months at the action's units; the signing measure uses the planned
tasks as exposure and the unsigned ones as events. The ratio after/before, its interval and
p-value come from analytics.stats.rate_ratio (exact conditional Poisson).

Also here: the lex Sarah cases of a period (what an action can answer) and the units' area
and unit type (for the politicians' aggregate of actions).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import stats
from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

WINDOW_MONTHS = 6
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Measure:
    """How one effect measure is counted."""

    label: str  # Swedish, as in the action register
    source: str  # "deviations" or "signings"
    kind: str  # deviations: 'all', 'fall', 'violence'; signings: 'unsigned'
    events: str  # what an event is, Swedish plural ("fall")
    exposure: str  # the denominator, Swedish ("brukarmånader")
    lower_is_better: bool = True


# The codes are the action register's (analytics.stores.actions.EFFECT_MEASURES; a test
# checks the two lists agree).
MEASURES: dict[str, Measure] = {
    "falls_per_brukare_month": Measure(
        "Fall per brukare och månad", "deviations", "fall", "fall", "brukarmånader"
    ),
    "deviations_per_brukare_month": Measure(
        "Avvikelser per brukare och månad", "deviations", "all", "avvikelser", "brukarmånader"
    ),
    "violence_per_brukare_month": Measure(
        "Våld och hot per brukare och månad",
        "deviations",
        "violence",
        "avvikelser om hot och våld",
        "brukarmånader",
    ),
    "signing_rate": Measure(
        "Andel signerade insatser", "signings", "unsigned", "osignerade insatser", "planerade insatser"
    ),
}


def _month_start(day: dt.date, months: int = 0) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(y, m + 1, 1)


def windows(completed: dt.date, months: int = WINDOW_MONTHS) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(before_from, before_to, after_from, after_to) as first days of months, inclusive.

    Completed 2022-03-15 -> 2021-09-01 .. 2022-02-01 and 2022-04-01 .. 2022-09-01.
    """
    return (
        _month_start(completed, -months),
        _month_start(completed, -1),
        _month_start(completed, 1),
        _month_start(completed, months),
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "window": pd.Series(dtype="object"),
            "first_month": pd.Series(dtype="datetime64[us]"),
            "last_month": pd.Series(dtype="datetime64[us]"),
            "months": pd.Series(dtype="int64"),
            "events": pd.Series(dtype="int64"),
            "exposure": pd.Series(dtype="int64"),
            "rate": pd.Series(dtype="float64"),
        }
    )


@protect("unit_level")
def effect_windows(
    conn: duckdb.DuckDBPyConnection, f: Filters, measure: str, completed: dt.date
) -> pd.DataFrame:
    """The measure at the selected units (f.unit_ids: the action's units) before and after.

    Two rows, 'fore' then 'efter'. Columns: window, first_month, last_month (first days of the
    window's first and last month), months (months with census rows, or with signings, in the
    window), events, exposure (brukare-months, or planned signing tasks), rate (events /
    exposure; null when exposure is 0). An empty frame when the measure's table is not loaded.
    """
    spec = MEASURES[measure]
    if not supplied(conn, spec.source):
        return _empty()
    before_from, before_to, after_from, after_to = windows(completed)
    frame = run(
        conn,
        "effect_signing_windows" if spec.source == "signings" else "effect_deviation_windows",
        f,
        kind=spec.kind,
        before_from=before_from,
        before_to=before_to,
        after_from=after_from,
        after_to=after_to,
    )
    exposure = frame["exposure"].astype("float64")
    frame["rate"] = (frame["events"] / exposure).where(exposure > 0)
    return frame


@dataclass(frozen=True)
class Effect:
    """The reading of effect_windows: before and after, their ratio and whether it is chance."""

    measure: str
    before_events: int
    before_exposure: int
    after_events: int
    after_exposure: int
    before_months: int
    after_months: int
    ratio: float | None = None  # after / before of events per exposure
    lower: float | None = None
    upper: float | None = None
    p_value: float | None = None

    @property
    def spec(self) -> Measure:
        return MEASURES[self.measure]

    def _value(self, events: int, exposure: int) -> float | None:
        if exposure <= 0:
            return None
        rate = events / exposure
        return 1 - rate if self.spec.source == "signings" else rate

    @property
    def before(self) -> float | None:
        """The measure before: a rate per brukare-month, or the signed share."""
        return self._value(self.before_events, self.before_exposure)

    @property
    def after(self) -> float | None:
        return self._value(self.after_events, self.after_exposure)

    @property
    def computable(self) -> bool:
        return self.ratio is not None

    @property
    def complete(self) -> bool:
        """Both windows have data in all six months."""
        return self.before_months >= WINDOW_MONTHS and self.after_months >= WINDOW_MONTHS

    @property
    def significant(self) -> bool | None:
        """True when the interval of the ratio excludes 1 (None: not computable)."""
        if self.lower is None or self.upper is None:
            return None
        return self.lower > 1 or self.upper < 1

    def direction(self) -> str:
        """'lägre', 'högre' or 'oförändrad': the events per exposure after, against before."""
        if self.ratio is None or self.ratio == 1:
            return "oförändrad"
        return "lägre" if self.ratio < 1 else "högre"

    def verdict(self) -> str:
        """The plain-Swedish reading of the interval."""
        if self.significant is None:
            return "Effekten kan inte beräknas: det finns inga händelser eller ingen data i perioderna."
        if self.significant:
            return "Skillnaden är statistiskt säkerställd (95 %)."
        return "Skillnaden kan vara slumpmässig (inte statistiskt säkerställd på 95 %-nivån)."


def read_effect(frame: pd.DataFrame, measure: str) -> Effect | None:
    """The Effect of an effect_windows result (None for an empty one: the table is missing)."""
    if frame.empty:
        return None
    rows = {r["window"]: r for r in frame.to_dict("records")}
    before, after = rows["fore"], rows["efter"]
    base = Effect(
        measure,
        int(before["events"]),
        int(before["exposure"]),
        int(after["events"]),
        int(after["exposure"]),
        int(before["months"]),
        int(after["months"]),
    )
    if base.before_exposure <= 0 or base.after_exposure <= 0 or base.before_events + base.after_events == 0:
        return base
    r = stats.rate_ratio(
        base.after_events, base.after_exposure, base.before_events, base.before_exposure, conf=CONFIDENCE
    )
    finite = {k: (None if not math.isfinite(v) else float(v)) for k, v in r.items()}
    return Effect(**{**base.__dict__, **finite})


# ---------------------------------------------------------------------------------------------
# What actions answer, and how they are grouped for the politicians
# ---------------------------------------------------------------------------------------------


@protect("unit_level")
def lex_sarah_cases(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The lex Sarah reports of the period at the selected units; one row per deviation.

    Columns: deviation_id, reported_date, unit_id, unit_name, unit_type, lex_sarah_outcome,
    ivo_reported. Newest first. No brukare and no description.
    """
    return run(conn, "lex_sarah_cases", f)


@protect("meta")
def unit_groups(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every unit's area and unit type (the organisation register); one row per unit.

    Columns: unit_id, unit_name, area, unit_type.
    """
    with conn.cursor() as cur:
        return cur.execute("select unit_id, unit_name, area, unit_type from units order by unit_id").df()
