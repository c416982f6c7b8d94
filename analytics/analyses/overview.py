"""The overview: key figures per subject with their change, monthly totals, and main signals.

Built on the subject modules (deviations, violence, signing, complaints, trends), so the figures
on the overview are the same as on each subject's page. Every function takes the connection
and one Filters value and returns a materialised DataFrame.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from analytics import contract, privacy
from analytics.analyses import comparison, complaints, deviations, signing, spc, survey, trends, violence
from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect
from presentation import format as fmt

# The report's kinds of deviation shown as key figures: key -> Swedish label (the one definition
# is analytics/contract/kinds.py).
KPI_KINDS: dict[str, str] = contract.KPI_KINDS

# Minimum count for a change or a share to be a signal (small numbers swing wildly).
SIGNAL_MIN_COUNT = 20

# Suppression for politiker (analytics.privacy).
_KPI_COUNTS = ("count", "previous_count", "investigated")
_KPI_DERIVED = {"change_share": ("count", "previous_count"), "investigated_share": ("investigated", "count")}


@protect("aggregate", counts=_KPI_COUNTS, derived=_KPI_DERIVED, groups=None)
def kpis(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Key figures of the period against the previous period; one row per figure, in display order.

    Rows: the deviation kinds of KPI_KINDS with any deviation in either period, then
    "synpunkter" (complaints, when the table is loaded). Columns: key, label, count,
    previous_count, change_share ((count − previous) / previous; null when previous is 0),
    investigated_share (null for complaints or count 0), investigated (the count behind the
    share; null for complaints).
    """
    by_category = deviations.deviations_by_category(conn, f)
    reaches_back = comparison.covered(conn, f, "deviations")
    rows = []
    for key, label in KPI_KINDS.items():
        part = by_category[contract.KINDS[key].matches(by_category["domain"], by_category["category"])]
        count = int(part["count"].sum())
        previous = int(part["previous_count"].sum()) if reaches_back else None
        investigated = int(part["investigated"].sum())
        rows.append(
            {
                "key": key,
                "label": label,
                "count": count,
                "previous_count": previous,
                "change_share": fmt.relative_change(count, previous),
                "investigated_share": investigated / count if count else None,
                "investigated": investigated,
            }
        )
    rows = [r for r in rows if r["count"] or r["previous_count"]]
    if supplied(conn, "complaints"):
        totals = complaints.complaint_totals(conn, f).iloc[0]
        count = int(totals["count"])
        previous = None if pd.isna(totals["previous_count"]) else int(totals["previous_count"])
        rows.append(
            {
                "key": "synpunkter",
                "label": "Synpunkter och klagomål",
                "count": count,
                "previous_count": previous,
                "change_share": fmt.relative_change(count, previous),
                "investigated_share": None,
                "investigated": None,
            }
        )
    columns = [
        "key",
        "label",
        "count",
        "previous_count",
        "change_share",
        "investigated_share",
        "investigated",
    ]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["investigated"] = frame["investigated"].astype("Int64")
    frame["previous_count"] = frame["previous_count"].astype("Int64")
    return frame


