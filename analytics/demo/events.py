"""Demo events of one replica: deviations, complaints, work incidents, signings and survey.

Every count the calibration fixes is placed exactly (allocation with largest remainders, exact
quotas shuffled over rows); the random stream only decides where, when and to whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analytics.demo import plan as plan
from analytics.demo import texts as texts
from analytics.demo.org import (
    MONTH_DAYS,
    MONTH_START,
    YEARS,
    Roster,
    Unit,
    day_number,
    long_stayers,
    months_of,
)

EXTRACT_DAY = day_number(__import__("datetime").date(2023, 3, 31))  # last day of the extract

# Month weights (January first): more falls in winter, more staff shortage in summer.
SEASON_FALL = np.array([1.2, 1.15, 1.05, 0.95, 0.9, 0.85, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2])
SEASON_STAFF = np.array([1.0, 0.95, 1.0, 0.95, 1.0, 1.1, 1.3, 1.25, 1.0, 1.0, 1.0, 0.95])
SEASON_FLAT = np.ones(12)


def allocate(total: int, weights, minimum=None) -> np.ndarray:
    """Integers summing to total, proportional to weights (largest remainders), at least minimum."""
    w = np.asarray(weights, dtype=float)
    base = np.zeros(len(w), dtype=np.int64) if minimum is None else np.asarray(minimum, dtype=np.int64)
    rest = total - int(base.sum())
    if rest < 0:
        raise ValueError(f"minimum {int(base.sum())} exceeds total {total}")
    if rest == 0:
        return base.copy()
    if w.sum() <= 0:
        raise ValueError("no positive weight to allocate to")
    exact = rest * w / w.sum()
    out = np.floor(exact).astype(np.int64)
    short = rest - int(out.sum())
    if short:
        order = np.lexsort((np.arange(len(w)), -(exact - out)))
        out[order[:short]] += 1
    return base + out


def quota(rng: np.random.Generator, n: int, counts: dict) -> list:
    """A shuffled list of n values with exactly counts[value] of each (counts sum to n)."""
    values = [v for v, c in counts.items() for _ in range(c)]
    if len(values) != n:
        raise ValueError(f"quota of {len(values)} for {n} rows")
    return [values[i] for i in rng.permutation(n)]


def pick(rng: np.random.Generator, options: dict):
    """One key of options drawn with the given probabilities."""
    keys = list(options)
    p = np.array([options[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


@dataclass
class Row:
    """One deviation under construction."""

    unit: int
    domain: str
    category: str
    month: int = -1
    day: int = -1
    subcategory: str | None = None
    violence_role: str | None = None
    brukare: int = -1
    person: str = ""  # a named brukare of the violence story ("A".."D"), or "" for anyone
    reported_by: str = "verksamhet"
    direction: str | None = None
    lex_sarah: bool = False
    outcome: str | None = None
    lex_maria: bool = False
    ivo: bool = False
    consequence: str | None = None
    cause: str | None = None
    investigated: int = -1
    followed: int = -1
    event: int = -1
    force: str = ""  # "inv" must be investigated, "none" must not be
    group: str = ""  # quota group: fall, lakemedel, hsl_other, lss, sol, ...
    period: str = "year"  # "jn" (January–November) or "dec" for 2022 LSS/SoL rows
    text: int = -1  # description key, -1 = none
    variant: int = 0
    hostile: str = ""


@dataclass
class Replica:
    """What the event generators need to know about one replica's organisation."""

    units: list[Unit]
    roster: Roster
    rng: np.random.Generator
    prop: dict[str, np.ndarray] = field(default_factory=dict)  # unit propensity per event kind
    bprop: np.ndarray = None  # brukare propensity to be involved in events
    named: dict[str, int] = field(default_factory=dict)  # story brukare "A".."D" -> number

    violence: list | None = None  # the 2022 hot och våld rows, built once

    def group(self, key: str, silent: bool = False) -> list[Unit]:
        """Units of a group key ("unit_type" or "unit_type/operator"); units that report
        nothing are left out unless silent is true."""
        t, _, op = key.partition("/")
        return [
            u
            for u in self.units
            if u.unit_type == t and (not op or u.operator == op) and (silent or u.tag != "silent")
        ]

    def tagged(self, tag: str) -> Unit:
        return next(u for u in self.units if u.tag == tag)

    def is_open(self, u: Unit, month: int) -> bool:
        if u.occ is None:
            return u.open_from <= month <= u.open_to
        return u.census(month) > 0

    def weights(self, units: list[Unit], kind: str, year: int) -> np.ndarray:
        """Unit weights for an event kind in a year: size x propensity, 0 if closed all year."""
        ms = list(months_of(year))
        size = np.array([sum(u.census(m) for m in ms) / 12 if u.occ is not None else 10.0 for u in units])
        return size * self.prop[kind][[u.index for u in units]]

    def choose_month(self, u: Unit, months: list[int], season: np.ndarray) -> int:
        ok = [m for m in months if self.is_open(u, m)]
        if not ok:
            raise ValueError(f"unit {u.name} is closed in all months {months}")
        w = season[[m % 12 for m in ok]]
        return ok[int(self.rng.choice(len(ok), p=w / w.sum()))]

    def choose_brukare(
        self, u: Unit, month: int, exclude: set[int] = frozenset(), heavy: bool = False
    ) -> int:
        present = [int(b) for b in u.present(month) if int(b) not in exclude]
        if not present:
            present = [b for b in range(len(self.roster.sex)) if b not in exclude]
        w = self.bprop[present] ** (3 if heavy else 1)
        return present[int(self.rng.choice(len(present), p=w / w.sum()))]


def new_replica(units: list[Unit], roster: Roster, rng: np.random.Generator) -> Replica:
    rep = Replica(units, roster, rng)
    for kind in ("fall", "lakemedel", "hsl_other", "lss", "sol", "violence", "kia", "misc"):
        rep.prop[kind] = rng.gamma(2.0, 0.5, size=len(units))
    rep.bprop = rng.gamma(0.8, 1.25, size=len(roster.sex))
    # The story's four brukare who use violence: young adults who stay all of 2022.
    for name, tag in (("A", "top_gb1"), ("B", "top_gb2"), ("C", "top_gb3"), ("D", "sol1")):
        u = rep.tagged(tag)
        b = long_stayers(u, 2022)[0]
        rep.named[name] = b
        roster.birth_year[b] = int(rng.integers(1988, 2002))
    # A also goes to the daily activity top_dv1: A takes the place of one of its brukare.
    dv = rep.tagged("top_dv1")
    replaced = long_stayers(dv, 2022)[0]
    dv.occ[dv.occ == replaced] = rep.named["A"]
    return rep


