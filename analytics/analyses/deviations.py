"""Deviations (avvikelser): counts, drill-down breakdowns, reporting variation and compliance.

Every function takes the connection and one Filters value and returns a materialised DataFrame
of codes and raw counts (labels come from analytics.contract). The drill-down levels of the
dashboard are förvaltning -> unit type (deviations_by_unit_type) -> unit (deviations_by_unit)
-> brukare (deviations_by_brukare). Deviations select on reported_date; the organisation
filters, the viewer's scope and the domain/category filters apply to every query here.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import contract
from analytics.analyses.query import run
from analytics.filters import Filters
from analytics.privacy import protect

# Kinds of deviation a view may choose for the variation queries (allow-list; the key is bound
# as $kind and matched in sql/_kind_count.sql against the deviation mart's flags). The kinds and
# their labels are defined once, in analytics/contract/kinds.py; the keys are the flags' stems.
KINDS: dict[str, str] = {"all": "Alla avvikelser"} | {
    k.column: k.choice_label for k in contract.KINDS.values() if k.column and k.choice_label
}

# Columns of a deviation a view may break counts down by (allow-list; bound as $attribute and
# matched in sql/deviations_by_attribute.sql). Codes and labels of the values are in contract.
ATTRIBUTES: dict[str, str] = {
    "subcategory": "Underkategori",
    "violence_role": "Roll (hot och våld)",
    "reported_by": "Rapporterad av",
    "direction": "Riktning",
    "lex_sarah_outcome": "Lex Sarah-bedömning",
    "consequence": "Konsekvens",
    "cause": "Bakomliggande orsak",
}

# Age buckets of open deviations, in display order, with Swedish labels.
AGE_BUCKETS: dict[str, str] = {
    "0_30": "0–30 dagar",
    "31_90": "31–90 dagar",
    "91_180": "91–180 dagar",
    "over_180": "Mer än 180 dagar",
}

# Suppression for politiker (analytics.privacy): the counts and what is computed from them.
_COMPLIANCE_COUNTS = ("count", "investigated", "followed_up")
_COMPLIANCE_DERIVED = {
    "investigated_share": ("investigated", "count"),
    "followed_up_share": ("followed_up", "count"),
    "median_days_to_investigation": ("investigated",),
    "median_days_to_follow_up": ("followed_up",),
}


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Okänt avvikelseslag: {kind!r}. Tillåtna: {', '.join(KINDS)}")
    return kind


@protect(
    "aggregate",
    counts=(
        "count",
        "previous_count",
        "investigated",
        "followed_up",
        "lex_sarah",
        "previous_lex_sarah",
        "ivo_reported",
    ),
    derived={
        "change": ("count", "previous_count"),
        "change_share": ("count", "previous_count"),
        "investigated_share": ("investigated", "count"),
        "followed_up_share": ("followed_up", "count"),
    },
    groups=("domain",),
    not_counts=("change",),  # the difference of two shown counts; hidden with either
)
def deviations_by_category(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Counts per domain and category, this period against the previous one.

    One row per (domain, category) with a deviation in the period or the previous period,
    sorted by domain, category. Columns: domain, category, count, previous_count, change
    (count - previous_count), change_share ((count - previous) / previous; null when previous
    is 0), investigated, followed_up (counts of the period's rows with that date set),
    investigated_share, followed_up_share (null when count is 0), lex_sarah,
    previous_lex_sarah (rows reported under lex Sarah in each period), ivo_reported (the
    period's rows reported to IVO).
    """
    return run(conn, "deviations_by_category", f)


@protect(
    "aggregate",
    counts=("count", "previous_count", "investigated", "followed_up"),
    groups=("domain", "category", "lex_sarah"),
)
def deviations_by_attribute(conn: duckdb.DuckDBPyConnection, f: Filters, attribute: str) -> pd.DataFrame:
    """Counts broken down by one more column of the deviation, e.g. consequence or reported_by.

    `attribute` is a key of ATTRIBUTES. One row per (domain, category, value, lex_sarah) with a
    deviation in the period or the previous period, sorted by those (value nulls last); lex
    Sarah reports are kept apart because the reports count them separately. Columns: domain,
    category, value (the code, null when not given), lex_sarah (bool), count, previous_count,
    investigated, followed_up (the period's rows with that date set).
    """
    if attribute not in ATTRIBUTES:
        raise ValueError(f"Okänd kolumn: {attribute!r}. Tillåtna: {', '.join(ATTRIBUTES)}")
    return run(conn, "deviations_by_attribute", f, attribute=attribute)


