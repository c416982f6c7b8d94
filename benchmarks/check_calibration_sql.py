"""Check every figure of calibration-sof-2022.md with raw SQL, following key-figures.md.

    python benchmarks/check_calibration_sql.py [FOLDER | --db FILE]

FOLDER is a demo folder of Parquet files (default: a fresh scale-1 demo in a temporary folder);
--db reads a loaded DuckDB database instead. Prints one line per figure: name, value, target,
OK/FAIL; exits 1 if any figure fails. This is an independent cross-check of the analytics
functions: it shares no code with them, only the definitions.

Tolerances (calibration-sof-2022.md): counts exact; shares ±0.01; per-brukare rates ±0.05;
survey shares ±1 percentage point. Figures the report gives rounded to whole numbers (501 and
1142 tasks per brukare) are compared at that precision, since the report's own counts give
501.43 and 1142.22.
"""

# The SQL below is assembled from this script's own constant fragments (no input reaches it);
# the one varying value, the period, is bound as $f/$t.
# ruff: noqa: S608

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

Y22 = {"f": "2022-01-01", "t": "2022-12-31"}
Y21 = {"f": "2021-01-01", "t": "2021-12-31"}
JN = {"f": "2022-01-01", "t": "2022-11-30"}

TABLES = (
    "units",
    "census",
    "brukare",
    "deviations",
    "signings",
    "complaints",
    "survey_participation",
    "survey_results",
    "survey_questions",
    "survey_benchmarks",
    "work_incidents",
)


@dataclass
class Check:
    name: str
    sql: str
    params: dict
    target: object
    kind: str = "count"  # count, share, rate, pp, int (report rounded to whole numbers), atleast

    def ok(self, value) -> bool:
        if value is None:
            return False
        if self.kind == "count":
            return value == self.target
        if self.kind == "atleast":
            return value >= self.target
        if self.kind == "int":
            return round(value) == self.target
        if self.kind == "list":
            return list(value) == list(self.target)
        tol = {"share": 0.01, "rate": 0.05, "pp": 0.01}[self.kind]
        return abs(value - self.target) <= tol + 1e-9


def dev(where: str) -> str:
    """Count of the period's deviations matching `where`."""
    return f"select count(*) from deviations d join units u using (unit_id) where d.reported_date between $f and $t and ({where})"  # noqa: E501


def share(where: str, of: str) -> str:
    return (
        f"select avg(case when {where} then 1.0 else 0.0 end) from deviations d join units u using (unit_id) "
        f"where d.reported_date between $f and $t and ({of})"
    )


BRUKARE = """(select sum(c.brukare) / 12.0 from census c join units u using (unit_id)
              where c.month between $f and $t and u.unit_type = '{t}')"""

HSL_OTHER = "d.domain = 'hsl' and d.category not in ('fall', 'lakemedel')"
# The report's survey table: 2022 value and change from 2021 in percentage points.
SURVEY_QUESTIONS = ("trivs", "bestammer", "trygg_personal", "bryr_sig", "hjalp", "pratar_forstar")
SURVEY_2022 = {
    "bostad_sol": ((70, 7), (67, 11), (77, 4), (67, -4), (71, -7), (55, -13)),
    "boendestod": ((80, -1), (81, -10), (73, -1), (76, 15), (79, 12), None),
    "daglig_verksamhet": ((90, -1), (77, 7), (92, 6), (90, 2), (87, 0), (84, 7)),
    "gruppbostad_lss": ((84, 0), (72, -6), (84, 1), (79, 2), (84, -4), (62, -1)),
    "servicebostad_lss": ((83, -6), (85, -2), (74, -5), (71, 0), (80, -3), (64, -1)),
    "personlig_assistans": ((81, -12), None, (81, -5), (85, 0), (76, 5), None),
    "all": ((83, -2), (76, 2), (82, 1), (80, 2), (82, -1), (71, 1)),
}

GB = "u.unit_type = 'gruppbostad_lss'"
SOL = "u.unit_type = 'bostad_sol'"