# ---------------------------------------------------------------------------------------------
# Deviations
# ---------------------------------------------------------------------------------------------


def _dates(rep: Replica, row: Row, year: int, season: np.ndarray) -> None:
    """Month (if not yet set) and day of the report."""
    u = rep.units[row.unit]
    if row.month < 0:
        ms = list(months_of(year))
        if row.period == "jn":
            ms = ms[:11]
        elif row.period == "dec":
            ms = ms[11:]
        row.month = rep.choose_month(u, ms, season)
    row.day = int(MONTH_START[row.month] + rep.rng.integers(MONTH_DAYS[row.month]))


def _falls(rep: Replica, year: int) -> list[Row]:
    rng = rep.rng
    totals = plan.FALLS[year]
    if year == 2022:
        counts = list(plan.FALLS_PER_FALLER_2022)
        sexes = quota(
            rng, len(counts), {0: plan.FALLERS_2022_WOMEN, 1: len(counts) - plan.FALLERS_2022_WOMEN}
        )
    else:
        counts, left = [], sum(totals.values())
        while left > 0:
            c = min(left, 1 + int(rng.geometric(0.45)) if rng.random() < 0.9 else int(rng.integers(5, 25)))
            counts.append(c)
            left -= c
        counts.sort(reverse=True)
        sexes = [None] * len(counts)
    # Give each faller to a unit group with room for all of their falls, biggest fallers first.
    room = dict(totals)
    fallers: dict[str, list[tuple[int, int | None]]] = {k: [] for k in totals}
    queue = list(zip(counts, sexes, strict=True))
    while queue:
        c, s = queue.pop(0)
        fits = [k for k in room if room[k] >= c]
        if not fits:  # no group has room for all of them: split the faller's falls
            k = max(sorted(room), key=lambda g: room[g])
            queue.append((c - room[k], s))
            c = room[k]
            fits = [k]
        best = max(room[k] for k in fits)
        k = (
            sorted(k for k in fits if room[k] == best)[0]
            if c > 1
            else fits[
                int(rng.choice(len(fits), p=np.array([room[f] for f in fits]) / sum(room[f] for f in fits)))
            ]
        )
        room[k] -= c
        fallers[k].append((c, s))
    rows: list[Row] = []
    ms = list(months_of(year))
    used: set[int] = set()
    # Sexes: exact quotas overall (2022). Small groups choose first, where one sex may be
    # missing; the big gruppbostad groups, with both sexes plentiful, absorb the rest.
    left = {0: sexes.count(0), 1: sexes.count(1)} if year == 2022 else None
    for key in sorted(fallers, key=lambda k: (plan.FALLS[year][k], k)):
        units = rep.group(key)
        w = rep.weights(units, "fall", year)
        for c, _ in fallers[key]:
            wanted: list[int | None] = [None]
            if left is not None:
                first = int(rng.random() * (left[0] + left[1]) >= left[0])
                wanted = [x for x in (first, 1 - first) if left[x] > 0]
            order = [
                int(i) for i in rng.choice(len(units), size=int((w > 0).sum()), replace=False, p=w / w.sum())
            ]
            chosen = None
            for s in wanted:
                for i in order:
                    u = units[i]
                    if u.occ is None:
                        continue
                    sub = u.occ[:, ms]
                    cand = sorted({int(b) for b in sub[sub >= 0].tolist()} - used)
                    sex = rep.roster.sex
                    cand = [b for b in cand if (sub == b).sum() >= 4 and (s is None or sex[b] == s)]
                    if cand:
                        chosen = (u, cand[int(rng.integers(len(cand)))])
                        break
                if chosen is not None:
                    if left is not None:
                        left[s] -= 1
                    break
            if chosen is None:
                raise RuntimeError(f"no faller left in {key} {year}")
            u, b = chosen
            used.add(b)
            present = [m for m in ms if b in u.present(m)]
            for _ in range(c):
                w_m = SEASON_FALL[[m % 12 for m in present]]
                m = present[int(rng.choice(len(present), p=w_m / w_m.sum()))]
                rows.append(Row(u.index, "hsl", "fall", month=m, brukare=b, group="fall"))
    return rows


def _per_unit(
    rep: Replica,
    kind: str,
    year: int,
    totals: dict[str, int],
    fixed: dict[str, int] | None = None,
    zero: set[str] = frozenset(),
    minimum_one: bool = False,
) -> dict[int, int]:
    """Allocate group totals to units: {unit index: count}. fixed: unit tag -> exact count."""
    out: dict[int, int] = {}
    fixed = fixed or {}
    for key, total in totals.items():
        units = rep.group(key)
        pinned = [u for u in units if u.tag in fixed]
        total -= sum(fixed[u.tag] for u in pinned)
        for u in pinned:
            out[u.index] = fixed[u.tag]
        free = [u for u in units if u.tag not in fixed]
        if not free:
            continue
        w = rep.weights(free, kind, year)
        w[[u.tag in zero for u in free]] = 0.0
        mins = [1 if (minimum_one and w[i] > 0) else 0 for i in range(len(free))]
        for u, n in zip(free, allocate(total, w, mins), strict=True):
            out[u.index] = int(n)
    return out


def _match(
    rep: Replica, unit_left: dict[int, int], columns: dict[tuple, int], affinity
) -> list[tuple[int, tuple]]:
    """Pair unit slots with column slots so both margins hold exactly, favouring affinity."""
    rng = rep.rng
    left = dict(columns)
    keys = sorted(left)
    slots = [u for u in sorted(unit_left) for _ in range(unit_left[u])]
    if len(slots) != sum(left.values()):
        raise ValueError(f"margins differ: {len(slots)} unit slots, {sum(left.values())} column slots")
    out = []
    for i in rng.permutation(len(slots)).tolist():
        u = rep.units[slots[i]]
        rem = np.array([left[k] for k in keys], dtype=float)
        w = rem * np.array([affinity(u, k) for k in keys])
        if w.sum() <= 0:
            w = rem
        k = keys[int(rng.choice(len(keys), p=w / w.sum()))]
        left[k] -= 1
        out.append((u.index, k))
    return out


_HSL_AFFINITY = {
    "hsl_insats": {"gruppbostad_lss": 1.6, "servicebostad_lss": 1.2},
    "annat": {"bostad_sol": 1.5, "hemsjukvard": 1.3},
    "informationsoverforing": {"hemsjukvard": 2.0},
    "vard_behandling": {"bostad_sol": 1.2, "hemsjukvard": 1.5},
    "medicinteknik": {"gruppbostad_lss": 1.3},
}

