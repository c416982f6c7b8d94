"""The key-figures export for politiker: suppression decided for a whole year at once.

key-figures.md v2 asks that no hidden count can be recovered from everything a politician can
obtain: every figure of the export, for the year, its halves and tertials (the only periods the
role may choose, analytics.privacy.periods) and their comparison periods, with totals, rates ×
brukare, sums across lists and sort orders. Hiding cells one export at a time cannot do that
(the year minus H1 gives H2), so this module decides which figures are hidden for the whole
year family together, and every export of the family applies the same decision:

1. The raw figures (as analytiker sees them) of the year, H1, H2, T1, T2 and T3.
2. A figure is a *cell*: the same thing counted in each of the six periods, e.g. "deviations
   hsl/fall" or "complaints from anhörig". A cell is hidden in all six periods when it is from 1
   to min_cell - 1 in any of them (so no period difference can reveal it).
3. Cells are tied by sums (a list and its total, the lists of one domain, a unit type's counts
   behind its rates and means, falls per brukare and the fallers, ...; `_groups`). In every
   group with a hidden cell, more cells are hidden until (a) no group has exactly one hidden
   cell and (b) in every period, the hidden cells of a group together leave each hidden small
   one room for every value 1 to 4 (their sum, in the year minus one for each other non-zero
   hidden cell, is at least min_cell - 1). Each relation is treated as an exact sum, also
   where the definitions only give an inequality: that hides more than needed, never less.
4. A rate, mean or share is hidden whenever the count it is computed from is, and the survey's
   respondents (one figure a year) when small.
5. `previous_count` is the count of the same period a year earlier (v2), hidden exactly when
   that year's own decision hides it, so an export and the one a year later agree.
6. A list with a hidden row is sorted by code, not by count.

The result is checked by tests/test_disclosure_audit.py, an attacker's linear-programming audit
written from key-figures.md, not from this module.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from analytics import privacy
from analytics.analyses import deviations, rates, violence
from analytics.filters import Filters, Period, Scope
from analytics.privacy import periods

Cell = tuple  # a figure's identity, the same in every period of the family


def _year_earlier(p: Period) -> Period:
    def back(d: date) -> date:
        return date(d.year - 1, d.month, min(d.day, calendar.monthrange(d.year - 1, d.month)[1]))

    return Period(back(p.start), back(p.end))


@dataclass
class Raw:
    """One period's figures as analytiker sees them, with the exact counts behind rates."""

    figures: dict[str, Any]
    counts: dict[Cell, int] = field(default_factory=dict)
    # (domain, category) -> (investigated, followed_up): the counts behind the shares
    behind_shares: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    work_top: int | None = None


def _int(value: Any) -> int:
    try:
        return 0 if value is None or value != value else int(value)
    except (TypeError, ValueError):
        return 0


def _raw(conn: duckdb.DuckDBPyConnection, period: Period, build: Callable[..., dict[str, Any]]) -> Raw:
    f = Filters.build(period, Scope("analytiker", None, "figures"))
    raw = Raw(build(conn, f))
    fig = raw.figures
    c = raw.counts
    with privacy.unrestricted():
        per_type = rates.rates_per_brukare(conn, f)
        means = rates.mean_per_unit(conn, f)
        by_category = deviations.deviations_by_category(conn, f)
        work = violence.work_incidents_summary(conn, f)
    for row in fig["deviations_by_category"]:
        c[("D", row["domain"], row["category"])] = _int(row["count"])
    for row in by_category.to_dict("records"):
        raw.behind_shares[(row["domain"], row["category"])] = (
            _int(row["investigated"]),
            _int(row["followed_up"]),
        )
    for row in fig["deviations_by_unit_type"]:
        c[("U", row["unit_type"], row["operator"], row["domain"])] = _int(row["count"])
    for row in per_type.to_dict("records"):
        for kind in ("hsl_other", "medication", "fall", "violence"):
            c[("C", row["unit_type"], kind)] = _int(row[f"{kind}_count"])
    for row in means.to_dict("records"):
        c[("C", row["unit_type"], "hsl_other")] = _int(row["hsl_other_count"])
        c[("C", row["unit_type"], "violence")] = _int(row["violence_count"])
        c[("M", row["unit_type"], "sol_lss")] = _int(row["sol_lss_count"])
    falls = fig["falls"]
    c[("F",)] = _int(falls["deviations"])
    c[("Fbr",)] = _int(falls["brukare"])
    c[("Fw",)] = _int(falls["women"])
    c[("Fm",)] = _int(falls["men"])
    for k, v in (falls["falls_per_brukare"] or {}).items():
        c[("FB", k)] = _int(v)
    vi = fig["violence"]
    for key in ("deviations", "utovare", "utsatt", "personal_mot_brukare", "work_incidents"):
        c[("V", key)] = _int(vi[key])
    for i, row in enumerate(vi["top_units"]):
        c[("Vtop", i)] = _int(row["count"])
    raw.work_top = _int(work["top_count"].iloc[0]) if len(work) else None
    for row in fig["signing"] or []:
        key = (row["unit_type"], row["operator"], row["task_kind"])
        c[("UNS", *key)] = _int(row["unsigned"])
        c[("RD", *key)] = _int(row["reported_deviations"])
    co = fig["complaints"]
    c[("K",)] = _int(co["count"])
    c[("Kconf",)] = _int(co["confidential"])
    for row in co["by_unit_type"] or []:
        c[("KU", row["unit_type"], row["operator"])] = _int(row["count"])
    for row in co["by_category"] or []:
        c[("KC", row["category"])] = _int(row["count"])
    for row in co["by_sender"] or []:
        c[("KS", row["sender"])] = _int(row["count"])
    c[("SR",)] = _int(fig["survey"]["respondents"])
    return raw


