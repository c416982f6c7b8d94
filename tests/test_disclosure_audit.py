"""The attacker in the test suite (issue 13, key-figures.md v2 "Roles"): an interval audit with
HiGHS of every politiker export of every year, half-year and tertial, on the demo and on a small
municipality with many small counts. No hidden count may be recovered exactly or narrowed
inside 1–4 (tests/disclosure_audit.py says what the attacker uses and what it does not)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

import disclosure_audit as audit
import pytest
import tiny_db

from analytics import contract
from analytics.db import connect_readonly
from analytics.export.figures import filters_from_args, key_figures
from analytics.filters import Filters, Scope
from analytics.privacy import periods

YEARS = (2021, 2022)
POLITIKER = Scope("politiker", None, "revisor")


def exports(conn, years=YEARS) -> dict[int, list[dict]]:
    """Every export a politician can take out for the years: the year, H1, H2, T1, T2, T3."""
    cache: dict = {}
    return {
        y: [key_figures(conn, Filters.build(p, POLITIKER), cache) for p in periods.family(y)] for y in years
    }


def small_municipality(path: Path) -> Path:
    """A small municipality: 9 units of 6 types and both operators, 2021–2022, about 170
    deviations a year spread over every category (most cells 0–6), 25 complaints a year,
    brukare with falls, signings and violent work incidents; random.Random(13)."""
    rng = random.Random(13)
    kinds = [
        ("gruppbostad_lss", "egen_regi"),
        ("gruppbostad_lss", "privat"),
        ("bostad_sol", "egen_regi"),
        ("bostad_sol", "privat"),
        ("hemtjanst", "egen_regi"),
        ("hemsjukvard", "egen_regi"),
        ("daglig_verksamhet", "egen_regi"),
        ("korttid_lss", "egen_regi"),
        ("servicebostad_lss", "privat"),
    ]
    units = [tiny_db.unit(f"S{i}", t, o) for i, (t, o) in enumerate(kinds, start=1)]
    census = [
        row
        for i in range(1, len(kinds) + 1)
        for y in (2020, *YEARS)
        for row in tiny_db.census_year(f"S{i}", y, rng.randint(4, 30))
    ]
    brukare = [
        {"brukare_id": f"B{i}", "sex": rng.choice("KM"), "birth_year": 1930 + i % 60} for i in range(60)
    ]
    devs, n = [], 0
    for year in (2020, *YEARS):
        for _ in range(170):
            n += 1
            domain = rng.choices(list(contract.CATEGORIES_BY_DOMAIN), weights=[5, 3, 3, 1, 1])[0]
            category = rng.choice(contract.CATEGORIES_BY_DOMAIN[domain])
            day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            row = {
                "deviation_id": f"D{n}",
                "reported_date": day,
                "unit_id": rng.choice(units)["unit_id"],
                "domain": domain,
                "category": category,
            }
            if rng.random() < 0.7:
                row["brukare_id"] = rng.choice(brukare)["brukare_id"]
            if category == "hot_och_vald":
                row["violence_role"] = rng.choice(list(contract.VIOLENCE_ROLES))
                row["subcategory"] = rng.choice(contract.SUBCATEGORIES_BY_CATEGORY["hot_och_vald"])
            if rng.random() < 0.6:
                row["investigated_date"] = day + timedelta(days=3)
            devs.append(row)
    signings = [
        {
            "unit_id": u["unit_id"],
            "date": date(y, m, 1),
            "task_kind": k,
            "status": s,
            "count": rng.randint(0, 3) if s == "ej_signerad" else rng.randint(20, 60),
        }
        for u in units
        for y in (2020, *YEARS)
        for m in range(1, 13, 2)
        for k in ("lakemedel", "hsl_insats")
        for s in ("utford", "ej_signerad")
    ]
    complaints = [
        {
            "complaint_id": f"K{y}{i}",
            "received_date": date(y, 1, 1) + timedelta(days=rng.randrange(365)),
            "unit_id": rng.choice(units)["unit_id"],
            "kind": "klagomal",
            "category": rng.choice(list(contract.COMPLAINT_CATEGORIES)),
            "sender": rng.choice(list(contract.SENDERS)),
            "confidential": rng.random() < 0.1,
        }
        for y in (2020, *YEARS)
        for i in range(25)
    ]
    incidents = [
        {
            "incident_id": f"W{y}{i}",
            "date": date(y, 1, 1) + timedelta(days=rng.randrange(365)),
            "unit_id": rng.choice(units)["unit_id"],
            "kind": "tillbud",
            "violence": True,
        }
        for y in (2020, *YEARS)
        for i in range(12)
    ]
    tables = {
        "units": units,
        "census": census,
        "deviations": devs,
        "brukare": brukare,
        "signings": signings,
        "complaints": complaints,
        "work_incidents": incidents,
    }
    tiny_db.build(tables, path).close()
    return path


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_municipality(tmp_path_factory.mktemp("liten") / "liten.duckdb")


def _audit(db: Path) -> tuple[list[audit.Finding], int, int]:
    conn = connect_readonly(db)
    try:
        figures = exports(conn)
    finally:
        conn.close()
    model = audit.build(figures)
    findings, audited = audit.audit(model)
    suppressed = sum(len(f["suppressed"]) for figs in figures.values() for f in figs)
    return findings, audited, suppressed


@pytest.mark.parametrize("which", ["demo", "liten kommun"])
def test_no_hidden_count_is_recovered_by_the_attacker(which, demo_db, small_db) -> None:
    started = time.monotonic()
    findings, audited, suppressed = _audit(demo_db if which == "demo" else small_db)
    assert audited > 100 and suppressed >= audited  # the audit had hidden values to attack
    assert findings == [], "\n".join(map(str, findings[:20]))
    print(
        f"{which}: {audited} dolda värden granskade, {suppressed} dolda sökvägar, "
        f"{time.monotonic() - started:.0f} s"
    )


def test_the_attacker_finds_what_the_old_suppression_leaked(small_db) -> None:
    """The auditor is no paper tiger: on exports hidden one at a time with the next-smallest
    complement (version 1's rule), it recovers hidden counts."""
    from analytics import privacy
    from analytics.export import figures as figures_module

    conn = connect_readonly(small_db)
    try:
        old = {}
        for y in YEARS:
            old[y] = []
            for p in periods.family(y):
                f = Filters.build(p, POLITIKER)
                hider = figures_module._Hider(f)
                with privacy.unrestricted():
                    section = figures_module._complaints(conn, f, hider)
                fig = key_figures(conn, f)
                fig["complaints"] = section | {"previous_count": None}
                fig["suppressed"] = [
                    s for s in fig["suppressed"] if not s.startswith("complaints")
                ] + hider.paths
                old[y].append(fig)
    finally:
        conn.close()
    findings, _ = audit.audit(audit.build(old))
    assert [f for f in findings if f.path.startswith("complaints")]


def test_politiker_exports_only_whole_years_halves_and_tertials() -> None:
    import argparse

    from analytics.export.figures import UsageError

    def args(start: str, end: str) -> argparse.Namespace:
        return argparse.Namespace(date_from=start, date_to=end, role="politiker", units=None)

    assert filters_from_args(args("2022-05-01", "2022-08-31")).period == periods.span(2022, "tertial", 2)
    for start, end in (
        ("2022-01-01", "2022-06-29"),
        ("2022-01-02", "2022-12-31"),
        ("2022-03-01", "2022-05-31"),
    ):
        with pytest.raises(UsageError, match="bara se hela år, halvår och tertial"):
            filters_from_args(args(start, end))


def test_lists_with_hidden_rows_are_sorted_by_code(small_db) -> None:
    conn = connect_readonly(small_db)
    try:
        figs = exports(conn, (2022,))[2022]
    finally:
        conn.close()
    checked = 0
    for fig in figs:
        for name, key in (("by_category", "category"), ("by_sender", "sender")):
            rows = fig["complaints"][name]
            if any(r["count"] is None for r in rows):
                assert [r[key] for r in rows] == sorted(r[key] for r in rows)
                checked += 1
    assert checked


def test_a_hidden_count_hides_its_rate_and_share(small_db) -> None:
    conn = connect_readonly(small_db)
    try:
        fig = key_figures(conn, Filters.build(periods.span(2022, "half", 1), POLITIKER))
    finally:
        conn.close()
    for row in fig["deviations_by_category"]:
        if row["count"] is None:
            assert row["investigated_share"] is None and row["followed_up_share"] is None
    for row in fig["signing"]:
        if row["unsigned"] is None:
            assert row["signed_share"] is None
    assert fig["violence"]["top5_brukare"] is None
    assert "unit_id" not in str(fig["violence"]["top_units"])
