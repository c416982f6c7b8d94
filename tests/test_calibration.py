"""Calibration: the demo at scale 1 tells the story of the SOF 2022 berättelse.

Every row of calibration-sof-2022.md except signing, complaints and the survey (part B's file)
is computed through the analytics functions and, where the figure is in key-figures.md,
through `python -m analytics figures` as well. Tolerances are the calibration doc's: counts
exact, shares ±0.01, per-brukare rates ±0.05. A rate the report states as a whole number (501
tasks per brukare) is held to that precision: ±0.5, half a unit of the stated figure, as ±0.05
is half a unit of the one-decimal rates. Rows the doc words as "about"/"e.g." are checked as
the direction they state, not as a number.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics.__main__ import main as cli
from analytics.analyses import deviations, falls, lex, overview, rates, reporting, violence
from analytics.db import connect_readonly
from analytics.filters import Filters, Period

pytestmark = pytest.mark.slow

Y2022 = Period.calendar_year(2022)
JAN_NOV = Period(date(2022, 1, 1), date(2022, 11, 30))
HSL_OTHER = ("hsl_insats", "informationsoverforing", "vard_behandling", "medicinteknik", "annat")
SHARE = 0.01
RATE = 0.05
WHOLE_RATE = 0.5  # a rate stated as a whole number


@pytest.fixture(scope="module")
def conn(demo_db: Path):
    """The scale-1 demo database, opened read-only as the app opens it."""
    c = connect_readonly(demo_db)
    yield c
    c.close()


def _figures(db: Path, period: Period, out: Path) -> dict:
    code = cli(
        [
            "figures",
            "--db",
            str(db),
            "--from",
            period.start.isoformat(),
            "--to",
            period.end.isoformat(),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kf_2022(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The exported key figures for 2022."""
    return _figures(demo_db, Y2022, tmp_path_factory.mktemp("kf") / "2022.json")


@pytest.fixture(scope="module")
def kf_jan_nov(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The exported key figures for January-November 2022 (the report's analysis window)."""
    return _figures(demo_db, JAN_NOV, tmp_path_factory.mktemp("kf") / "jan_nov.json")


@pytest.fixture(scope="module")
def by_category(conn) -> pd.DataFrame:
    """deviations_by_category for 2022, indexed by (domain, category)."""
    return deviations.deviations_by_category(conn, Filters.build(Y2022)).set_index(["domain", "category"])


def _export_row(rows: list[dict], **keys: str) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in keys.items())]
    assert len(found) == 1, keys
    return found[0]


def _type_count(conn, period: Period, unit_type: str, domain: str, **lists) -> int:
    df = deviations.deviations_by_unit_type(conn, Filters.build(period, **lists))
    return int(df.loc[(df.unit_type == unit_type) & (df.domain == domain), "count"].sum())


# ---- Organisation ---------------------------------------------------------------------------


def test_organisation_units_and_brukare(conn, kf_2022):
    units = rates.rates_per_unit(conn, Filters.build(Y2022))
    per_group = units.groupby(["unit_type", "operator"]).size()
    assert per_group[("gruppbostad_lss", "egen_regi")] == 30
    assert per_group[("gruppbostad_lss", "privat")] == 11
    assert per_group["bostad_sol"].sum() == 6
    assert per_group[("servicebostad_lss", "privat")] == 3
    r = rates.rates_per_brukare(conn, Filters.build(Y2022)).set_index("unit_type")
    assert r.loc["gruppbostad_lss", "brukare"] == pytest.approx(206, abs=RATE)
    assert r.loc["bostad_sol", "brukare"] == pytest.approx(76, abs=RATE)
    assert _export_row(kf_2022["rates_per_brukare"], unit_type="gruppbostad_lss")["brukare"] == pytest.approx(
        206, abs=RATE
    )


def test_women_and_men_share_of_brukare(conn):
    three = ["gruppbostad_lss", "servicebostad_lss", "bostad_sol"]
    s = falls.falls_summary(conn, Filters.build(Y2022, unit_types=three)).iloc[0]
    assert s["census_women_share"] == pytest.approx(0.42, abs=SHARE)
    assert s["census_men_share"] == pytest.approx(0.58, abs=SHARE)


# ---- Falls ----------------------------------------------------------------------------------


def test_falls_2022_and_2021(by_category, kf_2022):
    assert by_category.loc[("hsl", "fall"), "count"] == 413
    assert by_category.loc[("hsl", "fall"), "previous_count"] == 480
    row = _export_row(kf_2022["deviations_by_category"], domain="hsl", category="fall")
    assert (row["count"], row["previous_count"]) == (413, 480)


