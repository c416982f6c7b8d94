"""An attacker's interval audit of the politiker key-figures export (key-figures.md v2, "Roles").

Written from the published figures' definitions in key-figures.md, not from the suppression
code: every figure of every export a politician can take out (a year, its halves and tertials,
for every year in the data, each with its comparison period) becomes an integer variable; what
is published fixes it (or bounds it, for rounded rates and shares); the definitions tie the
variables together; and HiGHS (scipy.optimize.milp) minimises and maximises every hidden
count. A hidden count is disclosed when its range is one value, or lies inside 1–4 without
being all of 1–4 (key-figures.md: "no hidden count can be recovered, exactly or as a range
inside 1–4 narrower than '1 to 4'").

The relations the attacker uses (each sound: it holds for every database the definitions allow):

- additive counts: a year = H1 + H2 = T1 + T2 + T3, for every count of events that is a sum
  over rows (deviation counts per category and per unit type, the counts behind rates and
  means, falls, violence, unsigned tasks, reported deviations, complaints and their lists);
- `previous_count` of a period = `count` of the same period a year earlier (v2; only when the
  export names `period.comparison`);
- a row listed in `deviations_by_category` has a deviation in the period or the comparison
  period; a (domain, category) never listed has none; `deviations_by_unit_type` rows have
  count > 0 and absent rows 0;
- per domain: the sum over categories = the sum over unit types and operators;
- rates and means × the brukare / units shown (both rounded: the interval of every value that
  rounds to what is shown) = counts per unit type; hsl_other + medication + fall = the hsl
  deviations of the unit type; mean hsl_other = rate hsl_other count; sol_lss = lss + sol of the
  type; sums over unit types <= the category totals;
- falls: `deviations` = hsl/fall; `brukare` = the sum of the buckets; women + men <= brukare;
  1·n1 + 2·n2 + 3·n3 + 4·n4 + 5·n5+ <= falls with a brukare <= deviations; a year's brukare
  lies between the largest and the sum of its parts';
- violence: `deviations` = the hot_och_vald rows of lss and sol; its share of all lss and sol
  rows; utövare + utsatt <= deviations; personal_mot_brukare <= deviations; the five top
  counts descending, their sum <= deviations, and their share;
- signing: unsigned = tasks × (1 − signed share); reported deviations summed over operators
  <= the unit type's counts; lakemedel + hsl_insats <= the hsl deviations of the group;
- complaints: every list sums to `count`; confidential <= count; by_category and by_sender
  sorted by count (descending, then code) when no row is hidden (v2: a list with hidden rows is
  sorted by code, which says nothing).

Not modelled (so not proven): the relation between the falls-per-brukare buckets of a year and
of its parts, the shares investigated / followed up (they bound counts of investigated
deviations, which the spec does not list as protected), the survey results, the keys of v2
(lex_sarah, lex_maria, causes, vardsamverkan, by_reporter, yearly) unless present, the
dashboard's own figures beyond the export, and anything known from outside the app.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix, hstack, lil_matrix, vstack

BIG = 10**7
RATE_HALF = 0.005  # rates, brukare and means are rounded to 2 decimals
SHARE_HALF = 0.00005  # shares to 4 decimals

Key = tuple  # (figure identity..., period) e.g. ("D", "hsl", "fall", "2022-01-01/2022-06-30")

# Figures that are sums over event rows: a year = its halves = its tertials.
ADDITIVE = {"D", "U", "C", "M", "F", "FWB", "V", "VT", "Vutov", "Vuts", "Vpmb", "WI", "RD", "UNS", "K"}
ADDITIVE |= {"Kconf", "KU", "KC", "KS", "LS", "LSivo", "LSo", "LSd", "LM", "LMivo", "CA", "VS", "BR"}


@dataclass
class Model:
    """Integer variables, linear constraints lo <= sum(coef * var) <= hi, and the hidden ones."""

    index: dict[Key, int] = field(default_factory=dict)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    fixed: dict[int, float] = field(default_factory=dict)
    hidden: dict[Key, str] = field(default_factory=dict)  # var -> a JSON path where it is hidden

    def var(self, *key: Any) -> int:
        return self.index.setdefault(tuple(key), len(self.index))

    def fix(self, key: Key, value: float) -> None:
        self.add({self.var(*key): 1.0}, value, value)

    def add(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        merged: dict[int, float] = defaultdict(float)
        for v, c in coefs.items():
            merged[v] += c
        self.rows.append(({v: c for v, c in merged.items() if c}, lo, hi))

    def published(self, key: Key, value: Any, path: str) -> None:
        """A count as published: fixed when shown, hidden (to be audited) when null."""
        if value is None:
            self.var(*key)
            self.hidden.setdefault(key, path)
        else:
            self.fix(key, float(value))

    def between(self, key: Key, lo: float, hi: float) -> None:
        """A count implied by a rounded figure: lies in [lo, hi]."""
        self.add({self.var(*key): 1.0}, lo, hi)


def _p(period: dict[str, str]) -> str:
    return f"{period['from']}/{period['to']}"


def add_export(
    m: Model, fig: dict[str, Any], universe: dict[str, set], family: list[str], before: list[str]
) -> None:
    """The constraints one politiker export puts on the variables of its period (and of its
    comparison period). `family` names the six periods of the export's year, `before` those of
    the comparison period's year: for politiker a list holds the same rows in every period of a
    year, every row with a count in any of them (deviations_by_category: or in the comparison
    year's), so a listed row says only that."""
    p = _p(fig["period"])
    comparison = fig["period"].get("comparison")
    q = _p(comparison) if comparison else None

    # deviations_by_category
    listed = set()
    for i, row in enumerate(fig["deviations_by_category"]):
        dc = (row["domain"], row["category"])
        listed.add(dc)
        m.published(("D", *dc, p), row["count"], f"deviations_by_category[{i}].count")
        if q is not None:
            m.published(("D", *dc, q), row["previous_count"], f"deviations_by_category[{i}].previous_count")
        m.add({m.var("D", *dc, x): 1.0 for x in family + before}, 1, BIG)
    for dc in universe["D"] - listed:
        if q is not None:  # never listed: none in either period
            m.fix(("D", *dc, p), 0)
            m.fix(("D", *dc, q), 0)
        else:  # v1 lists a row with a deviation in the period or the one just before
            m.fix(("D", *dc, p), 0)

    # deviations_by_unit_type; per domain the two lists have the same sum
    listed = set()
    for i, row in enumerate(fig["deviations_by_unit_type"]):
        key = (row["unit_type"], row["operator"], row["domain"])
        listed.add(key)
        m.published(("U", *key, p), row["count"], f"deviations_by_unit_type[{i}].count")
        m.add({m.var("U", *key, x): 1.0 for x in family}, 1, BIG)
    for key in universe["U"] - listed:
        m.fix(("U", *key, p), 0)
    for domain in {d for d, _ in universe["D"]} | {k[2] for k in universe["U"]}:
        coefs = {m.var("D", d, c, p): 1.0 for d, c in universe["D"] if d == domain}
        for ut, op, d in universe["U"]:
            if d == domain:
                coefs[m.var("U", ut, op, d, p)] = coefs.get(m.var("U", ut, op, d, p), 0) - 1.0
        m.add(coefs, 0, 0)

    def hsl_of(ut: str) -> dict[int, float]:
        return {m.var("U", t, op, d, p): 1.0 for t, op, d in universe["U"] if t == ut and d == "hsl"}

    # rates_per_brukare: rate x brukare = the count behind it
    kinds = {
        "hsl_other_deviations": "hsl_other",
        "medication_deviations": "medication",
        "fall_deviations": "fall",
        "violence_deviations": "violence",
    }
    rated: set[str] = set()
    for i, row in enumerate(fig["rates_per_brukare"]):
        ut, b = row["unit_type"], row["brukare"]
        if b is None:
            continue
        rated.add(ut)
        for column, kind in kinds.items():
            r = row[column]
            key = ("C", ut, kind, p)
            if r is None:
                m.var(*key)
                m.hidden.setdefault(key, f"rates_per_brukare[{i}].{column} (× brukare)")
            else:
                m.between(key, max(0.0, (r - RATE_HALF) * (b - RATE_HALF)), (r + RATE_HALF) * (b + RATE_HALF))
        coefs = {m.var("C", ut, k, p): 1.0 for k in ("hsl_other", "medication", "fall")}
        coefs |= {v: -1.0 for v in hsl_of(ut)}
        m.add(coefs, 0, 0)
    for kind, (d, c) in {"fall": ("hsl", "fall"), "medication": ("hsl", "lakemedel")}.items():
        if rated and (d, c) in universe["D"]:
            coefs = {m.var("C", ut, kind, p): 1.0 for ut in rated} | {m.var("D", d, c, p): -1.0}
            m.add(coefs, -BIG, 0)

    # mean_per_unit: mean x units = the count behind it
    for i, row in enumerate(fig["mean_per_unit"]):
        ut, n = row["unit_type"], row["units"]
        if not n:
            continue
        for column, kind in {
            "hsl_other_deviations": "hsl_other",
            "violence_deviations": "violence",
            "sol_lss_deviations": "sol_lss",
        }.items():
            value = row[column]
            key = ("M", ut, kind, p)
            if value is None:
                m.var(*key)
                m.hidden.setdefault(key, f"mean_per_unit[{i}].{column} (× units)")
            else:
                m.between(key, max(0.0, (value - RATE_HALF) * n), (value + RATE_HALF) * n)
        sol_lss = {m.var("M", ut, "sol_lss", p): 1.0}
        sol_lss |= {
            m.var("U", t, op, d, p): -1.0 for t, op, d in universe["U"] if t == ut and d in ("lss", "sol")
        }
        m.add(sol_lss, 0, 0)
        if ut in rated:
            for kind in ("hsl_other", "violence"):
                m.add({m.var("M", ut, kind, p): 1.0, m.var("C", ut, kind, p): -1.0}, 0, 0)
        else:
            m.add({m.var("M", ut, "hsl_other", p): 1.0} | {v: -1.0 for v in hsl_of(ut)}, -BIG, 0)

    # falls
    falls = fig["falls"]
    m.published(("F", p), falls["deviations"], "falls.deviations")
    if ("hsl", "fall") in universe["D"]:
        m.add({m.var("F", p): 1.0, m.var("D", "hsl", "fall", p): -1.0}, 0, 0)
    else:
        m.fix(("F", p), 0)
    m.published(("Fbr", p), falls["brukare"], "falls.brukare")
    buckets = falls.get("falls_per_brukare") or {}
    for k, value in buckets.items():
        m.published(("FB", k, p), value, f"falls.falls_per_brukare.{k}")
    if buckets:
        m.add({m.var("Fbr", p): 1.0} | {m.var("FB", k, p): -1.0 for k in buckets}, 0, 0)
        weights = {m.var("FB", k, p): float(k.rstrip("+")) for k in buckets}
        m.add(weights | {m.var("FWB", p): -1.0}, -BIG, 0)
        m.add({m.var("FWB", p): 1.0, m.var("F", p): -1.0}, -BIG, 0)
    for sex, name in (("Fw", "women"), ("Fm", "men")):
        if falls.get(name) is not None or f"falls.{name}" in fig["suppressed"]:
            m.published((sex, p), falls.get(name), f"falls.{name}")
    if ("Fw", p) in m.index and ("Fm", p) in m.index:
        m.add({m.var("Fw", p): 1.0, m.var("Fm", p): 1.0, m.var("Fbr", p): -1.0}, -BIG, 0)

    # violence
    vi = fig["violence"]
    m.published(("V", p), vi["deviations"], "violence.deviations")
    hov = {
        m.var("D", d, "hot_och_vald", p): 1.0 for d in ("lss", "sol") if (d, "hot_och_vald") in universe["D"]
    }
    m.add({m.var("V", p): 1.0} | {v: -c for v, c in hov.items()}, 0, 0)
    share = vi.get("share_of_sol_lss")
    if share is not None:
        total = {m.var("D", d, c, p): 1.0 for d, c in universe["D"] if d in ("lss", "sol")}
        m.add({m.var("V", p): 1.0} | {v: -(share - SHARE_HALF) for v in total}, 0, BIG)
        m.add({m.var("V", p): 1.0} | {v: -(share + SHARE_HALF) for v in total}, -BIG, 0)
    for key, name in (("Vutov", "utovare"), ("Vuts", "utsatt"), ("Vpmb", "personal_mot_brukare")):
        m.published((key, p), vi[name], f"violence.{name}")
        m.add({m.var(key, p): 1.0, m.var("V", p): -1.0}, -BIG, 0)
    m.add({m.var("Vutov", p): 1.0, m.var("Vuts", p): 1.0, m.var("V", p): -1.0}, -BIG, 0)
    tops = vi.get("top_units") or []
    for i, row in enumerate(tops):
        m.published(("Vtop", i, p), row["count"], f"violence.top_units[{i}].count")
        if i:
            m.add({m.var("Vtop", i - 1, p): 1.0, m.var("Vtop", i, p): -1.0}, 0, BIG)
    if tops:
        top_sum = {m.var("Vtop", i, p): 1.0 for i in range(len(tops))}
        m.add(top_sum | {m.var("V", p): -1.0}, -BIG, 0)
        s = vi.get("top5_share")
        if s is not None:
            m.add(top_sum | {m.var("V", p): -(s - SHARE_HALF)}, 0, BIG)
            m.add(top_sum | {m.var("V", p): -(s + SHARE_HALF)}, -BIG, 0)
    if rated:
        m.add({m.var("C", ut, "violence", p): 1.0 for ut in rated} | {m.var("V", p): -1.0}, -BIG, 0)
    if vi.get("work_incidents") is not None or "violence.work_incidents" in fig["suppressed"]:
        m.published(("WI", p), vi.get("work_incidents"), "violence.work_incidents")

    # signing
    for i, row in enumerate(fig.get("signing") or []):
        key = (row["unit_type"], row["operator"], row["task_kind"])
        tasks, s = row["tasks"], row["signed_share"]
        m.published(("UNS", *key, p), row["unsigned"], f"signing[{i}].unsigned")
        if tasks is not None and s is not None:
            lo = tasks * (1 - s - SHARE_HALF)
            hi = tasks * (1 - s + SHARE_HALF)
            m.between(("UNS", *key, p), max(0.0, lo), hi)
        m.published(("RD", *key, p), row["reported_deviations"], f"signing[{i}].reported_deviations")
    groups = {(r["unit_type"], r["operator"]) for r in fig.get("signing") or []}
    for ut, op in groups:
        rd = {
            m.var("RD", ut, op, k, p): 1.0
            for k in ("lakemedel", "hsl_insats")
            if ("RD", ut, op, k, p) in m.index
        }
        u = ("U", ut, op, "hsl", p)
        m.add(rd | ({m.var(*u): -1.0} if (ut, op, "hsl") in universe["U"] else {}), -BIG, 0)
    for ut in rated:
        for task, kind in (("lakemedel", "medication"), ("hsl_insats", "hsl_other")):
            rd = {
                m.var("RD", t, op, task, p): 1.0
                for t, op in groups
                if t == ut and ("RD", t, op, task, p) in m.index
            }
            if rd:
                m.add(rd | {m.var("C", ut, kind, p): -1.0}, -BIG, 0)

    # complaints
    co = fig["complaints"]
    m.published(("K", p), co["count"], "complaints.count")
    if q is not None and "previous_count" in co:
        m.published(("K", q), co["previous_count"], "complaints.previous_count")
    m.published(("Kconf", p), co["confidential"], "complaints.confidential")
    m.add({m.var("Kconf", p): 1.0, m.var("K", p): -1.0}, -BIG, 0)
    for name, ident, code_keys in (
        ("by_unit_type", "KU", ("unit_type", "operator")),
        ("by_category", "KC", ("category",)),
        ("by_sender", "KS", ("sender",)),
    ):
        rows = co.get(name)
        if rows is None:
            continue
        keys = [tuple(r[k] for k in code_keys) for r in rows]
        for i, (row, key) in enumerate(zip(rows, keys, strict=True)):
            m.published((ident, *key, p), row["count"], f"complaints.{name}[{i}].count")
            m.add({m.var(ident, *key, x): 1.0 for x in family}, 1, BIG)  # a complaint in the year
        for key in universe[ident] - set(keys):
            m.fix((ident, *key, p), 0)
        m.add({m.var(ident, *key, p): 1.0 for key in keys} | {m.var("K", p): -1.0}, 0, 0)
        if name != "by_unit_type" and all(r["count"] is not None for r in rows):
            for ka, kb in zip(keys, keys[1:], strict=False):
                step = 1 if str(ka) > str(kb) else 0  # ties are broken by code ascending
                m.add({m.var(ident, *ka, p): 1.0, m.var(ident, *kb, p): -1.0}, step, BIG)

    # survey: respondents stand alone (the same for every period of the year)
    survey = fig.get("survey") or {}
    if "respondents" in survey:
        m.published(("SR", survey.get("year"), "respondents"), survey["respondents"], "survey.respondents")


def add_period_sums(m: Model, years: Iterable[int], periods_of: dict[int, list[str]]) -> None:
    """A year = H1 + H2 = T1 + T2 + T3 for every additive figure; distinct brukare between the
    largest part and the sum of the parts."""
    by_identity: dict[tuple, set[str]] = defaultdict(set)
    for key in m.index:
        by_identity[key[:-1]].add(key[-1])
    for year in years:
        y, h1, h2, t1, t2, t3 = periods_of[year]
        for ident, present in by_identity.items():
            if ident[0] in ADDITIVE and y in present:
                for parts in ((h1, h2), (t1, t2, t3)):
                    m.add({m.var(*ident, y): 1.0} | {m.var(*ident, part): -1.0 for part in parts}, 0, 0)
            if ident[0] in ("Fbr", "Fw", "Fm") and y in present:
                for parts in ((h1, h2), (t1, t2, t3)):
                    if all(part in present for part in parts):
                        m.add(
                            {m.var(*ident, y): 1.0} | {m.var(*ident, part): -1.0 for part in parts}, -BIG, 0
                        )
                        for part in parts:
                            m.add({m.var(*ident, y): 1.0, m.var(*ident, part): -1.0}, 0, BIG)


@dataclass(frozen=True)
class Finding:
    key: Key
    path: str
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.path} @ {self.key[-1]}: {self.low:g}–{self.high:g}"


