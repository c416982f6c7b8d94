"""The data contract as code: every input table, column, type, code list and Swedish label.

This module is the single source of truth for what the product accepts. The loader validates
against it, the DuckDB schema is generated from it, the UI takes its labels from it, and
`docs/data-contract.md` is rendered from it (a test fails if the two disagree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The report's kinds of deviation (fall, läkemedel, HSL övrigt ...), defined once in kinds.py.
from analytics.contract.kinds import KINDS, KPI_KINDS, Kind  # noqa: F401 (re-exported)

CONTRACT_VERSION = 1

# Column types of the contract and their DuckDB storage type.
DUCKDB_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "date": "DATE",
    "month": "DATE",
    "int": "BIGINT",
    "bool": "BOOLEAN",
    "code": "VARCHAR",
    "text": "VARCHAR",
    "share": "DOUBLE",
}

TYPE_DESCRIPTIONS: dict[str, str] = {
    "id": "Identitet: icke-tom text, högst 64 tecken, inga styrtecken, aldrig ett personnummer",
    "date": "Datum `ÅÅÅÅ-MM-DD` (Parquet: date32 eller timestamp, klockslaget tas bort)",
    "month": "Månad `ÅÅÅÅ-MM` eller `ÅÅÅÅ-MM-01`",
    "int": "Heltal",
    "bool": "Sant/falskt: `true/false`, `ja/nej`, `1/0`",
    "code": "Kod ur kolumnens kodlista (ASCII snake_case)",
    "text": "Fritext; visas bara för roller som får se den, alltid escapad",
    "share": "Andel 0–1 (decimalpunkt eller decimalkomma)",
}

MAX_ID_LENGTH = 64
# Longest accepted text cell; a longer one is rejected by the loader (not truncated).
MAX_TEXT_LENGTH = 20_000


# ---------------------------------------------------------------------------------------------
# Code lists with Swedish labels
# ---------------------------------------------------------------------------------------------

UNIT_TYPES: dict[str, str] = {
    "gruppbostad_lss": "Gruppbostad LSS",
    "servicebostad_lss": "Servicebostad LSS",
    "daglig_verksamhet": "Daglig verksamhet LSS",
    "korttid_lss": "Korttidsvistelse LSS",
    "personlig_assistans": "Personlig assistans",
    "bostad_sol": "Bostad med särskild service SoL (socialpsykiatri)",
    "boendestod": "Boendestöd",
    "sysselsattning_sol": "Sysselsättning SoL",
    "hemtjanst": "Hemtjänst",
    "sarskilt_boende": "Särskilt boende äldre",
    "hemsjukvard": "Hemsjukvård",
    "myndighetsutovning": "Myndighetsutövning (handläggning)",
    "ovrigt": "Övrig verksamhet",
}

UNIT_TYPE_LAW: dict[str, str] = {
    "gruppbostad_lss": "LSS",
    "servicebostad_lss": "LSS",
    "daglig_verksamhet": "LSS",
    "korttid_lss": "LSS",
    "personlig_assistans": "LSS",
    "bostad_sol": "SoL",
    "boendestod": "SoL",
    "sysselsattning_sol": "SoL",
    "hemtjanst": "SoL",
    "sarskilt_boende": "SoL",
    "hemsjukvard": "HSL",
    "myndighetsutovning": "SoL/LSS",
    "ovrigt": "—",
}

OPERATORS: dict[str, str] = {
    "egen_regi": "Egen regi",
    "privat": "Privat (upphandlad, LOU)",
    "lov": "Valfrihet (LOV)",
    "kooperativ": "Kooperativ",
}

DOMAINS: dict[str, str] = {
    "hsl": "HSL",
    "lss": "LSS",
    "sol": "SoL",
    "vardsamverkan": "Vårdsamverkan",
    "organisatorisk": "Organisatorisk",
}

CATEGORY_LABELS: dict[str, str] = {
    "fall": "Fall",
    "lakemedel": "Läkemedel",
    "hsl_insats": "HSL-insats utförd av baspersonal",
    "informationsoverforing": "Informationsöverföring",
    "vard_behandling": "Vård och behandling",
    "medicinteknik": "Medicintekniska produkter",
    "utebliven_insats": "Utebliven/försenad insats",
    "hot_och_vald": "Hot och våld",
    "bristande_kvalitet": "Bristande kvalitet",
    "bemotande": "Bemötande",
    "sakerhet": "Säkerhet och tillsyn",
    "rattssakerhet": "Rättssäkerhet",
    "tvang_begransning": "Tvångs- och begränsningsåtgärd",
    "provtagning": "Provtagning",
    "sip": "Samordnad individuell plan (SIP)",
    "kommunikation": "Kommunikation och information",
    "annat": "Annat",
}

_SOCIAL_CATEGORIES = (
    "utebliven_insats",
    "hot_och_vald",
    "bristande_kvalitet",
    "bemotande",
    "sakerhet",
    "rattssakerhet",
    "tvang_begransning",
    "annat",
)

CATEGORIES_BY_DOMAIN: dict[str, tuple[str, ...]] = {
    "hsl": (
        "fall",
        "lakemedel",
        "hsl_insats",
        "informationsoverforing",
        "vard_behandling",
        "medicinteknik",
        "annat",
    ),
    "lss": _SOCIAL_CATEGORIES,
    "sol": _SOCIAL_CATEGORIES,
    "vardsamverkan": ("informationsoverforing", "provtagning", "vard_behandling", "sip", "annat"),
    "organisatorisk": ("kommunikation", "annat"),
}

SUBCATEGORY_LABELS: dict[str, str] = {
    "signering": "Saknad eller felaktig signering",
    "lakemedel_saknas": "Läkemedel saknas",
    "ej_fatt_alla": "Har inte fått alla läkemedel",
    "ej_fatt_alls": "Har inte fått läkemedel alls",
    "fel_dos": "Fel dos",
    "brukare_mot_personal": "Brukare mot personal",
    "brukare_mot_brukare": "Brukare mot brukare",
    "personal_mot_brukare": "Personal mot brukare",
    "sjalvskada": "Självskada",
    "utatagerande": "Utåtagerande mot föremål",
    "personalbrist": "Personalbrist",
    "verksamhet_stangd": "Verksamheten stängd",
    "annat": "Annat",
}

SUBCATEGORIES_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "lakemedel": (
        "signering",
        "lakemedel_saknas",
        "ej_fatt_alla",
        "ej_fatt_alls",
        "fel_dos",
        "annat",
    ),
    "hot_och_vald": (
        "brukare_mot_personal",
        "brukare_mot_brukare",
        "personal_mot_brukare",
        "sjalvskada",
        "utatagerande",
        "annat",
    ),
    "utebliven_insats": ("personalbrist", "verksamhet_stangd", "annat"),
}

VIOLENCE_ROLES: dict[str, str] = {
    "utovare": "Utövare",
    "utsatt": "Utsatt",
}

REPORTED_BY: dict[str, str] = {
    "verksamhet": "Verksamheten",
    "myndighet": "Myndighet (handläggare)",
    "annan_vardgivare": "Annan vårdgivare",
}

DIRECTIONS: dict[str, str] = {
    "inkommande": "Inkommande",
    "utgaende": "Utgående",
}

LEX_SARAH_OUTCOMES: dict[str, str] = {
    "pagaende": "Pågående utredning",
    "ej_missforhallande": "Inte missförhållande",
    "risk_for_missforhallande": "Risk för missförhållande",
    "missforhallande": "Missförhållande",
    "pataglig_risk_allvarligt": "Påtaglig risk för allvarligt missförhållande",
    "allvarligt_missforhallande": "Allvarligt missförhållande",
}

CONSEQUENCES: dict[str, str] = {
    "ingen": "Ingen konsekvens",
    "fysisk_skada": "Fysisk skada",
    "obehag_oro": "Obehag/oro",
    "okat_vardbehov": "Ökat vårdbehov",
    "okand": "Okänd",
}

CAUSES: dict[str, str] = {
    "personalbrist": "Personalbrist",
    "rutin_ej_foljd": "Rutin inte följd",
    "kompetens": "Kompetens",
    "kommunikation": "Kommunikation",
    "teknik": "Teknik",
    "brukarrelaterad": "Brukarrelaterad",
    "annat": "Annat",
    "okand": "Okänd",
}

SEXES: dict[str, str] = {"K": "Kvinna", "M": "Man"}
SURVEY_SEXES: dict[str, str] = {"alla": "Alla", "K": "Kvinnor", "M": "Män"}

# Codes the analyses give a missing value (never loaded; key-figures.md version 2).
NOT_GIVEN = "ej_angiven"  # a null cause, consequence or direction
NOT_ASSESSED = "ej_bedomd"  # a lex Sarah report without outcome
UNKNOWN = "okand"  # a brukare without sex or birth year
MISSING_LABELS: dict[str, str] = {NOT_GIVEN: "Ej angiven", NOT_ASSESSED: "Ej bedömd", UNKNOWN: "Okänd"}

# The brukare's age groups of the Jämlikhet chapter (age in the year of the period's end).
AGE_GROUPS: dict[str, str] = {
    "0_19": "0–19 år",
    "20_64": "20–64 år",
    "65_79": "65–79 år",
    "80_": "80 år och äldre",
    UNKNOWN: "Okänd ålder",
}

TASK_KINDS: dict[str, str] = {
    "lakemedel": "Läkemedelsinsats",
    "hsl_insats": "Övrig HSL-insats",
}

SIGNING_STATUSES: dict[str, str] = {
    "utford": "Signerad som utförd",
    "ej_utford": "Signerad som ej utförd",
    "ej_signerad": "Ej signerad",
}

COMPLAINT_KINDS: dict[str, str] = {
    "klagomal": "Klagomål",
    "synpunkt": "Synpunkt",
    "berom": "Beröm",
    "forslag": "Förslag",
}

COMPLAINT_CATEGORIES: dict[str, str] = {
    "information": "Information",
    "bemotande": "Bemötande",
    "fysisk_miljo": "Fysisk miljö",
    "vard_omsorg": "Vård och omsorg",
    "tillganglighet": "Tillgänglighet",
    "handlaggning": "Handläggning",
    "ekonomi": "Ekonomi",
    "annat": "Annat",
}

SENDERS: dict[str, str] = {
    "brukare": "Brukare",
    "anhorig": "Anhörig",
    "personal": "Personal",
    "god_man": "God man/förvaltare",
    "allmanhet": "Allmänhet",
    "okand": "Okänd",
}

INCIDENT_KINDS: dict[str, str] = {"tillbud": "Tillbud", "olycka": "Olycka"}

# Risk levels on SKR's scale: riskvärde = sannolikhet (1-4) x konsekvens (1-4), 1-16. "Allvarligt
# riskvärde" is 9 or more (SKR's riskvärderingsskala, as the seed 000 cites it); the split of the
# rest at 4 is ours. (level, label, lowest value, highest value)
RISK_LEVELS: tuple[tuple[str, str, int, int], ...] = (
    ("lag", "Låg (1–3)", 1, 3),
    ("mattlig", "Måttlig (4–8)", 4, 8),
    ("allvarlig", "Allvarlig (9–16)", 9, 16),
)
PROBABILITY_LABELS: dict[int, str] = {1: "Mycket liten", 2: "Möjlig", 3: "Sannolik", 4: "Mycket sannolik"}
CONSEQUENCE_LABELS: dict[int, str] = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig"}


def risk_level(value: int) -> str:
    """The level code ('lag', 'mattlig', 'allvarlig') of a riskvärde 1-16."""
    for code, _, low, high in RISK_LEVELS:
        if low <= value <= high:
            return code
    raise ValueError(f"riskvärdet {value} ligger utanför 1–16")


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an input table."""

    name: str
    type: str
    required: bool
    label: str
    meaning: str = ""
    codes: dict[str, str] | None = None  # None for a code column means a free code
    unique: bool = False
    references: str | None = None  # table whose key this column must exist in
    default: object = None  # value stored when the cell is empty
    min_value: int | None = None
    max_value: int | None = None
    future_allowed: bool = False  # a date that may lie after the load day (a plan)

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    """One input table: one file in the folder a municipality exports."""

    name: str
    label: str
    required: bool
    grain: str
    source: str
    columns: tuple[Column, ...]
    unique_keys: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