def test_falls_at_gruppbostad_and_bostad_sol(conn, kf_2022):
    grupp = _type_count(conn, Y2022, "gruppbostad_lss", "hsl", categories=["fall"])
    sol = _type_count(conn, Y2022, "bostad_sol", "hsl", categories=["fall"])
    assert (grupp, sol) == (217, 81)
    assert (grupp + sol) / 413 == pytest.approx(0.72, abs=SHARE)
    r = {row["unit_type"]: row for row in kf_2022["rates_per_brukare"]}
    assert r["gruppbostad_lss"]["fall_deviations"] == pytest.approx(217 / 206, abs=RATE)


def test_distinct_brukare_with_a_fall(conn, kf_2022):
    s = falls.falls_summary(conn, Filters.build(Y2022)).iloc[0]
    assert (s["deviations"], s["brukare"], s["women"], s["men"]) == (413, 147, 80, 67)
    per = falls.falls_per_brukare(conn, Filters.build(Y2022)).set_index("falls")["brukare"]
    assert per.idxmax() == "1"  # most brukare fall exactly once
    f = kf_2022["falls"]
    assert (f["deviations"], f["brukare"], f["women"], f["men"]) == (413, 147, 80, 67)
    assert sum(f["falls_per_brukare"].values()) == 147


def test_falls_without_follow_up(by_category, kf_2022):
    assert 1 - by_category.loc[("hsl", "fall"), "followed_up_share"] == pytest.approx(0.21, abs=SHARE)
    row = _export_row(kf_2022["deviations_by_category"], domain="hsl", category="fall")
    assert 1 - row["followed_up_share"] == pytest.approx(0.21, abs=SHARE)


# ---- HSL övrigt -----------------------------------------------------------------------------


def test_hsl_other_total_and_change(by_category):
    hsl = by_category.loc["hsl"].loc[list(c for c in HSL_OTHER if c in by_category.loc["hsl"].index)]
    assert hsl["count"].sum() == 815
    assert hsl["previous_count"].sum() == 886
    assert (hsl.loc["hsl_insats", "count"], hsl.loc["annat", "count"]) == (245, 236)


def test_hsl_other_change_and_compliance_through_the_product(conn):
    # the shares as the product computes them: the overview's key figure and compliance_by_domain
    kpi = overview.kpis(conn, Filters.build(Y2022)).set_index("key").loc["hsl_other"]
    assert (kpi["count"], kpi["previous_count"]) == (815, 886)
    assert kpi["change_share"] == pytest.approx(-0.08, abs=SHARE)
    assert 1 - kpi["investigated_share"] == pytest.approx(0.20, abs=SHARE)
    f = Filters.build(Y2022, domains=["hsl"], categories=list(HSL_OTHER))
    compliance = deviations.compliance_by_domain(conn, f).set_index("domain").loc["hsl"]
    assert compliance["count"] == 815
    assert 1 - compliance["investigated_share"] == pytest.approx(0.20, abs=SHARE)
    assert 1 - compliance["followed_up_share"] == pytest.approx(0.33, abs=SHARE)


def test_hsl_other_at_gruppbostad(conn):
    v = deviations.reporting_variation(conn, Filters.build(Y2022), kind="hsl_other").set_index("unit_type")
    assert v.loc["gruppbostad_lss", "count"] == 451
    assert v.loc["gruppbostad_lss", "zero_units"] >= 1  # at least one gruppbostad reports none
    df = deviations.deviations_by_unit_type(
        conn, Filters.build(Y2022, domains=["hsl"], categories=list(HSL_OTHER))
    )
    assert df.loc[df.unit_type == "gruppbostad_lss", "previous_count"].sum() == 538


def test_hsl_other_at_bostad_sol(conn, kf_2022):
    f = Filters.build(Y2022)
    mean = rates.mean_per_unit(conn, f).set_index("unit_type")
    assert (mean.loc["bostad_sol", "units"], mean.loc["bostad_sol", "hsl_other_count"]) == (6, 224)
    assert mean.loc["bostad_sol", "hsl_other_deviations"] == pytest.approx(37.3, abs=RATE)
    dist = deviations.unit_distribution(conn, f.with_(unit_types=["bostad_sol"]), kind="hsl_other")
    assert dist["count"].tolist()[:2] == [76, 61]
    prev = deviations.deviations_by_unit_type(
        conn, Filters.build(Y2022, unit_types=["bostad_sol"], domains=["hsl"], categories=list(HSL_OTHER))
    )
    assert prev["previous_count"].sum() == 196
    row = _export_row(kf_2022["mean_per_unit"], unit_type="bostad_sol")
    assert (row["units"], row["hsl_other_deviations"]) == (6, pytest.approx(37.33, abs=RATE))