@protect("aggregate", counts=("count", "previous_count"))
def deviations_per_unit_type(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The period's deviations per unit type, all operators and domains together.

    One row per unit type with a deviation in the period, sorted by count descending then
    unit_type. Columns: unit_type, count, previous_count.
    """
    by_type = deviations.deviations_by_unit_type(conn, f)
    totals = by_type.groupby("unit_type", as_index=False)[["count", "previous_count"]].sum(min_count=1)
    totals = totals[totals["count"] > 0]
    return totals.sort_values(["count", "unit_type"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


@protect(
    "aggregate", counts=("count", "previous_count"), derived={"change_share": ("count", "previous_count")}
)
def deviations_by_domain(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Deviations per domain, in contract order; one row per domain with any in either period.

    Columns: domain, label (Swedish), count, previous_count, change_share (null when previous
    is 0).
    """
    by_category = deviations.deviations_by_category(conn, f)
    totals = by_category.groupby("domain", as_index=False)[["count", "previous_count"]].sum(min_count=1)
    order = {d: i for i, d in enumerate(contract.DOMAINS)}
    totals = totals.sort_values("domain", key=lambda s: s.map(order)).reset_index(drop=True)
    totals.insert(1, "label", totals["domain"].map(lambda d: contract.label(contract.DOMAINS, d)))
    totals["change_share"] = [
        fmt.relative_change(c, p) for c, p in zip(totals["count"], totals["previous_count"], strict=True)
    ]
    return totals


@protect("aggregate", counts=("count",), groups=("month",))
def monthly_by_domain(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Deviations per month and domain over the period (every month present, zero-filled).

    Columns: month (date, first day), domain, count.
    """
    monthly = trends.monthly_deviations(conn, f)
    if monthly.empty:
        return pd.DataFrame({"month": [], "domain": [], "count": []})
    return (
        monthly.groupby(["month", "domain"], as_index=False)["count"].sum().sort_values(["month", "domain"])
    )


def _about(value: float) -> str:
    """A rough figure for a text: 4 527 -> "~4 500", 68 -> "~68"."""
    if value < 100:
        return f"~{fmt.integer(value)}"
    digits = int(math.floor(math.log10(value))) - 1
    return f"~{fmt.integer(round(value, -digits))}"


@protect("aggregate")
def signals(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    baseline: int = spc.DEFAULT_BASELINE,
    change_month: date | None = None,
) -> pd.DataFrame:
    """The main signals of the period as plain Swedish sentences, most important first.

    First the statistical signals, each naming its rule: a special cause among the last months
    of a key figure's SPC series (spc.rule_signals, from the same suppressed series a politiker
    sees), then units outside their funnel's 99.8 % limits (spc.funnel_signals; never for
    politiker, and for a chef only the own units). Then the observations of the period
    (concentration of hot och våld, unsigned tasks against reported deviations, follow-up, units
    reporting nothing). No sentence compares with the previous period in per cent: a change
    between two periods cannot tell a shift from ordinary variation.

    One row per signal found. Columns: key, page (the page to read more on), text, value (the
    figure the sentence is about), rule (a stats.RULES name, "tratt_998" for a funnel, or
    "iakttagelse"). For politiker a sentence that would name a count of events from 1 to the
    suppression threshold is left out (analytics.privacy).
    """
    rows: list[dict] = [
        *spc.rule_signals(conn, f, baseline, change_month).to_dict("records"),
        *spc.funnel_signals(conn, f).to_dict("records"),
    ]
    observations: list[dict] = []

    def seen(fn: Any, result: pd.DataFrame) -> pd.DataFrame:
        # The figures as the role's tables show them: a sentence never states a hidden figure.
        return privacy.as_seen(fn, result, f.scope)

    def shown(*values: object) -> bool:
        return not any(pd.isna(v) for v in values)

    summary = seen(violence.violence_summary, violence.violence_summary(conn, f)).iloc[0]
    # "Två enheter står för 100 %" says nothing when only those units are looked at (a chef's
    # own units, or the unit filter).
    chosen = f.effective_unit_ids()
    few_units = chosen is not None and len(chosen) <= violence.TOP_N
    if (
        not few_units
        and shown(summary["deviations"])
        and summary["deviations"] >= SIGNAL_MIN_COUNT
        and not pd.isna(summary["top_share"])
        and shown(summary["top_count"], summary["deviations"])
    ):
        top_units = min(violence.TOP_N, int(summary["units"]))
        subject = (
            "En enhet står" if top_units == 1 else f"{_number_word(top_units).capitalize()} enheter står"
        )
        observations.append(
            {
                "key": "violence_concentration",
                "page": "hot-och-vald",
                "text": (
                    f"{subject} för {fmt.percent(summary['top_share'])} "
                    f"av hot och våld ({fmt.integer(summary['top_count'])} av "
                    f"{fmt.integer(summary['deviations'])} avvikelser)."
                ),
                "value": float(summary["top_share"]),
            }
        )

    if supplied(conn, "signings"):
        by_type = seen(signing.signing_by_unit_type, signing.signing_by_unit_type(conn, f))
        medication = by_type[(by_type["task_kind"] == "lakemedel") & by_type["unsigned"].notna()]
        if not medication.empty:
            worst = medication.sort_values(["unsigned", "unit_type"], ascending=[False, True]).iloc[0]
            if (
                shown(worst["unsigned"])
                and worst["unsigned"] >= SIGNAL_MIN_COUNT
                and shown(worst["unsigned"], worst["reported_deviations"])
            ):
                observations.append(
                    {
                        "key": "medication_underreporting",
                        "page": "lakemedel",
                        "text": (
                            f"{contract.unit_type_label(worst['unit_type'])}: läkemedelsavvikelser "
                            f"{fmt.integer(worst['reported_deviations'])} rapporterade mot "
                            f"{_about(float(worst['unsigned']))} osignerade läkemedelsinsatser."
                        ),
                        "value": float(worst["unsigned"]),
                    }
                )

    compliance = seen(deviations.compliance_by_category, deviations.compliance_by_category(conn, f))
    compliance = compliance[
        (compliance["count"].fillna(0) >= SIGNAL_MIN_COUNT) & compliance["followed_up_share"].notna()
    ]
    if not compliance.empty:
        worst = compliance.sort_values(["followed_up_share", "domain", "category"]).iloc[0]
        not_followed = 1 - float(worst["followed_up_share"])
        if not_followed >= 0.2:
            observations.append(
                {
                    "key": "not_followed_up",
                    "page": "avvikelser",
                    "text": (
                        f"{contract.category_label(worst['category'])} "
                        f"({contract.label(contract.DOMAINS, worst['domain'])}): "
                        f"{fmt.percent(not_followed)} av {fmt.integer(worst['count'])} avvikelser "
                        "är inte uppföljda."
                    ),
                    "value": not_followed,
                }
            )

    variation = seen(deviations.reporting_variation, deviations.reporting_variation(conn, f, "hsl_other"))
    silent = variation[(variation["zero_units"] > 0) & (variation["units"] >= 5)]
    if not silent.empty:
        row = silent.sort_values(["zero_units", "unit_type"], ascending=[False, True]).iloc[0]
        observations.append(
            {
                "key": "silent_units",
                "page": "lss-och-sol",
                "text": (
                    f"{fmt.integer(row['zero_units'])} av {fmt.integer(row['units'])} enheter inom "
                    f"{contract.unit_type_label(row['unit_type'])} rapporterade ingen HSL-avvikelse "
                    "utöver fall och läkemedel."
                ),
                "value": float(row["zero_units"]),
            }
        )

    rows += [{**row, "rule": "iakttagelse"} for row in observations]
    return pd.DataFrame.from_records(rows, columns=spc.SIGNAL_COLUMNS)


_NUMBER_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio")


def _number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else fmt.integer(n)


@protect("aggregate", counts=("count",))
def violence_subcategory_totals(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The period's hot och våld deviations per subcategory, both roles together.

    One row per subcategory occurring (null subcategory as a row of its own), most first.
    Columns: subcategory, count.
    """
    split = violence.violence_by_subcategory(conn, f)
    totals = split.groupby("subcategory", dropna=False, as_index=False)["count"].sum()
    return totals.sort_values(["count", "subcategory"], ascending=[False, True]).reset_index(drop=True)