def _groups(cells: set[Cell]) -> list[list[Cell]]:
    """The sets of cells whose sum an attacker knows or can bound (each treated as a sum).

    A part that is only bounded by one other figure (confidential <= complaints, personal mot
    brukare <= violence) gives an upper bound and no group: the bound is the figure shown."""
    groups: list[list[Cell]] = []

    def of(prefix: str, test: Callable[[Cell], bool]) -> list[Cell]:
        return sorted((c for c in cells if c[0] == prefix and test(c)), key=str)

    domains = {c[1] for c in cells if c[0] == "D"} | {c[3] for c in cells if c[0] == "U"}
    for d in domains:
        groups.append(of("D", lambda c, d=d: c[1] == d))
        groups.append(of("U", lambda c, d=d: c[3] == d))
    unit_types = {c[1] for c in cells if c[0] in ("C", "M")} | {c[1] for c in cells if c[0] == "U"}
    for ut in unit_types:
        groups.append(of("C", lambda c, ut=ut: c[1] == ut and c[2] in ("hsl_other", "medication", "fall")))
        groups.append(of("U", lambda c, ut=ut: c[1] == ut and c[3] == "hsl"))
        # the unit type's hsl deviations, by operator = by kind behind its rates
        groups.append(
            of("U", lambda c, ut=ut: c[1] == ut and c[3] == "hsl")
            + of("C", lambda c, ut=ut: c[1] == ut and c[2] in ("hsl_other", "medication", "fall"))
        )
        groups.append(
            of("U", lambda c, ut=ut: c[1] == ut and c[3] in ("lss", "sol"))
            + of("M", lambda c, ut=ut: c[1] == ut)
        )
        for task, kind in (("lakemedel", "medication"), ("hsl_insats", "hsl_other")):
            groups.append(
                of("RD", lambda c, ut=ut, task=task: c[1] == ut and c[3] == task) + [("C", ut, kind)]
            )
    for ut, op in {(c[1], c[2]) for c in cells if c[0] == "RD"}:
        groups.append(of("RD", lambda c, ut=ut, op=op: c[1] == ut and c[2] == op) + [("U", ut, op, "hsl")])
    for kind, total in (("fall", ("D", "hsl", "fall")), ("medication", ("D", "hsl", "lakemedel"))):
        groups.append(of("C", lambda c, kind=kind: c[2] == kind) + [total])
    groups.append(of("C", lambda c: c[2] == "violence") + [("V", "deviations")])
    groups.append([("V", "deviations"), ("D", "lss", "hot_och_vald"), ("D", "sol", "hot_och_vald")])
    groups.append([("V", "deviations"), ("V", "utovare"), ("V", "utsatt")])
    groups.append([("V", "deviations"), *of("Vtop", lambda c: True)])
    groups.append([("F",), ("D", "hsl", "fall")])
    groups.append([("Fbr",), *of("FB", lambda c: True)])
    groups.append([("Fbr",), ("Fw",), ("Fm",)])
    groups.append([("F",), *of("FB", lambda c: True)])
    for prefix in ("KU", "KC", "KS"):
        groups.append([("K",), *of(prefix, lambda c: True)])
    return [[c for c in g if c in cells] for g in groups if len(g) > 1]


