"""Signal or noise: monthly SPC series, funnel plots of units and rate ratios with intervals.

Built on analytics.stats (XmR, Laney p'/u', Spiegelhalter funnel, Poisson rate ratio) and the
subject queries, so a figure here is the same figure as on the subject's page.

- A monthly series runs from the first month with data (at most HISTORY_MONTHS back) to the last
  whole month of the period, so the limits rest on a history, not on the selected year alone. The
  centre and limits come from a fixed baseline, the first `baseline` months (DEFAULT_BASELINE).
  They are recomputed only from a change month the user declares, never automatically.
- Per-brukare series use Laney u' with the month's census brukare as the exposure (brukare-months);
  complaints, which are not tied to the census, use XmR on counts; the signing rate uses Laney p'.
- Polarity: more reported deviations is not worse (IVO's own caveat), so most measures are
  "neutral" and read "fler/färre än förväntat". Only falls per brukare and the signing rate (and
  the share investigated) have a direction and may be called a försämring or förbättring.
"""

from __future__ import annotations

import contextvars
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from analytics import contract, privacy, stats
from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters, Period, Scope
from analytics.privacy import protect
from presentation import format as fmt

HISTORY_MONTHS = 36
DEFAULT_BASELINE = 12
MIN_BASELINE = 12  # fewer baseline months are allowed but warned about ("minst 12 rekommenderas")
RECENT_MONTHS = 3  # a special cause among the last this many months is a signal on Översikt
# Fewer events than this in a series' baseline give no signal and no icon: with so few, one or
# two events in a month cross the upper limit by themselves (the lower limit is 0).
MIN_BASELINE_EVENTS = 20

NEUTRAL = "neutral"
LOWER_BETTER = "lower_better"
HIGHER_BETTER = "higher_better"

RULE_NAMES: dict[str, str] = {
    "utanfor": "utanför styrgränserna",
    "niva": "nivåskifte (7 månader i rad på samma sida om medel)",
    "trend": "trend (7 månader i rad stigande eller sjunkande)",
    "tva_av_tre": "två av tre månader nära gränsen",
}


@dataclass(frozen=True)
class Measure:
    """A monthly series: its label, statistic, polarity, and the page that explains it."""

    key: str
    label: str
    method: str  # "u": Laney u' per brukare-month; "xmr": XmR on counts; "p": Laney p' on a share
    polarity: str
    page: str
    count_column: str | None = None  # the monthly_rates column ("u" measures)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("avvikelser", "Avvikelser", "u", NEUTRAL, "avvikelser", "deviations"),
        Measure("hsl_ovrigt", "HSL övrigt", "u", NEUTRAL, "avvikelser", "hsl_other_count"),
        Measure("fall", "Fall", "u", LOWER_BETTER, "fall", "fall_count"),
        Measure("lakemedel", "Läkemedelsavvikelser", "u", NEUTRAL, "lakemedel", "medication_count"),
        Measure("hot_och_vald", "Hot och våld", "u", NEUTRAL, "hot-och-vald", "violence_count"),
        Measure("synpunkter", "Synpunkter och klagomål", "xmr", NEUTRAL, "synpunkter"),
        Measure("signering", "Andel signerade läkemedelsinsatser", "p", HIGHER_BETTER, "lakemedel"),
    )
}

# Översikt's key figures (overview.KPI_KINDS and "synpunkter") -> (measure, domains restricting it).
KPI_SERIES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "fall": ("fall", None),
    "lakemedel": ("lakemedel", None),
    "hsl_other": ("hsl_ovrigt", None),
    "lss": ("avvikelser", ("lss",)),
    "sol": ("avvikelser", ("sol",)),
    "hot_och_vald": ("hot_och_vald", None),
    "vardsamverkan": ("avvikelser", ("vardsamverkan",)),
    "synpunkter": ("synpunkter", None),
}
KPI_LABELS: dict[str, str] = {
    "fall": "Fall",
    "lakemedel": "Läkemedelsavvikelser",
    "hsl_other": "HSL övrigt",
    "lss": "LSS-avvikelser",
    "sol": "SoL-avvikelser",
    "hot_och_vald": "Hot och våld",
    "vardsamverkan": "Vårdsamverkan",
    "synpunkter": "Synpunkter och klagomål",
}

# Suppression for politiker: the month's count and exposure (census brukare, or tasks) are counts;
# the value and the judgement of a month come from them. Centre and limits rest on the whole
# baseline, which no single hidden month can be recovered from.
SPC_COUNTS = ("count", "exposure")
SPC_DERIVED = {c: ("count", "exposure") for c in ("value", "signal", "rule", "direction")}

_DATE_RANGE: dict[str, str] = {
    "deviations": "select min(reported_date), max(reported_date) from deviations",
    "complaints": "select min(received_date), max(received_date) from complaints",
    "signings": "select min(date), max(date) from signings",
}

SPC_COLUMNS = [
    "month",
    "in_period",
    "count",
    "exposure",
    "value",
    "centre",
    "lower",
    "upper",
    "lower_2s",
    "upper_2s",
    "signal",
    "rule",
    "direction",
    "segment",
    "baseline",
]


