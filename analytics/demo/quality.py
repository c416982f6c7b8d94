"""Demo egenkontroll plan and risk analysis: small, deterministic, apart from the calibration.

Drawn with their own random generator (seeded from the demo seed), after every calibrated table
is written, so the calibrated tables are the same with or without them. The picture follows the
seeds: seven categories of egenkontroll of which, in 2022, only two report results to the
nämnd (the Borås audit, 004: "fem av sju kategorier" lacked results), and twelve risks of which
five have an allvarligt riskvärde (9 or more) and went into the internal control plan (000).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from analytics import contract

# category -> (what is checked, per unit?, reports results in 2022?)
CATEGORIES: dict[str, tuple[str, bool, bool]] = {
    "Journalgranskning SoL/LSS": ("Dokumentation av insatser enligt genomförandeplan", True, True),
    "Läkemedelshantering": ("Signering och förvaring av läkemedel", True, True),
    "Genomförandeplaner": ("Aktuell och delaktig genomförandeplan för varje brukare", True, False),
    "Basala hygienrutiner": ("Följsamhet till basala hygienrutiner och klädregler", True, False),
    "Avvikelsehantering": ("Utredning och uppföljning av avvikelser i tid", False, False),
    "Brukarundersökning": ("Analys av resultat och svarsfrekvens", False, False),
    "Öppna jämförelser": ("Jämförelse med riket och liknande kommuner", False, False),
}
YEARS = (2021, 2022)
UNITS_PER_CATEGORY = 4

# (risk, probability, consequence, in the internal control plan); process-level risks from 000.
PROCESS_RISKS: tuple[tuple[str, int, int, bool], ...] = (
    ("Risk att missförhållanden inte rapporteras, utreds och åtgärdas", 3, 4, True),
    ("Risk att det saknas tillräckligt med personal för kontinuitet och kvalitet", 4, 3, True),
    ("Risk att personal saknar tillräcklig kompetens", 3, 3, True),
    ("Risk att bristen på boendeplatser ökar inom LSS och socialpsykiatrin", 3, 4, True),
    ("Risk att budgeten inte motsvarar brukarnas behov", 3, 3, True),
    ("Risk att information inte förs över vid byte av vårdgivare", 2, 3, False),
    ("Risk att lex Sarah-utredningar inte blir klara i tid", 2, 2, False),
)
UNIT_RISKS: tuple[tuple[str, int, int], ...] = (
    ("Fall nattetid när bemanningen är låg", 3, 2),
    ("Hot och våld vid ensamarbete", 2, 4),
    ("Läkemedel ges inte i tid vid schemabyten", 2, 2),
    ("Brukare lämnas utan tillsyn vid raster", 2, 3),
    ("Brand i boende med brukare som röker", 1, 4),
)


def _day(rng: random.Random, year: int, quarter: int) -> dt.date:
    month = 3 * (quarter - 1) + rng.randint(1, 3)
    return dt.date(year, month, rng.randint(1, 28))


def egenkontroll_rows(units: Sequence[tuple[str, str]], seed: int) -> list[dict]:
    """One row per planned check. units: (unit_id, unit_type) of the organisation."""
    rng = random.Random(seed * 31 + 1)
    rows: list[dict] = []
    n = 0
    for year in YEARS:
        for category, (subject, per_unit, reports) in CATEGORIES.items():
            targets: list[str | None] = (
                [u for u, _ in rng.sample(list(units), UNITS_PER_CATEGORY)] if per_unit else [None]
            )
            for unit_id in targets:
                n += 1
                planned = _day(rng, year, rng.randint(1, 4))
                done = planned + dt.timedelta(days=rng.randint(-20, 40)) if rng.random() < 0.85 else None
                has_result = done is not None and (year < 2022 or reports) and rng.random() < 0.9
                checked = rng.randint(8, 30) if has_result else None
                compliant = round(checked * rng.uniform(0.6, 1.0)) if checked else None
                reported = done + dt.timedelta(days=rng.randint(20, 90)) if has_result else None
                if reported is not None and reported > dt.date(2022, 12, 31):
                    reported = None
                if done is not None and done > dt.date(2022, 12, 31):
                    done = checked = compliant = reported = None
                rows.append(
                    {
                        "check_id": f"EK{n:03d}",
                        "area": category,
                        "unit_id": unit_id,
                        "subject": subject,
                        "planned_date": planned,
                        "done_date": done,
                        "checked": checked,
                        "compliant": compliant,
                        "analysis": (
                            f"{compliant} av {checked} utan anmärkning; brister återkopplade till enheten."
                            if checked
                            else None
                        ),
                        "reported_date": reported,
                    }
                )
    return rows


def risk_rows(units: Sequence[tuple[str, str]], seed: int) -> list[dict]:
    """Twelve risks: the förvaltning's processes and a few units'."""
    rng = random.Random(seed * 31 + 2)
    rows: list[dict] = []
    for i, (risk, p, c, plan) in enumerate(PROCESS_RISKS, start=1):
        rows.append(
            {
                "risk_id": f"R{i:02d}",
                "unit_id": None,
                "process": "Förvaltningsövergripande",
                "risk": risk,
                "probability": p,
                "consequence": c,
                "risk_value": p * c,
                "owner": "Förvaltningschef",
                "assessed_date": dt.date(2022, 10, rng.randint(1, 28)),
                "internal_control": plan,
            }
        )
    chosen = rng.sample(list(units), len(UNIT_RISKS))
    for i, ((risk, p, c), (unit_id, _)) in enumerate(
        zip(UNIT_RISKS, chosen, strict=True), start=len(rows) + 1
    ):
        rows.append(
            {
                "risk_id": f"R{i:02d}",
                "unit_id": unit_id,
                "process": None,
                "risk": risk,
                "probability": p,
                "consequence": c,
                "risk_value": None,  # left for the product to compute, as many registers do
                "owner": "Enhetschef",
                "assessed_date": dt.date(2022, rng.randint(1, 12), rng.randint(1, 28)),
                "internal_control": False,
            }
        )
    return rows


def _arrow_type(kind: str) -> pa.DataType:
    return {
        "id": pa.string(),
        "text": pa.string(),
        "date": pa.date32(),
        "int": pa.int64(),
        "bool": pa.bool_(),
    }[kind]


def write(out: Path, units: Sequence[tuple[str, str]], seed: int) -> None:
    """Write egenkontroll.parquet and risker.parquet into the demo folder."""
    for name, rows in (("egenkontroll", egenkontroll_rows(units, seed)), ("risker", risk_rows(units, seed))):
        # sorted by the period column, as every demo table is
        period = contract.PERIOD_COLUMN[name]
        rows = sorted(rows, key=lambda r, p=period: (r[p], next(iter(r.values()))))
        columns = contract.TABLES[name].columns
        schema = pa.schema([pa.field(c.name, _arrow_type(c.type)) for c in columns])
        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, out / f"{name}.parquet", compression="zstd")
