"""The demo's story in numbers: per year, how many events of each kind happen where.

The 2022 figures are those of calibration-sof-2022.md (Borås SOF, patientsäkerhetsberättelse 2022,
chapter 5); the 2020 and 2021 figures are the previous-year values the calibration names, the
rest *chosen* so that the trends of the report hold. Keys name a unit group: a unit_type, or
"unit_type/operator". These are the generator's inputs, not expected test results: the tests
and benchmarks/check_calibration_sql.py recompute every figure from the written data.
"""

from __future__ import annotations

GB_E = "gruppbostad_lss/egen_regi"
GB_P = "gruppbostad_lss/privat"

# hsl/fall deviations per unit group.
FALLS = {
    2020: {
        GB_E: 200,
        GB_P: 70,
        "bostad_sol": 100,
        "servicebostad_lss": 28,
        "daglig_verksamhet": 30,
        "korttid_lss": 10,
        "personlig_assistans": 15,
        "hemsjukvard": 52,
        "boendestod": 15,
    },
    2021: {
        GB_E: 185,
        GB_P: 65,
        "bostad_sol": 95,
        "servicebostad_lss": 25,
        "daglig_verksamhet": 25,
        "korttid_lss": 8,
        "personlig_assistans": 14,
        "hemsjukvard": 50,
        "boendestod": 13,
    },
    2022: {
        GB_E: 160,
        GB_P: 57,
        "bostad_sol": 81,
        "servicebostad_lss": 22,
        "daglig_verksamhet": 20,
        "korttid_lss": 6,
        "personlig_assistans": 12,
        "hemsjukvard": 45,
        "boendestod": 10,
    },
}
# 2022: falls per faller (147 fallers, most fall once) and their sexes (80 K, 67 M).
FALLS_PER_FALLER_2022 = (
    [36, 28, 24, 20, 18, 16, 14, 13, 11, 9, 8, 7, 5] + [4] * 6 + [3] * 12 + [2] * 28 + [1] * 88
)
FALLERS_2022_WOMEN = 80

# hsl/lakemedel deviations per unit group.
LAKEMEDEL = {
    2020: {
        GB_E: 1420,
        GB_P: 530,
        "bostad_sol": 820,
        "hemsjukvard": 380,
        "servicebostad_lss": 110,
        "daglig_verksamhet": 40,
        "korttid_lss": 45,
        "personlig_assistans": 40,
        "boendestod": 15,
    },
    2021: {
        GB_E: 940,
        GB_P: 347,
        "bostad_sol": 546,
        "hemsjukvard": 251,
        "servicebostad_lss": 75,
        "daglig_verksamhet": 25,
        "korttid_lss": 28,
        "personlig_assistans": 30,
        "boendestod": 8,
    },
    2022: {
        GB_E: 760,
        GB_P: 279,
        "bostad_sol": 538,
        "hemsjukvard": 127,
        "servicebostad_lss": 80,
        "daglig_verksamhet": 25,
        "korttid_lss": 30,
        "personlig_assistans": 30,
        "boendestod": 8,
    },
}
LAKEMEDEL_SUBCATEGORIES_2022 = {
    "signering": 957,
    "lakemedel_saknas": 338,
    "ej_fatt_alla": 263,
    "ej_fatt_alls": 225,
    "fel_dos": 50,
    "annat": 44,
}
LAKEMEDEL_SUBCATEGORY_SHARES = {
    "signering": 0.52,
    "lakemedel_saknas": 0.17,
    "ej_fatt_alla": 0.14,
    "ej_fatt_alls": 0.11,
    "fel_dos": 0.03,
    "annat": 0.03,
}
# Consequences among the investigated lakemedel deviations of 2022; the rest `ingen`.
LAKEMEDEL_CONSEQUENCES_2022 = {"fysisk_skada": 23, "obehag_oro": 119, "okat_vardbehov": 27}