C = Column  # short alias for the table definitions below

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "units",
            "Enheter",
            True,
            "en rad per enhet",
            "verksamhetssystemet / organisationsregistret",
            (
                C("unit_id", "id", True, "Enhets-id", "stabil nyckel, unik", unique=True),
                C("unit_name", "text", True, "Enhet", "visningsnamn"),
                C("administration", "code", True, "Förvaltning", "fri kod, t.ex. `SOF`, `VAF`"),
                C("area", "text", True, "Verksamhetsområde", "som organisationen benämner det"),
                C("unit_type", "code", True, "Verksamhetstyp", "", codes=UNIT_TYPES),
                C("operator", "code", True, "Regi", "", codes=OPERATORS),
                C("provider", "text", False, "Utförare", "privat utförares namn"),
                C("valid_from", "date", False, "Giltig från", "första dagen enheten fanns"),
                C("valid_to", "date", False, "Giltig till", "sista dagen enheten fanns"),
            ),
        ),
        Table(
            "census",
            "Antal brukare per månad",
            True,
            "en rad per enhet och månad",
            "verksamhetssystemet",
            (
                C("unit_id", "id", True, "Enhets-id", "", references="units"),
                C("month", "month", True, "Månad", "den månad som räknas"),
                C("brukare", "int", True, "Brukare", "brukare med pågående insats", min_value=0),
                C("women", "int", False, "Kvinnor", "varav kvinnor", min_value=0),
                C("men", "int", False, "Män", "varav män", min_value=0),
            ),
            unique_keys=(("unit_id", "month"),),
        ),
        Table(
            "brukare",
            "Brukare",
            False,
            "en rad per pseudonymiserad person",
            "verksamhetssystemet (pseudonymiserat)",
            (
                C("brukare_id", "id", True, "Brukar-id", "pseudonym, aldrig personnummer", unique=True),
                C("sex", "code", False, "Kön", "tomt om okänt", codes=SEXES),
                C("birth_year", "int", False, "Födelseår", "fyra siffror", min_value=1900),
            ),
        ),
        Table(
            "deviations",
            "Avvikelser",
            True,
            "en rad per rapporterad avvikelse, lex Sarah och lex Maria inräknade",
            "avvikelsesystemet (t.ex. Viva)",
            (
                C("deviation_id", "id", True, "Avvikelse-id", "unik", unique=True),
                C("reported_date", "date", True, "Rapporterad", "perioder väljs på detta datum"),
                C("event_date", "date", False, "Händelsedatum", "inte efter rapportdatum"),
                C("unit_id", "id", True, "Enhets-id", "enheten där det hände", references="units"),
                C("brukare_id", "id", False, "Brukar-id", "berörd person", references="brukare"),
                C("domain", "code", True, "Område", "", codes=DOMAINS),
                C("category", "code", True, "Kategori", "måste höra till området", codes=CATEGORY_LABELS),
                C(
                    "subcategory",
                    "code",
                    False,
                    "Underkategori",
                    "måste höra till kategorin",
                    codes=SUBCATEGORY_LABELS,
                ),
                C(
                    "violence_role",
                    "code",
                    False,
                    "Roll (hot och våld)",
                    "bara för hot_och_vald",
                    codes=VIOLENCE_ROLES,
                ),
                C(
                    "reported_by",
                    "code",
                    False,
                    "Rapporterad av",
                    "",
                    codes=REPORTED_BY,
                    default="verksamhet",
                ),
                C("direction", "code", False, "Riktning", "bara för vardsamverkan", codes=DIRECTIONS),
                C("lex_sarah", "bool", False, "Lex Sarah", "", default=False),
                C("lex_sarah_outcome", "code", False, "Lex Sarah-bedömning", "", codes=LEX_SARAH_OUTCOMES),
                C("lex_maria", "bool", False, "Lex Maria", "", default=False),
                C("ivo_reported", "bool", False, "Anmäld till IVO", "", default=False),
                C("consequence", "code", False, "Konsekvens", "", codes=CONSEQUENCES),
                C("cause", "code", False, "Bakomliggande orsak", "", codes=CAUSES),
                C("investigated_date", "date", False, "Utredd", "tomt = inte utredd"),
                C("followed_up_date", "date", False, "Uppföljd", "tomt = inte uppföljd"),
                C("description", "text", False, "Beskrivning", "fritext; känslig"),
            ),
        ),
        Table(
            "signings",
            "Signeringar (MCSS)",
            False,
            "en rad per insatstillfälle, eller aggregerade rader med `count`",
            "MCSS",
            (
                C("unit_id", "id", True, "Enhets-id", "", references="units"),
                C("date", "date", True, "Datum", "planerad dag (aggregerad rad: månadens första dag)"),
                C("brukare_id", "id", False, "Brukar-id", "", references="brukare"),
                C("task_kind", "code", True, "Insatstyp", "", codes=TASK_KINDS),
                C("status", "code", True, "Status", "", codes=SIGNING_STATUSES),
                C(
                    "count",
                    "int",
                    False,
                    "Antal",
                    "tillfällen raden står för, minst 1",
                    default=1,
                    min_value=1,
                ),
            ),
        ),
        Table(
            "complaints",
            "Synpunkter och klagomål",
            False,
            "en rad per synpunkt eller klagomål",
            "synpunktssystemet",
            (
                C("complaint_id", "id", True, "Id", "unik", unique=True),
                C("received_date", "date", True, "Inkommen", "perioder väljs på detta datum"),
                C("unit_id", "id", False, "Enhets-id", "om tomt krävs område", references="units"),
                C("area", "text", False, "Verksamhetsområde", "när ingen enhet anges"),
                C("kind", "code", True, "Typ", "", codes=COMPLAINT_KINDS),
                C(
                    "category",
                    "code",
                    False,
                    "Kategori",
                    "tomt = inte kategoriserad",
                    codes=COMPLAINT_CATEGORIES,
                ),
                C("sender", "code", False, "Avsändare", "", codes=SENDERS),
                C(
                    "confidential",
                    "bool",
                    False,
                    "Sekretessmarkerad",
                    "innehållet visas aldrig",
                    default=False,
                ),
                C("answered_date", "date", False, "Besvarad", ""),
                C("description", "text", False, "Beskrivning", "fritext; känslig"),
            ),
        ),
        Table(
            "survey_participation",
            "Brukarundersökning: deltagande",
            False,
            "en rad per år och grupp",
            "SKR:s brukarundersökning",
            (
                C("year", "int", True, "År", "fyra siffror", min_value=1000),
                C("unit_type", "code", True, "Verksamhetstyp", "", codes=UNIT_TYPES),
                C("operator", "code", False, "Regi", "", codes=OPERATORS),
                C("unit_id", "id", False, "Enhets-id", "", references="units"),
                C("invited", "int", True, "Inbjudna", "", min_value=0),
                C("responded", "int", True, "Svarande", "högst antalet inbjudna", min_value=0),
            ),
        ),
        Table(
            "survey_results",
            "Brukarundersökning: resultat",
            False,
            "en rad per år, grupp, fråga och kön; raderna är disjunkta grupper",
            "SKR:s brukarundersökning",
            (
                C("year", "int", True, "År", "fyra siffror", min_value=1000),
                C("unit_type", "code", True, "Verksamhetstyp", "", codes=UNIT_TYPES),
                C("operator", "code", False, "Regi", "", codes=OPERATORS),
                C("unit_id", "id", False, "Enhets-id", "", references="units"),
                C("question_id", "code", True, "Fråga", "fri kod"),
                C("sex", "code", True, "Kön", "", codes=SURVEY_SEXES),
                C("respondents", "int", True, "Svarande", "svarade på frågan", min_value=0),
                C("positive", "int", True, "Positiva", "högst antalet svarande", min_value=0),
            ),
        ),
        Table(
            "survey_questions",
            "Brukarundersökning: frågor",
            False,
            "en rad per fråga",
            "SKR:s brukarundersökning",
            (
                C("question_id", "code", True, "Fråga", "fri kod", unique=True),
                C("text", "text", True, "Frågetext", ""),
                C("negative", "bool", False, "Negativ fråga", "hög andel är dåligt", default=False),
            ),
        ),
        Table(
            "survey_benchmarks",
            "Brukarundersökning: jämförelsevärden",
            False,
            "en rad per år, fråga och verksamhetstyp",
            "SKR (t.ex. Riket)",
            (
                C("year", "int", True, "År", "fyra siffror", min_value=1000),
                C("question_id", "code", True, "Fråga", "fri kod"),
                C("unit_type", "code", False, "Verksamhetstyp", "tomt = alla typer", codes=UNIT_TYPES),
                C("positive_share", "share", True, "Andel positiva", "0–1"),
                C("source", "text", False, "Källa", "t.ex. Riket"),
            ),
        ),
        Table(
            "work_incidents",
            "Arbetsmiljöhändelser (Kia)",
            False,
            "en rad per tillbud eller olycka",
            "Kia",
            (
                C("incident_id", "id", True, "Id", "unik", unique=True),
                C("date", "date", True, "Datum", ""),
                C("unit_id", "id", True, "Enhets-id", "", references="units"),
                C("kind", "code", True, "Typ", "", codes=INCIDENT_KINDS),
                C("violence", "bool", True, "Hot och våld", "gäller hot eller våld mot personal"),
            ),
        ),
        Table(
            "egenkontroll",
            "Egenkontroller",
            False,
            "en rad per planerad egenkontroll (årsplanen), med utfall när den är gjord",
            "planen för egenkontroll (kvalitetsfunktionen)",
            (
                C("check_id", "id", True, "Egenkontroll-id", "unik; åtgärder kopplas hit", unique=True),
                C("area", "text", True, "Kategori", "slag av egenkontroll, t.ex. Journalgranskning"),
                C("unit_id", "id", False, "Enhets-id", "tomt = förvaltningsövergripande", references="units"),
                C("subject", "text", True, "Vad som kontrolleras", ""),
                C(
                    "planned_date",
                    "date",
                    True,
                    "Planerad",
                    "när kontrollen ska vara gjord",
                    future_allowed=True,
                ),
                C("done_date", "date", False, "Genomförd", "tomt = inte gjord"),
                C("checked", "int", False, "Antal granskade", "t.ex. journaler eller ärenden", min_value=0),
                C("compliant", "int", False, "Antal utan anmärkning", "högst antalet granskade", min_value=0),
                C("analysis", "text", False, "Analys", "slutsatser; fritext"),
                C("reported_date", "date", False, "Rapporterad till nämnden", "inte före genomförd"),
            ),
        ),
        Table(
            "risker",
            "Riskanalyser",
            False,
            "en rad per bedömd risk",
            "riskanalysen och planen för intern kontroll",
            (
                C("risk_id", "id", True, "Risk-id", "unik; åtgärder kopplas hit", unique=True),
                C("unit_id", "id", False, "Enhets-id", "tomt = en process", references="units"),
                C("process", "text", False, "Process", "när ingen enhet anges"),
                C("risk", "text", True, "Risk", "vad som kan hända"),
                C("probability", "int", True, "Sannolikhet", "1–4", min_value=1, max_value=4),
                C("consequence", "int", True, "Konsekvens", "1–4", min_value=1, max_value=4),
                C(
                    "risk_value",
                    "int",
                    False,
                    "Riskvärde",
                    "sannolikhet × konsekvens (SKR:s skala 1–16); tomt = räknas fram",
                    min_value=1,
                    max_value=16,
                ),
                C("owner", "text", False, "Ägare", "ansvarig för risken"),
                C("assessed_date", "date", True, "Bedömd", "datum för bedömningen"),
                C(
                    "internal_control",
                    "bool",
                    False,
                    "I internkontrollplanen",
                    "risken ingår i planen för intern kontroll",
                    default=False,
                ),
            ),
        ),
    )
}