@protect("aggregate", counts=("count", "previous_count"), groups=("domain",))
def deviations_by_unit_type(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Counts per unit type, operator and domain.

    One row per (unit_type, operator, domain) with a deviation in the period or the previous
    period, sorted by those three. Columns: unit_type, operator, domain, count, previous_count.
    """
    return run(conn, "deviations_by_unit_type", f)


@protect("unit_level")
def deviations_by_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Counts per unit with the unit's census brukare.

    One row per selected unit with a deviation in the period or the previous period or with
    brukare > 0 in the period's census (so active units reporting nothing appear with 0),
    sorted by unit_type, operator, unit_id. Columns: unit_id, unit_name, unit_type, operator,
    count, previous_count, brukare (float, census average), per_brukare (count / brukare, null
    when brukare is 0).
    """
    return run(conn, "deviations_by_unit", f)


@protect("brukare_level")
def deviations_by_brukare(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Counts per brukare within each unit (the lowest drill-down level).

    One row per (unit_id, brukare_id) with a deviation in the period or the previous period;
    the rows without a brukare make one row per unit with brukare_id null. Sorted by unit_type,
    operator, unit_id, count descending, brukare_id (nulls last). Columns: unit_id, unit_type,
    operator, brukare_id, count, previous_count.
    """
    return run(conn, "deviations_by_brukare", f)


@protect(
    "aggregate",
    counts=("count", "max_count", "median_count", "count_at_inactive_units"),
    derived={"mean_per_unit": ("count",)},
    not_counts=("units", "zero_units"),
)
def reporting_variation(conn: duckdb.DuckDBPyConnection, f: Filters, kind: str = "all") -> pd.DataFrame:
    """How evenly the units of a type report: mean per active unit, silent units, maximum.

    One row per unit_type with active units (census brukare > 0 in the period), sorted by
    unit_type; `kind` is a key of KINDS. Columns: unit_type, units (active units), count (the
    period's deviations of the kind at all units of the type), mean_per_unit (count / units),
    zero_units (active units with none), max_count, median_count (over active units),
    count_at_inactive_units (deviations at units without census in the period).
    """
    return run(conn, "reporting_variation", f, kind=_kind(kind))


@protect("unit_level")
def unit_distribution(conn: duckdb.DuckDBPyConnection, f: Filters, kind: str = "all") -> pd.DataFrame:
    """Per-unit counts of one kind: the data of a histogram or box plot per unit type.

    One row per selected unit that is active in the period or has a deviation of the kind,
    sorted by unit_type, count descending, unit_id. Columns: unit_id, unit_name, unit_type,
    operator, brukare, active (bool), count, per_brukare (null when brukare is 0).
    """
    return run(conn, "unit_distribution", f, kind=_kind(kind))


@protect("aggregate", counts=_COMPLIANCE_COUNTS, derived=_COMPLIANCE_DERIVED)
def compliance_by_domain(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Share investigated and followed up, and median days to each, per domain.

    One row per domain with a deviation in the period, sorted by domain. Columns: domain,
    count, investigated, investigated_share, followed_up, followed_up_share,
    median_days_to_investigation, median_days_to_follow_up (days from reported_date, over the
    rows that have the date; null when none has).
    """
    return run(conn, "compliance_by_domain", f)


@protect("aggregate", counts=_COMPLIANCE_COUNTS, derived=_COMPLIANCE_DERIVED, groups=("domain",))
def compliance_by_category(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """As compliance_by_domain, one row per (domain, category) with a deviation in the period.

    Columns: domain, category, then the measures of compliance_by_domain.
    """
    return run(conn, "compliance_by_category", f)


@protect("unit_level")
def compliance_by_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """As compliance_by_domain, one row per unit with a deviation in the period.

    Sorted by unit_type, operator, unit_id. Columns: unit_name, unit_type, operator, unit_id,
    then the measures of compliance_by_domain.
    """
    return run(conn, "compliance_by_unit", f)


# The compliance breakdowns a view may choose between (allow-list).
COMPLIANCE_LEVELS = {
    "domain": compliance_by_domain,
    "category": compliance_by_category,
    "unit": compliance_by_unit,
}


@protect("aggregate", counts=("count",), groups=("domain",))
def open_by_age(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Deviations reported in the period and not followed up by its last day, by age.

    Age is the number of days from reported_date to the period's end; a row followed up after
    the period's end still counts as open. One row per (domain, age_bucket) with at least one
    such deviation, sorted by domain and bucket order (AGE_BUCKETS: 0_30, 31_90, 91_180,
    over_180). Columns: domain, age_bucket, count.
    """
    return run(conn, "open_by_age", f)


# Most rows deviation_list returns by default: a list a person reads on one page. A unit has a
# few hundred deviations a year (the demo's largest: about 450), so a unit's year fits; a wider
# choice (a whole unit type, several years) shows its newest rows and says how many there are.
LIST_LIMIT = 1000


@protect("free_text")
def deviation_list(
    conn: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = LIST_LIMIT
) -> pd.DataFrame:
    """The period's deviations with their descriptions, for the unit level of the drill-down.

    One row per deviation reported in the period at a selected unit, newest first (then by
    deviation_id), at most `limit` rows (the newest; None: all). Columns: deviation_id,
    reported_date, unit_id, unit_name, unit_type, operator, brukare_id (null when none is
    named), domain, category, subcategory, description (free text, sensitive; may be null).
    `attrs["total"]` is the number of deviations without the limit (more than len(frame) when
    rows were left out). Brukare ids and free text: refused for politiker, and every view must
    be written to the access log. The page must render description escaped.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"Radgränsen måste vara ett positivt heltal eller None, inte {limit!r}.")
    listed = run(conn, "deviation_list", f, limit=limit)
    total = len(listed)
    if limit is not None and total == limit:  # only then can rows have been left out
        total = int(run(conn, "deviation_list_count", f)["total"].iloc[0])
    listed.attrs["total"] = total
    return listed