def disclosed(low: float, high: float) -> bool:
    """Exactly one value, or inside 1–4 but narrower than 1–4."""
    if high - low < 0.5:
        return True
    return low >= 0.5 and high <= 4.5 and not (round(low) == 1 and round(high) == 4)


def safe(points: list[np.ndarray], i: int) -> bool:
    """Proven undisclosed by feasible solutions already found: two different values, and not
    all inside 1–4 unless they reach both 1 and 4 (the true range contains what is seen)."""
    seen = {p[i] for p in points}
    if len(seen) < 2:
        return False
    low, high = min(seen), max(seen)
    return low < 0.5 or high > 4.5 or (low < 1.5 and high > 3.5)


def audit(m: Model) -> tuple[list[Finding], int]:
    """Minimise and maximise every hidden variable subject to everything published.

    Fixed variables are substituted; the rest splits into independent components, each solved
    on its own. Every solution found is kept: a hidden value that already takes two values
    reaching outside 1–4 (or both 1 and 4) in those is proven safe without solving for it; the
    others are minimised and maximised. Returns the disclosures and the number audited.
    """
    n = len(m.index)
    fixed: dict[int, float] = {}
    for coefs, lo, hi in m.rows:
        if len(coefs) == 1 and lo == hi:
            ((v, c),) = coefs.items()
            fixed[v] = lo / c
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    free_rows = []
    for coefs, lo, hi in m.rows:
        const = sum(c * fixed[v] for v, c in coefs.items() if v in fixed)
        rest = {v: c for v, c in coefs.items() if v not in fixed}
        if not rest:
            if not (lo - 1e-6 <= const <= hi + 1e-6):
                raise AssertionError(
                    f"the published figures contradict the definitions: {coefs} {lo} {hi} {const}"
                )
            continue
        free_rows.append((rest, lo - const, hi - const))
        vs = list(rest)
        for v in vs[1:]:
            parent[find(v)] = find(vs[0])
    components: dict[int, list[int]] = defaultdict(list)
    for v in range(n):
        if v not in fixed:
            components[find(v)].append(v)
    rows_of: dict[int, list] = defaultdict(list)
    for row in free_rows:
        rows_of[find(next(iter(row[0])))].append(row)
    findings: list[Finding] = []
    hidden_by_root: dict[int, list[tuple[Key, str, int]]] = defaultdict(list)
    for key, path in m.hidden.items():
        v = m.index[key]
        if v in fixed:
            findings.append(Finding(key, path, fixed[v], fixed[v]))
        else:
            hidden_by_root[find(v)].append((key, path, v))
    for root, hidden in hidden_by_root.items():
        findings += _audit_component(components[root], rows_of[root], hidden)
    return findings, len(m.hidden)