def _decide(family: list[Raw], threshold: int) -> set[Cell]:
    """The cells hidden in every period of the family (steps 2 and 3 of the module doc)."""
    cells: set[Cell] = set()
    for raw in family:
        cells |= set(raw.counts)

    def value(cell: Cell, i: int) -> int:
        return family[i].counts.get(cell, 0)

    def small(v: int) -> bool:
        return 0 < v < threshold

    hidden = {cell for cell in cells if any(small(value(cell, i)) for i in range(len(family)))}
    groups = _groups(cells)
    room = threshold - 1  # a hidden small cell must be able to be any of 1 .. threshold - 1

    def pick(group: list[Cell], i: int, need: int) -> Cell | None:
        """The shown cell to hide next: the smallest that gives the group enough room in period
        i, else the largest there is; ties by identity."""
        candidates = [c for c in group if c not in hidden and value(c, i) > 0]
        if not candidates:
            candidates = [
                c for c in group if c not in hidden and any(value(c, j) > 0 for j in range(len(family)))
            ]
            if not candidates:
                return None
            return max(candidates, key=lambda c: (max(value(c, j) for j in range(len(family))), str(c)))
        enough = [c for c in candidates if value(c, i) >= need]
        if enough:
            return min(enough, key=lambda c: (value(c, i), str(c)))
        return max(candidates, key=lambda c: (value(c, i), str(c)))

    def protect(inside: list[Cell], pool: list[Cell]) -> bool:
        """Hide one more cell of `pool` when the hidden cells `inside` (whose sum is known) do
        not protect each other; True when a cell was hidden."""
        if len(inside) == 1:
            extra = pick(pool, 0, 0)
        else:
            extra = None
            for i in range(len(family)):
                values = [value(c, i) for c in inside]
                if not any(small(v) for v in values):
                    continue
                # Each listed row has a count somewhere in the year, so in the year (i = 0) every
                # other non-zero hidden cell is known to be at least 1; in a half or tertial it
                # may be 0.
                nonzero = sum(1 for v in values if v > 0) if i == 0 else 1
                slack = sum(values) - (nonzero - 1)
                if slack < room:
                    extra = pick(pool, i, room - slack + 1)
                    if extra is not None:
                        break
        if extra is None:
            return False
        hidden.add(extra)
        return True

    changed = True
    while changed:
        changed = False
        for group in groups:
            inside = [c for c in group if c in hidden]
            if inside and protect(inside, group):
                changed = True
        if changed:
            continue
        # Two sums known, one group's hidden cells among the other's: the rest's sum is known too
        # (a domain's unit types minus one type's operators leaves the other types).
        hidden_of = [frozenset(c for c in g if c in hidden) for g in groups]
        for a, group in enumerate(groups):
            for b in range(len(groups)):
                if a == b or not hidden_of[b] or not hidden_of[b] < hidden_of[a]:
                    continue
                rest = sorted(hidden_of[a] - hidden_of[b], key=str)
                if protect(rest, [c for c in group if c not in groups[b]]):
                    changed = True
                    break
            if changed:
                break
    return hidden


_LABELS = frozenset({"year", "to", "from"})  # what names a row, not a figure