_SOCIAL_AFFINITY = {
    "utebliven_insats": {
        "boendestod": 6.0,
        "daglig_verksamhet": 4.0,
        "personlig_assistans": 2.0,
        "sysselsattning_sol": 3.0,
        "bostad_sol": 1.5,
    },
    "bristande_kvalitet": {"gruppbostad_lss": 3.0, "daglig_verksamhet": 2.0, "boendestod": 0.3},
    "sakerhet": {"daglig_verksamhet": 1.5, "bostad_sol": 1.5, "boendestod": 0.5},
    "rattssakerhet": {"myndighetsutovning": 8.0},
    "tvang_begransning": {"gruppbostad_lss": 2.0, "boendestod": 0.2},
}


def _hsl_affinity(u: Unit, key: tuple) -> float:
    return _HSL_AFFINITY.get(key[0], {}).get(u.unit_type, 1.0)


def _social_affinity(u: Unit, key: tuple) -> float:
    return _SOCIAL_AFFINITY.get(key[0], {}).get(u.unit_type, 1.0)


def _hsl_other(rep: Replica, year: int) -> list[Row]:
    fixed = plan.HSL_OTHER_SOL_UNITS_2022 if year == 2022 else None
    quiet = {"quiet_hsl", "quiet_both"}
    per_unit = _per_unit(rep, "hsl_other", year, plan.HSL_OTHER[year], fixed=fixed, zero=quiet)
    cols = {(c,): n for c, n in plan.HSL_OTHER_CATEGORIES[year].items()}
    return [Row(u, "hsl", k[0], group="hsl_other") for u, k in _match(rep, per_unit, cols, _hsl_affinity)]


def _lakemedel(rep: Replica, year: int) -> list[Row]:
    per_unit = _per_unit(rep, "lakemedel", year, plan.LAKEMEDEL[year], minimum_one=True)
    rows = [
        Row(u, "hsl", "lakemedel", group="lakemedel") for u in sorted(per_unit) for _ in range(per_unit[u])
    ]
    if year == 2022:
        subs = quota(rep.rng, len(rows), plan.LAKEMEDEL_SUBCATEGORIES_2022)
    else:
        subs = [pick(rep.rng, plan.LAKEMEDEL_SUBCATEGORY_SHARES) for _ in rows]
    for r, s in zip(rows, subs, strict=True):
        r.subcategory = s
    return rows


def _violence_2022(rep: Replica) -> list[Row]:
    """Hot och våld 2022 exactly as the berättelse tells it (January–November) plus December."""
    rng = rep.rng
    rows: list[Row] = []
    for tag, (utovare, utsatt, person) in plan.VIOLENCE_TOP5_2022.items():
        u = rep.tagged(tag)
        rows += [
            Row(u.index, "", "hot_och_vald", violence_role="utovare", person=person, period="jn")
            for _ in range(utovare)
        ]
        rows += [Row(u.index, "", "hot_och_vald", violence_role="utsatt", period="jn") for _ in range(utsatt)]
    top = {rep.tagged(t).index for t in plan.VIOLENCE_TOP5_2022}
    other: list[Row] = []

    def spread(spec: dict[str, int], period: str) -> list[Row]:
        out = []
        for key, n in spec.items():
            if key.startswith(("top_", "sol")):
                idx = [rep.tagged(key).index] * n
            else:
                units = [
                    u
                    for u in rep.group(key)
                    if u.index not in top and u.tag not in ("quiet_lss", "quiet_both")
                ]
                w = rep.weights(units, "violence", 2022)
                idx = [u.index for u, c in zip(units, allocate(n, w), strict=True) for _ in range(c)]
            out += [Row(i, "", "hot_och_vald", period=period) for i in idx]
        return out

    other = spread(plan.VIOLENCE_OTHER_2022, "jn")
    roles = quota(
        rng,
        len(other),
        {
            "utovare": plan.VIOLENCE_OTHER_UTOVARE_2022,
            "utsatt": len(other) - plan.VIOLENCE_OTHER_UTOVARE_2022,
        },
    )
    for r, role in zip(other, roles, strict=True):
        r.violence_role = role
    dec = spread(plan.VIOLENCE_DEC_2022, "dec")
    for r in dec:
        r.violence_role = "utovare" if rng.random() < 0.56 else "utsatt"
        if r.violence_role == "utovare":
            r.person = {"top_gb1": "A", "top_dv1": "A", "top_gb2": "B", "sol1": "D"}.get(
                rep.units[r.unit].tag, ""
            )
    rows += other + dec
    # Six rows about staff against brukare, all reported under lex Sarah, outside the top five.
    utsatt_other = [r for r in other if r.violence_role == "utsatt"]
    lex = [
        utsatt_other[i]
        for i in rng.choice(len(utsatt_other), size=plan.VIOLENCE_PERSONAL_MOT_BRUKARE_2022, replace=False)
    ]
    for r in lex:
        r.subcategory = "personal_mot_brukare"
        r.lex_sarah = True
    rest = [r for r in rows if not r.lex_sarah and r.period == "jn"]
    for i in rng.choice(len(rest), size=plan.LEX_SARAH_VIOLENCE_EXTRA_2022, replace=False):
        rest[int(i)].lex_sarah = True
    for r in rows:
        u = rep.units[r.unit]
        r.domain = "sol" if u.unit_type in ("bostad_sol", "boendestod", "sysselsattning_sol") else "lss"
        r.group = r.domain
        if r.subcategory is None:
            r.subcategory = _violence_subcategory(rng, r.violence_role)
    return rows


def _violence_subcategory(rng: np.random.Generator, role: str) -> str:
    if role == "utovare":
        return pick(
            rng,
            {
                "brukare_mot_personal": 0.5,
                "brukare_mot_brukare": 0.2,
                "utatagerande": 0.2,
                "sjalvskada": 0.07,
                "annat": 0.03,
            },
        )
    return pick(rng, {"brukare_mot_brukare": 0.9, "annat": 0.1})