# --------------------------------------------------------------------------------------------------
# Monthly series
# --------------------------------------------------------------------------------------------------


def _month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, 1)


def _last_whole_month(end: date) -> date:
    """The first day of the last calendar month that ends on or before `end` (a period ending
    mid-month would otherwise end the series on a half month that looks like a fall)."""
    if _add_months(_month_start(end), 1) - timedelta(days=1) == end:
        return _month_start(end)
    return _add_months(_month_start(end), -1)


def _history(conn: duckdb.DuckDBPyConnection, f: Filters, table: str = "deviations") -> Filters | None:
    """The filters with the period widened back to the series' first month: the table's first
    month with data, at most HISTORY_MONTHS before the period's last whole month. The series ends
    at the period's last whole month or the table's last month with data, whichever is first (months
    after the data would read as zeros). None when the table is empty or no month is left."""
    with conn.cursor() as cur:
        first, latest = cur.execute(_DATE_RANGE[table]).fetchone()
    if first is None:
        return None
    last = min(_last_whole_month(f.period.end), _month_start(latest))
    start = max(_month_start(first), _add_months(last, -(HISTORY_MONTHS - 1)))
    if last < start:
        return None
    end = _add_months(last, 1) - timedelta(days=1)
    return f.with_(period=Period(start, end))


# Several series of one call (the key figures' icons, Översikt's signals) read the same monthly
# query; inside `_shared_queries` it runs once per call instead of once per series.
_query_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("spc_query_cache", default=None)


@contextmanager
def _shared_queries() -> Iterator[None]:
    token = _query_cache.set({})
    try:
        yield
    finally:
        _query_cache.reset(token)


def _run(conn: duckdb.DuckDBPyConnection, name: str, f: Filters, **extra: object) -> pd.DataFrame:
    """query.run, once per (query, filters, arguments) inside `_shared_queries`."""
    cache = _query_cache.get()
    if cache is None:
        return run(conn, name, f, **extra)
    key = (id(conn), name, f, tuple(sorted(extra.items())))
    if key not in cache:
        cache[key] = run(conn, name, f, **extra)
    return cache[key]


def _raw_series(conn: duckdb.DuckDBPyConnection, f: Filters, m: Measure) -> pd.DataFrame:
    """One row per month of the history: month (date), count, exposure (NaN for XmR)."""
    table = {"xmr": "complaints", "p": "signings"}.get(m.method, "deviations")
    if not supplied(conn, table):
        return pd.DataFrame(columns=["month", "count", "exposure"])
    h = _history(conn, f, table)
    if h is None:
        return pd.DataFrame(columns=["month", "count", "exposure"])
    if m.method == "u":
        rates = _run(conn, "monthly_rates", h)
        rates = rates[rates["unit_type"] == "all"]
        frame = pd.DataFrame(
            {"month": rates["month"], "count": rates[m.count_column], "exposure": rates["brukare"]}
        )
    elif m.method == "xmr":
        monthly = _run(conn, "spc_complaints_monthly", h)
        frame = pd.DataFrame({"month": monthly["month"], "count": monthly["count"], "exposure": np.nan})
    else:
        signing = _run(conn, "signing_by_month", h, by="all", task_kind="lakemedel")
        months = pd.date_range(h.period.start, h.period.end, freq="MS")
        signing = signing.set_index(pd.to_datetime(signing["month"])).reindex(months)
        frame = pd.DataFrame(
            {
                "month": months,
                "count": signing["unsigned"].to_numpy(),
                "exposure": signing["tasks"].to_numpy(),
                "_signed": signing["signed"].to_numpy(),
            }
        )
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["in_period"] = frame["month"] >= _month_start(f.period.start)
    return frame.reset_index(drop=True)


def _statistics(frame: pd.DataFrame, method: str, baseline: int) -> pd.DataFrame:
    """The SPC columns for one segment of a series (rows in month order)."""
    count = frame["count"].astype("float64")
    if method == "xmr":
        chart = stats.xmr(count.to_numpy(), baseline=baseline)
    else:
        exposure = frame["exposure"].astype("float64").fillna(0.0)
        numerators = frame["_signed"].astype("float64").fillna(0.0) if method == "p" else count.fillna(0.0)
        chart = stats.laney(numerators.to_numpy(), exposure.to_numpy(), method, baseline=baseline)
        chart["lower_2s"] = np.nan  # Laney's 2-sigma band varies per month; only XmR draws it
        chart["upper_2s"] = np.nan
    chart.index = frame.index
    chart["baseline"] = np.arange(len(frame)) < baseline
    return chart


def _directions(values: np.ndarray, centre: np.ndarray, rules: list) -> list[str | None]:
    """ "hog" or "lag" for each flagged point: its side of the centre, or for a trend its slope."""
    out: list[str | None] = []
    n = len(values)
    for i, rule in enumerate(rules):
        if rule is None or (isinstance(rule, float) and math.isnan(rule)):
            out.append(None)
        elif rule == "trend":
            j = i + 1 if i + 1 < n and rules[i + 1] == "trend" else i - 1
            rising = values[max(i, j)] > values[min(i, j)]
            out.append("hog" if rising else "lag")
        else:
            out.append("hog" if values[i] > centre[i] else "lag")
    return out