def _audit_component(comp: list[int], rows: list, hidden: list[tuple[Key, str, int]]) -> list[Finding]:
    """The hidden values of one connected component: first a few solutions that move many of
    them at once (all as low as possible; as many as possible up to 4), then one minimisation
    and maximisation per value not yet proven safe."""
    local = {w: i for i, w in enumerate(comp)}
    n = len(comp)
    rows = rows or [({comp[0]: 1.0}, 0, BIG)]
    a = lil_matrix((len(rows), n))
    lo = np.empty(len(rows))
    hi = np.empty(len(rows))
    for r, (coefs, low, high) in enumerate(rows):
        for w, c in coefs.items():
            a[r, local[w]] = c
        lo[r], hi[r] = low, high
    a = a.tocsr()
    points: list[np.ndarray] = []

    def solve(c: np.ndarray) -> np.ndarray:
        res = milp(
            c,
            constraints=LinearConstraint(a, lo, hi),
            bounds=Bounds(np.zeros(n), np.full(n, BIG)),
            integrality=np.ones(n),
        )
        if res.status != 0:
            raise AssertionError(f"audit failed: {res.message}")
        points.append(np.round(res.x))
        return res.x

    def up_to_four(targets: list[int]) -> None:
        """One solution lifting as many targets as it can to 4 (y_j <= x_j, y_j <= 4, max sum y)."""
        k = len(targets)
        link = lil_matrix((k, n + k))
        for j, i in enumerate(targets):
            link[j, i] = -1.0
            link[j, n + j] = 1.0
        full = vstack([hstack([a, csr_matrix((a.shape[0], k))]), link.tocsr()]).tocsr()
        res = milp(
            np.concatenate([np.zeros(n), -np.ones(k)]),
            constraints=LinearConstraint(
                full, np.concatenate([lo, np.full(k, -np.inf)]), np.concatenate([hi, np.zeros(k)])
            ),
            bounds=Bounds(np.zeros(n + k), np.concatenate([np.full(n, BIG), np.full(k, 4.0)])),
            integrality=np.ones(n + k),
        )
        if res.status != 0:
            raise AssertionError(f"audit failed: {res.message}")
        points.append(np.round(res.x[:n]))

    targets = [local[v] for _, _, v in hidden]
    solve(np.ones(n))
    open_ = [i for i in targets if not safe(points, i)]
    while open_:
        before = len(open_)
        up_to_four(open_)
        low = np.zeros(n)
        low[open_] = 1.0
        solve(low)
        open_ = [i for i in open_ if not safe(points, i)]
        if len(open_) == before:
            break
    findings = []
    for key, path, v in hidden:
        i = local[v]
        if safe(points, i):
            continue
        c = np.zeros(n)
        c[i] = 1.0
        low = solve(c)[i]
        if safe(points, i):
            continue
        high = solve(-c)[i]
        if not safe(points, i) and disclosed(low, high):
            findings.append(Finding(key, path, round(low), round(high)))
    return findings