def checks() -> list[Check]:
    c: list[Check] = []
    add = c.append
    # --- 2022 calendar year -------------------------------------------------------------------
    add(Check("fall 2022", dev("d.category = 'fall'"), Y22, 413))
    add(Check("fall 2021", dev("d.category = 'fall'"), Y21, 480))
    add(Check("fall 2022 gruppbostad_lss", dev(f"d.category = 'fall' and {GB}"), Y22, 217))
    add(Check("fall 2022 bostad_sol", dev(f"d.category = 'fall' and {SOL}"), Y22, 81))
    add(
        Check(
            "fall 2022 share gruppbostad+bostad_sol",
            share("u.unit_type in ('gruppbostad_lss', 'bostad_sol')", "d.category = 'fall'"),
            Y22,
            0.72,
            "share",
        )
    )
    fallers = (
        "select count(distinct d.brukare_id) from deviations d left join brukare b using (brukare_id) "
        "where d.reported_date between $f and $t and d.category = 'fall' and d.brukare_id is not null"
    )
    add(Check("fall 2022 distinct brukare", fallers, Y22, 147))
    add(Check("fall 2022 women", fallers + " and b.sex = 'K'", Y22, 80))
    add(Check("fall 2022 men", fallers + " and b.sex = 'M'", Y22, 67))
    add(
        Check(
            "fall 2022 brukare falling once",
            "select count(*) from (select brukare_id from deviations where reported_date between $f and $t "
            "and category = 'fall' group by brukare_id having count(*) = 1)",
            Y22,
            88,
        )
    )
    add(
        Check(
            "fall 2022 no followed_up share",
            share("d.followed_up_date is null", "d.category = 'fall'"),
            Y22,
            0.21,
            "share",
        )
    )
    add(Check("HSL övrigt 2022", dev(HSL_OTHER), Y22, 815))
    add(Check("HSL övrigt 2021", dev(HSL_OTHER), Y21, 886))
    add(Check("HSL övrigt 2022 gruppbostad_lss", dev(f"{HSL_OTHER} and {GB}"), Y22, 451))
    add(Check("HSL övrigt 2021 gruppbostad_lss", dev(f"{HSL_OTHER} and {GB}"), Y21, 538))
    add(Check("HSL övrigt 2022 bostad_sol", dev(f"{HSL_OTHER} and {SOL}"), Y22, 224))
    add(Check("HSL övrigt 2021 bostad_sol", dev(f"{HSL_OTHER} and {SOL}"), Y21, 196))
    add(
        Check(
            "HSL övrigt 2022 active gruppbostäder reporting none",
            f"""select count(*) from units u where {GB}
                  and exists (select 1 from census c where c.unit_id = u.unit_id and c.brukare > 0
                              and c.month between $f and $t)
                  and not exists (select 1 from deviations d where d.unit_id = u.unit_id
                                  and d.reported_date between $f and $t and {HSL_OTHER})""",
            Y22,
            1,
            "atleast",
        )
    )
    add(
        Check(
            "HSL övrigt 2022 mean per active bostad_sol",
            f"""select ({dev(f"{HSL_OTHER} and {SOL}")}) * 1.0 /
                  (select count(distinct c.unit_id) from census c join units u using (unit_id)
                   where {SOL} and c.brukare > 0 and c.month between $f and $t)""",
            Y22,
            37.33,
            "rate",
        )
    )
    add(
        Check(
            "HSL övrigt 2022 two largest bostad_sol units",
            f"""select list(n order by n desc)[1:2] from (select count(*) n from deviations d
                  join units u using (unit_id) where d.reported_date between $f and $t and {HSL_OTHER}
                  and {SOL} group by unit_id)""",
            Y22,
            [76, 61],
            "list",
        )
    )
    add(Check("HSL övrigt 2022 hsl_insats", dev("d.domain = 'hsl' and d.category = 'hsl_insats'"), Y22, 245))
    add(Check("HSL övrigt 2022 annat", dev("d.domain = 'hsl' and d.category = 'annat'"), Y22, 236))
    add(
        Check(
            "HSL övrigt 2022 no investigated share",
            share("d.investigated_date is null", HSL_OTHER),
            Y22,
            0.20,
            "share",
        )
    )
    add(
        Check(
            "HSL övrigt 2022 no followed_up share",
            share("d.followed_up_date is null", HSL_OTHER),
            Y22,
            0.33,
            "share",
        )
    )
    add(Check("lss 2022", dev("d.domain = 'lss'"), Y22, 619))
    add(Check("lss 2021", dev("d.domain = 'lss'"), Y21, 252))
    add(
        Check(
            "lss 2022 gruppbostad egen_regi",
            dev(f"d.domain = 'lss' and {GB} and u.operator = 'egen_regi'"),
            Y22,
            303,
        )
    )
    add(
        Check(
            "lss 2022 gruppbostad privat",
            dev(f"d.domain = 'lss' and {GB} and u.operator = 'privat'"),
            Y22,
            92,
        )
    )
    add(
        Check(
            "lss 2022 largest gruppbostad",
            f"""select max(n) from (select count(*) n from deviations d join units u using (unit_id)
                  where d.reported_date between $f and $t and d.domain = 'lss' and {GB} group by unit_id)""",
            Y22,
            125,
        )
    )
    add(
        Check(
            "lss 2022 no investigated share",
            share("d.investigated_date is null", "d.domain = 'lss'"),
            Y22,
            0.24,
            "share",
        )
    )
    add(
        Check(
            "lss 2022 no followed_up share",
            share("d.followed_up_date is null", "d.domain = 'lss'"),
            Y22,
            0.33,
            "share",
        )
    )
    add(Check("sol 2022", dev("d.domain = 'sol'"), Y22, 368))
    add(Check("sol 2021", dev("d.domain = 'sol'"), Y21, 331))
    add(
        Check(
            "sol 2022 boendestod share",
            share("u.unit_type = 'boendestod'", "d.domain = 'sol'"),
            Y22,
            0.46,
            "share",
        )
    )
    add(Check("sol 2022 bostad_sol share", share(SOL, "d.domain = 'sol'"), Y22, 0.46, "share"))
    add(
        Check(
            "sol 2022 largest SoL unit",
            """select max(n) from (select count(*) n from deviations d where d.reported_date between $f and $t
                 and d.domain = 'sol' group by unit_id)""",
            Y22,
            86,
        )
    )
    add(
        Check(
            "sol 2022 bostad_sol units under 10",
            f"""select count(*) from units u where {SOL} and (select count(*) from deviations d
                  where d.unit_id = u.unit_id and d.domain = 'sol'
                  and d.reported_date between $f and $t) < 10""",
            Y22,
            3,
        )
    )
    lak = "d.category = 'lakemedel'"
    add(Check("lakemedel 2022", dev(lak), Y22, 1877))
    for t, v22, v21 in (("gruppbostad_lss", 1039, 1287), ("bostad_sol", 538, 546), ("hemsjukvard", 127, 251)):
        add(Check(f"lakemedel 2022 {t}", dev(f"{lak} and u.unit_type = '{t}'"), Y22, v22))
        add(Check(f"lakemedel 2021 {t}", dev(f"{lak} and u.unit_type = '{t}'"), Y21, v21))
    add(
        Check(
            "lakemedel 2022 every bostad med särskild service reports",
            """select count(*) from units u where u.unit_type in ('gruppbostad_lss', 'servicebostad_lss',
                  'bostad_sol') and exists (select 1 from census c where c.unit_id = u.unit_id
                  and c.brukare > 0 and c.month between $f and $t) and not exists (select 1
                  from deviations d where d.unit_id = u.unit_id and d.category = 'lakemedel'
                  and d.reported_date between $f and $t)""",
            Y22,
            0,
        )
    )
    add(
        Check(
            "lakemedel 2022 no investigated share",
            share("d.investigated_date is null", lak),
            Y22,
            0.24,
            "share",
        )
    )
    add(
        Check(
            "lakemedel 2022 no followed_up share",
            share("d.followed_up_date is null", lak),
            Y22,
            0.35,
            "share",
        )
    )
    for sub, v in (
        ("signering", 0.51),
        ("lakemedel_saknas", 0.18),
        ("ej_fatt_alla", 0.14),
        ("ej_fatt_alls", 0.12),
    ):
        add(Check(f"lakemedel 2022 {sub} share", share(f"d.subcategory = '{sub}'", lak), Y22, v, "share"))
    for cons, v in (("fysisk_skada", 23), ("obehag_oro", 119), ("okat_vardbehov", 27)):
        add(Check(f"lakemedel 2022 consequence {cons}", dev(f"{lak} and d.consequence = '{cons}'"), Y22, v))
    add(Check("lex Sarah 2022", dev("d.lex_sarah"), Y22, 50))
    add(Check("lex Sarah 2021", dev("d.lex_sarah"), Y21, 75))
    add(Check("lex Sarah 2022 ivo_reported", dev("d.lex_sarah and d.ivo_reported"), Y22, 2))
    add(
        Check(
            "lex Sarah 2022 hot och våld share",
            share("d.category = 'hot_och_vald'", "d.lex_sarah"),
            Y22,
            0.24,
            "share",
        )
    )
    add(
        Check(
            "lex Sarah 2022 tvång share",
            share("d.category = 'tvang_begransning'", "d.lex_sarah"),
            Y22,
            0.10,
            "share",
        )
    )
    myn = "d.reported_by = 'myndighet'"
    add(Check("myndighet 2022 deviations (not lex Sarah)", dev(f"{myn} and not d.lex_sarah"), Y22, 33))
    add(Check("myndighet 2022 sol", dev(f"{myn} and not d.lex_sarah and d.domain = 'sol'"), Y22, 12))
    add(Check("myndighet 2022 lss", dev(f"{myn} and not d.lex_sarah and d.domain = 'lss'"), Y22, 21))
    add(Check("myndighet 2022 lex Sarah", dev(f"{myn} and d.lex_sarah"), Y22, 11))
    add(
        Check(
            "myndighet 2022 not investigated",
            dev(f"{myn} and not d.lex_sarah and d.investigated_date is null"),
            Y22,
            30,
        )
    )
    add(Check("vardsamverkan 2022 inkommande", dev("d.direction = 'inkommande'"), Y22, 8))
    add(Check("vardsamverkan 2022 utgaende", dev("d.direction = 'utgaende'"), Y22, 78))
    comp = (
        "select count(*) from complaints k left join units u using (unit_id) "
        "where k.received_date between $f and $t"
    )
    add(Check("complaints 2022", comp, Y22, 30))
    add(Check("complaints 2021", comp, Y21, 26))
    add(
        Check(
            "complaints 2022 gruppbostad egen_regi", comp + f" and {GB} and u.operator = 'egen_regi'", Y22, 7
        )
    )
    add(Check("complaints 2022 gruppbostad privat", comp + f" and {GB} and u.operator = 'privat'", Y22, 5))
    add(Check("complaints 2022 myndighetsutovning", comp + " and u.unit_type = 'myndighetsutovning'", Y22, 5))
    add(Check("complaints 2022 confidential", comp + " and k.confidential", Y22, 6))
    add(
        Check(
            "complaints 2022 confidential myndighet uncategorised",
            comp + " and k.confidential and u.unit_type = 'myndighetsutovning' and k.category is null",
            Y22,
            5,
        )
    )
    add(
        Check(
            "complaints 2022 top three categories",
            """select list(category order by n desc, category)[1:3] from (select category, count(*) n
                 from complaints where received_date between $f and $t and category is not null
                 group by category)""",
            Y22,
            ["information", "bemotande", "fysisk_miljo"],
            "list",
        )
    )
    add(Check("complaints 2022 from brukare", comp + " and k.sender = 'brukare'", Y22, 0))
    add(
        Check(
            "complaints 2022 most common sender",
            """select arg_max(coalesce(sender, 'okand'), n) from (select sender, count(*) n from complaints
                 where received_date between $f and $t group by sender)""",
            Y22,
            "anhorig",
        )
    )
    wi = "select count(*) from work_incidents where date between $f and $t and violence"
    add(Check("work_incidents 2022 violence", wi, Y22, 255))
    add(
        Check(
            "work_incidents 2022 violence top five share",
            f"""select sum(n) * 1.0 / ({wi}) from (select count(*) n from work_incidents
                  where date between $f and $t and violence group by unit_id
                  order by n desc, unit_id limit 5)""",
            Y22,
            0.50,
            "share",
        )
    )
    # --- January–November 2022 ----------------------------------------------------------------
    soc = "d.domain in ('lss', 'sol')"
    add(Check("lss+sol Jan–Nov", dev(soc), JN, 879))
    add(Check("lss+sol December", dev(soc), {"f": "2022-12-01", "t": "2022-12-31"}, 108))
    for cat, v in (
        ("utebliven_insats", 452),
        ("hot_och_vald", 163),
        ("bristande_kvalitet", 146),
        ("bemotande", 23),
        ("sakerhet", 38),
    ):
        add(Check(f"lss+sol Jan–Nov {cat}", dev(f"{soc} and d.category = '{cat}'"), JN, v))
    add(
        Check(
            "lss+sol Jan–Nov other categories",
            dev(f"{soc} and d.category in ('rattssakerhet', 'tvang_begransning', 'annat')"),
            JN,
            57,
        )
    )
    add(
        Check(
            "sol Jan–Nov utebliven_insats share",
            share("d.category = 'utebliven_insats'", "d.domain = 'sol'"),
            JN,
            0.78,
            "share",
        )
    )
    hv = "d.category = 'hot_och_vald'"
    add(
        Check(
            "hot och våld Jan–Nov utovare share", share("d.violence_role = 'utovare'", hv), JN, 0.56, "share"
        )
    )
    add(
        Check("hot och våld Jan–Nov utsatt share", share("d.violence_role = 'utsatt'", hv), JN, 0.44, "share")
    )
    add(
        Check(
            "hot och våld Jan–Nov personal_mot_brukare",
            dev(f"{hv} and d.subcategory = 'personal_mot_brukare'"),
            JN,
            6,
        )
    )
    add(
        Check(
            "hot och våld Jan–Nov personal_mot_brukare lex Sarah",
            dev(f"{hv} and d.subcategory = 'personal_mot_brukare' and d.lex_sarah"),
            JN,
            6,
        )
    )
    top5 = """(select unit_id, count(*) n from deviations where reported_date between $f and $t
               and category = 'hot_och_vald' group by unit_id order by n desc, unit_id limit 5)"""
    add(
        Check(
            "hot och våld Jan–Nov top five share",
            f"select sum(n) * 1.0 / ({dev(hv)}) from {top5}",
            JN,
            0.52,
            "share",
        )
    )
    add(
        Check(
            "hot och våld Jan–Nov top five unit types",
            f"""select list(unit_type order by unit_type) from {top5} t join units u using (unit_id)""",
            JN,
            ["bostad_sol", "daglig_verksamhet", "gruppbostad_lss", "gruppbostad_lss", "gruppbostad_lss"],
            "list",
        )
    )
    add(
        Check(
            "hot och våld Jan–Nov top five utovare brukare",
            f"""select count(distinct d.brukare_id) from deviations d join {top5} t using (unit_id)
                  where d.reported_date between $f and $t and d.category = 'hot_och_vald'
                  and d.violence_role = 'utovare'""",
            JN,
            4,
        )
    )
    for t, v in (("gruppbostad_lss", 2.1), ("bostad_sol", 6.0)):
        add(
            Check(
                f"hot och våld Jan–Nov mean per active {t}",
                f"""select ({dev(f"{hv} and u.unit_type = '{t}'")}) * 1.0 /
                      (select count(distinct c.unit_id) from census c join units u using (unit_id)
                       where u.unit_type = '{t}' and c.brukare > 0 and c.month between $f and $t)""",
                JN,
                v,
                "rate",
            )
        )
    # --- per brukare 2022 ---------------------------------------------------------------------
    for t, n in (("gruppbostad_lss", 206), ("bostad_sol", 76)):
        add(Check(f"brukare 2022 {t}", BRUKARE.format(t=t), Y22, n, "rate"))
    for t, n in (("gruppbostad_lss", 41), ("bostad_sol", 6)):
        add(
            Check(
                f"active units 2022 {t}",
                f"""select count(distinct c.unit_id) from census c join units u using (unit_id)
                      where u.unit_type = '{t}' and c.brukare > 0 and c.month between $f and $t""",
                Y22,
                n,
            )
        )
    for t in ("gruppbostad_lss", "servicebostad_lss", "bostad_sol"):
        add(
            Check(
                f"census 2022 women share {t}",
                f"""select sum(c.women) * 1.0 / sum(c.brukare) from census c join units u using (unit_id)
                      where u.unit_type = '{t}' and c.month between $f and $t""",
                Y22,
                0.42,
                "share",
            )
        )

    def tasks_per(t: str, kind: str) -> str:
        return f"""select sum(s.count) / {BRUKARE.format(t=t)} from signings s join units u using (unit_id)
                   where s.date between $f and $t and u.unit_type = '{t}' and s.task_kind = '{kind}'"""

    def devs_per(t: str, where: str) -> str:
        return f"select ({dev(f'{where} and u.unit_type = {chr(39)}{t}{chr(39)}')}) / {BRUKARE.format(t=t)}"

    add(
        Check(
            "hsl_insats tasks per brukare gruppbostad_lss",
            tasks_per("gruppbostad_lss", "hsl_insats"),
            Y22,
            501,
            "int",
        )
    )
    add(
        Check(
            "hsl_insats tasks per brukare bostad_sol", tasks_per("bostad_sol", "hsl_insats"), Y22, 144, "int"
        )
    )
    add(
        Check(
            "lakemedel tasks per brukare gruppbostad_lss",
            tasks_per("gruppbostad_lss", "lakemedel"),
            Y22,
            1645,
            "rate",
        )
    )
    add(
        Check(
            "lakemedel tasks per brukare bostad_sol", tasks_per("bostad_sol", "lakemedel"), Y22, 1142, "int"
        )
    )
    add(
        Check(
            "HSL övrigt per brukare gruppbostad_lss", devs_per("gruppbostad_lss", HSL_OTHER), Y22, 2.2, "rate"
        )
    )
    add(Check("HSL övrigt per brukare bostad_sol", devs_per("bostad_sol", HSL_OTHER), Y22, 2.9, "rate"))
    add(Check("lakemedel per brukare gruppbostad_lss", devs_per("gruppbostad_lss", lak), Y22, 5.0, "rate"))
    add(Check("lakemedel per brukare bostad_sol", devs_per("bostad_sol", lak), Y22, 7.1, "rate"))
    # --- MCSS 2022 ----------------------------------------------------------------------------
    groups = {
        "gruppbostad_lss egen_regi": f"{GB} and u.operator = 'egen_regi'",
        "gruppbostad_lss privat": f"{GB} and u.operator = 'privat'",
        "all other units": f"not ({GB})",
        "bostad_sol": SOL,
    }
    targets = {
        "gruppbostad_lss egen_regi": (288_611, 226_355, 0.98),
        "gruppbostad_lss privat": (153_563, 112_525, 0.97),
        "all other units": (144_927, 125_584, 0.99),
        "bostad_sol": (97_753, 86_809, None),
    }
    sig = "select {e} from signings s join units u using (unit_id) where s.date between $f and $t and {w}"
    for g, w in groups.items():
        tasks, lak_tasks, signed = targets[g]
        add(Check(f"signings 2022 {g} tasks", sig.format(e="sum(s.count)", w=w), Y22, tasks))
        add(
            Check(
                f"signings 2022 {g} lakemedel",
                sig.format(e="sum(s.count)", w=f"{w} and s.task_kind = 'lakemedel'"),
                Y22,
                lak_tasks,
            )
        )
        if signed is not None:
            add(
                Check(
                    f"signings 2022 {g} signed share",
                    sig.format(
                        e="sum(case when s.status <> 'ej_signerad' then s.count else 0 end) * 1.0 "
                        "/ sum(s.count)",
                        w=w,
                    ),
                    Y22,
                    signed,
                    "share",
                )
            )
    add(
        Check(
            "signings 2022 gruppbostad egen_regi lakemedel unsigned",
            sig.format(
                e="sum(s.count)",
                w=f"{groups['gruppbostad_lss egen_regi']} and s.task_kind = 'lakemedel' "
                "and s.status = 'ej_signerad'",
            ),
            Y22,
            4527,
        )
    )
    add(Check("signings 2022 total tasks", sig.format(e="sum(s.count)", w="true"), Y22, 587_101))
    # --- Brukarundersökning -------------------------------------------------------------------
    for y, n in ((2022, 480), (2021, 422)):
        add(
            Check(
                f"survey {y} respondents",
                "select sum(responded) from survey_participation where year = $y",
                {"y": y},
                n,
            )
        )
    add(
        Check(
            "survey 2022 response rate",
            "select sum(responded) * 1.0 / sum(invited) from survey_participation where year = 2022",
            {},
            0.52,
            "share",
        )
    )
    for op, v in (("privat", 0.78), ("egen_regi", 0.54)):
        add(
            Check(
                f"survey 2022 response rate gruppbostad {op}",
                "select sum(responded) * 1.0 / sum(invited) from survey_participation where year = 2022 "
                f"and unit_type = 'gruppbostad_lss' and operator = '{op}'",
                {},
                v,
                "share",
            )
        )
    res = (
        "select sum(positive) * 1.0 / sum(respondents) from survey_results where year = $y "
        "and question_id = $q and sex = 'alla'"
    )
    for t, row in SURVEY_2022.items():
        for q, cell in zip(SURVEY_QUESTIONS, row, strict=True):
            if cell is None:
                continue
            sql = res if t == "all" else res + " and unit_type = $ut"
            for y, v in ((2022, cell[0]), (2021, cell[0] - cell[1])):
                params = {"y": y, "q": q} | ({} if t == "all" else {"ut": t})
                add(Check(f"survey {y} {q} {t}", sql, params, v / 100, "pp"))
    add(Check("survey 2022 radd all", res, {"y": 2022, "q": "radd"}, 0.29, "pp"))
    add(
        Check(
            "survey 2022 radd gruppbostad egen_regi",
            res + " and unit_type = 'gruppbostad_lss' and operator = 'egen_regi'",
            {"y": 2022, "q": "radd"},
            0.38,
            "pp",
        )
    )
    add(
        Check(
            "survey 2022 radd bostad_sol",
            res + " and unit_type = 'bostad_sol'",
            {"y": 2022, "q": "radd"},
            0.45,
            "pp",
        )
    )
    add(
        Check(
            "survey 2022 radd women minus men above 0",
            """select (sum(positive) filter (where sex = 'K')) * 1.0
                   / sum(respondents) filter (where sex = 'K')
                 - (sum(positive) filter (where sex = 'M')) * 1.0
                   / sum(respondents) filter (where sex = 'M')
                 from survey_results where year = 2022 and question_id = 'radd'""",
            {},
            0.0,
            "atleast",
        )
    )
    for q, v in (
        ("trivs", 0.88),
        ("bestammer", 0.80),
        ("trygg_personal", 0.84),
        ("bryr_sig", 0.81),
        ("hjalp", 0.84),
        ("pratar_forstar", 0.72),
    ):
        add(
            Check(
                f"survey 2022 benchmark {q}",
                "select positive_share from survey_benchmarks where year = 2022 "
                "and question_id = $q and unit_type is null",
                {"q": q},
                v,
                "pp",
            )
        )
    return c