def spc_frame(raw: pd.DataFrame, method: str, baseline: int, change_month: date | None) -> pd.DataFrame:
    """The SPC chart of a raw series (month, count, exposure[, _signed]); SPC_COLUMNS.

    The series is split at `change_month` (when it falls inside it) and each part gets its own
    baseline of its first `baseline` months; nothing is ever rebased otherwise.
    """
    if raw.empty:
        return pd.DataFrame(columns=SPC_COLUMNS)
    raw = raw.reset_index(drop=True)
    segment = np.zeros(len(raw), dtype=int)
    if change_month is not None:
        segment = (raw["month"] >= _month_start(change_month)).to_numpy().astype(int)
    parts = []
    for seg in sorted(set(segment)):
        part = raw[segment == seg]
        chart = _statistics(part, method, baseline)
        chart["segment"] = seg
        parts.append(chart)
    chart = pd.concat(parts)
    rules = chart["rule"].tolist()
    out = pd.DataFrame(
        {
            "month": raw["month"],
            "in_period": raw["in_period"],
            "count": raw["count"].astype("float64"),
            "exposure": raw["exposure"].astype("float64"),
            "value": chart["value"],
            "centre": chart["centre"],
            "lower": chart["lower"],
            "upper": chart["upper"],
            "lower_2s": chart["lower_2s"],
            "upper_2s": chart["upper_2s"],
            "signal": chart["signal"].astype(bool),
            "rule": pd.Series(rules, index=chart.index, dtype=object),
            "direction": pd.Series(
                _directions(chart["value"].to_numpy(), chart["centre"].to_numpy(), rules),
                index=chart.index,
                dtype=object,
            ),
            "segment": chart["segment"],
            "baseline": chart["baseline"],
        }
    )
    return out[SPC_COLUMNS].reset_index(drop=True)


def _check(measure: str, baseline: int) -> Measure:
    if measure not in MEASURES:
        raise ValueError(f"Okänt mått: {measure!r}. Tillåtna: {', '.join(MEASURES)}")
    if isinstance(baseline, bool) or not isinstance(baseline, int) or baseline < 2:
        raise ValueError(f"Baslinjen måste vara ett heltal antal månader, minst 2, inte {baseline!r}.")
    return MEASURES[measure]


@protect("aggregate", counts=SPC_COUNTS, derived=SPC_DERIVED, not_counts=("segment",))
def monthly_spc(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    measure: str,
    baseline: int = DEFAULT_BASELINE,
    change_month: date | None = None,
) -> pd.DataFrame:
    """The SPC chart of one measure per month; one row per month of the history (see `_history`),
    in month order.

    Columns: month (date), in_period (the month lies in the selected period), count (the month's
    events; for "signering" the unsigned tasks), exposure (census brukare that month for "u"
    measures, tasks for "signering", NaN for "synpunkter"), value (count / exposure, the signed
    share, or the count), centre, lower, upper (the process limits), lower_2s/upper_2s (XmR only),
    signal (bool), rule (None or a stats.RULES name), direction ("hog", "lag" or None), segment
    (0, or 1 from the declared change month), baseline (the month is in its segment's baseline).
    attrs: measure, method, polarity, baseline_start/baseline_end per segment (lists of dates).
    """
    m = _check(measure, baseline)
    frame = spc_frame(_raw_series(conn, f, m), m.method, baseline, change_month)
    if f.scope.role == "politiker":
        frame = _without_small_baselines(frame)
    base = frame[frame["baseline"]] if len(frame) else frame
    frame.attrs = {
        "measure": m.key,
        "method": m.method,
        "polarity": m.polarity,
        "baseline_start": [min(g["month"]) for _, g in base.groupby("segment")],
        "baseline_end": [max(g["month"]) for _, g in base.groupby("segment")],
    }
    return frame


def _without_small_baselines(frame: pd.DataFrame) -> pd.DataFrame:
    """No centre or limits for a segment whose baseline holds 1 to min_cell() - 1 events: the
    centre times the baseline's exposure would give that small count away (politiker)."""
    frame = frame.copy()
    for segment, part in frame.groupby("segment"):
        events = part.loc[part["baseline"].astype(bool), "count"].sum()
        if 0 < events < privacy.min_cell():
            rows = frame["segment"] == segment
            for column in ("centre", "lower", "upper", "lower_2s", "upper_2s"):
                frame.loc[rows, column] = np.nan
            frame.loc[rows, "signal"] = False
            frame.loc[rows, "rule"] = None
            frame.loc[rows, "direction"] = None
    return frame