# ---- LSS and SoL ----------------------------------------------------------------------------


def test_lss_deviations(by_category, conn, kf_2022):
    lss = by_category.loc["lss"]
    assert (lss["count"].sum(), lss["previous_count"].sum()) == (619, 252)
    kpi = overview.kpis(conn, Filters.build(Y2022)).set_index("key").loc["lss"]
    assert kpi["change_share"] == pytest.approx(1.46, abs=SHARE)
    compliance = deviations.compliance_by_domain(conn, Filters.build(Y2022)).set_index("domain").loc["lss"]
    assert compliance["count"] == 619
    assert 1 - compliance["investigated_share"] == pytest.approx(0.24, abs=SHARE)
    assert 1 - compliance["followed_up_share"] == pytest.approx(0.33, abs=SHARE)
    assert _type_count(conn, Y2022, "gruppbostad_lss", "lss", operators=["egen_regi"]) == 303
    assert _type_count(conn, Y2022, "gruppbostad_lss", "lss", operators=["privat"]) == 92
    units = deviations.deviations_by_unit(
        conn, Filters.build(Y2022, unit_types=["gruppbostad_lss"], domains=["lss"])
    )
    assert units["count"].max() == 125
    egen = _export_row(
        kf_2022["deviations_by_unit_type"], unit_type="gruppbostad_lss", operator="egen_regi", domain="lss"
    )
    assert egen["count"] == 303


def test_sol_deviations(by_category, conn):
    sol = by_category.loc["sol"]
    assert (sol["count"].sum(), sol["previous_count"].sum()) == (368, 331)
    units = deviations.deviations_by_unit(conn, Filters.build(Y2022, domains=["sol"]))
    per_type = units.groupby("unit_type")["count"].sum()
    assert per_type["boendestod"] / 368 == pytest.approx(0.46, abs=SHARE)
    assert per_type["bostad_sol"] / 368 == pytest.approx(0.46, abs=SHARE)
    assert units["count"].max() == 86
    bostad = units[units.unit_type == "bostad_sol"]
    assert (bostad["count"] < 10).sum() == 3


# ---- Läkemedel ------------------------------------------------------------------------------


def test_medication_deviations(by_category, conn):
    row = by_category.loc[("hsl", "lakemedel")]
    assert row["count"] == 1877
    assert row["previous_count"] > row["count"]  # 2021 chosen higher: falling
    before = deviations.deviations_by_category(conn, Filters.build(Period.calendar_year(2021)))
    before = before.set_index(["domain", "category"]).loc[("hsl", "lakemedel")]
    assert before["previous_count"] > before["count"]  # 2020 higher still
    assert 1 - row["investigated_share"] == pytest.approx(0.24, abs=SHARE)
    assert 1 - row["followed_up_share"] == pytest.approx(0.35, abs=SHARE)
    for unit_type, now, then in (
        ("gruppbostad_lss", 1039, 1287),
        ("bostad_sol", 538, 546),
        ("hemsjukvard", 127, 251),
    ):
        df = deviations.deviations_by_unit_type(
            conn, Filters.build(Y2022, unit_types=[unit_type], categories=["lakemedel"])
        )
        assert (df["count"].sum(), df["previous_count"].sum()) == (now, then), unit_type


def test_medication_subcategories_and_consequences(conn):
    f = Filters.build(Y2022, domains=["hsl"], categories=["lakemedel"])
    sub = (
        deviations.deviations_by_attribute(conn, f, "subcategory")
        .groupby("value", dropna=False)["count"]
        .sum()
    )
    for code, target in (
        ("signering", 0.51),
        ("lakemedel_saknas", 0.18),
        ("ej_fatt_alla", 0.14),
        ("ej_fatt_alls", 0.12),
    ):
        assert sub[code] / 1877 == pytest.approx(target, abs=SHARE), code
    cons = deviations.deviations_by_attribute(conn, f, "consequence")
    counts = cons.groupby("value", dropna=False)["count"].sum()
    assert (counts["fysisk_skada"], counts["obehag_oro"], counts["okat_vardbehov"]) == (23, 119, 27)
    investigated = cons.groupby("value", dropna=False)["investigated"].sum()
    others = investigated.drop(["fysisk_skada", "obehag_oro", "okat_vardbehov"], errors="ignore")
    assert set(others[others > 0].index) <= {"ingen"}  # the other investigated ones: ingen


# ---- Lex Sarah, reported by, vårdsamverkan ---------------------------------------------------