# "HSL övrigt": hsl except fall and lakemedel, per unit group, and per category.
HSL_OTHER = {
    2020: {
        GB_E: 420,
        GB_P: 140,
        "bostad_sol": 100,
        "servicebostad_lss": 40,
        "daglig_verksamhet": 25,
        "korttid_lss": 15,
        "personlig_assistans": 30,
        "hemsjukvard": 55,
        "boendestod": 5,
    },
    2021: {
        GB_E: 405,
        GB_P: 133,
        "bostad_sol": 196,
        "servicebostad_lss": 35,
        "daglig_verksamhet": 22,
        "korttid_lss": 12,
        "personlig_assistans": 28,
        "hemsjukvard": 50,
        "boendestod": 5,
    },
    2022: {
        GB_E: 341,
        GB_P: 110,
        "bostad_sol": 224,
        "servicebostad_lss": 30,
        "daglig_verksamhet": 20,
        "korttid_lss": 10,
        "personlig_assistans": 25,
        "hemsjukvard": 50,
        "boendestod": 5,
    },
}
HSL_OTHER_CATEGORIES = {
    2020: {
        "hsl_insats": 200,
        "annat": 330,
        "informationsoverforing": 140,
        "vard_behandling": 120,
        "medicinteknik": 40,
    },
    2021: {
        "hsl_insats": 230,
        "annat": 300,
        "informationsoverforing": 150,
        "vard_behandling": 160,
        "medicinteknik": 46,
    },
    2022: {
        "hsl_insats": 245,
        "annat": 236,
        "informationsoverforing": 150,
        "vard_behandling": 140,
        "medicinteknik": 44,
    },
}
# 2022 HSL övrigt at the six bostad_sol units (two units report 76 and 61).
HSL_OTHER_SOL_UNITS_2022 = {"sol2": 76, "sol4": 61, "sol1": 35, "sol3": 25, "sol5": 17, "sol6": 10}

# LSS and SoL deviations per unit group ("myndighetsutovning" = the authority's own unit).
LSS = {
    2020: {
        GB_E: 100,
        GB_P: 38,
        "daglig_verksamhet": 62,
        "servicebostad_lss": 5,
        "korttid_lss": 3,
        "personlig_assistans": 18,
        "myndighetsutovning": 4,
    },
    2021: {
        GB_E: 110,
        GB_P: 40,
        "daglig_verksamhet": 70,
        "servicebostad_lss": 5,
        "korttid_lss": 3,
        "personlig_assistans": 20,
        "myndighetsutovning": 4,
    },
    2022: {
        GB_E: 303,
        GB_P: 92,
        "daglig_verksamhet": 183,
        "servicebostad_lss": 12,
        "korttid_lss": 4,
        "personlig_assistans": 22,
        "myndighetsutovning": 3,
    },
}
SOL = {
    2020: {"boendestod": 145, "bostad_sol": 135, "sysselsattning_sol": 12, "myndighetsutovning": 8},
    2021: {"boendestod": 160, "bostad_sol": 150, "sysselsattning_sol": 12, "myndighetsutovning": 9},
    2022: {"boendestod": 169, "bostad_sol": 169, "sysselsattning_sol": 20, "myndighetsutovning": 10},
}
# 2022 SoL deviations at the bostad_sol units: the largest SoL unit 86, three units under 10.
SOL_UNITS_2022 = {"sol1": 86, "sol2": 50, "sol3": 15, "sol4": 9, "sol5": 6, "sol6": 3}
BOENDESTOD_2022 = {"kia_bs": 60, "bs2": 50, "bs3": 35, "bs4": 24}
LSS_GB_MAX_2022 = 125  # one gruppbostad reports 125 LSS deviations

SOCIAL = (
    "utebliven_insats",
    "hot_och_vald",
    "bristande_kvalitet",
    "bemotande",
    "sakerhet",
    "rattssakerhet",
    "tvang_begransning",
    "annat",
)
# Category totals per domain; 2022 split into January–November ("jn") and December ("dec").
SOCIAL_CATEGORIES = {
    (2020, "lss"): (100, 30, 35, 15, 20, 12, 10, 8),
    (2020, "sol"): (225, 30, 12, 8, 10, 6, 1, 8),
    (2021, "lss"): (110, 40, 38, 15, 20, 12, 9, 8),
    (2021, "sol"): (250, 35, 12, 8, 10, 6, 2, 8),
    (2022, "lss", "jn"): (196, 121, 134, 18, 32, 20, 12, 18),
    (2022, "lss", "dec"): (25, 12, 16, 3, 4, 3, 2, 3),
    (2022, "sol", "jn"): (256, 42, 12, 5, 6, 4, 0, 3),
    (2022, "sol", "dec"): (31, 4, 2, 1, 1, 0, 0, 1),
}