@dataclass(frozen=True)
class RowRule:
    """A rule across the columns of one row, checked by the loader like the column rules.

    kind: "le" / "ge" (columns[0] <= / >= columns[1] where both are given), "requires" (columns[0] given ->
    columns[1] given), "one_of" (at least one of the columns given), "product" (columns[0], when
    given, equals columns[1] x columns[2]).
    """

    table: str
    kind: str
    columns: tuple[str, ...]
    message: str


ROW_RULES: tuple[RowRule, ...] = (
    RowRule("egenkontroll", "le", ("compliant", "checked"), "compliant är större än checked"),
    RowRule("egenkontroll", "requires", ("compliant", "checked"), "compliant kräver checked"),
    RowRule("egenkontroll", "requires", ("checked", "done_date"), "ett utfall kräver done_date"),
    RowRule("egenkontroll", "requires", ("reported_date", "done_date"), "reported_date kräver done_date"),
    RowRule("egenkontroll", "ge", ("reported_date", "done_date"), "reported_date ligger före done_date"),
    RowRule("risker", "one_of", ("unit_id", "process"), "unit_id eller process krävs"),
    RowRule(
        "risker",
        "product",
        ("risk_value", "probability", "consequence"),
        "risk_value är inte probability × consequence",
    ),
)

REQUIRED_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if t.required)
OPTIONAL_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if not t.required)