def _family_strings(year: int) -> list[str]:
    """The six periods of a year as "from/to" (the year, H1, H2, T1, T2, T3)."""
    spans = [(1, 12), (1, 6), (7, 12), (1, 4), (5, 8), (9, 12)]
    return [f"{year}-{a:02d}-01/{year}-{b:02d}-{calendar.monthrange(year, b)[1]:02d}" for a, b in spans]


def universe_of(exports: list[dict[str, Any]]) -> dict[str, set]:
    """Every row key that any export lists (a key never listed anywhere has count 0)."""
    u: dict[str, set] = defaultdict(set)
    for fig in exports:
        u["D"] |= {(r["domain"], r["category"]) for r in fig["deviations_by_category"]}
        u["U"] |= {(r["unit_type"], r["operator"], r["domain"]) for r in fig["deviations_by_unit_type"]}
        co = fig["complaints"]
        u["KU"] |= {(r["unit_type"], r["operator"]) for r in co.get("by_unit_type") or []}
        u["KC"] |= {(r["category"],) for r in co.get("by_category") or []}
        u["KS"] |= {(r["sender"],) for r in co.get("by_sender") or []}
    return u


def build(exports_by_year: dict[int, list[dict[str, Any]]]) -> Model:
    """The model of every export: {year: [year, H1, H2, T1, T2, T3 exports]}."""
    every = [fig for figs in exports_by_year.values() for fig in figs]
    universe = universe_of(every)
    m = Model()
    periods_of = {year: [_p(fig["period"]) for fig in figs] for year, figs in exports_by_year.items()}
    for year, figs in exports_by_year.items():
        for fig in figs:
            comparison = fig["period"].get("comparison")
            before = [] if comparison is None else _family_strings(int(comparison["from"][:4]))
            add_export(m, fig, universe, periods_of[year], before)
    add_period_sums(m, exports_by_year, periods_of)
    return m