def connect(folder: Path | None, db: Path | None) -> duckdb.DuckDBPyConnection:
    if db is not None:
        return duckdb.connect(str(db), read_only=True)
    conn = duckdb.connect()
    for t in TABLES:
        conn.read_parquet(str(folder / f"{t}.parquet")).create_view(t)
    return conn


def run(conn: duckdb.DuckDBPyConnection) -> list[tuple[Check, object, bool]]:
    out = []
    for chk in checks():
        params = {k: v for k, v in chk.params.items() if f"${k}" in chk.sql}
        value = conn.execute(chk.sql, params).fetchone()[0]
        if isinstance(value, float):
            value = round(value, 4)
        out.append((chk, value, chk.ok(value)))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", nargs="?")
    p.add_argument("--db")
    a = p.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(a.folder) if a.folder else None
        if folder is None and a.db is None:
            from analytics import demo

            folder = Path(tmp)
            demo.generate(folder)
        conn = connect(folder, Path(a.db) if a.db else None)
        results = run(conn)
    failed = 0
    for chk, value, ok in results:
        failed += not ok
        print(f"{'OK  ' if ok else 'FAIL'}  {chk.name:<60} {value!s:>12}  target {chk.target}")
    print(f"{len(results) - failed} of {len(results)} figures OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