# The date column each table's periods select on (None: not period-bound by date).
PERIOD_COLUMN: dict[str, str | None] = {
    "units": None,
    "census": "month",
    "brukare": None,
    "deviations": "reported_date",
    "signings": "date",
    "complaints": "received_date",
    "survey_participation": None,
    "survey_results": None,
    "survey_questions": None,
    "survey_benchmarks": None,
    "work_incidents": "date",
    "egenkontroll": "planned_date",
    "risker": "assessed_date",
}

# Date columns that must be non-decreasing within a deviation row, where given.
DEVIATION_DATE_ORDER: tuple[str, ...] = (
    "event_date",
    "reported_date",
    "investigated_date",
    "followed_up_date",
)

# "HSL övrigt" in the reports: domain hsl except these categories (defined with the other kinds).
HSL_OTHER_EXCLUDED: tuple[str, ...] = KINDS["hsl_other"].excluded

# Bookkeeping table written by every successful load.
LOAD_LOG_DDL = """
create table if not exists load_log (
    load_id      integer,
    loaded_at    timestamp,
    source       varchar,
    file         varchar,
    table_name   varchar,
    sha256       varchar,
    rows         bigint,
    period_from  date,
    period_to    date,
    contract_version integer
)
"""

_PERSONNUMMER = re.compile(r"^\s*(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})\s*$")