def _social(rep: Replica, year: int) -> list[Row]:
    """LSS and SoL deviations of a year, hot och våld, myndighet and lex Sarah included."""
    rng = rep.rng
    rows: list[Row] = []
    periods = ("jn", "dec") if year == 2022 else ("year",)
    for domain, totals in (("lss", plan.LSS[year]), ("sol", plan.SOL[year])):
        cols = {}
        for p in periods:
            key = (year, domain, p) if year == 2022 else (year, domain)
            for c, n in zip(plan.SOCIAL, plan.SOCIAL_CATEGORIES[key], strict=True):
                if n:
                    cols[(c, p)] = n
        placed: list[Row] = []
        if year == 2022:
            placed = [r for r in rep_violence(rep) if r.domain == domain]
        fixed = {f"myndighet_{domain}": totals["myndighetsutovning"]}
        if year == 2022 and domain == "sol":
            fixed |= plan.SOL_UNITS_2022 | plan.BOENDESTOD_2022
        if year == 2022 and domain == "lss":
            fixed["lss125"] = plan.LSS_GB_MAX_2022
        mins_by_unit: dict[int, int] = {}
        for r in placed:
            mins_by_unit[r.unit] = mins_by_unit.get(r.unit, 0) + 1
        per_unit = _per_unit_min(rep, domain, year, totals, fixed, mins_by_unit)
        if year == 2022:
            placed += _placed_2022(rep, domain, per_unit, placed, cols)
        for r in placed:
            k = (r.category, r.period)
            cols[k] -= 1
            if cols[k] < 0:
                raise ValueError(f"pre-placed rows exceed column {k} in {domain} {year}")
            per_unit[r.unit] -= 1
            if per_unit[r.unit] < 0:
                raise ValueError(f"pre-placed rows exceed unit {r.unit} in {domain} {year}")
        cols = {k: n for k, n in cols.items() if n}
        matched = _match(rep, {u: n for u, n in per_unit.items() if n}, cols, _social_affinity)
        rows += placed + [Row(u, domain, k[0], period=k[1], group=domain) for u, k in matched]
    for r in rows:
        u = rep.units[r.unit]
        if r.category == "hot_och_vald" and r.violence_role is None:
            r.violence_role = "utovare" if rng.random() < 0.55 else "utsatt"
            r.subcategory = _violence_subcategory(rng, r.violence_role)
        if r.category == "utebliven_insats" and r.subcategory is None:
            if u.unit_type == "daglig_verksamhet":
                r.subcategory = pick(rng, {"verksamhet_stangd": 0.6, "personalbrist": 0.35, "annat": 0.05})
            else:
                r.subcategory = pick(rng, {"personalbrist": 0.8, "annat": 0.2})
    if year != 2022:
        _lex_sarah_random(rep, rows, year)
    return rows


def rep_violence(rep: Replica) -> list[Row]:
    if rep.violence is None:
        rep.violence = _violence_2022(rep)
    return rep.violence


def _per_unit_min(
    rep: Replica,
    kind: str,
    year: int,
    totals: dict[str, int],
    fixed: dict[str, int] | None,
    mins: dict[int, int],
) -> dict[int, int]:
    out: dict[int, int] = {}
    fixed = fixed or {}
    for key, total in totals.items():
        units = rep.group(key)
        pinned = [u for u in units if u.tag in fixed]
        for u in pinned:
            out[u.index] = fixed[u.tag]
            total -= fixed[u.tag]
        free = [u for u in units if u.tag not in fixed]
        if not free:
            continue
        w = rep.weights(free, kind, year)
        if kind == "lss":
            w[[u.tag in ("quiet_lss", "quiet_both") for u in free]] = 0.0
        m = [mins.get(u.index, 0) for u in free]
        for u, n in zip(free, allocate(total, w, m), strict=True):
            out[u.index] = int(n)
    return out


def _placed_2022(
    rep: Replica, domain: str, per_unit: dict[int, int], placed: list[Row], cols: dict[tuple, int]
) -> list[Row]:
    """Myndighet reports and lex Sarah reports of 2022 (besides hot och våld)."""
    rng = rep.rng
    room = dict(per_unit)
    for r in placed:
        room[r.unit] -= 1
    col_room = dict(cols)
    for r in placed:
        col_room[(r.category, r.period)] -= 1
    out: list[Row] = []

    def place(category: str, prefer: dict[str, float]) -> Row:
        cand = [u for u in sorted(room) if room[u] > 0]
        w = np.array(
            [
                prefer.get(rep.units[u].unit_type, 0.05)
                * (3.0 if rep.units[u].operator == "privat" else 1.0)
                * room[u]
                for u in cand
            ]
        )
        u = cand[int(rng.choice(len(cand), p=w / w.sum()))]
        room[u] -= 1
        ps = [p for p in ("jn", "dec") if col_room.get((category, p), 0) > 0]
        pw = np.array([col_room[(category, p)] for p in ps], dtype=float)
        p = ps[int(rng.choice(len(ps), p=pw / pw.sum()))]
        col_room[(category, p)] -= 1
        r = Row(u, domain, category, period=p, group=domain)
        out.append(r)
        return r

    lss_units = {
        "gruppbostad_lss": 1.0,
        "daglig_verksamhet": 0.6,
        "servicebostad_lss": 0.3,
        "personlig_assistans": 0.2,
    }
    sol_units = {"boendestod": 1.0, "bostad_sol": 0.8}
    prefer = lss_units if domain == "lss" else sol_units
    myndighet = []
    for d, category, n in plan.MYNDIGHET_2022:
        if d == domain:
            myndighet += [place(category, prefer) for _ in range(n)]
    for r, inv in zip(
        myndighet,
        quota(
            rng,
            len(myndighet),
            {
                "none": plan.MYNDIGHET_NOT_INVESTIGATED_2022[domain],
                "inv": len(myndighet) - plan.MYNDIGHET_NOT_INVESTIGATED_2022[domain],
            },
        ),
        strict=True,
    ):
        r.reported_by = "myndighet"
        r.force = inv
    if domain == "lss":
        for category, n in plan.MYNDIGHET_LEX_SARAH_2022:
            for _ in range(n):
                r = place(category, {"gruppbostad_lss": 1.0, "servicebostad_lss": 0.5})
                r.reported_by = "myndighet"
                r.lex_sarah = True
    for category, n in plan.LEX_SARAH_OTHER_2022[domain]:
        for _ in range(n):
            place(category, prefer).lex_sarah = True
    return out


def _lex_sarah_random(rep: Replica, rows: list[Row], year: int) -> None:
    """Lex Sarah and myndighet reports of 2020 and 2021: drawn among the year's rows."""
    rng = rep.rng
    w = np.array(
        [
            {
                "bemotande": 4,
                "tvang_begransning": 5,
                "hot_och_vald": 3,
                "bristande_kvalitet": 2,
                "rattssakerhet": 2,
            }.get(r.category, 0.3)
            for r in rows
        ]
    )
    for i in rng.choice(len(rows), size=plan.LEX_SARAH[year], replace=False, p=w / w.sum()):
        rows[int(i)].lex_sarah = True
    free = [r for r in rows if not r.lex_sarah]
    w = np.array([{"rattssakerhet": 5, "utebliven_insats": 1}.get(r.category, 0.2) for r in free])
    for i in rng.choice(len(free), size=plan.MYNDIGHET_REPORTED[year], replace=False, p=w / w.sum()):
        free[int(i)].reported_by = "myndighet"