@protect("aggregate", counts=_KPI_COUNTS, derived=_KPI_DERIVED, groups=None)
def kpi(conn: duckdb.DuckDBPyConnection, f: Filters, key: str) -> dict:
    """One row of kpis() as a dict (count 0 when the kind has no deviations in either period)."""
    if key not in KPI_KINDS and key != "synpunkter":
        raise ValueError(f"Okänt nyckeltal: {key!r}")
    table = kpis(conn, f)
    found = table[table["key"] == key]
    if found.empty:
        label = KPI_KINDS.get(key, key)
        return {
            "key": key,
            "label": label,
            "count": 0,
            "previous_count": 0 if comparison.covered(conn, f, "deviations") else None,
            "change_share": None,
            "investigated_share": None,
            "investigated": None,
        }
    return found.iloc[0].to_dict()


@protect("aggregate", counts=_KPI_COUNTS, derived=_KPI_DERIVED, groups=None)
def kpi_row(conn: duckdb.DuckDBPyConnection, f: Filters, key: str) -> pd.DataFrame:
    """kpi() as a one-row frame, so that a politiker's hidden counts keep their reason
    (privacy.suppressed_cells: shown as ".." whatever the reason). Columns as kpis()."""
    row = kpi(conn, f, key)
    frame = pd.DataFrame([row], columns=list(row))
    frame["investigated"] = frame["investigated"].astype("Int64")
    return frame