def looks_like_personnummer(value: str) -> bool:
    """True for YYMMDD-NNNN or YYYYMMDDNNNN (dash optional), samordningsnummer included.

    The month and day are checked loosely (day 61–91 is a samordningsnummer) so that a
    pseudonym made of digits is not rejected by accident, but anything that could be a real
    identity number is.
    """
    m = _PERSONNUMMER.match(value)
    if not m:
        return False
    month, day = int(m.group(3)), int(m.group(4))
    if day > 60:
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31


def ddl(table: Table) -> str:
    """CREATE TABLE statement for one input table."""
    cols = ",\n    ".join(f'"{c.name}" {c.duckdb_type}' for c in table.columns)
    return f'create table "{table.name}" (\n    {cols}\n)'


def label(codes: dict[str, str], code: str | None) -> str:
    """Swedish label for a code, or the code itself if unknown (free codes)."""
    if code is None:
        return "–"
    return codes.get(code, code)


def category_label(category: str | None) -> str:
    return label(CATEGORY_LABELS, category)


def unit_type_label(unit_type: str | None) -> str:
    return label(UNIT_TYPES, unit_type)


# ---------------------------------------------------------------------------------------------
# The users' reference: docs/data-contract.md is rendered from this module
# ---------------------------------------------------------------------------------------------

