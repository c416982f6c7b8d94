"""Shared pieces of the AppTest tests: a small hand-made database and a page runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import tiny_db
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TIMEOUT = 60


def page_files(role: str = "analytiker") -> list[str]:
    """Every page script the role can open, as the path AppTest.switch_page takes."""
    from ui.pages import ANALYTIKER_ONLY, SECTIONS

    hidden = {s.file for specs in SECTIONS.values() for s in specs if s.url_path in ANALYTIKER_ONLY}
    return sorted(
        f"views/{p.name}"
        for p in (ROOT / "views").glob("*.py")
        if p.name != "__init__.py" and (role == "analytiker" or p.name not in hidden)
    )


def _dev(i: int, day: date, unit: str, domain: str, category: str, **kw: Any) -> dict:
    return {
        "deviation_id": f"D{i}",
        "reported_date": day,
        "unit_id": unit,
        "domain": domain,
        "category": category,
        **kw,
    }


def small_tables() -> dict[str, list[dict]]:
    """Two units; 2022: 3 falls (2 followed up), 2 hot och våld at U1, 1 SoL at U2; 2021: 1 fall.

    Only the required tables: every optional table is missing.
    """
    devs = [
        _dev(1, date(2022, 2, 1), "U1", "hsl", "fall", brukare_id="B1", followed_up_date=date(2022, 2, 10)),
        _dev(2, date(2022, 5, 1), "U1", "hsl", "fall", brukare_id="B1", followed_up_date=date(2022, 5, 3)),
        _dev(3, date(2022, 9, 1), "U2", "hsl", "fall", brukare_id="B2"),
        _dev(4, date(2022, 3, 1), "U1", "lss", "hot_och_vald", brukare_id="B1", violence_role="utovare"),
        _dev(5, date(2022, 4, 1), "U1", "lss", "hot_och_vald", brukare_id="B3", violence_role="utsatt"),
        _dev(6, date(2022, 6, 1), "U2", "sol", "utebliven_insats"),
        _dev(7, date(2021, 1, 5), "U1", "hsl", "fall", brukare_id="B1"),  # from January: 2021 is covered
    ]
    return {
        "units": [
            tiny_db.unit("U1", "gruppbostad_lss", unit_name="Solrosen"),
            tiny_db.unit("U2", "bostad_sol", "privat", unit_name="Tallen"),
        ],
        "census": tiny_db.census_year("U1", 2022, 4) + tiny_db.census_year("U2", 2022, 2),
        "deviations": devs,
    }


def write_db(path: Path, tables: dict[str, list[dict]]) -> Path:
    conn = tiny_db.build(tables, path)
    conn.close()
    return path


def run_page(page: str | None = None, query: dict[str, Any] | None = None) -> AppTest:
    """Run the app (optionally switched to `page`) with the given URL query parameters."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception element and no error message on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}: {[m.label for m in at.metric]}"
    return values[0]


def texts(at: AppTest) -> str:
    """All markdown, captions, page links, infos and warnings of the run as one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [p.label for p in at.page_link]
    parts += [i.value for i in at.info] + [w.value for w in at.warning] + [s.value for s in at.success]
    return "\n".join(parts)


def frame(at: AppTest, *columns: str):
    """The first shown table having all the given column headers (dataframes carry no key)."""
    for d in at.dataframe:
        value = d.value
        if all(c in value.columns for c in columns):
            return value
    raise AssertionError(f"no table with columns {columns}: {[list(d.value.columns) for d in at.dataframe]}")


def full_tables() -> dict[str, list[dict]]:
    """small_tables plus every optional table, with a few rows each.

    2022 signings at U1: lakemedel 90 utford + 10 ej_signerad; complaints: 2 in 2022 (one
    confidential), 1 in 2021; survey 2022 and 2021 for gruppbostad_lss; 3 violent work incidents;
    one egenkontroll and one risk at U1.
    """
    tables = small_tables()
    tables["deviations"].append(_dev(8, date(2022, 7, 1), "U1", "hsl", "lakemedel", brukare_id="B1"))
    tables["brukare"] = [
        {"brukare_id": "B1", "sex": "K", "birth_year": 1960},
        {"brukare_id": "B2", "sex": "M", "birth_year": 1970},
        {"brukare_id": "B3", "sex": "M", "birth_year": 1980},
    ]
    tables["signings"] = [
        {
            "unit_id": "U1",
            "date": date(2022, 3, 1),
            "task_kind": "lakemedel",
            "status": "utford",
            "count": 90,
        },
        {
            "unit_id": "U1",
            "date": date(2022, 3, 1),
            "task_kind": "lakemedel",
            "status": "ej_signerad",
            "count": 10,
        },
        {
            "unit_id": "U2",
            "date": date(2022, 3, 1),
            "task_kind": "hsl_insats",
            "status": "utford",
            "count": 40,
        },
    ]
    tables["complaints"] = [
        {
            "complaint_id": "C1",
            "received_date": date(2022, 2, 1),
            "unit_id": "U1",
            "kind": "klagomal",
            "category": "information",
            "sender": "anhorig",
            "answered_date": date(2022, 2, 20),
        },
        {
            "complaint_id": "C2",
            "received_date": date(2022, 8, 1),
            "unit_id": "U2",
            "kind": "synpunkt",
            "confidential": True,
        },
        {"complaint_id": "C3", "received_date": date(2021, 8, 1), "area": "Övrigt", "kind": "klagomal"},
    ]
    tables["survey_questions"] = [
        {"question_id": "trivs", "text": "Trivs du i ditt boende?"},
        {"question_id": "radd", "text": "Är du rädd för något?", "negative": True},
    ]
    tables["survey_participation"] = [
        {"year": y, "unit_type": "gruppbostad_lss", "operator": "egen_regi", "invited": 20, "responded": r}
        for y, r in ((2021, 8), (2022, 10))
    ]
    tables["survey_results"] = [
        {
            "year": y,
            "unit_type": "gruppbostad_lss",
            "question_id": q,
            "sex": "alla",
            "respondents": 10,
            "positive": p,
        }
        for y, q, p in ((2021, "trivs", 9), (2022, "trivs", 8), (2022, "radd", 3))
    ]
    tables["survey_benchmarks"] = [
        {"year": 2022, "question_id": "trivs", "positive_share": 0.88, "source": "Riket"},
    ]
    tables["work_incidents"] = [
        {
            "incident_id": f"W{i}",
            "date": date(2022, i, 1),
            "unit_id": "U1",
            "kind": "tillbud",
            "violence": True,
        }
        for i in (1, 2, 3)
    ]
    tables["egenkontroll"] = [
        {
            "check_id": "EK1",
            "area": "Journalgranskning",
            "unit_id": "U1",
            "subject": "Genomförandeplaner",
            "planned_date": date(2022, 3, 1),
            "done_date": date(2022, 3, 10),
            "checked": 10,
            "compliant": 9,
        },
    ]
    tables["risker"] = [
        {
            "risk_id": "R1",
            "unit_id": "U1",
            "risk": "Fall nattetid",
            "probability": 3,
            "consequence": 3,
            "assessed_date": date(2022, 4, 1),
        },
    ]
    return tables