# Hot och våld, January–November 2022: the five units with most reports, their utövare brukare
# (one brukare at both top_gb1 and top_dv1), rows as utövare and as utsatt.
VIOLENCE_TOP5_2022 = {  # tag: (utovare, utsatt, brukare)
    "top_gb1": (16, 6, "A"),
    "top_dv1": (13, 6, "A"),
    "top_gb2": (12, 4, "B"),
    "top_gb3": (10, 4, "C"),
    "sol1": (10, 4, "D"),
}
# The other units' hot och våld rows, January–November: per group, or per unit tag.
VIOLENCE_OTHER_2022 = {
    "gruppbostad_lss": 34,
    "sol2": 10,
    "sol3": 6,
    "sol4": 3,
    "sol5": 2,
    "sol6": 1,
    "boendestod": 6,
    "daglig_verksamhet": 10,
    "servicebostad_lss": 3,
    "korttid_lss": 2,
    "personlig_assistans": 1,
}
VIOLENCE_OTHER_UTOVARE_2022 = 30  # so utövare 91 (56 %) and utsatt 72 (44 %) of 163
VIOLENCE_PERSONAL_MOT_BRUKARE_2022 = 6  # all lex Sarah
VIOLENCE_DEC_2022 = {
    "top_gb1": 3,
    "top_dv1": 2,
    "top_gb2": 1,
    "gruppbostad_lss": 4,
    "daglig_verksamhet": 2,
    "sol1": 1,
    "sol2": 1,
    "boendestod": 2,
}

# Reported by myndighet in 2022: (domain, category, count) not lex Sarah (30 of 33 not
# investigated), and 11 lex Sarah reports (LSS, mostly private providers).
MYNDIGHET_2022 = [
    ("lss", "rattssakerhet", 8),
    ("lss", "utebliven_insats", 9),
    ("lss", "annat", 4),
    ("sol", "utebliven_insats", 8),
    ("sol", "rattssakerhet", 2),
    ("sol", "annat", 2),
]
MYNDIGHET_NOT_INVESTIGATED_2022 = {"lss": 19, "sol": 11}
MYNDIGHET_LEX_SARAH_2022 = [
    ("bemotande", 3),
    ("bristande_kvalitet", 3),
    ("tvang_begransning", 2),
    ("rattssakerhet", 2),
    ("utebliven_insats", 1),
]
# The other lex Sarah reports of 2022 besides hot och våld (12 of those: 6 personal_mot_brukare).
LEX_SARAH_OTHER_2022 = {
    "lss": [
        ("tvang_begransning", 3),
        ("bemotande", 5),
        ("bristande_kvalitet", 6),
        ("rattssakerhet", 2),
        ("utebliven_insats", 2),
        ("annat", 1),
    ],
    "sol": [
        ("bemotande", 2),
        ("bristande_kvalitet", 1),
        ("rattssakerhet", 2),
        ("utebliven_insats", 2),
        ("annat", 1),
    ],
}
LEX_SARAH_VIOLENCE_EXTRA_2022 = 6
LEX_SARAH_OUTCOMES_2022 = {
    "pagaende": 4,
    "ej_missforhallande": 20,
    "risk_for_missforhallande": 12,
    "missforhallande": 12,
    "pataglig_risk_allvarligt": 1,
    "allvarligt_missforhallande": 1,
}
LEX_SARAH = {2020: 60, 2021: 75}
MYNDIGHET_REPORTED = {2020: 20, 2021: 26}

VARDSAMVERKAN = {  # (inkommande, utgaende)
    2020: (10, 60),
    2021: (12, 70),
    2022: (8, 78),
}
ORGANISATORISK = {2020: 12, 2021: 15, 2022: 18}
LEX_MARIA = {2020: 3, 2021: 4, 2022: 5}

# Shares of rows with no investigated_date / no followed_up_date per group and year.
NOT_INVESTIGATED = {
    "fall": {2020: (0.20, 0.25), 2021: (0.19, 0.23), 2022: (74, 87)},
    "lakemedel": {2020: (0.26, 0.38), 2021: (0.25, 0.36), 2022: (450, 657)},
    "hsl_other": {2020: (0.22, 0.35), 2021: (0.21, 0.34), 2022: (163, 269)},
    "lss": {2020: (0.20, 0.30), 2021: (0.21, 0.30), 2022: (149, 204)},
    "sol": {2020: (0.18, 0.28), 2021: (0.17, 0.27), 2022: (66, 103)},
    "vardsamverkan": {2020: (0.30, 0.45), 2021: (0.30, 0.45), 2022: (0.30, 0.45)},
    "organisatorisk": {2020: (0.20, 0.40), 2021: (0.20, 0.40), 2022: (0.20, 0.40)},
}