DOC_PATH = "docs/data-contract.md"

_DOC_INTRO = """\
# Datakontrakt, version {version}

> Den här filen skapas från `analytics/contract.py` med `python -m analytics contract-doc`.
> Redigera inte för hand: ett test misslyckas om dokumentet och koden inte stämmer överens.

Kontraktet beskriver vad produkten tar emot. Kommunen exporterar tabellerna nedan ur sina
system (avvikelsesystemet, MCSS, synpunktssystemet, SKR:s brukarundersökning, Kia) och lämnar
en mapp. Mappen laddas med

    python -m analytics load MAPP [--db data/kvalitet.duckdb]

Produkten kontrollerar först varje regel i kontraktet. Bryter något mot en regel laddas
ingenting: databasen är exakt som före försöket, och rapporten listar varje fel med fil,
rad, kolumn, värde och regel (högst 50 exempel per regel och det totala antalet).
Först när allt stämmer byggs en ny databas bredvid den gamla och byter plats med den i ett
steg; den som läser den gamla databasen under tiden ser de gamla uppgifterna.

## Mappen och filerna

- En fil per tabell, med tabellens namn: `units.parquet`, `units.csv` eller `units.xlsx`.
  Två filer för samma tabell (t.ex. `units.csv` och `units.parquet`) är ett fel.
  Andra filer i mappen hoppas över med en varning.
- Obligatoriska tabeller: {required}. Övriga är frivilliga; en vy vars tabell saknas säger det
  i stället för att fela.
- En tom fil (0 byte) är ett fel. En obligatorisk tabell utan rader är ett fel; en frivillig
  tabell utan rader (bara rubrikrad) laddas som tom tabell med en varning.
- Kolumnnamn som i tabellerna nedan, med små bokstäver. Saknas en obligatorisk kolumn, eller
  förekommer ett kolumnnamn två gånger, är det ett fel. Extra kolumner hoppas över med en
  varning. En frivillig kolumn som saknas blir tom (eller får sitt standardvärde).
- **CSV**: UTF-8 (med eller utan BOM), rubrikrad först. Avgränsare `,` eller `;` (känns igen
  automatiskt). I en `;`-avgränsad fil får tal ha decimalkomma (`0,85`). Citattecken `"`.
  En fil i Latin-1/Windows-1252 avvisas: spara den som *CSV UTF-8* och ladda igen.
- **Excel** (`.xlsx`): första bladet, rubrikrad på rad 1. Helt tomma rader hoppas över.
- **Parquet**: kolumntyper enligt tabellen *Typer*; text i stället för datum eller tal går också
  bra och kontrolleras på samma sätt som i CSV.
- Tomma celler är tomma värden (null). Blanksteg runt id, koder, datum och tal tas bort;
  fritext lagras exakt som den är (den visas alltid escapad).
- En textcell får vara högst {max_text} tecken; en längre cell är ett fel (den kortas inte).
- Radnummer i felrapporten: i CSV- och Excelfiler räknas rubrikraden som rad 1 (som i Excel),
  i Parquetfiler är första dataraden rad 1.
"""