def _withheld(value: Any, path: str, paths: list[str]) -> Any:
    """`value` with every number replaced by None (its path added to `paths`)."""
    if isinstance(value, dict):
        return {k: v if k in _LABELS else _withheld(v, f"{path}.{k}", paths) for k, v in value.items()}
    if isinstance(value, list):
        return [_withheld(v, f"{path}[{i}]", paths) for i, v in enumerate(value)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        paths.append(path)
        return None
    return value


@dataclass
class Decision:
    """One year family's raw figures and hidden cells."""

    raws: dict[Period, Raw]
    hidden: set[Cell]


def decide_year(
    conn: duckdb.DuckDBPyConnection,
    year: int,
    build: Callable[..., dict[str, Any]],
    cache: dict | None = None,
) -> Decision:
    """The raw figures of the year's six periods and the cells hidden in all of them."""
    threshold = privacy.min_cell()
    key = (year, threshold)
    if cache is not None and key in cache:
        return cache[key]
    family = periods.family(year)
    raws = {p: _raw(conn, p, build) for p in family}
    decision = Decision(raws, _decide([raws[p] for p in family], threshold))
    if cache is not None:
        cache[key] = decision
    return decision


def _share_hidden(count: int, part: int, threshold: int) -> bool:
    """A share of a shown count still hides when the count it rests on is small."""
    return 0 < part < threshold


def politiker_figures(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    build: Callable[..., dict[str, Any]],
    survey_section: tuple[dict[str, Any], list[str]],
    cache: dict | None = None,
) -> dict[str, Any]:
    """The politiker export of a fixed period: the raw figures with the year family's hidden
    cells null, `suppressed` listing their paths, lists with hidden rows sorted by code.

    `build(conn, filters)` gives the raw object for analytiker; `survey_section` is the survey
    section as the per-call suppression gives it to politiker, with its hidden paths."""
    period = f.period
    if periods.fixed_kind(period) is None:
        raise ValueError(periods.MESSAGE.format(period=f"{period.start} – {period.end}"))
    threshold = privacy.min_cell()
    now = decide_year(conn, period.start.year, build, cache)
    comparison = _year_earlier(period)
    before = decide_year(conn, comparison.start.year, build, cache)
    raw = now.raws[period]
    earlier = before.raws[comparison]
    fig = raw.figures
    hidden = now.hidden
    paths: list[str] = []

    def shown(cell: Cell, value: Any, path: str, which: set[Cell] = hidden) -> Any:
        if cell in which:
            paths.append(path)
            return None
        return value

    out: dict[str, Any] = {
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "comparison": {"from": comparison.start.isoformat(), "to": comparison.end.isoformat()},
        }
    }

    # Every list holds the same rows in every period of the year: each row with a count in any
    # of the six periods (by category: or in the comparison year's), so that a row's presence
    # says nothing about one period.
    def family_rows(prefix: str, *decisions: Decision) -> list[tuple]:
        return sorted(
            {
                k[1:]
                for d in decisions
                for r in d.raws.values()
                for k, v in r.counts.items()
                if k[0] == prefix and v > 0
            },
            key=lambda k: tuple("" if x is None else str(x) for x in k),
        )

    keys = family_rows("D", now, before)
    rows = []
    shares = {(r["domain"], r["category"]): r for r in fig["deviations_by_category"]}
    for i, (d, c) in enumerate(keys):
        path = f"deviations_by_category[{i}]"
        count = shown(("D", d, c), raw.counts.get(("D", d, c), 0), f"{path}.count")
        previous = shown(
            ("D", d, c), earlier.counts.get(("D", d, c), 0), f"{path}.previous_count", before.hidden
        )
        investigated, followed_up = raw.behind_shares.get((d, c), (0, 0))
        source = shares.get((d, c), {})
        row = {"domain": d, "category": c, "count": count, "previous_count": previous}
        for name, part in (("investigated_share", investigated), ("followed_up_share", followed_up)):
            value = source.get(name)
            if value is not None and (count is None or _share_hidden(count, part, threshold)):
                paths.append(f"{path}.{name}")
                value = None
            row[name] = value
        rows.append(row)
    out["deviations_by_category"] = rows

    out["deviations_by_unit_type"] = [
        {
            "unit_type": ut,
            "operator": op,
            "domain": d,
            "count": shown(
                ("U", ut, op, d), raw.counts.get(("U", ut, op, d), 0), f"deviations_by_unit_type[{i}].count"
            ),
        }
        for i, (ut, op, d) in enumerate(family_rows("U", now))
    ]

    kinds = {
        "hsl_other_deviations": "hsl_other",
        "medication_deviations": "medication",
        "fall_deviations": "fall",
        "violence_deviations": "violence",
    }
    out["rates_per_brukare"] = []
    for i, r in enumerate(fig["rates_per_brukare"]):
        row = dict(r)
        for column, kind in kinds.items():
            row[column] = shown(("C", r["unit_type"], kind), r[column], f"rates_per_brukare[{i}].{column}")
        out["rates_per_brukare"].append(row)

    means = {
        "hsl_other_deviations": ("C", "hsl_other"),
        "violence_deviations": ("C", "violence"),
        "sol_lss_deviations": ("M", "sol_lss"),
    }
    out["mean_per_unit"] = []
    for i, r in enumerate(fig["mean_per_unit"]):
        row = dict(r)
        for column, (prefix, kind) in means.items():
            row[column] = shown((prefix, r["unit_type"], kind), r[column], f"mean_per_unit[{i}].{column}")
        out["mean_per_unit"].append(row)

    falls = fig["falls"]
    out["falls"] = {
        "deviations": shown(("F",), falls["deviations"], "falls.deviations"),
        "brukare": shown(("Fbr",), falls["brukare"], "falls.brukare"),
        "women": shown(("Fw",), falls["women"], "falls.women") if falls["women"] is not None else None,
        "men": shown(("Fm",), falls["men"], "falls.men") if falls["men"] is not None else None,
        "falls_per_brukare": {
            k: shown(("FB", k), v, f"falls.falls_per_brukare.{k}")
            for k, v in (falls["falls_per_brukare"] or {}).items()
        },
    }

    vi = fig["violence"]
    v_out: dict[str, Any] = {}
    v_out["deviations"] = shown(("V", "deviations"), vi["deviations"], "violence.deviations")
    v_out["share_of_sol_lss"] = vi["share_of_sol_lss"]
    if v_out["deviations"] is None and vi["share_of_sol_lss"] is not None:
        v_out["share_of_sol_lss"] = None
        paths.append("violence.share_of_sol_lss")
    for key in ("utovare", "utsatt", "personal_mot_brukare"):
        v_out[key] = shown(("V", key), vi[key], f"violence.{key}")
    v_out["top_units"] = [
        {"count": shown(("Vtop", i), r["count"], f"violence.top_units[{i}].count")}
        for i, r in enumerate(vi["top_units"])
    ]
    top_hidden = v_out["deviations"] is None or any(r["count"] is None for r in v_out["top_units"])
    v_out["top5_share"] = None if top_hidden else vi["top5_share"]
    if top_hidden and vi["top5_share"] is not None:
        paths.append("violence.top5_share")
    v_out["top5_brukare"] = None
    if vi["top5_brukare"] is not None:
        paths.append("violence.top5_brukare")
    v_out["work_incidents"] = (
        shown(("V", "work_incidents"), vi["work_incidents"], "violence.work_incidents")
        if vi["work_incidents"] is not None
        else None
    )
    share = vi["work_incidents_top5_share"]
    if share is not None and (
        v_out["work_incidents"] is None or _share_hidden(0, raw.work_top or 0, threshold)
    ):
        paths.append("violence.work_incidents_top5_share")
        share = None
    v_out["work_incidents_top5_share"] = share
    out["violence"] = v_out

    if fig["signing"] is None:
        out["signing"] = None
    else:
        out["signing"] = []
        for i, r in enumerate(fig["signing"]):
            key = (r["unit_type"], r["operator"], r["task_kind"])
            row = dict(r)
            row["unsigned"] = shown(("UNS", *key), r["unsigned"], f"signing[{i}].unsigned")
            if row["unsigned"] is None and r["signed_share"] is not None:
                row["signed_share"] = None
                paths.append(f"signing[{i}].signed_share")
            row["reported_deviations"] = shown(
                ("RD", *key), r["reported_deviations"], f"signing[{i}].reported_deviations"
            )
            out["signing"].append({k: row[k] for k in r})

    co = fig["complaints"]
    c_out: dict[str, Any] = {
        "count": shown(("K",), co["count"], "complaints.count"),
        "previous_count": shown(
            ("K",), earlier.counts.get(("K",), 0), "complaints.previous_count", before.hidden
        ),
        "confidential": shown(("Kconf",), co["confidential"], "complaints.confidential"),
    }
    for name, prefix, code_keys in (
        ("by_unit_type", "KU", ("unit_type", "operator")),
        ("by_category", "KC", ("category",)),
        ("by_sender", "KS", ("sender",)),
    ):
        if co[name] is None:
            c_out[name] = None
            continue
        listed = [
            {**dict(zip(code_keys, key, strict=True)), "count": raw.counts.get((prefix, *key), 0)}
            for key in family_rows(prefix, now)
        ]
        if name != "by_unit_type":  # by count descending, then code (as for analytiker)
            listed.sort(key=lambda r: (-r["count"], tuple(str(r[k]) for k in code_keys)))
        any_hidden = any((prefix, *(r[k] for k in code_keys)) in hidden for r in listed)
        if any_hidden and name != "by_unit_type":  # sorted by count would tell the hidden ones apart
            listed = sorted(listed, key=lambda r: tuple(str(r[k]) for k in code_keys))
        c_out[name] = [
            {
                **{k: r[k] for k in code_keys},
                "count": shown(
                    (prefix, *(r[k] for k in code_keys)), r["count"], f"complaints.{name}[{i}].count"
                ),
            }
            for i, r in enumerate(listed)
        ]
    out["complaints"] = c_out

    # The survey is one set of figures a year (the survey year of `to`), not linked to the
    # deviation counts: the per-export suppression of its registered rules (survey_totals,
    # survey_summary) is the same in every period of the year.
    out["survey"] = survey_section[0]
    paths += survey_section[1]
    for key in fig:
        if key not in out and key != "suppressed":
            # A section this module has no cells and sums for yet (the v2 keys lex_sarah,
            # lex_maria, causes, vardsamverkan, by_reporter, yearly) keeps its shape and codes,
            # but every figure in it is withheld: never passed on raw.
            out[key] = _withheld(fig[key], key, paths)
    out["suppressed"] = paths
    return out