def _vardsamverkan(rep: Replica, year: int) -> list[Row]:
    rng = rep.rng
    inn, ut = plan.VARDSAMVERKAN[year]
    rows = []
    for direction, n, cats, prefer in (
        (
            "inkommande",
            inn,
            {"informationsoverforing": 0.4, "provtagning": 0.3, "vard_behandling": 0.3},
            {"gruppbostad_lss": 1.0, "bostad_sol": 1.0, "hemsjukvard": 2.0},
        ),
        (
            "utgaende",
            ut,
            {
                "informationsoverforing": 0.7,
                "sip": 0.15,
                "vard_behandling": 0.08,
                "provtagning": 0.03,
                "annat": 0.04,
            },
            {"hemsjukvard": 3.0, "gruppbostad_lss": 0.5, "bostad_sol": 1.0},
        ),
    ):
        units = [u for u in rep.units if u.unit_type in prefer and u.tag != "silent"]
        w = rep.weights(units, "misc", year) * np.array([prefer[u.unit_type] for u in units])
        for i in rng.choice(len(units), size=n, p=w / w.sum()):
            rows.append(
                Row(
                    units[int(i)].index,
                    "vardsamverkan",
                    pick(rng, cats),
                    direction=direction,
                    reported_by="annan_vardgivare" if direction == "inkommande" else "verksamhet",
                    group="vardsamverkan",
                )
            )
    return rows


def _organisatorisk(rep: Replica, year: int) -> list[Row]:
    rng = rep.rng
    units = [u for u in rep.units if u.occ is not None and u.tag != "silent"]
    w = rep.weights(units, "misc", year)
    return [
        Row(
            units[int(i)].index,
            "organisatorisk",
            "kommunikation" if rng.random() < 0.7 else "annat",
            group="organisatorisk",
        )
        for i in rng.choice(len(units), size=plan.ORGANISATORISK[year], p=w / w.sum())
    ]


_CONSEQUENCE = {
    "fall": {"fysisk_skada": 0.35, "ingen": 0.45, "obehag_oro": 0.1, "okat_vardbehov": 0.05, "okand": 0.05},
    "lakemedel": {
        "ingen": 0.86,
        "obehag_oro": 0.08,
        "fysisk_skada": 0.02,
        "okat_vardbehov": 0.02,
        "okand": 0.02,
    },
    "hsl_other": {
        "ingen": 0.6,
        "obehag_oro": 0.2,
        "okat_vardbehov": 0.1,
        "fysisk_skada": 0.05,
        "okand": 0.05,
    },
    "utebliven_insats": {"obehag_oro": 0.7, "ingen": 0.2, "okand": 0.1},
    "hot_och_vald": {"fysisk_skada": 0.2, "obehag_oro": 0.65, "ingen": 0.1, "okand": 0.05},
    "social": {"obehag_oro": 0.6, "ingen": 0.3, "okand": 0.1},
    "vardsamverkan": {"ingen": 0.5, "obehag_oro": 0.3, "okat_vardbehov": 0.15, "okand": 0.05},
    "organisatorisk": {"ingen": 0.9, "okand": 0.1},
}
_CAUSE = {
    "fall": {"brukarrelaterad": 0.6, "rutin_ej_foljd": 0.1, "teknik": 0.05, "annat": 0.15, "okand": 0.1},
    "lakemedel": {
        "rutin_ej_foljd": 0.45,
        "kommunikation": 0.15,
        "kompetens": 0.1,
        "personalbrist": 0.1,
        "teknik": 0.1,
        "annat": 0.1,
    },
    "hsl_other": {
        "rutin_ej_foljd": 0.35,
        "kommunikation": 0.25,
        "kompetens": 0.15,
        "personalbrist": 0.1,
        "teknik": 0.05,
        "annat": 0.1,
    },
    "utebliven_insats": {"personalbrist": 0.8, "rutin_ej_foljd": 0.1, "kommunikation": 0.05, "annat": 0.05},
    "hot_och_vald": {
        "kompetens": 0.4,
        "brukarrelaterad": 0.35,
        "personalbrist": 0.1,
        "rutin_ej_foljd": 0.1,
        "annat": 0.05,
    },
    "social": {
        "kompetens": 0.3,
        "rutin_ej_foljd": 0.3,
        "kommunikation": 0.2,
        "personalbrist": 0.1,
        "annat": 0.1,
    },
    "vardsamverkan": {"kommunikation": 0.6, "rutin_ej_foljd": 0.2, "annat": 0.2},
    "organisatorisk": {"kommunikation": 0.6, "teknik": 0.3, "annat": 0.1},
}


def _kind(r: Row) -> str:
    if r.group in ("fall", "lakemedel", "hsl_other", "vardsamverkan", "organisatorisk"):
        return r.group
    return r.category if r.category in ("utebliven_insats", "hot_och_vald") else "social"


def _lag(rng: np.random.Generator, shape: float, scale: float, least: int) -> int:
    return least + int(rng.gamma(shape, scale))


def _follow_up(rep: Replica, rows: list[Row], year: int) -> None:
    """investigated_date and followed_up_date with the year's exact null counts per group."""
    rng = rep.rng
    by_group: dict[str, list[Row]] = {}
    for r in rows:
        by_group.setdefault(r.group, []).append(r)
    for g in sorted(by_group):
        rs = by_group[g]
        spec = plan.NOT_INVESTIGATED[g][year]
        n = len(rs)
        n_inv, n_fol = spec if isinstance(spec[0], int) else (round(spec[0] * n), round(spec[1] * n))
        forced_none = [r for r in rs if r.force == "none" or r.outcome == "pagaende"]
        free = [r for r in rs if r not in forced_none and r.force != "inv" and not r.lex_sarah]
        # Recent reports are less often investigated yet.
        w = np.array([1.0 + 2.0 * (r.day - MONTH_START[(year - 2020) * 12]) / 365 for r in free])
        k = n_inv - len(forced_none)
        none = forced_none + [
            free[int(i)] for i in rng.choice(len(free), size=k, replace=False, p=w / w.sum())
        ]
        none_ids = {id(r) for r in none}
        inv = [r for r in rs if id(r) not in none_ids]
        for r in inv:
            r.investigated = min(
                EXTRACT_DAY, r.day + (_lag(rng, 2.0, 15.0, 14) if r.lex_sarah else _lag(rng, 1.5, 8.0, 1))
            )
        cand = [r for r in inv if r.force != "inv"]
        w = np.array([1.0 + 2.0 * (r.day - MONTH_START[(year - 2020) * 12]) / 365 for r in cand])
        extra = {
            id(cand[int(i)]) for i in rng.choice(len(cand), size=n_fol - n_inv, replace=False, p=w / w.sum())
        }
        for r in inv:
            if id(r) not in extra:
                r.followed = min(EXTRACT_DAY, r.investigated + _lag(rng, 2.0, 12.0, 7))
        # Consequence and cause are known where the deviation was investigated.
        for r in inv:
            kind = _kind(r)
            r.consequence = pick(rng, _CONSEQUENCE[kind])
            r.cause = pick(rng, _CAUSE[kind])
        if g == "lakemedel" and year == 2022:
            counts = dict(plan.LAKEMEDEL_CONSEQUENCES_2022)
            counts["ingen"] = len(inv) - sum(counts.values())
            for r, c in zip(inv, quota(rng, len(inv), counts), strict=True):
                r.consequence = c
        for r in none:
            r.consequence = "okand" if rng.random() < 0.1 else None