def for_viewer(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """An SPC frame as monthly_spc hands it to f's viewer (suppressed for politiker): for code
    that calls monthly_spc from inside another registered function, which gets it raw."""
    if f.scope.role != "politiker":
        return frame
    return privacy.suppress(frame, SPC_COUNTS, SPC_DERIVED).frame


# --------------------------------------------------------------------------------------------------
# Reading a series: the variation and assurance icons and the signal sentences
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variation:
    """What the latest months of a series say: status "vanlig", "hog", "lag" or "okand" (too few
    months for limits); the rule and month of the latest special cause; a Swedish text; and the
    judgement: "neutral", "samre", "battre" (directional measures) or None (common cause)."""

    status: str
    rule: str | None
    month: date | None
    text: str
    judgement: str | None


def baseline_events(frame: pd.DataFrame) -> float:
    """The events shown in the baseline months (of the latest segment); for the signing rate the
    unsigned tasks. A month hidden for politiker counts as none."""
    latest = frame[frame["segment"] == frame["segment"].max()]
    counts = pd.to_numeric(latest.loc[latest["baseline"].astype(bool), "count"], errors="coerce")
    return float(counts.sum())


def _flagged(frame: pd.DataFrame) -> pd.Series:
    """True where a shown point is a special cause (a point hidden for politiker is not)."""
    return frame["signal"].astype("boolean").fillna(False).astype(bool)


def judgement(direction: str, polarity: str) -> str:
    if polarity == NEUTRAL:
        return "neutral"
    worse = "hog" if polarity == LOWER_BETTER else "lag"
    return "samre" if direction == worse else "battre"


def comparison_words(direction: str, polarity: str, method: str) -> str:
    """ "fler än förväntat" (counts, neutral), "högre än förväntat" (shares), and for a measure
    with a direction the judgement as well: "högre än förväntat, en försämring"."""
    if method == "p" or polarity != NEUTRAL:
        words = "högre än förväntat" if direction == "hog" else "lägre än förväntat"
    else:
        words = "fler än förväntat" if direction == "hog" else "färre än förväntat"
    if polarity == NEUTRAL:
        return words
    return words + (", en försämring" if judgement(direction, polarity) == "samre" else ", en förbättring")


def variation(
    frame: pd.DataFrame, polarity: str, method: str = "u", recent: int = RECENT_MONTHS
) -> Variation:
    """The variation icon of a series: a special cause among its last `recent` months, else
    common-cause variation ("okand" when the latest month has no limits)."""
    if frame.empty:
        return Variation("okand", None, None, "För få månader för styrgränser", None)
    if baseline_events(frame) < MIN_BASELINE_EVENTS:
        return Variation("okand", None, None, "För få händelser för styrgränser", None)
    if pd.isna(frame["upper"].iloc[-1]):
        return Variation("okand", None, None, "För få månader för styrgränser", None)
    tail = frame.tail(recent)
    flagged = tail[_flagged(tail)]
    if flagged.empty:
        return Variation("vanlig", None, None, "Vanlig variation", None)
    last = flagged.iloc[-1]
    direction = str(last["direction"])
    verdict = judgement(direction, polarity)
    if verdict == "neutral":
        text = f"Särskild orsak: {comparison_words(direction, polarity, method)}"
    else:  # short enough for a badge under a key-figure card
        level = "högre" if direction == "hog" else "lägre"
        text = f"Särskild orsak: {'försämring' if verdict == 'samre' else 'förbättring'} ({level})"
    return Variation(direction, str(last["rule"]), last["month"], text, verdict)


ASSURANCE_TEXTS: dict[str, str] = {
    "uppfylls": "Målet nås med nuvarande arbetssätt",
    "uppfylls_inte": "Målet nås inte med nuvarande arbetssätt",
    "varierar": "Målet nås ibland (träff och miss)",
}


def assurance(frame: pd.DataFrame, target: float | None, polarity: str) -> str | None:
    """The assurance icon against a target (None without a target, a direction or limits): the
    latest month's limits both on the good side of the target ("uppfylls"), both on the bad side
    ("uppfylls_inte"), or the target between them ("varierar": the process will hit and miss)."""
    if target is None or polarity == NEUTRAL or frame.empty:
        return None
    lower, upper = frame["lower"].iloc[-1], frame["upper"].iloc[-1]
    if pd.isna(lower) or pd.isna(upper):
        return None
    good_side_all = upper < target if polarity == LOWER_BETTER else lower > target
    bad_side_all = lower > target if polarity == LOWER_BETTER else upper < target
    if good_side_all:
        return "uppfylls"
    if bad_side_all:
        return "uppfylls_inte"
    return "varierar"


def _run_length(frame: pd.DataFrame, end: int, rule: str) -> int:
    """Months in the run of `rule` ending at row `end` (same side of the centre, or same slope)."""
    values, centre = frame["value"].to_numpy(dtype=float), frame["centre"].to_numpy(dtype=float)
    if rule == "niva":
        side = np.sign(values[end] - centre[end])
        i = end
        while i - 1 >= 0 and np.sign(values[i - 1] - centre[i - 1]) == side:
            i -= 1
        return end - i + 1
    slope = np.sign(values[end] - values[end - 1]) if end else 0
    i = end
    while i - 1 >= 0 and np.sign(values[i] - values[i - 1]) == slope and slope != 0:
        i -= 1
    return end - i + 1


def rule_sentence(label: str, frame: pd.DataFrame, polarity: str, method: str) -> str | None:
    """The signal of a series in plain Swedish, naming its rule, e.g. "Fall: 8 månader i rad över
    medel (nivåskifte), högre än förväntat, en försämring."; None without a special cause among
    the last RECENT_MONTHS months."""
    if frame.empty or baseline_events(frame) < MIN_BASELINE_EVENTS:
        return None
    start = max(0, len(frame) - RECENT_MONTHS)
    flagged = [i for i in range(start, len(frame)) if _flagged(frame).iloc[i]]
    if not flagged:
        return None
    i = flagged[-1]
    row = frame.iloc[i]
    direction, rule = str(row["direction"]), str(row["rule"])
    up = direction == "hog"
    if rule == "utanfor":
        what = f"{fmt.month(row['month'])} {'över den övre' if up else 'under den undre'} styrgränsen"
    elif rule == "niva":
        what = f"{_run_length(frame, i, rule)} månader i rad {'över' if up else 'under'} medel (nivåskifte)"
    elif rule == "trend":
        what = f"{_run_length(frame, i, rule)} månader i rad {'stigande' if up else 'sjunkande'} (trend)"
    else:
        what = f"två av tre månader nära den {'övre' if up else 'undre'} styrgränsen (tidig varning)"
    return f"{label}: {what}, {comparison_words(direction, polarity, method)}."


def _series_label(key: str) -> str:
    return KPI_LABELS.get(key, MEASURES[key].label if key in MEASURES else key)


@protect("aggregate")
def kpi_variation(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    baseline: int = DEFAULT_BASELINE,
    change_month: date | None = None,
) -> pd.DataFrame:
    """The variation icon of each of Översikt's key figures, from the same (for politiker:
    suppressed) monthly series as the SPC charts; one row per KPI_SERIES key.

    Columns: key, status ("vanlig", "hog", "lag", "okand"), judgement ("neutral", "samre",
    "battre" or None), text (Swedish), rule (None or a stats.RULES name).
    """
    rows = []
    with _shared_queries():
        frames = {
            key: for_viewer(
                monthly_spc(
                    conn, f.with_(domains=domains) if domains else f, measure, baseline, change_month
                ),
                f,
            )
            for key, (measure, domains) in KPI_SERIES.items()
        }
    for key, (measure, _) in KPI_SERIES.items():
        frame = frames[key]
        m = MEASURES[measure]
        v = variation(frame, m.polarity, m.method)
        rows.append(
            {"key": key, "status": v.status, "judgement": v.judgement, "text": v.text, "rule": v.rule}
        )
    return pd.DataFrame.from_records(rows, columns=["key", "status", "judgement", "text", "rule"])


# --------------------------------------------------------------------------------------------------
# Funnel plots: units against the overall rate
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelMeasure:
    key: str
    label: str  # the rate, for the chart's title
    noun: str  # what is counted, for sentences ("avvikelser per brukare")
    polarity: str
    exposure_label: str


FUNNEL_MEASURES: dict[str, FunnelMeasure] = {
    m.key: m
    for m in (
        FunnelMeasure(
            "avvikelser",
            "Avvikelser per brukare och månad",
            "avvikelser per brukare",
            NEUTRAL,
            "Brukarmånader",
        ),
        FunnelMeasure(
            "fall", "Fall per brukare och månad", "fall per brukare", LOWER_BETTER, "Brukarmånader"
        ),
        FunnelMeasure(
            "hot_och_vald",
            "Hot och våld per brukare och månad",
            "rapporter om hot och våld per brukare",
            NEUTRAL,
            "Brukarmånader",
        ),
        FunnelMeasure(
            "ej_utredda", "Andel ej utredda avvikelser", "ej utredda avvikelser", LOWER_BETTER, "Avvikelser"
        ),
        FunnelMeasure(
            "osignerade",
            "Osignerade läkemedelsinsatser",
            "osignerade läkemedelsinsatser",
            LOWER_BETTER,
            "Läkemedelsinsatser",
        ),
    )
}

FUNNEL_COLUMNS = [
    "unit_id",
    "unit_name",
    "unit_type",
    "own",
    "observed",
    "exposure",
    "expected",
    "ratio",
    "lower95",
    "upper95",
    "lower998",
    "upper998",
    "outside",
]


def _population(f: Filters) -> Filters:
    """The units a funnel compares with: every unit of the organisation filters, whatever the
    viewer's own scope (a chef's other units are returned anonymous, see funnel_units)."""
    return f.with_(unit_ids=None, scope=Scope())


def _unit_counts(conn: duckdb.DuckDBPyConnection, g: Filters, measure: str) -> pd.DataFrame:
    """unit_id, unit_name, unit_type, observed, exposure for every unit of g with exposure > 0."""
    columns = ["unit_id", "unit_name", "unit_type", "observed", "exposure"]
    if measure == "osignerade":
        if not supplied(conn, "signings"):
            return pd.DataFrame(columns=columns)
        units = _run(conn, "signing_rate_by_unit", g)
        units = units[units["task_kind"] == "lakemedel"]
        frame = units.assign(observed=units["unsigned"], exposure=units["tasks"])
    else:
        units = _run(conn, "spc_units", g)
        if measure == "ej_utredda":
            frame = units.assign(
                observed=units["deviations"] - units["investigated"], exposure=units["deviations"]
            )
        else:
            column = {"avvikelser": "deviations", "fall": "fall_count", "hot_och_vald": "violence_count"}[
                measure
            ]
            frame = units.assign(observed=units[column], exposure=units["brukare_months"])
    frame = frame[frame["exposure"] > 0]
    return frame[columns].astype({"observed": "float64", "exposure": "float64"}).reset_index(drop=True)


@protect("unit_level")
def funnel_units(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    measure: str,
    overdispersion: bool = True,
    by_type: bool = True,
) -> pd.DataFrame:
    """Each unit's observed count against its expected count: the rate of the comparison units
    (every unit of the organisation filters; with `by_type`, those of the unit's own type) × the
    unit's exposure. One row per unit with exposure > 0, sorted by expected count (never by id or
    name). By type is the default: a hemtjänst and a gruppbostad differ in what happens per
    brukare, so one overall rate would put whole types outside the funnel.

    Columns: FUNNEL_COLUMNS. `own` marks the viewer's units (a chef's scope, or the units an
    analytiker selected). For a chef every other unit is an anonymous point: unit_id, unit_name
    and unit_type are null. attrs: measure, rate (overall), phi, tau2, adjusted, units.
    """
    if measure not in FUNNEL_MEASURES:
        raise ValueError(f"Okänt mått: {measure!r}. Tillåtna: {', '.join(FUNNEL_MEASURES)}")
    units = _unit_counts(conn, _population(f), measure)
    own_ids = set(f.effective_unit_ids() or ())
    attrs: dict = {"measure": measure, "rate": math.nan, "phi": math.nan, "tau2": math.nan, "adjusted": False}
    if units.empty or units["observed"].sum() == 0:
        frame = pd.DataFrame(columns=FUNNEL_COLUMNS)
        frame.attrs = {**attrs, "units": len(units)}
        return frame
    rate = units["observed"].sum() / units["exposure"].sum()
    if by_type:  # indirect standardisation: each unit against its own type's rate
        totals = units.groupby("unit_type")[["observed", "exposure"]].transform("sum")
        expected = units["exposure"] * totals["observed"] / totals["exposure"]
    else:
        expected = units["exposure"] * rate
    chart = stats.funnel(units["observed"], expected, overdispersion=overdispersion)
    frame = pd.concat([units[["unit_id", "unit_name", "unit_type", "exposure"]], chart], axis=1)
    frame["own"] = frame["unit_id"].isin(own_ids)
    if f.scope.role == "chef":
        others = ~frame["own"]
        frame["unit_id"] = frame["unit_id"].astype(object).where(~others, None)
        frame["unit_name"] = frame["unit_name"].astype(object).where(~others, None)
        frame["unit_type"] = frame["unit_type"].astype(object).where(~others, None)
    frame = frame.sort_values(["expected", "ratio"], kind="stable")[FUNNEL_COLUMNS].reset_index(drop=True)
    frame.attrs = {**attrs, **chart.attrs, "rate": float(rate), "units": len(frame), "by_type": by_type}
    return frame


def funnel_sentence(row: pd.Series, measure: str) -> str:
    """ "Solrosen rapporterar färre avvikelser per brukare än förväntat (utanför 99,8 %-gränsen)." """
    m = FUNNEL_MEASURES[measure]
    direction = "hog" if row["outside"] == "hög" else "lag"
    verb = "rapporterar" if measure == "avvikelser" else "har"
    words = "fler" if direction == "hog" else "färre"
    sentence = f"{row['unit_name']} {verb} {words} {m.noun} än förväntat (utanför 99,8 %-gränsen)"
    if measure == "avvikelser" and direction == "lag":
        sentence += ": låg rapporteringsbenägenhet?"
    elif m.polarity != NEUTRAL:
        sentence += ", en avvikande nivå"
    return sentence + ("" if sentence.endswith("?") else ".")


# --------------------------------------------------------------------------------------------------
# Rate ratios
# --------------------------------------------------------------------------------------------------

RATIO_COLUMNS = ["ratio", "lower", "upper", "p_value", "significant"]


def ratio_of(count1: float, exposure1: float, count2: float, exposure2: float) -> dict:
    """stats.rate_ratio (exact, 95 %) with `significant` (the interval excludes 1); NaN figures
    when it cannot be computed (a missing or zero exposure, or no events at all)."""
    empty = {
        "ratio": math.nan,
        "lower": math.nan,
        "upper": math.nan,
        "p_value": math.nan,
        "significant": None,
    }
    values = (count1, exposure1, count2, exposure2)
    if any(pd.isna(v) for v in values) or exposure1 <= 0 or exposure2 <= 0 or count1 + count2 == 0:
        return empty
    result = stats.rate_ratio(int(count1), float(exposure1), int(count2), float(exposure2))
    return {**result, "significant": bool(result["lower"] > 1 or result["upper"] < 1)}


def verdict(significant: object) -> str:
    """The plain Swedish reading of a rate ratio's interval."""
    if significant is None or pd.isna(significant):
        return "kan inte beräknas"
    return (
        "skillnaden är statistiskt säkerställd (95 %)" if significant else "skillnaden kan vara slumpmässig"
    )


_RATIO_DERIVED_FROM = ("count_a", "exposure_a", "count_b", "exposure_b")
_PAIR_COUNTS = _RATIO_DERIVED_FROM
_PAIR_DERIVED = {c: _RATIO_DERIVED_FROM for c in ("rate_a", "rate_b", *RATIO_COLUMNS)}

# The LSS/SoL comparison's measures: key -> (Swedish label, monthly_rates count column).
LSS_SOL_MEASURES: dict[str, tuple[str, str]] = {
    "avvikelser": ("Alla avvikelser", "deviations"),
    "hsl_ovrigt": ("HSL övrigt", "hsl_other_count"),
    "lakemedel": ("Läkemedelsavvikelser", "medication_count"),
    "fall": ("Fall", "fall_count"),
    "hot_och_vald": ("Hot och våld", "violence_count"),
}


@protect("aggregate", counts=_PAIR_COUNTS, derived=_PAIR_DERIVED, groups=None)
def lss_sol_rate_ratios(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    unit_type_a: str = "gruppbostad_lss",
    unit_type_b: str = "bostad_sol",
) -> pd.DataFrame:
    """Deviations per brukare-month of unit type a against unit type b in the period, with the
    exact 95 % interval of the rate ratio; one row per LSS_SOL_MEASURES key.

    Columns: key, label, count_a, exposure_a, count_b, exposure_b (brukare-months: the monthly
    census summed over the period), rate_a, rate_b (per brukare-month), ratio, lower, upper,
    p_value, significant (bool or None).
    """
    for t in (unit_type_a, unit_type_b):
        if t not in contract.UNIT_TYPES:
            raise ValueError(f"Okänd verksamhetstyp: {t!r}")
    monthly = run(conn, "monthly_rates", f)
    totals = monthly[monthly["unit_type"] != "all"].groupby("unit_type").sum(numeric_only=True)
    rows = []
    for key, (label, column) in LSS_SOL_MEASURES.items():
        pair = {}
        for side, t in (("a", unit_type_a), ("b", unit_type_b)):
            pair[f"count_{side}"] = float(totals[column].get(t, 0))
            pair[f"exposure_{side}"] = float(totals["brukare"].get(t, 0))
            pair[f"rate_{side}"] = (
                pair[f"count_{side}"] / pair[f"exposure_{side}"] if pair[f"exposure_{side}"] > 0 else math.nan
            )
        ratio = ratio_of(pair["count_a"], pair["exposure_a"], pair["count_b"], pair["exposure_b"])
        rows.append({"key": key, "label": label, **pair, **ratio})
    frame = pd.DataFrame.from_records(rows)
    for column in _PAIR_COUNTS:
        frame[column] = frame[column].astype("int64")
    return frame[
        ["key", "label", "count_a", "exposure_a", "count_b", "exposure_b", "rate_a", "rate_b", *RATIO_COLUMNS]
    ]


@protect("unit_level")
def unit_vs_type(conn: duckdb.DuckDBPyConnection, f: Filters, measure: str = "avvikelser") -> pd.DataFrame:
    """Each of the viewer's units against the other units of its type, per brukare-month in the
    period (funnel measures "avvikelser", "fall", "hot_och_vald"); one row per unit with brukare,
    sorted by unit_type then unit_name.

    Columns: unit_id, unit_name, unit_type, count, exposure, other_units, type_count,
    type_exposure (the other units of the type together), rate, type_rate, ratio, lower, upper,
    p_value, significant. A type with fewer than 3 other units is not compared (ratio NaN), so a
    chef's comparison never gives away a single other unit's figures.
    """
    if measure not in ("avvikelser", "fall", "hot_och_vald"):
        raise ValueError(f"Okänt mått: {measure!r}")
    population = _unit_counts(conn, _population(f), measure)
    own = set(f.effective_unit_ids() or population["unit_id"])
    by_type = population.groupby("unit_type")[["observed", "exposure"]].agg(["sum", "count"])
    rows = []
    for unit in population[population["unit_id"].isin(own)].itertuples():
        total = by_type.loc[unit.unit_type]
        other_units = int(total[("observed", "count")]) - 1
        type_count = float(total[("observed", "sum")]) - unit.observed
        type_exposure = float(total[("exposure", "sum")]) - unit.exposure
        compare = other_units >= 3
        ratio = (
            ratio_of(unit.observed, unit.exposure, type_count, type_exposure)
            if compare
            else ratio_of(0, 0, 0, 0)
        )
        rows.append(
            {
                "unit_id": unit.unit_id,
                "unit_name": unit.unit_name,
                "unit_type": unit.unit_type,
                "count": int(unit.observed),
                "exposure": unit.exposure,
                "other_units": other_units,
                "type_count": int(type_count) if compare else None,
                "type_exposure": type_exposure if compare else math.nan,
                "rate": unit.observed / unit.exposure,
                "type_rate": type_count / type_exposure if compare and type_exposure > 0 else math.nan,
                **ratio,
            }
        )
    columns = [
        "unit_id",
        "unit_name",
        "unit_type",
        "count",
        "exposure",
        "other_units",
        "type_count",
        "type_exposure",
        "rate",
        "type_rate",
        *RATIO_COLUMNS,
    ]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["type_count"] = frame["type_count"].astype("Int64")
    return frame.sort_values(["unit_type", "unit_name"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Signals for Översikt
# --------------------------------------------------------------------------------------------------

SIGNAL_COLUMNS = ["key", "page", "text", "value", "rule"]
FUNNEL_SIGNALS_PER_MEASURE = 3  # the farthest outside; the funnel on the page shows the rest


@protect("aggregate")
def rule_signals(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    baseline: int = DEFAULT_BASELINE,
    change_month: date | None = None,
) -> pd.DataFrame:
    """One signal per key figure whose series has a special cause among its last RECENT_MONTHS
    months, built from the series the viewer sees (suppressed for politiker: a hidden month gives
    no signal, and no sentence holds a count). Rows as SIGNAL_COLUMNS; value is the month's value."""
    rows = []
    series = [*KPI_SERIES.items(), ("signering", ("signering", None))]
    with _shared_queries():
        frames = {
            key: for_viewer(
                monthly_spc(
                    conn, f.with_(domains=domains) if domains else f, measure, baseline, change_month
                ),
                f,
            )
            for key, (measure, domains) in series
        }
    for key, (measure, domains) in series:
        m = MEASURES[measure]
        frame = frames[key]
        text = rule_sentence(_series_label(key), frame, m.polarity, m.method)
        if text is None:
            continue
        flagged = frame[_flagged(frame)].iloc[-1]
        rows.append(
            {
                "key": f"spc_{key}",
                "page": m.page if not domains else "avvikelser",
                "text": text,
                "value": float(flagged["value"]),
                "rule": str(flagged["rule"]),
            }
        )
    return pd.DataFrame.from_records(rows, columns=SIGNAL_COLUMNS)


@protect("unit_level")
def funnel_signals(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One signal per (own, for a chef) unit outside its funnel's 99.8 % limits, naming the unit;
    none for politiker, who get no unit-level figures. Rows as SIGNAL_COLUMNS."""
    rows: list[dict] = []
    if f.scope.role == "politiker":  # reached only from inside another function (see protect)
        return pd.DataFrame.from_records(rows, columns=SIGNAL_COLUMNS)
    pages = {"avvikelser": "avvikelser", "fall": "fall", "hot_och_vald": "hot-och-vald"}
    with _shared_queries():
        frames = {measure: funnel_units(conn, f, measure) for measure in pages}
    for measure, page in pages.items():
        frame = frames[measure]
        if frame.empty:
            continue
        outside = frame[frame["outside"].notna() & frame["unit_name"].notna()]
        if f.effective_unit_ids() is not None:  # a chef, or an analytiker who chose units
            outside = outside[outside["own"]]
        extreme = outside.assign(_far=np.abs(np.log(outside["ratio"].clip(lower=1e-9))))
        for row in extreme.nlargest(FUNNEL_SIGNALS_PER_MEASURE, "_far").itertuples(index=False):
            record = pd.Series(row._asdict())
            rows.append(
                {
                    "key": f"funnel_{measure}",
                    "page": page,
                    "text": funnel_sentence(record, measure),
                    "value": float(record["ratio"]),
                    "rule": "tratt_998",
                }
            )
    return pd.DataFrame.from_records(rows, columns=SIGNAL_COLUMNS)


def funnel_curve(frame: pd.DataFrame, points: int = 120) -> pd.DataFrame:
    """The funnel's limits on a smooth grid of expected counts spanning the frame's units (for
    drawing; the units' own limits are in the frame). Widened by the frame's tau2 when its
    limits were. Columns: expected, lower95, upper95, lower998, upper998."""
    columns = ["expected", "lower95", "upper95", "lower998", "upper998"]
    expected = pd.to_numeric(frame["expected"], errors="coerce").dropna() if len(frame) else pd.Series()
    expected = expected[expected > 0]
    if expected.empty:
        return pd.DataFrame(columns=columns)
    grid = np.geomspace(max(expected.min() * 0.8, 0.5), expected.max() * 1.2, points)
    out = {"expected": grid}
    tau2 = float(frame.attrs.get("tau2") or 0.0)
    adjusted = bool(frame.attrs.get("adjusted"))
    for label, alpha in (("95", 0.05), ("998", 0.002)):
        if adjusted:
            half = scipy_stats.norm.ppf(1 - alpha / 2) * np.sqrt(1 / (4 * grid) + tau2)
            out[f"lower{label}"] = np.maximum(1 - half, 0.0) ** 2
            out[f"upper{label}"] = (1 + half) ** 2
        else:
            out[f"lower{label}"] = scipy_stats.chi2.ppf(alpha / 2, 2 * grid) / (2 * grid)
            out[f"upper{label}"] = scipy_stats.chi2.ppf(1 - alpha / 2, 2 * grid + 2) / (2 * grid)
    return pd.DataFrame(out, columns=columns)