# MCSS tasks in 2022 per (unit group, task_kind), and the unsigned share of them.
SIGNINGS_2022 = {
    (GB_E, "lakemedel"): 226_355,
    (GB_E, "hsl_insats"): 62_256,
    (GB_P, "lakemedel"): 112_525,
    (GB_P, "hsl_insats"): 41_038,
    ("bostad_sol", "lakemedel"): 86_809,
    ("bostad_sol", "hsl_insats"): 10_944,
    ("servicebostad_lss", "lakemedel"): 15_800,
    ("servicebostad_lss", "hsl_insats"): 3_200,
    ("daglig_verksamhet", "lakemedel"): 3_400,
    ("daglig_verksamhet", "hsl_insats"): 1_800,
    ("korttid_lss", "lakemedel"): 7_000,
    ("korttid_lss", "hsl_insats"): 1_400,
    ("personlig_assistans", "lakemedel"): 7_600,
    ("personlig_assistans", "hsl_insats"): 1_400,
    ("boendestod", "lakemedel"): 4_975,
    ("boendestod", "hsl_insats"): 599,
}
SIGNINGS_UNSIGNED_GB_E_LAKEMEDEL_2022 = 4_527  # "omkring två procent", about 4 500
SIGNINGS_UNSIGNED_SHARE = {
    (GB_E, "hsl_insats"): 0.030,
    (GB_P, "lakemedel"): 0.026,
    (GB_P, "hsl_insats"): 0.045,
    "lakemedel": 0.008,
    "hsl_insats": 0.025,
}
SIGNINGS_NOT_DONE_SHARE = 0.010  # signed as ej_utford
SIGNINGS_YEAR_FACTOR = {2020: (0.75, 1.8), 2021: (0.96, 1.2), 2022: (1.0, 1.0)}  # volume, unsigned
SIGNINGS_INDIVIDUAL_ROWS = ("bostad_sol", "servicebostad_lss")  # their ej_signerad rows one by one

# Kia: incidents with violence per year, the five units with most of them in 2022 (50 %).
WORK_INCIDENTS_VIOLENCE = {2020: 160, 2021: 190, 2022: 255}
WORK_INCIDENTS_TOP5_2022 = {"top_gb1": 34, "top_dv1": 28, "sol1": 24, "kia_bs": 22, "kia_gb4": 20}
WORK_INCIDENTS_OTHER = {2020: 190, 2021: 200, 2022: 210}

COMPLAINTS = {2020: 28, 2021: 26}
# 2022: (unit group or "area:<area>", category, sender, confidential), 30 rows.
COMPLAINTS_2022 = (
    [(GB_E, "information", "anhorig", False)] * 2
    + [(GB_E, "bemotande", "anhorig", False)] * 2
    + [
        (GB_E, "fysisk_miljo", "personal", False),
        (GB_E, "vard_omsorg", "anhorig", False),
        (GB_E, "ekonomi", "personal", False),
    ]
    + [(GB_P, "information", "anhorig", False)] * 2
    + [
        (GB_P, "bemotande", "anhorig", False),
        (GB_P, "fysisk_miljo", "anhorig", False),
        (GB_P, "vard_omsorg", "god_man", False),
    ]
    + [("myndighetsutovning", None, "anhorig", True)] * 3
    + [("myndighetsutovning", None, "god_man", True), ("myndighetsutovning", None, "okand", True)]
    + [
        ("area:Socialpsykiatri", None, "anhorig", True),
        ("area:Gruppbostäder LSS", "information", "anhorig", False),
        ("area:Daglig verksamhet LSS", "information", "anhorig", False),
        ("area:Socialpsykiatri", "fysisk_miljo", "personal", False),
        ("area:Gruppbostäder LSS", "annat", "allmanhet", False),
    ]
    + [
        ("daglig_verksamhet", "bemotande", "anhorig", False),
        ("daglig_verksamhet", "information", "anhorig", False),
        ("daglig_verksamhet", "ekonomi", "personal", False),
    ]
    + [("bostad_sol", "fysisk_miljo", "anhorig", False), ("bostad_sol", "bemotande", "personal", False)]
    + [("boendestod", "tillganglighet", "anhorig", False), ("boendestod", "information", "anhorig", False)]
    + [("servicebostad_lss", "bemotande", "god_man", False)]
)