def _lex_sarah_outcomes(rep: Replica, rows: list[Row], year: int) -> None:
    rng = rep.rng
    lex = [r for r in rows if r.lex_sarah]
    if year == 2022:
        # Ongoing investigations among the non-violence reports; the two IVO cases serious.
        others = [r for r in lex if r.category != "hot_och_vald"]
        tvang = [r for r in others if r.category == "tvang_begransning"]
        serious = tvang[0]
        serious.outcome, serious.ivo = "allvarligt_missforhallande", True
        rest = [r for r in others if r is not serious]
        pag = [
            rest[int(i)]
            for i in rng.choice(len(rest), size=plan.LEX_SARAH_OUTCOMES_2022["pagaende"], replace=False)
        ]
        for r in pag:
            r.outcome = "pagaende"
        remaining = [r for r in lex if r.outcome is None]
        counts = {
            k: v
            for k, v in plan.LEX_SARAH_OUTCOMES_2022.items()
            if k not in ("pagaende", "allvarligt_missforhallande")
        }
        # Staff violence against brukare is a missförhållande or a risk of one.
        remaining.sort(key=lambda r: r.subcategory != "personal_mot_brukare")
        pmb = [r for r in remaining if r.subcategory == "personal_mot_brukare"]
        for r, o in zip(pmb, ["missforhallande", "risk_for_missforhallande"] * 3, strict=False):
            r.outcome = o
            counts[o] -= 1
        remaining = [r for r in remaining if r.outcome is None]
        for r, o in zip(remaining, quota(rng, len(remaining), counts), strict=True):
            r.outcome = o
            r.ivo = o == "pataglig_risk_allvarligt"
    else:
        n_ivo = {2020: 2, 2021: 3}[year]
        for r in lex:
            r.outcome = pick(
                rng,
                {
                    "ej_missforhallande": 0.45,
                    "risk_for_missforhallande": 0.25,
                    "missforhallande": 0.25,
                    "pataglig_risk_allvarligt": 0.05,
                },
            )
        for i in rng.choice(len(lex), size=n_ivo, replace=False):
            lex[int(i)].outcome = "allvarligt_missforhallande"
            lex[int(i)].ivo = True


def _people_and_texts(rep: Replica, rows: list[Row], year: int) -> None:
    rng = rep.rng
    for r in rows:
        if r.day < 0:
            season = SEASON_STAFF if r.group in ("lss", "sol") else SEASON_FLAT
            _dates(rep, r, year, season)
        u = rep.units[r.unit]
        if r.brukare < 0 and r.domain != "organisatorisk":
            if r.person:
                r.brukare = rep.named[r.person]
            elif r.category == "hot_och_vald":
                exclude = set(rep.named.values())
                r.brukare = rep.choose_brukare(u, r.month, exclude, heavy=r.violence_role == "utovare")
            elif rng.random() < 0.97:
                r.brukare = rep.choose_brukare(u, r.month)
        lag = rng.random()
        if lag < 0.04:
            r.event = -1
        else:
            back = 0 if lag < 0.7 else int(rng.integers(1, 4)) if lag < 0.95 else int(rng.integers(4, 21))
            r.event = r.day - back
        if rng.random() < 0.97:
            r.text = texts.description_key(r.domain, r.category, r.subcategory, r.violence_role)
            r.variant = int(rng.integers(0, 2**62))


def deviations(rep: Replica, first: bool) -> list[Row]:
    """All deviations of the replica, 2020–2022. first: the replica that carries hostile texts."""
    rng = rep.rng
    out: list[Row] = []
    for year in YEARS:
        rows = (
            _falls(rep, year)
            + _hsl_other(rep, year)
            + _lakemedel(rep, year)
            + _social(rep, year)
            + _vardsamverkan(rep, year)
            + _organisatorisk(rep, year)
        )
        for r in rows:
            if r.day < 0:
                season = (
                    SEASON_FALL
                    if r.group == "fall"
                    else SEASON_STAFF
                    if r.group in ("lss", "sol")
                    else SEASON_FLAT
                )
                _dates(rep, r, year, season)
        _lex_sarah_outcomes(rep, rows, year)
        _follow_up(rep, rows, year)
        hsl_inv = [r for r in rows if r.domain == "hsl" and r.investigated >= 0]
        for i in rng.choice(len(hsl_inv), size=plan.LEX_MARIA[year], replace=False):
            hsl_inv[int(i)].lex_maria = True
        _people_and_texts(rep, rows, year)
        out += rows
    if first:
        with_text = [r for r in out if r.text >= 0 and r.day >= MONTH_START[30]]
        a, b = (with_text[int(i)] for i in rng.choice(len(with_text), size=2, replace=False))
        a.hostile = (
            f"Brukaren var orolig under kvällen {texts.HOSTILE_SCRIPT} och personal satt kvar en stund."
        )
        b.hostile = f"Anteckning kopierad från sms {texts.HOSTILE_IMG} där anhörig beskriver händelsen."
    return out


# ---------------------------------------------------------------------------------------------
# Complaints, work incidents
# ---------------------------------------------------------------------------------------------


@dataclass
class Complaint:
    day: int
    unit: int  # -1 = area only
    area: str | None
    kind: str
    category: str | None
    sender: str
    confidential: bool
    answered: int = -1
    text: int = -1
    variant: int = 0
    hostile: str = ""


