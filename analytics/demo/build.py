"""The deterministic demo data set: `python -m analytics demo [--out DIR] [--scale N] [--seed S]`.

Writes one Parquet file per contract table, 2020–2022. At scale 1 the product's analytics
reproduce the figures of the Borås SOF patientsäkerhetsberättelse 2022 (calibration-sof-2022.md);
scale N builds N copies of that organisation, each with its own random stream, so every count is
N times the scale-1 count. The same seed always gives byte-identical files.

Large tables are held in compact encoded form (integer codes, day numbers, description template
numbers) and turned into strings only chunk by chunk while writing, so scale 100 fits in memory.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from analytics import contract
from analytics.demo import events as events
from analytics.demo import plan as plan
from analytics.demo import quality as quality
from analytics.demo import texts as texts
from analytics.demo.org import MONTH_DAYS, MONTH_START, Unit, build_rosters, build_units

DEFAULT_SEED = 2022
CHUNK_ROWS = 500_000

_ARROW_TYPES = {
    "id": pa.string(),
    "text": pa.string(),
    "code": pa.string(),
    "date": pa.date32(),
    "month": pa.date32(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "share": pa.float64(),
}


def schema(table: str) -> pa.Schema:
    """The Parquet schema of a contract table: its columns in contract order."""
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.type]) for c in contract.TABLES[table].columns])


# ---------------------------------------------------------------------------------------------
# Encoded columns: decode(rows) gives the pyarrow array of the selected rows
# ---------------------------------------------------------------------------------------------


@dataclass
class Codes:
    """Values as indices into vocab; -1 is null."""

    values: np.ndarray
    vocab: tuple

    def decode(self, rows: np.ndarray) -> pa.Array:
        lookup = np.array([*self.vocab, None], dtype=object)
        v = self.values[rows]
        return pa.array(lookup[np.where(v < 0, len(self.vocab), v)], type=pa.string())


@dataclass
class Days:
    """Dates as days since 1970-01-01; negative is null."""

    values: np.ndarray

    def decode(self, rows: np.ndarray) -> pa.Array:
        v = self.values[rows]
        return pa.array(v.astype(np.int32), type=pa.date32(), mask=v < 0)


@dataclass
class Ints:
    values: np.ndarray

    def decode(self, rows: np.ndarray) -> pa.Array:
        return pa.array(self.values[rows].astype(np.int64), type=pa.int64())


@dataclass
class Floats:
    values: np.ndarray

    def decode(self, rows: np.ndarray) -> pa.Array:
        return pa.array(self.values[rows].astype(np.float64), type=pa.float64())


@dataclass
class Bools:
    """0/1; -1 is null."""

    values: np.ndarray

    def decode(self, rows: np.ndarray) -> pa.Array:
        v = self.values[rows]
        return pa.array(v == 1, type=pa.bool_(), mask=v < 0)


@dataclass
class Ids:
    """Pseudonymous ids prefix + zero-padded (number + 1); a negative number is null."""

    values: np.ndarray
    prefix: str
    width: int

    def decode(self, rows: np.ndarray) -> pa.Array:
        p, w = self.prefix, self.width
        return pa.array(
            [None if n < 0 else f"{p}{n + 1:0{w}d}" for n in self.values[rows].tolist()], type=pa.string()
        )


@dataclass
class Texts:
    """Descriptions rendered from (template key, variant); key -1 is null; overrides by row."""

    keys: np.ndarray
    variants: np.ndarray
    overrides: dict[int, str]

    def decode(self, rows: np.ndarray) -> pa.Array:
        out = []
        for r, k, v in zip(
            rows.tolist(), self.keys[rows].tolist(), self.variants[rows].tolist(), strict=True
        ):
            out.append(self.overrides.get(r) or (None if k < 0 else texts.render(k, v)))
        return pa.array(out, type=pa.string())


@dataclass
class Strings:
    values: list

    def decode(self, rows: np.ndarray) -> pa.Array:
        return pa.array([self.values[r] for r in rows.tolist()], type=pa.string())


def _width(n: int, least: int) -> int:
    return max(least, len(str(n)))


def write_table(
    path: Path,
    table: str,
    columns: dict[str, object],
    order: np.ndarray,
    id_column: tuple[str, str, int] | None = None,
) -> int:
    """Write rows in `order` to Parquet, chunk by chunk. id_column (name, prefix, least width):
    an id numbered in written order, so ids follow the sort. Returns the number of rows."""
    sch = schema(table)
    n = len(order)
    width = _width(n, id_column[2]) if id_column else 0
    with pq.ParquetWriter(path, sch, compression="zstd") as writer:
        for start in range(0, max(n, 1), CHUNK_ROWS):
            rows = order[start : start + CHUNK_ROWS]
            arrays = []
            for f in sch:
                if id_column and f.name == id_column[0]:
                    ranks = np.arange(start, start + len(rows))
                    arrays.append(Ids(ranks, id_column[1], width).decode(np.arange(len(rows))))
                else:
                    arrays.append(columns[f.name].decode(rows))
            writer.write_table(pa.Table.from_arrays(arrays, schema=sch), row_group_size=CHUNK_ROWS)
    return n


# ---------------------------------------------------------------------------------------------
# Building the replicas
# ---------------------------------------------------------------------------------------------


def _vocab(table: str, column: str) -> tuple[str, ...]:
    codes = contract.TABLES[table].column(column).codes
    return tuple(codes) if codes else ()


def _codes(values: list, table: str, column: str) -> Codes:
    vocab = _vocab(table, column)
    index = {v: i for i, v in enumerate(vocab)}
    return Codes(np.array([-1 if v is None else index[v] for v in values], dtype=np.int8), vocab)


def _enc(values: list, table: str, column: str) -> np.ndarray:
    """Codes as int8 indices into the column's code list (-1 = null): compact across replicas."""
    return _codes(values, table, column).values


