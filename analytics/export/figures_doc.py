"""docs/nyckeltal.md, the users' reference of the key-figures export, rendered from the code.

`python -m analytics figures-doc` rewrites it; tests/test_figures_doc.py keeps the committed
file equal to the rendering, so a cloned repository documents exactly what `figures` exports
(key-figures.md itself lives outside the repository).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analytics import contract, privacy
from analytics.analyses import comparison, lex, series
from analytics.export import figures
from analytics.filters import COMPARISONS

DOC_PATH = "docs/nyckeltal.md"

# What each key of the object holds, in Swedish (the definitions of key-figures.md, version 2).
SECTIONS: dict[str, str] = {
    "period": "Perioden (`from`, `to`) och jämförelseperioden (`comparison.from`, `comparison.to`).",
    "deviations_by_category": "En rad per (område, kategori) med avvikelser i perioden eller "
    "jämförelseperioden: antal, antal i jämförelseperioden, andel utredda och uppföljda (null när "
    "antalet är 0).",
    "deviations_by_unit_type": "En rad per (verksamhetstyp, regi, område) med minst en avvikelse.",
    "rates_per_brukare": "En rad per verksamhetstyp med brukare: insatser och avvikelser per brukare.",
    "mean_per_unit": "En rad per verksamhetstyp med aktiva enheter: avvikelser per aktiv enhet.",
    "falls": "Fallavvikelser, brukare som föll (kvinnor/män) och antal brukare med 1, 2, 3, 4, 5+ fall.",
    "violence": "Hot och våld (LSS och SoL): roller, personal mot brukare, de fem enheterna med "
    "flest och arbetsmiljöhändelser (Kia).",
    "signing": "En rad per (verksamhetstyp, regi, insatstyp): insatser, andel signerade, "
    "osignerade och rapporterade avvikelser (underrapporteringen).",
    "complaints": "Synpunkter och klagomål: antal, jämförelseperioden, sekretessmarkerade, per "
    "verksamhetstyp, kategori och avsändare.",
    "survey": "Brukarundersökningen det år perioden slutar: deltagande och andel positiva per fråga "
    "och verksamhetstyp, jämfört med den senaste tidigare omgången (`previous_year`) och "
    "jämförelsevärdet.",
    "lex_sarah": "Rapporter enligt lex Sarah: antal, jämförelseperioden, anmälda till IVO, per "
    f"bedömning (i kodlistans ordning, `{contract.NOT_ASSESSED}` sist) och per område.",
    "lex_maria": "Samma tre antal för lex Maria.",
    "causes": "En rad per (område, bakomliggande orsak) inom HSL, LSS och SoL; saknad orsak som "
    f"`{contract.NOT_GIVEN}`. Sorterad efter område, antal (flest först), orsak.",
    "vardsamverkan": "Vårdsamverkan per riktning: `inkommande`, `utgaende` och "
    f"`{contract.NOT_GIVEN}` (alltid alla tre).",
    "by_reporter": "En rad per rapportör (`reported_by`): antal och andel utredda.",
    "yearly": "En rad per kalenderår från den första avvikelsen till året för `to`; varje år räknas "
    "1 januari–31 december, utom det sista som slutar vid `to`.",
    "suppressed": "Sökvägen till varje värde som dolts för rollen politiker (tom för andra roller).",
}

_INTRO = """\
# Nyckeltal (exporten `figures`), version 2

> Den här filen skapas från `analytics/export/figures.py` med `python -m analytics figures-doc`.
> Redigera inte för hand: ett test misslyckas om dokumentet och koden inte stämmer överens.

Analysteamet skriver halvårsanalysen och patientsäkerhetsberättelsen från en fast uppsättning
nyckeltal. Exporten tar fram dem från samma analysfunktioner som instrumentpanelen visar, så att
en siffra i rapporten och på skärmen aldrig kan skilja sig åt.

```
python -m analytics figures --db FIL --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD [--compare year|previous]
    [--role analytiker|chef|politiker] [--units U001,U002] [--format json|csv|xlsx] [--out FIL]
```