def complaints(rep: Replica, first: bool) -> list[Complaint]:
    rng = rep.rng
    out: list[Complaint] = []
    for year in YEARS:
        if year == 2022:
            spec = plan.COMPLAINTS_2022
        else:
            spec = []
            for _ in range(plan.COMPLAINTS[year]):
                key = pick(
                    rng,
                    {
                        plan.GB_E: 6,
                        plan.GB_P: 4,
                        "myndighetsutovning": 4,
                        "daglig_verksamhet": 3,
                        "bostad_sol": 2,
                        "boendestod": 2,
                        "servicebostad_lss": 1,
                        "area:Socialpsykiatri": 1,
                        "area:Gruppbostäder LSS": 1,
                    },
                )
                conf = key == "myndighetsutovning" and rng.random() < 0.6
                cat = (
                    None
                    if conf or rng.random() < 0.1
                    else pick(
                        rng,
                        {
                            "information": 4,
                            "bemotande": 3,
                            "fysisk_miljo": 2,
                            "vard_omsorg": 2,
                            "ekonomi": 1,
                            "tillganglighet": 1,
                            "handlaggning": 1,
                        },
                    )
                )
                spec.append((key, cat, pick(rng, {"anhorig": 7, "personal": 2, "god_man": 1}), conf))
        rows = []
        for key, cat, sender, conf in spec:
            if key.startswith("area:"):
                unit, area = -1, key[5:]
            else:
                units = rep.group(key)
                w = rep.weights(units, "misc", year)
                unit, area = units[int(rng.choice(len(units), p=w / w.sum()))].index, None
            m = int(rng.choice(list(months_of(year))))
            day = int(MONTH_START[m] + rng.integers(MONTH_DAYS[m]))
            kind = (
                "klagomal"
                if conf
                else pick(rng, {"klagomal": 0.65, "synpunkt": 0.28, "forslag": 0.04, "berom": 0.03})
            )
            c = Complaint(day, unit, area, kind, cat, sender, conf)
            if rng.random() < 0.93 or year < 2022:
                c.answered = min(EXTRACT_DAY, day + _lag(rng, 2.0, 9.0, 2))
            c.text = texts.complaint_key(cat)
            c.variant = int(rng.integers(0, 2**62))
            rows.append(c)
        out += rows
        if first and year == 2022:
            plain = [c for c in rows if not c.confidential]
            c = plain[int(rng.integers(len(plain)))]
            c.hostile = (
                f"Anhörig skriver: personalen svarar inte i telefon {texts.HOSTILE_SCRIPT} "
                "och vill bli kontaktad."
            )
    return out


@dataclass
class Incident:
    day: int
    unit: int
    kind: str
    violence: bool