class _Collector:
    """Columns of one table gathered over replicas as lists of arrays."""

    def __init__(self) -> None:
        self.parts: dict[str, list] = {}

    def add(self, **cols) -> None:
        for k, v in cols.items():
            self.parts.setdefault(k, []).append(v)

    def cat(self, name: str) -> np.ndarray:
        return np.concatenate(self.parts[name]) if self.parts.get(name) else np.empty(0, dtype=np.int64)

    def flat(self, name: str) -> list:
        return [x for part in self.parts.get(name, []) for x in part]


# Scale 100 is the benchmark size (3.7 M rows, about 2.5 minutes); far beyond it is a typo.
MAX_SCALE = 1000


def one_row_per_signing(cols: dict[str, np.ndarray], seed: int) -> dict[str, np.ndarray]:
    """The signing rows as MCSS exports them: one row per signing (count 1). A row that stood
    for n signings in a month becomes n rows on random days of that month, so every month's
    totals per unit, task kind and status are unchanged (the figures of whole months too)."""
    count = cols["count"]
    rows = np.repeat(np.arange(len(count)), count)
    day = cols["day"][rows]
    month = np.searchsorted(MONTH_START, day, side="right") - 1
    rng = np.random.default_rng([seed, 1_000_003])
    spread = rng.integers(0, MONTH_DAYS[month])
    out = {name: values[rows] for name, values in cols.items()}
    out["day"] = np.where(count[rows] > 1, MONTH_START[month] + spread, day)
    out["count"] = np.ones(len(rows), dtype=np.int64)
    return out