@protect("aggregate", counts=signing.SIGNING_COUNTS, derived=signing.SIGNING_DERIVED, not_counts=("tasks",))
def signing_totals(conn: duckdb.DuckDBPyConnection, f: Filters, task_kind: str | None = None) -> pd.DataFrame:
    """Signing of the period per task kind, all selected units together (empty without signings).

    One row per task_kind with tasks (only `task_kind` if given), in TASK_KINDS order.
    Columns: task_kind, tasks, signed, signed_share, unsigned, reported_deviations.
    """
    by_type = signing.signing_by_unit_type(conn, f)
    if task_kind is not None:
        by_type = by_type[by_type["task_kind"] == task_kind]
    columns = ["task_kind", "tasks", "signed", "signed_share", "unsigned", "reported_deviations"]
    if by_type.empty:
        return pd.DataFrame(columns=columns)
    totals = by_type.groupby("task_kind", as_index=False)[
        ["tasks", "signed", "unsigned", "reported_deviations"]
    ].sum()
    totals["signed_share"] = totals["signed"] / totals["tasks"]
    order = {k: i for i, k in enumerate(contract.TASK_KINDS)}
    return totals.sort_values("task_kind", key=lambda s: s.map(order))[columns].reset_index(drop=True)


@protect(
    "aggregate",
    counts=signing.SIGNING_COUNTS,
    derived=signing.SIGNING_DERIVED,
    groups=("task_kind",),
    not_counts=("tasks",),
)
def signing_groups(conn: duckdb.DuckDBPyConnection, f: Filters, task_kind: str) -> pd.DataFrame:
    """signing.signing_by_group for one task kind; columns as there."""
    if task_kind not in contract.TASK_KINDS:
        raise ValueError(f"Okänd insatstyp: {task_kind!r}")
    groups = signing.signing_by_group(conn, f)
    return groups[groups["task_kind"] == task_kind].reset_index(drop=True)


@protect("aggregate", counts=signing.SIGNING_COUNTS, derived=signing.SIGNING_DERIVED, not_counts=("tasks",))
def signing_unit_types(conn: duckdb.DuckDBPyConnection, f: Filters, task_kind: str) -> pd.DataFrame:
    """signing.signing_by_unit_type for one task kind, most unsigned first; columns as there."""
    if task_kind not in contract.TASK_KINDS:
        raise ValueError(f"Okänd insatstyp: {task_kind!r}")
    by_type = signing.signing_by_unit_type(conn, f)
    part = by_type[by_type["task_kind"] == task_kind]
    return part.sort_values(["unsigned", "unit_type"], ascending=[False, True]).reset_index(drop=True)


@protect(
    "aggregate",
    counts=survey.SURVEY_RESULT_COUNTS,
    derived=survey.SURVEY_RESULT_DERIVED,
    groups=("question_id", "sex"),
    not_counts=("positive",),
)
def survey_group(conn: duckdb.DuckDBPyConnection, f: Filters, unit_type: str = "all") -> pd.DataFrame:
    """survey.survey_results for one unit type ('all' = every selected type), sex 'alla'.

    One row per question, sorted by question_id; columns as survey_results.
    """
    if unit_type != "all" and unit_type not in contract.UNIT_TYPES:
        raise ValueError(f"Okänd verksamhetstyp: {unit_type!r}")
    results = survey.survey_results(conn, f)
    part = results[(results["unit_type"] == unit_type) & (results["sex"] == "alla")]
    return part.sort_values("question_id").reset_index(drop=True)