def work_incidents(rep: Replica) -> list[Incident]:
    rng = rep.rng
    out: list[Incident] = []
    units = [u for u in rep.units if u.occ is not None and u.tag != "silent"]
    for year in YEARS:
        per_unit: dict[int, int] = {}
        total = plan.WORK_INCIDENTS_VIOLENCE[year]
        if year == 2022:
            for tag, n in plan.WORK_INCIDENTS_TOP5_2022.items():
                per_unit[rep.tagged(tag).index] = n
            total -= sum(plan.WORK_INCIDENTS_TOP5_2022.values())
        free = [u for u in units if u.index not in per_unit]
        w = rep.weights(free, "kia", year) * np.array(
            [
                {
                    "gruppbostad_lss": 1.0,
                    "daglig_verksamhet": 0.4,
                    "bostad_sol": 0.6,
                    "boendestod": 0.3,
                    "hemsjukvard": 0.1,
                }.get(u.unit_type, 0.2)
                for u in free
            ]
        )
        cap = 12 if year == 2022 else 10**6
        alloc = allocate(total, w)
        while alloc.max() > cap:  # keep the top five of 2022 clearly on top
            over = int(alloc.argmax())
            alloc[over] -= 1
            w2 = w.copy()
            w2[alloc >= cap] = 0
            alloc[int(rng.choice(len(w2), p=w2 / w2.sum()))] += 1
        for u, n in zip(free, alloc, strict=True):
            per_unit[u.index] = per_unit.get(u.index, 0) + int(n)
        for ui in sorted(per_unit):
            for _ in range(per_unit[ui]):
                m = rep.choose_month(rep.units[ui], list(months_of(year)), SEASON_FLAT)
                out.append(
                    Incident(
                        int(MONTH_START[m] + rng.integers(MONTH_DAYS[m])),
                        ui,
                        "tillbud" if rng.random() < 0.8 else "olycka",
                        True,
                    )
                )
        w = rep.weights(units, "misc", year)
        for i in rng.choice(len(units), size=plan.WORK_INCIDENTS_OTHER[year], p=w / w.sum()):
            u = units[int(i)]
            m = rep.choose_month(u, list(months_of(year)), SEASON_FLAT)
            out.append(
                Incident(
                    int(MONTH_START[m] + rng.integers(MONTH_DAYS[m])),
                    u.index,
                    "tillbud" if rng.random() < 0.7 else "olycka",
                    False,
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# Signings (MCSS)
# ---------------------------------------------------------------------------------------------

STATUSES = ("utford", "ej_utford", "ej_signerad")
TASK_KINDS = ("lakemedel", "hsl_insats")


def signings(rep: Replica) -> dict[str, np.ndarray]:
    """Aggregated rows per unit, month, task_kind and status (first day of the month), plus one
    row per unsigned task at the units of SIGNINGS_INDIVIDUAL_ROWS."""
    rng = rep.rng
    cols: dict[str, list] = {"unit": [], "day": [], "brukare": [], "kind": [], "status": [], "count": []}
    intensity = rng.lognormal(0.0, 0.25, size=len(rep.units))
    sloppiness = rng.lognormal(0.0, 0.5, size=len(rep.units))
    for year in YEARS:
        volume, worse = plan.SIGNINGS_YEAR_FACTOR[year]
        ms = list(months_of(year))
        for (key, kind), total_2022 in sorted(plan.SIGNINGS_2022.items()):
            total = round(total_2022 * volume)
            units = rep.group(key, silent=True)
            cells = [(u, m) for u in units for m in ms]
            w = np.array([u.census(m) * intensity[u.index] * MONTH_DAYS[m] for u, m in cells], dtype=float)
            tasks = allocate(total, w)
            if key == plan.GB_E and kind == "lakemedel" and year == 2022:
                n_uns = plan.SIGNINGS_UNSIGNED_GB_E_LAKEMEDEL_2022
            else:
                share = plan.SIGNINGS_UNSIGNED_SHARE.get((key, kind), plan.SIGNINGS_UNSIGNED_SHARE[kind])
                n_uns = round(total * share * worse)
            sl = np.array([sloppiness[u.index] for u, _ in cells])
            unsigned = allocate(n_uns, tasks * sl)
            not_done = allocate(round(total * plan.SIGNINGS_NOT_DONE_SHARE), tasks)
            done = tasks - unsigned - not_done
            if (done < 0).any():
                raise ValueError("signing allocation left a negative count")
            k = TASK_KINDS.index(kind)
            for (u, m), counts in zip(cells, np.stack([done, not_done, unsigned], axis=1), strict=True):
                for s, c in enumerate(counts.tolist()):
                    if c == 0:
                        continue
                    if s == 2 and u.unit_type in plan.SIGNINGS_INDIVIDUAL_ROWS:
                        present = u.present(m)
                        for _ in range(c):
                            cols["unit"].append(u.index)
                            cols["day"].append(int(MONTH_START[m] + rng.integers(MONTH_DAYS[m])))
                            cols["brukare"].append(int(present[int(rng.integers(len(present)))]))
                            cols["kind"].append(k)
                            cols["status"].append(s)
                            cols["count"].append(1)
                        continue
                    cols["unit"].append(u.index)
                    cols["day"].append(int(MONTH_START[m]))
                    cols["brukare"].append(-1)
                    cols["kind"].append(k)
                    cols["status"].append(s)
                    cols["count"].append(c)
    return {k: np.array(v, dtype=np.int64) for k, v in cols.items()}


# ---------------------------------------------------------------------------------------------
# Brukarundersökning
# ---------------------------------------------------------------------------------------------


def _solve_group_respondents(groups: list[tuple], target_all: float | None) -> list[tuple[int, int]]:
    """Respondents n and positives p per group so each share is within 0.5 pp of its target and
    the total within 0.5 pp of target_all (without target_all: within 3 pp, the year is chosen):
    lower n (item non-response) where it helps."""
    ns = [g[1] for g in groups]
    tol = 0.005 if target_all is not None else 0.03

    def good_n(share: float, n: int) -> bool:
        return n > 0 and abs(round(share * n) / n - share) <= tol

    for i, (_, participants, share) in enumerate(groups):
        while not good_n(share, ns[i]):
            ns[i] -= 1
            if ns[i] < participants * 0.6:
                raise ValueError(f"no respondent count fits share {share} for {participants}")

    def total() -> float:
        return sum(round(g[2] * n) for g, n in zip(groups, ns, strict=True)) / sum(ns)

    guard = 0
    while target_all is not None and abs(total() - target_all) > 0.005:
        guard += 1
        if guard > 500:
            raise ValueError(f"survey total {total():.4f} cannot reach {target_all}")
        # Lower the respondents of the group pulling the total away from its target the most.
        direction = 1 if total() > target_all else -1
        order = sorted(range(len(groups)), key=lambda i: -direction * groups[i][2])
        moved = False
        for i in order:
            if direction * (groups[i][2] - target_all) <= 0:
                continue
            n = ns[i] - 1
            while n >= groups[i][1] * 0.6 and not good_n(groups[i][2], n):
                n -= 1
            if n >= groups[i][1] * 0.6:
                ns[i] = n
                moved = True
                break
        if not moved:
            raise ValueError(f"survey total {total():.4f} cannot reach {target_all}")
    return [(n, round(g[2] * n)) for g, n in zip(groups, ns, strict=True)]


def survey(rep: Replica) -> tuple[list[tuple], list[tuple]]:
    """(participation rows, result rows) for 2020–2022: year, unit_type, operator, invited,
    responded / year, unit_type, operator, question_id, sex, respondents, positive."""
    rng = rep.rng
    part: list[tuple] = []
    results: list[tuple] = []
    keys = sorted(plan.SURVEY_PARTICIPATION_2022)
    for year in YEARS:
        if year == 2022:
            pr = dict(plan.SURVEY_PARTICIPATION_2022)
        elif year == 2021:
            pr = dict(plan.SURVEY_PARTICIPATION_2021)
        else:
            inv_total, resp_total = plan.SURVEY_RESPONDENTS_2020
            inv = allocate(inv_total, [plan.SURVEY_PARTICIPATION_2021[k][0] for k in keys])
            resp = allocate(resp_total, [plan.SURVEY_PARTICIPATION_2021[k][1] for k in keys])
            pr = {k: (int(i), int(min(r, i))) for k, i, r in zip(keys, inv, resp, strict=True)}
        for k in keys:
            part.append((year, k[0], k[1], pr[k][0], pr[k][1]))
        by_type: dict[str, list[tuple]] = {}
        for k in keys:
            by_type.setdefault(k[0], []).append(k)
        target_year = plan.SURVEY_TARGETS.get(year)
        if target_year is None:  # 2020: close to 2021, chosen
            target_year = {
                t: {q: min(0.97, max(0.4, v + rng.integers(-3, 4) / 100)) for q, v in qs.items()}
                for t, qs in plan.SURVEY_TARGETS[2021].items()
            }
        for q, _text, negative in plan.SURVEY_QUESTIONS:
            if negative:
                radd = plan.SURVEY_RADD.get(year, plan.SURVEY_RADD[2021])
                groups, members = [], []
                for t in sorted(by_type):
                    ks = by_type[t]
                    if (t, ks[0][1]) in radd and len(ks) > 1:
                        for k in ks:
                            groups.append((k, pr[k][1], radd[(t, k[1])]))
                            members.append([k])
                    else:
                        groups.append((t, sum(pr[k][1] for k in ks), radd[(t, None)]))
                        members.append(ks)
                target_all = radd[("all", None)]
            else:
                groups, members = [], []
                for t in sorted(by_type):
                    if q in target_year.get(t, {}):
                        groups.append((t, sum(pr[k][1] for k in by_type[t]), target_year[t][q]))
                        members.append(by_type[t])
                target_all = target_year["all"][q] if year > 2020 else None
            solved = _solve_group_respondents(groups, target_all)
            for ks, (n, p) in zip(members, solved, strict=True):
                ns = allocate(n, [pr[k][1] for k in ks])
                ps = allocate(p, ns)
                for k, nk, pk in zip(ks, ns.tolist(), ps.tolist(), strict=True):
                    results += _sex_split(rng, year, k, q, nk, pk, negative)
    return part, results


def _sex_split(
    rng: np.random.Generator, year: int, k: tuple, q: str, n: int, p: int, negative: bool
) -> list[tuple]:
    n_k = round(n * 0.44)
    n_m = n - n_k
    share = p / n if n else 0.0
    # Women answer "rädd" yes more often; elsewhere the sexes differ a little at random.
    lift = 0.08 if negative else float(rng.uniform(-0.03, 0.03))
    p_k = min(n_k, max(0, round(n_k * (share + lift * n_m / n))))
    p_m = p - p_k
    if p_m > n_m:
        p_k, p_m = p - n_m, n_m
    if p_m < 0:
        p_k, p_m = p, 0
    return [
        (year, k[0], k[1], q, "alla", n, p),
        (year, k[0], k[1], q, "K", n_k, p_k),
        (year, k[0], k[1], q, "M", n_m, p_m),
    ]