_DOC_RULES = """\
## Regler som kontrolleras vid varje laddning

- Typer: varje värde har kolumnens typ (se *Typer*); koder finns i kolumnens kodlista.
- Obligatoriska kolumner har ett värde i varje rad.
- Fria koder (utan kodlista): högst {max_id} tecken, inga styrtecken.
- Id: högst {max_id} tecken, inga styrtecken, och **aldrig ett personnummer eller
  samordningsnummer** (ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, med eller utan bindestreck) i någon
  id-kolumn.
- Unika värden där det anges (kolumnen *Unik*); `(unit_id, month)` är unikt i `census`.
- Varje `unit_id` i alla tabeller finns i `units`; varje ifyllt `brukare_id` finns i `brukare`
  när den tabellen lämnas.
- `category` hör till `domain`, `subcategory` hör till `category` (se tabellerna nedan);
  `violence_role` anges bara för `hot_och_vald`, `direction` bara för `vardsamverkan`.
- Datum ligger inte efter laddningsdagen (undantag: `units.valid_from` och `units.valid_to`,
  som får ange planerade datum); `event_date ≤ reported_date ≤ investigated_date ≤
  followed_up_date` där de är ifyllda; `valid_from ≤ valid_to`.
- `egenkontroll.planned_date` är en plan och får också ligga efter laddningsdagen.
- Heltal med en övre gräns (`risker.probability` och `consequence` 1–4) ligger inom gränsen; regler
  över kolumnerna i en rad står under tabellen de gäller.
- `month` anges som `ÅÅÅÅ-MM` eller som månadens första dag `ÅÅÅÅ-MM-01`.
- Årtal (`year`, `birth_year`) har fyra siffror och ligger inte efter laddningsåret.
- Klagomål utan `unit_id` måste ha `area`.
- Antal är ≥ 0 (`signings.count` ≥ 1), `positive ≤ respondents`, `responded ≤ invited`,
  `women + men ≤ brukare`; andelar ligger mellan 0 och 1.
- En tom cell i en kolumn med standardvärde får standardvärdet (kolumnen *Standard*), så
  databasen har aldrig null där ett standardvärde finns.
"""


_ROW_RULE_TEXT: dict[str, str] = {
    "le": "`{0}` ≤ `{1}` där båda är ifyllda",
    "ge": "`{0}` ≥ `{1}` där båda är ifyllda",
    "requires": "`{0}` ifylld kräver att `{1}` är ifylld",
    "one_of": "`{0}` eller `{1}` måste vara ifylld",
    "product": "`{0}` är, där den är ifylld, `{1}` × `{2}`",
}


def row_rule_text(rule: RowRule) -> str:
    """The rule in Swedish, for the contract document and the templates."""
    return _ROW_RULE_TEXT[rule.kind].format(*rule.columns)