# Brukarundersökning. Participation per (unit_type, operator): (invited, responded) in 2022.
SURVEY_PARTICIPATION_2022 = {
    ("gruppbostad_lss", "egen_regi"): (150, 81),
    ("gruppbostad_lss", "privat"): (50, 39),
    ("servicebostad_lss", "egen_regi"): (45, 24),
    ("servicebostad_lss", "privat"): (15, 9),
    ("bostad_sol", "egen_regi"): (70, 30),
    ("boendestod", "egen_regi"): (230, 98),
    ("daglig_verksamhet", "egen_regi"): (290, 160),
    ("personlig_assistans", "egen_regi"): (73, 39),
}
SURVEY_PARTICIPATION_2021 = {  # 422 respondents
    ("gruppbostad_lss", "egen_regi"): (150, 70),
    ("gruppbostad_lss", "privat"): (48, 30),
    ("servicebostad_lss", "egen_regi"): (45, 20),
    ("servicebostad_lss", "privat"): (15, 7),
    ("bostad_sol", "egen_regi"): (75, 45),
    ("boendestod", "egen_regi"): (210, 80),
    ("daglig_verksamhet", "egen_regi"): (270, 135),
    ("personlig_assistans", "egen_regi"): (67, 35),
}
SURVEY_RESPONDENTS_2020 = (860, 405)  # (invited, responded), spread like 2021
SURVEY_QUESTIONS = (
    ("trivs", "Trivs du där du bor eller där du har din verksamhet?", False),
    ("bestammer", "Får du bestämma om saker som är viktiga för dig?", False),
    ("trygg_personal", "Känner du dig trygg med personalen?", False),
    ("bryr_sig", "Bryr sig personalen om dig?", False),
    ("hjalp", "Får du den hjälp du vill ha av personalen?", False),
    ("pratar_forstar", "Pratar personalen med dig så att du förstår?", False),
    ("radd", "Är du rädd för något?", True),
)
_Q = ("trivs", "bestammer", "trygg_personal", "bryr_sig", "hjalp", "pratar_forstar")
# 2022 positive share in % and change from 2021 in percentage points; None = not asked.
_SURVEY_2022 = {
    "bostad_sol": ((70, 7), (67, 11), (77, 4), (67, -4), (71, -7), (55, -13)),
    "boendestod": ((80, -1), (81, -10), (73, -1), (76, 15), (79, 12), None),
    "daglig_verksamhet": ((90, -1), (77, 7), (92, 6), (90, 2), (87, 0), (84, 7)),
    "gruppbostad_lss": ((84, 0), (72, -6), (84, 1), (79, 2), (84, -4), (62, -1)),
    "servicebostad_lss": ((83, -6), (85, -2), (74, -5), (71, 0), (80, -3), (64, -1)),
    "personlig_assistans": ((81, -12), None, (81, -5), (85, 0), (76, 5), None),
    "all": ((83, -2), (76, 2), (82, 1), (80, 2), (82, -1), (71, 1)),
}
SURVEY_TARGETS: dict[int, dict[str, dict[str, float]]] = {2021: {}, 2022: {}}
for _t, _vals in _SURVEY_2022.items():
    for _q, _v in zip(_Q, _vals, strict=True):
        if _v is not None:
            SURVEY_TARGETS[2022].setdefault(_t, {})[_q] = _v[0] / 100
            SURVEY_TARGETS[2021].setdefault(_t, {})[_q] = (_v[0] - _v[1]) / 100
# `radd` ("Är du rädd för något?", share answering yes) per (unit_type, operator); overall 29 %.
SURVEY_RADD = {
    2022: {
        ("gruppbostad_lss", "egen_regi"): 0.38,
        ("gruppbostad_lss", "privat"): 0.26,
        ("servicebostad_lss", None): 0.32,
        ("bostad_sol", None): 0.45,
        ("boendestod", None): 0.30,
        ("daglig_verksamhet", None): 0.24,
        ("personlig_assistans", None): 0.22,
        ("all", None): 0.29,
    },
    2021: {
        ("gruppbostad_lss", "egen_regi"): 0.36,
        ("gruppbostad_lss", "privat"): 0.26,
        ("servicebostad_lss", None): 0.30,
        ("bostad_sol", None): 0.42,
        ("boendestod", None): 0.30,
        ("daglig_verksamhet", None): 0.25,
        ("personlig_assistans", None): 0.22,
        ("all", None): 0.29,
    },
}
SURVEY_BENCHMARKS = {
    2021: {
        "trivs": 0.89,
        "bestammer": 0.80,
        "trygg_personal": 0.85,
        "bryr_sig": 0.81,
        "hjalp": 0.85,
        "pratar_forstar": 0.73,
        "radd": 0.28,
    },
    2022: {
        "trivs": 0.88,
        "bestammer": 0.80,
        "trygg_personal": 0.84,
        "bryr_sig": 0.81,
        "hjalp": 0.84,
        "pratar_forstar": 0.72,
        "radd": 0.27,
    },
}