def test_lex_sarah(by_category):
    assert (by_category["lex_sarah"].sum(), by_category["previous_lex_sarah"].sum()) == (50, 75)
    assert by_category["ivo_reported"].sum() == 2
    lex = by_category["lex_sarah"]
    violence_share = lex.xs("hot_och_vald", level="category").sum() / 50
    tvang_share = lex.xs("tvang_begransning", level="category").sum() / 50
    assert 0.2 <= violence_share <= 0.3  # "about a quarter"
    assert 0.05 <= tvang_share <= 0.15  # "a tenth"


def test_lex_sarah_through_the_v2_functions_and_export(conn, kf_2022):
    # key-figures.md v2: the chapter's own figures, 2022 against 2021 (the default comparison)
    summary = lex.lex_summary(conn, Filters.build(Y2022)).iloc[0]
    assert (summary["reports"], summary["previous_reports"], summary["ivo_reported"]) == (50, 75, 2)
    assert (kf_2022["lex_sarah"]["reports"], kf_2022["lex_sarah"]["previous_reports"]) == (50, 75)
    assert kf_2022["lex_sarah"]["ivo_reported"] == 2
    assert sum(r["count"] for r in kf_2022["lex_sarah"]["by_outcome"]) == 50
    assert sum(r["count"] for r in kf_2022["lex_sarah"]["by_domain"]) == 50
    assert kf_2022["period"]["comparison"] == {"from": "2021-01-01", "to": "2021-12-31"}
    years = {r["year"]: r for r in kf_2022["yearly"]}
    assert (years[2021]["lex_sarah"], years[2022]["lex_sarah"], years[2022]["ivo_reported"]) == (75, 50, 2)
    assert years[2022]["falls"] == 413 and years[2021]["falls"] == 480
    # the demo's first year is 2020: 2020 against 2019 has no data, so null, not 0
    first = lex.lex_summary(conn, Filters.build(Period.calendar_year(2020))).iloc[0]
    assert pd.isna(first["previous_reports"])


def test_reported_by_myndighet(conn):
    df = deviations.deviations_by_attribute(conn, Filters.build(Y2022), "reported_by")
    mynd = df[df.value == "myndighet"]
    plain = mynd[~mynd.lex_sarah]
    assert plain["count"].sum() == 33
    assert plain.groupby("domain")["count"].sum().to_dict() == {"lss": 21, "sol": 12}
    assert plain["count"].sum() - plain["investigated"].sum() == 30
    assert mynd[mynd.lex_sarah]["count"].sum() == 11


def test_vardsamverkan_directions(conn):
    df = deviations.deviations_by_attribute(
        conn, Filters.build(Y2022, domains=["vardsamverkan"]), "direction"
    )
    counts = df.groupby("value")["count"].sum()
    assert (counts["inkommande"], counts["utgaende"]) == (8, 78)
    by_direction = reporting.vardsamverkan_by_direction(conn, Filters.build(Y2022)).set_index("direction")
    assert (by_direction.loc["inkommande", "count"], by_direction.loc["utgaende", "count"]) == (8, 78)


def test_myndighet_share_investigated_v2(conn, kf_2022):
    # 33 plain + 11 lex Sarah reports from myndighet; 30 of the 33 not investigated
    row = _export_row(kf_2022["by_reporter"], reported_by="myndighet")
    assert row["count"] == 44
    table = reporting.reporter_by_domain(conn, Filters.build(Y2022))
    mynd = table[table.reported_by == "myndighet"]
    assert mynd["count"].sum() == 44
    assert kf_2022["vardsamverkan"]["inkommande"] == 8 and kf_2022["vardsamverkan"]["utgaende"] == 78


# ---- Kia ------------------------------------------------------------------------------------


def test_work_incidents(conn, kf_2022):
    s = violence.work_incidents_summary(conn, Filters.build(Y2022)).iloc[0]
    assert s["work_incidents"] == 255
    assert s["top_share"] == pytest.approx(0.5, abs=SHARE)
    v = kf_2022["violence"]
    assert v["work_incidents"] == 255
    assert v["work_incidents_top5_share"] == pytest.approx(0.5, abs=SHARE)


# ---- January-November -----------------------------------------------------------------------


