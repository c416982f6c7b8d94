"""The data contract as code: every input table, column, type, code list and Swedish label.

This module is the single source of truth for what the product accepts. The loader validates
against it, the DuckDB schema is generated from it, the UI takes its labels from it, and
`docs/data-contract.md` is rendered from it (a test fails if the two disagree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
                C("subcategory", "code", False, "Underkategori", "måste höra till kategorin", codes=SUBCATEGORY_LABELS),
                C("violence_role", "code", False, "Roll (hot och våld)", "bara för hot_och_vald", codes=VIOLENCE_ROLES),
                C("reported_by", "code", False, "Rapporterad av", "", codes=REPORTED_BY, default="verksamhet"),
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
                C("count", "int", False, "Antal", "tillfällen raden står för, minst 1", default=1, min_value=1),
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
                C("category", "code", False, "Kategori", "tomt = inte kategoriserad", codes=COMPLAINT_CATEGORIES),
                C("sender", "code", False, "Avsändare", "", codes=SENDERS),
                C("confidential", "bool", False, "Sekretessmarkerad", "innehållet visas aldrig", default=False),
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
    )
}

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
}

# Date columns that must be non-decreasing within a deviation row, where given.
DEVIATION_DATE_ORDER: tuple[str, ...] = (
    "event_date",
    "reported_date",
    "investigated_date",
    "followed_up_date",
)

# "HSL övrigt" in the reports: domain hsl except these categories.
HSL_OTHER_EXCLUDED: tuple[str, ...] = ("fall", "lakemedel")

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