@protect("aggregate")
def survey_unit_types(conn: duckdb.DuckDBPyConnection, f: Filters) -> tuple[str, ...]:
    """The unit types with survey results in the survey year, 'all' first, then contract order."""
    present = set(survey.survey_results(conn, f)["unit_type"])
    return ("all", *(t for t in contract.UNIT_TYPES if t in present))


@protect("aggregate", counts=("count",))
def attribute_totals(conn: duckdb.DuckDBPyConnection, f: Filters, attribute: str) -> pd.DataFrame:
    """The period's deviations per value of one attribute (deviations.ATTRIBUTES), all domains,
    categories and lex Sarah together; most first, a missing value (null) last.

    One row per value with a deviation in the period. Columns: value (code or null), count.
    """
    by_attribute = deviations.deviations_by_attribute(conn, f, attribute)
    totals = by_attribute.groupby("value", dropna=False, as_index=False)["count"].sum()
    totals = totals[totals["count"] > 0]
    totals = totals.assign(_missing=totals["value"].isna())
    totals = totals.sort_values(["_missing", "count", "value"], ascending=[True, False, True])
    return totals.drop(columns="_missing").reset_index(drop=True)


@protect("brukare_level")
def violence_roles_by_brukare(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Hot och våld (LSS and SoL) per brukare within each unit, by the brukare's role.

    One row per (unit_id, brukare_id) with such a deviation in the period or the previous
    period; the rows without a brukare make one row per unit with brukare_id null. Sorted by
    unit_type, operator, unit_id, count descending, brukare_id (nulls last). Columns: unit_id,
    unit_type, operator, brukare_id, count, utovare, utsatt, without_role (the period's count
    by violence_role), previous_count. The domain and category filters of `f` apply on top.
    """
    return run(conn, "violence_roles_by_brukare", f)


_PERIOD_COUNTS = ("count", "previous_count", "exposure", "previous_exposure")
_PERIOD_DERIVED = {c: _PERIOD_COUNTS for c in spc.RATIO_COLUMNS}


@protect("aggregate", counts=_PERIOD_COUNTS, derived=_PERIOD_DERIVED, groups=None)
def period_rate_ratios(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Each key figure of kpis() against the comparison period (f.comparison) as a rate ratio with
    its exact 95 % interval: per brukare-month (the census summed over each period's months) for deviations,
    per day for complaints (not tied to the census). A deviation figure is not compared when either
    period has no census (no data loaded for it: nothing to compare with).

    One row per kpis() row. Columns: key, label, count, previous_count, exposure,
    previous_exposure, exposure_unit ("brukarmanader" or "dagar"), ratio, lower, upper, p_value,
    significant (bool, or None when it cannot be computed).
    """
    table = kpis(conn, f)
    brukare_months = []
    for period_filters in (f, f.compared()):
        monthly = trends.monthly_rates(conn, period_filters)
        brukare_months.append(float(monthly.loc[monthly["unit_type"] == "all", "brukare"].sum()))
    rows = []
    for row in table.itertuples(index=False):
        per_brukare = row.key != "synpunkter"
        exposure, previous = brukare_months if per_brukare else (f.period.days, f.comparison.days)
        if pd.isna(row.previous_count):  # the data do not reach back: nothing to compare with
            ratio = spc.ratio_of(row.count, exposure, 0, 0.0)
        else:
            ratio = spc.ratio_of(row.count, exposure, row.previous_count, previous)  # NaN without a census
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "count": int(row.count),
                "previous_count": None if pd.isna(row.previous_count) else int(row.previous_count),
                "exposure": exposure,
                "previous_exposure": previous,
                "exposure_unit": "brukarmanader" if per_brukare else "dagar",
                **ratio,
            }
        )
    columns = [
        "key",
        "label",
        "count",
        "previous_count",
        "exposure",
        "previous_exposure",
        "exposure_unit",
        *spc.RATIO_COLUMNS,
    ]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["previous_count"] = frame["previous_count"].astype("Int64")
    return frame