def _code_list_names() -> dict[int, str]:
    """Each distinct code list, named after the first column that uses it."""
    names: dict[int, str] = {}
    for t in TABLES.values():
        for c in t.columns:
            if c.codes is not None and id(c.codes) not in names:
                names[id(c.codes)] = c.name if c.name not in names.values() else f"{t.name}.{c.name}"
    return names


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown() -> str:
    """docs/data-contract.md, rendered from the contract (tables, types, codes, labels, rules)."""
    code_names = _code_list_names()
    out: list[str] = [
        _DOC_INTRO.format(
            version=CONTRACT_VERSION,
            required=", ".join(f"`{n}`" for n in REQUIRED_TABLES),
            max_text=f"{MAX_TEXT_LENGTH:,}".replace(",", " "),
        ),
        "## Typer\n",
        "| typ | lagras som | beskrivning |",
        "|---|---|---|",
    ]
    out += [f"| {t} | {DUCKDB_TYPES[t]} | {_cell(d)} |" for t, d in TYPE_DESCRIPTIONS.items()]
    out.append("")
    out.append(_DOC_RULES.format(max_id=MAX_ID_LENGTH))
    out.append("## Tabeller\n")
    for t in TABLES.values():
        out.append(f"### {t.name} – {t.label}\n")
        out.append(f"{'Obligatorisk' if t.required else 'Frivillig'} tabell, {t.grain}. Källa: {t.source}.")
        if t.unique_keys:
            keys = "; ".join("(" + ", ".join(k) + ")" for k in t.unique_keys)
            out.append(f"Unik nyckel: {keys}.")
        if PERIOD_COLUMN.get(t.name):
            out.append(f"Perioder väljs på `{PERIOD_COLUMN[t.name]}`.")
        out += ["", "| kolumn | typ | obligatorisk | etikett | unik | standard | regler och betydelse |"]
        out.append("|---|---|---|---|---|---|---|")
        for c in t.columns:
            notes = [c.meaning] if c.meaning else []
            if c.codes is not None:
                notes.append(f"kodlista *{code_names[id(c.codes)]}*")
            elif c.type == "code" and "fri kod" not in c.meaning:
                notes.append("fri kod")
            if c.references:
                notes.append(f"finns i `{c.references}`")
            if c.min_value is not None:
                notes.append(f"minst {c.min_value}")
            if c.max_value is not None:
                notes.append(f"högst {c.max_value}")
            if c.future_allowed:
                notes.append("får ligga efter laddningsdagen")
            default = "" if c.default is None else f"`{str(c.default).lower()}`"
            out.append(
                f"| `{c.name}` | {c.type} | {'ja' if c.required else 'nej'} | {_cell(c.label)} | "
                f"{'ja' if c.unique else ''} | {default} | {_cell('; '.join(notes))} |"
            )
        out.append("")
        rules = [r for r in ROW_RULES if r.table == t.name]
        if rules:
            out.append("Regler över kolumnerna i en rad:\n")
            out += [f"- {row_rule_text(r)}" for r in rules]
            out.append("")
    out.append("## Kategorier per område (deviations)\n")
    out += ["| domain | tillåtna category |", "|---|---|"]
    for domain, cats in CATEGORIES_BY_DOMAIN.items():
        out.append(f"| `{domain}` ({DOMAINS[domain]}) | {', '.join(f'`{c}`' for c in cats)} |")
    out.append("")
    out.append("## Underkategorier per kategori (deviations)\n")
    out += ["| category | tillåtna subcategory |", "|---|---|"]
    for cat, subs in SUBCATEGORIES_BY_CATEGORY.items():
        out.append(f"| `{cat}` | {', '.join(f'`{s}`' for s in subs)} |")
    out.append("")
    out.append("Övriga kategorier har ingen underkategori. ")
    out.append(
        '"HSL övrigt" i rapporterna är området `hsl` utom '
        + ", ".join(f"`{c}`" for c in HSL_OTHER_EXCLUDED)
        + ".\n"
    )
    out.append("## Kodlistor\n")
    rendered: set[int] = set()
    for t in TABLES.values():
        for c in t.columns:
            if c.codes is None or id(c.codes) in rendered:
                continue
            rendered.add(id(c.codes))
            users = [
                f"`{t2.name}.{c2.name}`" for t2 in TABLES.values() for c2 in t2.columns if c2.codes is c.codes
            ]
            out.append(f"### {code_names[id(c.codes)]}\n")
            out.append(f"Används i {', '.join(users)}.\n")
            if c.codes is UNIT_TYPES:
                out += ["| kod | etikett | lag |", "|---|---|---|"]
                out += [f"| `{k}` | {_cell(v)} | {UNIT_TYPE_LAW[k]} |" for k, v in c.codes.items()]
            else:
                out += ["| kod | etikett |", "|---|---|"]
                out += [f"| `{k}` | {_cell(v)} |" for k, v in c.codes.items()]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