def test_lss_sol_categories_jan_nov(conn):
    df = deviations.deviations_by_category(conn, Filters.build(JAN_NOV, domains=["lss", "sol"]))
    assert df["count"].sum() == 879
    full = deviations.deviations_by_category(conn, Filters.build(Y2022, domains=["lss", "sol"]))
    assert full["count"].sum() - 879 == 108
    per = df.groupby("category")["count"].sum()
    named = {
        "utebliven_insats": 452,
        "hot_och_vald": 163,
        "bristande_kvalitet": 146,
        "bemotande": 23,
        "sakerhet": 38,
    }
    assert {k: per[k] for k in named} == named
    assert per.drop(list(named)).sum() == 57
    sol = df[df.domain == "sol"].set_index("category")["count"]
    assert sol["utebliven_insats"] / sol.sum() == pytest.approx(0.78, abs=SHARE)


def test_violence_jan_nov(conn, kf_jan_nov):
    f = Filters.build(JAN_NOV)
    s = violence.violence_summary(conn, f).iloc[0]
    assert s["deviations"] == 163
    assert s["utovare"] / 163 == pytest.approx(0.56, abs=SHARE)
    assert s["utsatt"] / 163 == pytest.approx(0.44, abs=SHARE)
    assert s["personal_mot_brukare"] == 6
    assert s["top_share"] == pytest.approx(0.52, abs=SHARE)
    assert s["top_brukare"] == 4
    top_types = violence.violence_by_unit(conn, f).head(5)["unit_type"].value_counts().to_dict()
    assert top_types == {"gruppbostad_lss": 3, "daglig_verksamhet": 1, "bostad_sol": 1}
    pmb = deviations.deviations_by_attribute(conn, f.with_(categories=["hot_och_vald"]), "subcategory")
    pmb = pmb[pmb.value == "personal_mot_brukare"]
    assert pmb[pmb.lex_sarah]["count"].sum() == 6 and pmb[~pmb.lex_sarah]["count"].sum() == 0
    v = kf_jan_nov["violence"]
    assert (v["deviations"], v["personal_mot_brukare"], v["top5_brukare"]) == (163, 6, 4)
    assert v["top5_share"] == pytest.approx(0.52, abs=SHARE)
    assert v["utovare"] / v["deviations"] == pytest.approx(0.56, abs=SHARE)


def test_violence_mean_per_active_unit_jan_nov(conn, kf_jan_nov):
    mean = rates.mean_per_unit(conn, Filters.build(JAN_NOV)).set_index("unit_type")["violence_deviations"]
    assert mean["gruppbostad_lss"] == pytest.approx(2.1, abs=RATE)
    assert mean["bostad_sol"] == pytest.approx(6.0, abs=RATE)
    row = _export_row(kf_jan_nov["mean_per_unit"], unit_type="bostad_sol")
    assert row["violence_deviations"] == pytest.approx(6.0, abs=RATE)


# ---- Per brukare, 2022 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "grupp", "sol", "tolerance"),
    [
        ("hsl_tasks", 501, 144, WHOLE_RATE),
        ("hsl_other_deviations", 2.2, 224 / 76, RATE),  # 2.95: the demo follows the count
        ("medication_tasks", 1645, 1142, WHOLE_RATE),
        ("medication_deviations", 5.0, 7.1, RATE),
    ],
)
def test_lss_vs_sol_table(conn, kf_2022, column, grupp, sol, tolerance):
    table = rates.lss_vs_sol(conn, Filters.build(Y2022)).set_index("unit_type")
    assert table.loc["gruppbostad_lss", column] == pytest.approx(grupp, abs=tolerance)
    assert table.loc["bostad_sol", column] == pytest.approx(sol, abs=tolerance)
    exported = {r["unit_type"]: r for r in kf_2022["rates_per_brukare"]}
    assert exported["gruppbostad_lss"][column] == pytest.approx(grupp, abs=tolerance)
    assert exported["bostad_sol"][column] == pytest.approx(sol, abs=tolerance)


def test_previous_period_of_h2_is_h1_and_2020_has_no_comparison(conn):
    # issue 9: v1 compared H2 2022 with 184 days ending 2022-06-30 (Fall 220 against the 216 of
    # H1 2022). Version 2's "previous" of a half-year is the half-year before.
    h1, h2 = Period.half_year(2022, 1), Period.half_year(2022, 2)
    before = deviations.deviations_by_category(conn, Filters.build(h2, compare="previous"))
    first = deviations.deviations_by_category(conn, Filters.build(h1))
    merged = before.merge(first, on=["domain", "category"], how="outer", suffixes=("", "_h1")).fillna(0)
    assert (merged["previous_count"] == merged["count_h1"]).all()
    # 2020 is the demo's first year: against 2019 there is no data, so null rather than 0
    y2020 = deviations.deviations_by_category(conn, Filters.build(Period.calendar_year(2020)))
    assert y2020["previous_count"].isna().all() and (y2020["count"] > 0).all()