def generate(
    out: Path,
    scale: int = 1,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
    signing_events: bool = False,
) -> None:
    """Write the demo folder: one Parquet file per contract table (see the module docstring).

    signing_events: signings.parquet holds one row per signing, as MCSS exports them (about
    1.6 million rows per scale unit over three years), instead of monthly counts."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"skalan ska vara 1–{MAX_SCALE} (skala 100 tar ett par minuter och 1 GB minne)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)

    template = build_units()
    n_units = len(template)
    unit_w = _width(n_units * scale, 3)
    units_all: list[tuple[int, Unit]] = []
    census, brukare, dev, sig, comp, inc = (_Collector() for _ in range(6))
    survey_part: list[tuple] = []
    survey_res: list[tuple] = []
    hostile: dict[int, str] = {}
    comp_hostile: dict[int, str] = {}
    b_offset = 0
    n_dev = n_comp = 0
    for r in range(scale):
        rng = np.random.default_rng([seed, r])
        units = build_units()
        roster = build_rosters(units, rng)
        rep = events.new_replica(units, roster, rng)
        u_off = r * n_units
        units_all += [(r, u) for u in units]

        # census: every month the unit is open (a closed unit's rows stop at its closing)
        cu, cm, cb, cw, cmen = [], [], [], [], []
        for u in units:
            if u.occ is None:
                continue
            for m in range(u.open_from, u.open_to + 1):
                present = u.present(m)
                women = sum(1 for b in present.tolist() if roster.sex[b] == 0)
                cu.append(u_off + u.index)
                cm.append(int(MONTH_START[m]))
                cb.append(len(present))
                cw.append(women)
                cmen.append(len(present) - women)
        census.add(
            unit=np.array(cu),
            month=np.array(cm),
            brukare=np.array(cb),
            women=np.array(cw),
            men=np.array(cmen),
        )
        nb = len(roster.sex)
        brukare.add(
            id=np.arange(b_offset, b_offset + nb),
            sex=np.array(roster.sex),
            birth_year=np.array(roster.birth_year),
        )

        rows = events.deviations(rep, first=r == 0)
        for i, row in enumerate(rows):
            if row.hostile:
                hostile[n_dev + i] = row.hostile
        n_dev += len(rows)

        def bid(b: int, offset: int = b_offset) -> int:
            return -1 if b < 0 else offset + b

        dev.add(
            reported=np.array([x.day for x in rows]),
            event=np.array([x.event for x in rows]),
            unit=np.array([u_off + x.unit for x in rows]),
            brukare=np.array([bid(x.brukare) for x in rows]),
            domain=_enc([x.domain for x in rows], "deviations", "domain"),
            category=_enc([x.category for x in rows], "deviations", "category"),
            subcategory=_enc([x.subcategory for x in rows], "deviations", "subcategory"),
            role=_enc([x.violence_role for x in rows], "deviations", "violence_role"),
            reported_by=_enc([x.reported_by for x in rows], "deviations", "reported_by"),
            direction=_enc([x.direction for x in rows], "deviations", "direction"),
            lex_sarah=np.array([int(x.lex_sarah) for x in rows]),
            outcome=_enc([x.outcome for x in rows], "deviations", "lex_sarah_outcome"),
            lex_maria=np.array([int(x.lex_maria) for x in rows]),
            ivo=np.array([int(x.ivo) for x in rows]),
            consequence=_enc([x.consequence for x in rows], "deviations", "consequence"),
            cause=_enc([x.cause for x in rows], "deviations", "cause"),
            investigated=np.array([x.investigated for x in rows]),
            followed=np.array([x.followed for x in rows]),
            text=np.array([x.text for x in rows]),
            variant=np.array([x.variant for x in rows], dtype=np.int64),
            replica=np.full(len(rows), r),
        )

        s = events.signings(rep)
        sig.add(
            unit=s["unit"] + u_off,
            day=s["day"],
            brukare=np.where(s["brukare"] < 0, -1, s["brukare"] + b_offset),
            kind=s["kind"],
            status=s["status"],
            count=s["count"],
        )

        cs = events.complaints(rep, first=r == 0)
        for i, c in enumerate(cs):
            if c.hostile:
                comp_hostile[n_comp + i] = c.hostile
        n_comp += len(cs)
        comp.add(
            day=np.array([c.day for c in cs]),
            unit=np.array([-1 if c.unit < 0 else u_off + c.unit for c in cs]),
            area=[c.area for c in cs],
            kind=_enc([c.kind for c in cs], "complaints", "kind"),
            category=_enc([c.category for c in cs], "complaints", "category"),
            sender=_enc([c.sender for c in cs], "complaints", "sender"),
            confidential=np.array([int(c.confidential) for c in cs]),
            answered=np.array([c.answered for c in cs]),
            text=np.array([c.text for c in cs]),
            variant=np.array([c.variant for c in cs], dtype=np.int64),
        )

        ws = events.work_incidents(rep)
        inc.add(
            day=np.array([w.day for w in ws]),
            unit=np.array([u_off + w.unit for w in ws]),
            kind=_enc([w.kind for w in ws], "work_incidents", "kind"),
            violence=np.array([int(w.violence) for w in ws]),
        )

        part, res = events.survey(rep)
        survey_part += part
        survey_res += res
        b_offset += nb
        say(f"replik {r + 1}/{scale} klar")

    b_w = _width(b_offset, 5)

    def uid(values: np.ndarray) -> Ids:
        return Ids(values, "U", unit_w)

    def bids(values: np.ndarray) -> Ids:
        return Ids(values, "B", b_w)

    # units
    uvals = {k: [] for k in ("name", "admin", "area", "type", "op", "prov", "from", "to")}
    for r, u in units_all:
        uvals["name"].append(u.name if r == 0 else f"{u.name} {r + 1}")
        uvals["admin"].append("SOF")
        uvals["area"].append(u.area)
        uvals["type"].append(u.unit_type)
        uvals["op"].append(u.operator)
        uvals["prov"].append(u.provider)
        uvals["from"].append(events.day_number(u.valid_from) if u.valid_from else -1)
        uvals["to"].append(events.day_number(u.valid_to) if u.valid_to else -1)
    n = len(units_all)
    write_table(
        out / "units.parquet",
        "units",
        {
            "unit_id": uid(np.arange(n)),
            "unit_name": Strings(uvals["name"]),
            "administration": Strings(uvals["admin"]),
            "area": Strings(uvals["area"]),
            "unit_type": _codes(uvals["type"], "units", "unit_type"),
            "operator": _codes(uvals["op"], "units", "operator"),
            "provider": Strings(uvals["prov"]),
            "valid_from": Days(np.array(uvals["from"])),
            "valid_to": Days(np.array(uvals["to"])),
        },
        np.arange(n),
    )
    say("units")

    cu, cm = census.cat("unit"), census.cat("month")
    write_table(
        out / "census.parquet",
        "census",
        {
            "unit_id": uid(cu),
            "month": Days(cm),
            "brukare": Ints(census.cat("brukare")),
            "women": Ints(census.cat("women")),
            "men": Ints(census.cat("men")),
        },
        np.lexsort((cu, cm)),
    )
    say("census")

    bi = brukare.cat("id")
    write_table(
        out / "brukare.parquet",
        "brukare",
        {
            "brukare_id": bids(bi),
            "sex": Codes(brukare.cat("sex"), ("K", "M")),
            "birth_year": Ints(brukare.cat("birth_year")),
        },
        np.argsort(bi, kind="stable"),
    )
    say("brukare")

    rep_day, dunit = dev.cat("reported"), dev.cat("unit")
    t = "deviations"
    write_table(
        out / "deviations.parquet",
        t,
        {
            "reported_date": Days(rep_day),
            "event_date": Days(dev.cat("event")),
            "unit_id": uid(dunit),
            "brukare_id": bids(dev.cat("brukare")),
            "domain": Codes(dev.cat("domain"), _vocab(t, "domain")),
            "category": Codes(dev.cat("category"), _vocab(t, "category")),
            "subcategory": Codes(dev.cat("subcategory"), _vocab(t, "subcategory")),
            "violence_role": Codes(dev.cat("role"), _vocab(t, "violence_role")),
            "reported_by": Codes(dev.cat("reported_by"), _vocab(t, "reported_by")),
            "direction": Codes(dev.cat("direction"), _vocab(t, "direction")),
            "lex_sarah": Bools(dev.cat("lex_sarah")),
            "lex_sarah_outcome": Codes(dev.cat("outcome"), _vocab(t, "lex_sarah_outcome")),
            "lex_maria": Bools(dev.cat("lex_maria")),
            "ivo_reported": Bools(dev.cat("ivo")),
            "consequence": Codes(dev.cat("consequence"), _vocab(t, "consequence")),
            "cause": Codes(dev.cat("cause"), _vocab(t, "cause")),
            "investigated_date": Days(dev.cat("investigated")),
            "followed_up_date": Days(dev.cat("followed")),
            "description": Texts(dev.cat("text"), dev.cat("variant"), hostile),
        },
        np.lexsort((np.arange(len(rep_day)), dunit, rep_day)),
        id_column=("deviation_id", "D", 6),
    )
    say("deviations")

    signings = {k: sig.cat(k) for k in ("day", "unit", "kind", "status", "brukare", "count")}
    if signing_events:
        signings = one_row_per_signing(signings, seed)
    sday, sunit, skind, sstat, sbr = (signings[k] for k in ("day", "unit", "kind", "status", "brukare"))
    write_table(
        out / "signings.parquet",
        "signings",
        {
            "unit_id": uid(sunit),
            "date": Days(sday),
            "brukare_id": bids(sbr),
            "task_kind": Codes(skind, events.TASK_KINDS),
            "status": Codes(sstat, events.STATUSES),
            "count": Ints(signings["count"]),
        },
        np.lexsort((sbr, sstat, skind, sunit, sday)),
    )
    say("signings")

    cday, cunit = comp.cat("day"), comp.cat("unit")
    t = "complaints"
    write_table(
        out / "complaints.parquet",
        t,
        {
            "received_date": Days(cday),
            "unit_id": uid(cunit),
            "area": Strings(comp.flat("area")),
            "kind": Codes(comp.cat("kind"), _vocab(t, "kind")),
            "category": Codes(comp.cat("category"), _vocab(t, "category")),
            "sender": Codes(comp.cat("sender"), _vocab(t, "sender")),
            "confidential": Bools(comp.cat("confidential")),
            "answered_date": Days(comp.cat("answered")),
            "description": Texts(comp.cat("text"), comp.cat("variant"), comp_hostile),
        },
        np.lexsort((np.arange(len(cday)), cday)),
        id_column=("complaint_id", "C", 5),
    )

    iday, iunit = inc.cat("day"), inc.cat("unit")
    write_table(
        out / "work_incidents.parquet",
        "work_incidents",
        {
            "date": Days(iday),
            "unit_id": uid(iunit),
            "kind": Codes(inc.cat("kind"), _vocab("work_incidents", "kind")),
            "violence": Bools(inc.cat("violence")),
        },
        np.lexsort((np.arange(len(iday)), iunit, iday)),
        id_column=("incident_id", "K", 5),
    )

    _write_survey(out, survey_part, survey_res)
    # egenkontroll and risker: own generator, after the calibrated tables (which stay the same)
    open_units = [
        (f"U{i + 1:0{unit_w}d}", u.unit_type)
        for i, (r, u) in enumerate(units_all)
        if r == 0 and not u.valid_to
    ]
    quality.write(out, open_units, seed)
    say("klart")


def _sum_rows(rows: list[tuple], key_len: int) -> list[tuple]:
    """Replicas answer the same survey groups: add their counts per group key."""
    acc: dict[tuple, list[int]] = {}
    for row in rows:
        k = row[:key_len]
        vals = acc.setdefault(k, [0] * (len(row) - key_len))
        for i, v in enumerate(row[key_len:]):
            vals[i] += v
    return [(*k, *v) for k, v in sorted(acc.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]


def _write_survey(out: Path, part: list[tuple], res: list[tuple]) -> None:
    part = _sum_rows(part, 3)
    n = len(part)
    write_table(
        out / "survey_participation.parquet",
        "survey_participation",
        {
            "year": Ints(np.array([p[0] for p in part])),
            "unit_type": Strings([p[1] for p in part]),
            "operator": Strings([p[2] for p in part]),
            "unit_id": Strings([None] * n),
            "invited": Ints(np.array([p[3] for p in part])),
            "responded": Ints(np.array([p[4] for p in part])),
        },
        np.arange(n),
    )
    res = _sum_rows(res, 5)
    n = len(res)
    write_table(
        out / "survey_results.parquet",
        "survey_results",
        {
            "year": Ints(np.array([x[0] for x in res])),
            "unit_type": Strings([x[1] for x in res]),
            "operator": Strings([x[2] for x in res]),
            "unit_id": Strings([None] * n),
            "question_id": Strings([x[3] for x in res]),
            "sex": Strings([x[4] for x in res]),
            "respondents": Ints(np.array([x[5] for x in res])),
            "positive": Ints(np.array([x[6] for x in res])),
        },
        np.arange(n),
    )
    qs = plan.SURVEY_QUESTIONS
    write_table(
        out / "survey_questions.parquet",
        "survey_questions",
        {
            "question_id": Strings([q[0] for q in qs]),
            "text": Strings([q[1] for q in qs]),
            "negative": Bools(np.array([int(q[2]) for q in qs])),
        },
        np.arange(len(qs)),
    )
    bench = [(y, q, v) for y, d in sorted(plan.SURVEY_BENCHMARKS.items()) for q, v in d.items()]
    n = len(bench)
    write_table(
        out / "survey_benchmarks.parquet",
        "survey_benchmarks",
        {
            "year": Ints(np.array([b[0] for b in bench])),
            "question_id": Strings([b[1] for b in bench]),
            "unit_type": Strings([None] * n),
            "positive_share": Floats(np.array([b[2] for b in bench])),
            "source": Strings(["Riket"] * n),
        },
        np.arange(n),
    )


def main(args) -> int:
    """CLI entry: args.out, args.scale, args.seed."""
    out = Path(args.out)
    start = time.perf_counter()
    try:
        generate(
            out,
            scale=int(args.scale),
            seed=int(args.seed),
            progress=(lambda m: print(f"  {m}", file=sys.stderr)) if int(args.scale) > 1 else None,
            signing_events=bool(getattr(args, "events", False)),
        )
    except (ValueError, OSError) as exc:
        print(f"Kunde inte skapa demodata i {out}: {exc}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in out.glob("*.parquet"))
    print(
        f"Demodata skriven till {out} (skala {args.scale}, frö {args.seed}"
        f"{', en rad per signering' if getattr(args, 'events', False) else ''}): "
        f"{size / 1e6:.1f} MB på {time.perf_counter() - start:.1f} s"
    )
    return 0
