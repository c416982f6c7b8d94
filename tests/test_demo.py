"""The demo generator: deterministic, contract-shaped, pseudonymous, calibrated to the berättelse.

Calibration rows are counted with raw SQL on the database the product's own loader built from the
demo (fixture demo_db); the full figure set is benchmarks/check_calibration_sql.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from analytics import contract, demo
from analytics.demo.org import build_units

Y22 = {"f": "2022-01-01", "t": "2022-12-31"}
Y21 = {"f": "2021-01-01", "t": "2021-12-31"}
JN = {"f": "2022-01-01", "t": "2022-11-30"}


@pytest.fixture(scope="module")
def db(demo_db: Path):
    """A read-only connection to the loaded scale-1 demo."""
    conn = duckdb.connect(str(demo_db), read_only=True)
    yield conn
    conn.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.parquet"))}


def test_same_seed_gives_identical_bytes_and_another_seed_differs(demo_folder: Path, tmp_path: Path):
    demo.generate(tmp_path / "again", scale=1, seed=demo.DEFAULT_SEED)
    demo.generate(tmp_path / "other", scale=1, seed=demo.DEFAULT_SEED + 1)
    first, again, other = _files(demo_folder), _files(tmp_path / "again"), _files(tmp_path / "other")
    assert sorted(first) == sorted(f"{t}.parquet" for t in contract.TABLES)
    assert first == again
    assert first["deviations.parquet"] != other["deviations.parquet"]
    assert first["census.parquet"] != other["census.parquet"]


def test_files_follow_the_contract_columns_and_types(demo_folder: Path):
    arrow = {
        "id": "string",
        "text": "string",
        "code": "string",
        "date": "date32[day]",
        "month": "date32[day]",
        "int": "int64",
        "bool": "bool",
        "share": "double",
    }
    for name, table in contract.TABLES.items():
        schema = pq.read_schema(demo_folder / f"{name}.parquet")
        assert tuple(schema.names) == table.column_names, name
        for col in table.columns:
            assert str(schema.field(col.name).type) == arrow[col.type], (name, col.name)


def test_no_id_looks_like_a_personnummer(demo_folder: Path):
    checked = 0
    for name, table in contract.TABLES.items():
        data = pq.read_table(demo_folder / f"{name}.parquet")
        for col in table.columns:
            if col.type != "id":
                continue
            for value in data.column(col.name).to_pylist():
                if value is not None:
                    assert not contract.looks_like_personnummer(value), (name, col.name, value)
                    checked += 1
    assert checked > 10_000


def test_rows_are_sorted_by_the_period_column(demo_folder: Path):
    for name, col in contract.PERIOD_COLUMN.items():
        if col is None:
            continue
        values = pq.read_table(demo_folder / f"{name}.parquet", columns=[col]).column(col).to_pylist()
        assert values == sorted(values), name


def test_the_hostile_strings_are_there_exactly_once_each(db):
    def count(table: str, needle: str) -> int:
        return db.execute(
            f"select count(*) from {table} where contains(description, $n)",  # noqa: S608
            {"n": needle},
        ).fetchone()[0]

    assert count("deviations", "<script>alert('xss')</script>") == 1
    assert count("complaints", "<script>alert('xss')</script>") == 1
    assert count("deviations", "<img src=x onerror=alert(1)>") == 1


def _dev(db, where: str, period: dict) -> int:
    base = "select count(*) from deviations d join units u using (unit_id)"
    base += " where reported_date between $f and $t"
    return db.execute(f"{base} and {where}", period).fetchone()[0]  # noqa: S608 (the test's own constants)


@pytest.mark.parametrize(
    ("where", "period", "expected"),
    [
        ("d.category = 'fall'", Y22, 413),
        ("d.category = 'fall'", Y21, 480),
        ("d.domain = 'hsl' and d.category not in ('fall', 'lakemedel')", Y22, 815),
        ("d.domain = 'hsl' and d.category not in ('fall', 'lakemedel')", Y21, 886),
        ("d.domain = 'lss'", Y22, 619),
        ("d.domain = 'lss'", Y21, 252),
        ("d.domain = 'sol'", Y22, 368),
        ("d.category = 'lakemedel'", Y22, 1877),
        ("d.category = 'lakemedel' and u.unit_type = 'gruppbostad_lss'", Y21, 1287),
        ("d.lex_sarah", Y22, 50),
        ("d.lex_sarah", Y21, 75),
        ("d.domain in ('lss', 'sol')", JN, 879),
        ("d.category = 'hot_och_vald'", JN, 163),
        ("d.direction = 'utgaende'", Y22, 78),
    ],
)
def test_deviation_counts_match_the_berattelse(db, where, period, expected):
    assert _dev(db, where, period) == expected


def test_fallers_and_their_sexes(db):
    rows = db.execute(
        """
        select count(distinct d.brukare_id),
               count(distinct d.brukare_id) filter (where b.sex = 'K'),
               count(distinct d.brukare_id) filter (where b.sex = 'M')
        from deviations d join brukare b using (brukare_id)
        where d.category = 'fall' and d.reported_date between $f and $t""",
        Y22,
    ).fetchone()
    assert rows == (147, 80, 67)


def test_violence_top_five_units(db):
    top = db.execute(
        """
        select unit_id, count(*) n from deviations
        where category = 'hot_och_vald' and reported_date between $f and $t
        group by unit_id order by n desc, unit_id limit 5""",
        JN,
    ).fetchall()
    assert sum(n for _, n in top) == 85  # 52 % of 163
    brukare = db.execute(
        """
        select count(distinct brukare_id) from deviations
        where category = 'hot_och_vald' and violence_role = 'utovare'
          and reported_date between $f and $t and list_contains($units, unit_id)""",
        JN | {"units": [u for u, _ in top]},
    ).fetchone()[0]
    assert brukare == 4


def test_other_tables_match_the_berattelse(db):
    one = lambda sql, p=None: db.execute(sql, p or {}).fetchone()[0]  # noqa: E731
    assert one("select count(*) from complaints where received_date between $f and $t", Y22) == 30
    assert one("select count(*) from complaints where received_date between $f and $t", Y21) == 26
    assert (
        one("select count(*) from complaints where received_date between $f and $t and confidential", Y22)
        == 6
    )
    assert one("select count(*) from work_incidents where date between $f and $t and violence", Y22) == 255
    assert one("select sum(count) from signings where date between $f and $t", Y22) == 587_101
    assert one("select sum(responded) from survey_participation where year = 2022") == 480
    assert one("select sum(responded) from survey_participation where year = 2021") == 422
    brukare = one(
        """select sum(c.brukare) / 12 from census c join units u using (unit_id)
                     where u.unit_type = 'gruppbostad_lss' and c.month between $f and $t""",
        Y22,
    )
    assert brukare == 206


def test_scale_multiplies_units_and_counts(tmp_path: Path):
    demo.generate(tmp_path, scale=2, seed=5)
    conn = duckdb.connect()
    units = conn.execute(
        "select count(*) from read_parquet($p)", {"p": str(tmp_path / "units.parquet")}
    ).fetchone()[0]
    falls = conn.execute(
        "select count(*) from read_parquet($p) where category = 'fall' and year(reported_date) = 2022",
        {"p": str(tmp_path / "deviations.parquet")},
    ).fetchone()[0]
    assert units == 2 * len(build_units())
    assert falls == 2 * 413


@pytest.mark.parametrize("scale", [0, -1, demo.MAX_SCALE + 1])
def test_scale_out_of_range_is_a_message_not_a_traceback(scale, tmp_path, capsys):
    from analytics.__main__ import main

    assert main(["demo", "--out", str(tmp_path / "d"), "--scale", str(scale)]) == 1
    err = capsys.readouterr().err
    assert "skalan ska vara 1–" in err and "Traceback" not in err