Andelar är bråk 0–1 med 4 decimaler, kvoter 2 decimaler (avrundning uppåt vid 5, som Excel),
antal är heltal. Ett värde som inte kan beräknas (tabellen saknas, nämnaren är 0) är `null`,
aldrig 0.
"""


def _comparison_text() -> str:
    lines = [
        "## Jämförelseperioden",
        "",
        "Varje `previous_*`-värde räknar jämförelseperioden, som `--compare` väljer och som objektet "
        "anger i `period.comparison`:",
        "",
        "| `--compare` | Betydelse |",
        "|---|---|",
        f"| `year` (förval) | {COMPARISONS['year']}: samma datum ett år tidigare; 29 februari blir "
        "28 februari. |",
        f"| `previous` | {COMPARISONS['previous']}: för en hel kalendermånad, ett kvartal, ett tertial "
        "(jan–apr, maj–aug, sep–dec), ett halvår eller ett år den närmast föregående av samma slag "
        "(H1 2022 → H2 2021); annars lika många dagar som slutar dagen före `from`. |",
        "",
        "**Täckning:** ett jämförelsevärde är `null`, aldrig 0, när tabellens första daterade rad ligger "
        "i en senare månad än jämförelseperiodens första dag (data når inte så långt bakåt). "
        "Tabellerna och deras datum: "
        + ", ".join(f"`{t}` (`{c}`)" for t, c in comparison.DATED_TABLES.items())
        + ".",
        "",
    ]
    return "\n".join(lines)


def _keys_text() -> str:
    lines = ["## Objektet", "", "JSON-objektets nycklar i ordning:", "", "| Nyckel | Innehåll |", "|---|---|"]
    lines += [f"| `{key}` | {SECTIONS[key]} |" for key in figures.KEYS]
    lines += ["", "### Årsserien (`yearly`)", "", "| Kolumn | Betydelse |", "|---|---|"]
    lines += ["| `year` | Året |", "| `to` | Sista dagen som räknas |"]
    lines += [f"| `{k}` | {series.SERIES_COUNTS[k]} |" for k in series.YEARLY_KEYS]
    lines += ["", "### Lex Sarah-bedömningar (`lex_sarah.by_outcome`), i ordning", ""]
    lines += [f"{i}. `{code}` – {lex.outcome_label(code)}" for i, code in enumerate(lex.OUTCOME_ORDER, 1)]
    lines.append("")
    return "\n".join(lines)


def _flat_text() -> str:
    lines = [
        "## CSV och Excel",
        "",
        "`--format csv` ger en lång tabell (semikolon, decimalkomma, UTF-8) där kolumnen `Avsnitt` "
        "namnger avsnittet; `--format xlsx` ger ett blad per avsnitt. Kolumnrubrikerna:",
        "",
        "| JSON-nyckel | Rubrik |",
        "|---|---|",
    ]
    lines += [f"| `{key}` | {header} |" for key, header in figures.HEADERS.items()]
    lines += ["", "Mått i avsnitt med enstaka värden (kolumnerna Mått och Värde):", ""]
    lines += ["| JSON-nyckel | Mått |", "|---|---|"]
    lines += [f"| `{key}` | {name} |" for key, name in figures.MEASURES.items()]
    lines.append("")
    return "\n".join(lines)


def _roles_text() -> str:
    return "\n".join(
        [
            "## Roller",
            "",
            "- `analytiker` (förval): allt; `suppressed` är tom.",
            "- `chef`: bara enheterna i `--units` (brukarundersökningen gäller hela förvaltningen).",
            f"- `politiker`: varje antal från 1 till {privacy.MIN_CELL_DEFAULT - 1} (gränsen är "
            f"{privacy.MIN_CELL_DEFAULT} som förval, aldrig under {privacy.MIN_CELL_FLOOR}) blir `null`, "
            "liksom andelar och kvoter som räknats från det, och sökvägen listas i `suppressed`; "
            "`top_units` visar inga enhets-id och `top5_brukare` är `null`.",
            "",
        ]
    )


def render_markdown() -> str:
    """The whole of docs/nyckeltal.md."""
    return "\n".join([_INTRO, _comparison_text(), _keys_text(), _flat_text(), _roles_text()]).rstrip() + "\n"


def main(args: argparse.Namespace) -> int:
    """`python -m analytics figures-doc [--out PATH]`: render docs/nyckeltal.md."""
    from analytics.db import ROOT

    out = Path(args.out) if getattr(args, "out", None) else ROOT / DOC_PATH
    out.write_text(render_markdown(), encoding="utf-8")
    print(f"Skrev {out}")
    return 0
