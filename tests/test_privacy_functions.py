"""Every public analytics function, for every role, on a tiny database and on the demo.

For each function registered in analytics.privacy (the registry must hold every public
function of the subject modules):
- politiker: unit-, brukare- and free-text functions are refused; every other result holds no
  brukare id, no description, no unit id or name, and no count from 1 to 4;
- chef: no result names a unit outside the scope, and every function (except the survey, by
  decision per unit type) returns exactly what an analytiker gets when choosing those units;
- analytiker: sees brukare ids and descriptions (so the checks above can fail).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from test_deviations import H1, tables
from tiny_db import build

from analytics import privacy
from analytics.db import connect_readonly
from analytics.filters import Filters, Period, Scope

REGISTRY = privacy.registry()
NAMES = sorted(REGISTRY)
EXAMPLE_ARGS: dict[str, object] = {
    "attribute": "consequence",
    "kind": "all",
    "key": "fall",
    "task_kind": "lakemedel",
    "unit_type": "gruppbostad_lss",
    "measure": "fall",
    "completed": date(2022, 3, 15),
}
# Where two functions name a parameter alike with different codes.
EXAMPLE_ARGS_BY_FUNCTION: dict[str, dict[str, object]] = {
    "effect.effect_windows": {"measure": "falls_per_brukare_month"},
}
HOSTILE = ["<script>alert(1)</script> föll i badrummet", '<img src=x onerror="alert(2)"> klagomål']
# By decision (analytics.privacy): survey figures are per unit type, the same for a chef.
CHEF_SEES_FORVALTNING = {n for n in NAMES if n.startswith("survey.") or n.startswith("overview.survey_")}
# By decision (analytics.analyses.spc): a chef's funnel compares the own units with every unit,
# the others as anonymous points (no id, name or type), so it differs from an analytiker's.
CHEF_COMPARES_ANONYMOUSLY = {"spc.funnel_units"}
THRESHOLD = privacy.MIN_CELL_DEFAULT


def tiny_tables() -> dict[str, list[dict]]:
    """test_deviations' units and deviations (2022 H1), with texts and complaints."""
    t = tables()
    for row, text in zip(t["deviations"][:2], HOSTILE, strict=True):
        row["description"] = text
    t["complaints"] = [
        {
            "complaint_id": "K1",
            "received_date": date(2022, 2, 1),
            "unit_id": "A1",
            "kind": "klagomal",
            "category": "bemotande",
            "sender": "anhorig",
            "description": HOSTILE[1],
        },
        {
            "complaint_id": "K2",
            "received_date": date(2022, 3, 1),
            "unit_id": "B1",
            "kind": "synpunkt",
            "sender": "brukare",
            "description": "Maten är kall, säger brukare P3.",
        },
        {
            "complaint_id": "K3",
            "received_date": date(2022, 3, 2),
            "unit_id": "A2",
            "kind": "klagomal",
            "confidential": True,
            "description": "Sekretess: får aldrig visas.",
        },
    ]
    return t


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny database as a file (read-only connections like the app's)."""
    path = tmp_path_factory.mktemp("privacy") / "tiny.duckdb"
    build(tiny_tables(), path).close()
    return path


@pytest.fixture(scope="module", params=["tiny", "demo"])
def case(request: pytest.FixtureRequest, tiny_db: Path) -> Iterator[dict[str, Any]]:
    """A database with its period, a chef's units and the values no politiker may see."""
    if request.param == "tiny":
        path, period, units = tiny_db, H1, ("A2", "B1")
    else:
        path = request.getfixturevalue("demo_db")
        period, units = Period.calendar_year(2022), ("U001", "U002", "U017")
    conn = connect_readonly(path)
    yield {
        "conn": conn,
        "period": period,
        "units": units,
        "brukare_ids": _column_values(conn, "select brukare_id from deviations"),
        "descriptions": _column_values(
            conn, "select description from deviations union all select description from complaints"
        ),
        "unit_ids": _column_values(conn, "select unit_id from units"),
        "unit_names": _column_values(conn, "select unit_name from units"),
    }
    conn.close()


def _column_values(conn: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    with conn.cursor() as cur:
        try:
            return {r[0] for r in cur.execute(sql).fetchall() if r[0] is not None}
        except duckdb.CatalogException:  # no complaints table
            return {r[0] for r in cur.execute(sql.split(" union all ")[0]).fetchall() if r[0] is not None}


def call(name: str, conn: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    fn = REGISTRY[name].function
    params = inspect.signature(fn).parameters
    if list(params)[1:2] != ["f"]:
        return fn(conn)
    examples = EXAMPLE_ARGS | EXAMPLE_ARGS_BY_FUNCTION.get(name, {})
    extra = {p: examples[p] for p in list(params)[2:] if params[p].default is inspect.Parameter.empty}
    return fn(conn, f, **extra)


def strings(result: Any) -> set[str]:
    """Every text value anywhere in a result (frame cells, dict keys and values, tuples)."""
    if isinstance(result, pd.DataFrame):
        return {v for col in result.columns for v in result[col].tolist() if isinstance(v, str)}
    if isinstance(result, dict):
        return {str(k) for k in result} | {v for v in result.values() if isinstance(v, str)}
    if isinstance(result, tuple | list | set | frozenset):
        return {v for v in result if isinstance(v, str)}
    return {result} if isinstance(result, str) else set()


def test_every_public_function_of_the_subject_modules_is_registered() -> None:
    found = set()
    for module_name in privacy.MODULES:
        module = importlib.import_module(f"analytics.analyses.{module_name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            if list(inspect.signature(fn).parameters)[:1] == ["conn"]:
                found.add(f"{module_name}.{name}")
                assert privacy.rule_of(fn) is REGISTRY[f"{module_name}.{name}"].rule
    assert found == set(NAMES)
    assert len(NAMES) > 60


@pytest.mark.parametrize("name", NAMES)
def test_politiker_gets_aggregates_only(case: dict[str, Any], name: str) -> None:
    f = Filters.build(case["period"], Scope("politiker", None, "p"))
    rule = REGISTRY[name].rule
    if rule.sensitivity in (
        privacy.Sensitivity.UNIT_LEVEL,
        privacy.Sensitivity.BRUKARE_LEVEL,
        privacy.Sensitivity.FREE_TEXT,
    ):
        with pytest.raises(PermissionError, match="politiker"):
            call(name, case["conn"], f)
        assert not privacy.allowed(REGISTRY[name].function, f.scope)
        return
    result = call(name, case["conn"], f)
    seen = strings(result)
    assert not seen & case["brukare_ids"], "brukare id"
    assert not seen & case["descriptions"], "free text"
    if isinstance(result, pd.DataFrame):
        assert not {"brukare_id", "description"} & set(result.columns)
    if rule.sensitivity == privacy.Sensitivity.META:
        return  # the organisation register and load status: the same for every role
    assert not seen & case["unit_ids"], "unit id"
    assert not seen & case["unit_names"], "unit name"
    frame = pd.DataFrame([result]) if isinstance(result, dict) else result
    if not isinstance(frame, pd.DataFrame):
        return
    for column in frame.columns:
        values = pd.to_numeric(frame[column], errors="coerce")
        is_count = column in rule.counts or (
            pd.api.types.is_integer_dtype(frame[column].dtype) and column not in rule.not_counts
        )
        if is_count:
            small = values[(values > 0) & (values < THRESHOLD)]
            assert small.empty, f"{column}: {small.tolist()}"


@pytest.mark.parametrize("name", NAMES)
def test_chef_sees_only_own_units(case: dict[str, Any], name: str) -> None:
    conn, units = case["conn"], case["units"]
    f = Filters.build(case["period"], Scope("chef", units, "c"))
    rule = REGISTRY[name].rule
    result = call(name, conn, f)
    if rule.sensitivity == privacy.Sensitivity.META:
        return
    others = (case["unit_ids"] - set(units)) | (
        case["unit_names"] - set(call("datastatus.unit_names", conn, f)[u] for u in units)
    )
    assert not strings(result) & others, "another unit"
    if isinstance(result, pd.DataFrame) and "unit_id" in result.columns:
        assert set(result["unit_id"].dropna()) <= set(units)
    if name in CHEF_SEES_FORVALTNING:
        return
    chosen = call(name, conn, Filters.build(case["period"], unit_ids=units))
    if name in CHEF_COMPARES_ANONYMOUSLY:
        others = ~result["own"]
        assert result.loc[others, ["unit_id", "unit_name", "unit_type"]].isna().all().all()
        assert set(result.loc[~others, "unit_id"]) == set(chosen.loc[chosen["own"], "unit_id"])
        numbers = ["observed", "expected", "ratio", "lower998", "upper998"]
        pd.testing.assert_frame_equal(result[numbers], chosen[numbers])
        return
    if isinstance(result, pd.DataFrame):
        pd.testing.assert_frame_equal(result, chosen)
    else:
        assert result == chosen


def test_chef_choosing_another_unit_gets_nothing(case: dict[str, Any]) -> None:
    outside = sorted(case["unit_ids"] - set(case["units"]))[0]
    f = Filters.build(case["period"], Scope("chef", case["units"], "c"), unit_ids=[outside])
    assert call("deviations.deviations_by_brukare", case["conn"], f).empty
    assert call("deviations.deviations_by_category", case["conn"], f)["count"].sum() == 0


def test_analytiker_sees_brukare_ids_and_free_text(case: dict[str, Any]) -> None:
    f = Filters.build(case["period"])
    by_brukare = call("deviations.deviations_by_brukare", case["conn"], f)
    assert set(by_brukare["brukare_id"].dropna()) & case["brukare_ids"]
    listed = call("complaints.complaints_list", case["conn"], f)
    assert set(listed["description"].dropna()) & case["descriptions"]
    deviations = call("deviations.deviation_list", case["conn"], f)
    assert set(deviations["description"].dropna()) & case["descriptions"]
    assert set(deviations["brukare_id"].dropna()) & case["brukare_ids"]


def test_confidential_complaints_show_no_content_to_anyone(tiny_db: Path) -> None:
    conn = connect_readonly(tiny_db)
    try:
        for scope in (Scope(), Scope("chef", ("A2",), "c")):
            f = Filters.build(H1, scope)
            for name in NAMES:
                if REGISTRY[name].rule.sensitivity != privacy.Sensitivity.META:
                    result = call(name, conn, f)
                    assert "Sekretess: får aldrig visas." not in strings(result), name
                    if isinstance(result, pd.DataFrame) and "complaint_id" in result.columns:
                        assert "K3" not in set(result["complaint_id"])
    finally:
        conn.close()


def test_needs_access_log_marks_brukare_and_free_text_functions() -> None:
    logged = {n for n, r in REGISTRY.items() if privacy.needs_access_log(r.function)}
    assert logged == {
        "deviations.deviations_by_brukare",
        "deviations.deviation_list",
        "overview.violence_roles_by_brukare",
        "complaints.complaints_list",
        "lex.lex_cases",
        "egenkontroll.egenkontroll_analyses",
    }


def test_inner_calls_are_suppressed_once_on_the_way_out(tiny_db: Path) -> None:
    # overview.kpis sums deviations_by_category: the sum is taken on true counts, then hidden
    conn = connect_readonly(tiny_db)
    try:
        f = Filters.build(H1, Scope("politiker", None, "p"))
        kpis = call("overview.kpis", conn, f)
        truth = call("overview.kpis", conn, Filters.build(H1)).set_index("key")
        for row in kpis.to_dict("records"):
            true = truth.loc[row["key"], "count"]
            assert (pd.isna(row["count"]) and 0 < true < THRESHOLD) or row["count"] == true
    finally:
        conn.close()
