"""Streamlit glue for the upload page: unpacking the uploaded files, running the load in its
separate process with progress, the validation report, and the mapping table that saves a new
import profile. The work itself is in analytics.ingest (upload, profiles)."""

from __future__ import annotations

import collections
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import contract
from analytics.ingest import profiles, upload
from analytics.ingest.load import show_value
from ui import db

_FOLDER_KEY = "upl_folder"
_RESULT_KEY = "upl_result"
_SAVED_KEY = "upl_saved"
NO_PROFILE = ""
MAX_SHOWN = 200
NOT_USED = "(används inte)"
KEEP = "(behåll värdet)"


# ---------------------------------------------------------------------------------------------
# Files and profile
# ---------------------------------------------------------------------------------------------


def limits_text() -> str:
    """The upload limits in Swedish (the uploader's own line is English and hidden)."""
    per_file = st.get_option("server.maxUploadSize")
    return (
        f"Högst {per_file} MB per fil. En zip-fil får innehålla högst {upload.MAX_MEMBERS} filer "
        f"och högst {upload.MAX_UNPACKED_BYTES // (1024 * 1024):,} MB uppackat.".replace(",", " ")
    )


def profile_picker() -> str | None:
    """The chosen import profile (its path), or None for files in the contract's layout."""
    paths = {str(p): p for p in profiles.available()}
    names: dict[str, str] = {NO_PROFILE: "Ingen – filerna följer datakontraktet"}
    for key, path in paths.items():
        try:
            p = profiles.load(path)
            names[key] = f"{p.name} (version {p.version})" + (" · exempel att anpassa" if p.example else "")
        except profiles.ProfileError:
            names[key] = f"{path.stem} (felaktig profil)"
    chosen = st.selectbox(
        "Importprofil", list(names), format_func=names.__getitem__, key="upl_profile", filter_mode=None
    )
    return chosen or None


def unpack(uploaded: list) -> Path | None:
    """The uploaded files (zip files unpacked) in a private folder, kept while the same files are
    chosen; None after showing why they cannot be used."""
    fingerprint = tuple((f.name, f.size, f.file_id) for f in uploaded)
    kept = st.session_state.get(_FOLDER_KEY)
    if kept and kept[0] == fingerprint and Path(kept[1]).is_dir():
        return Path(kept[1])
    if kept:
        upload.discard(Path(kept[1]))
        st.session_state.pop(_FOLDER_KEY, None)
    st.session_state.pop(_RESULT_KEY, None)
    folder = upload.new_folder()
    try:
        for f in uploaded:
            upload.add_file(folder, f.name, f.getvalue())
    except upload.UploadError as exc:
        upload.discard(folder)
        st.error(str(exc), icon=":material/block:")
        return None
    st.session_state[_FOLDER_KEY] = (fingerprint, str(folder))
    return folder


def overview(folder: Path, profile_path: str | None) -> None:
    """Which table each file becomes (by its name, or by the chosen profile's pattern)."""
    profile = profiles.load(profile_path) if profile_path else None
    rows = []
    for path in sorted(folder.iterdir()):
        rule = profile.rule_for(path.name) if profile else None
        table = rule.table if rule else path.stem.lower()
        known = table in contract.TABLES
        rows.append(
            {
                "Fil": path.name,
                "Storlek": _size(path.stat().st_size),
                "Blir tabellen": contract.TABLES[table].label if known else "– okänd fil, hoppas över",
                "Enligt": "profilen" if rule else ("filnamnet" if known else "–"),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="upl_overview")


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} kB"
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


# ---------------------------------------------------------------------------------------------
# Loading and the report
# ---------------------------------------------------------------------------------------------


def load(folder: Path, profile_path: str | None, user: str) -> None:
    """Run the load in its separate process, with the steps shown as they happen."""
    with st.status("Kontrollerar filerna …", expanded=True) as status:
        st.write(f"{len(list(folder.iterdir()))} filer mottagna.")
        st.write("Kontrollen körs i en separat process med begränsat minne och tid.")
        waited = st.empty()
        result = upload.run_load(
            folder,
            db.db_path(),
            user=user,
            profile=profile_path,
            on_wait=lambda s: waited.write(f"Kontrollerar … {s:.0f} s"),
        )
        waited.empty()
        if result.approved:
            status.update(label="Klart: databasen är utbytt", state="complete", expanded=False)
        else:
            status.update(label="Inget laddades", state="error", expanded=False)
    st.session_state[_RESULT_KEY] = result
    if result.approved:
        st.cache_data.clear()  # every page shows the new data on its next run


def result() -> None:
    """The last load's outcome: the summary, or every broken rule with file, row, column, value."""
    r: upload.UploadResult | None = st.session_state.get(_RESULT_KEY)
    if r is None:
        return
    if r.approved:
        st.success("Laddningen godkändes och databasen är utbytt. Alla sidor visar nu de nya uppgifterna.")
        st.code(r.report, language=None)
        return
    total = sum(r.totals.values()) or len(r.problems)
    st.error(f"Inget laddades: {total} fel. Databasen är oförändrad.", icon=":material/block:")
    # st.table: plain HTML that a screen reader reads and a user can copy, row by row
    st.table(problem_table(r.problems[:MAX_SHOWN]), hide_index=True)
    if len(r.problems) > MAX_SHOWN:
        st.caption(f"De första {MAX_SHOWN} visas; hela rapporten finns nedan.")
    with st.expander("Rapporten som text (samma som kommandoraden ger)"):
        st.code(r.report, language=None)
    st.download_button(
        "Ladda ned rapporten",
        r.report.encode("utf-8"),
        file_name="valideringsrapport.txt",
        mime="text/plain",
        key="upl_report_download",
    )


def problem_table(problems: list[dict]) -> pd.DataFrame:
    """The report as a table: Fil, Rad, Kolumn, Värde, Regel, Förklaring."""
    return pd.DataFrame(
        {
            "Fil": [p.get("file") or "" for p in problems],
            "Rad": ["" if p.get("row") is None else str(p["row"]) for p in problems],
            "Kolumn": [p.get("column") or "" for p in problems],
            "Värde": [_shown(p) for p in problems],
            "Regel": [p.get("rule") or "" for p in problems],
            "Förklaring": [p.get("detail") or "" for p in problems],
        }
    )


def _shown(p: dict) -> str:
    if p.get("shown_value"):
        return p["shown_value"]
    return show_value(p.get("value")) if p.get("row") is not None else ""


# ---------------------------------------------------------------------------------------------
# A new profile from a mapping table
# ---------------------------------------------------------------------------------------------


def _column_option(table: contract.Table, name: str) -> str:
    col = table.column(name)
    return f"{name} – {col.label}" + (" (obligatorisk)" if col.required else "")


def _code_option(code: str, label: str) -> str:
    return f"{code} – {label}"


def profile_builder(folder: Path, profile_path: str | None) -> None:
    """Propose a mapping for an export the contract and the chosen profile do not know; the
    user corrects it in tables and saves it as a new profile in profiles/."""
    profile = profiles.load(profile_path) if profile_path else None
    unknown = [
        p.name
        for p in sorted(folder.iterdir())
        if p.stem.lower() not in contract.TABLES and not (profile and profile.rule_for(p.name))
    ]
    if saved := st.session_state.pop(_SAVED_KEY, None):
        st.success(saved, icon=":material/save:")
    if not unknown:
        st.caption("Alla filer känns igen, av filnamnet eller av den valda profilen.")
        return
    name = st.selectbox("Fil att beskriva", unknown, key="upl_map_file", filter_mode=None)
    path = folder / name
    proposed_table, _ = profiles.propose_table(name)
    tables = list(contract.TABLES)
    table_name = st.selectbox(
        "Tabell i datakontraktet",
        tables,
        index=tables.index(proposed_table) if proposed_table else 0,
        format_func=lambda t: f"{contract.TABLES[t].label} ({t})",
        key=f"upl_map_table_{name}",
        filter_mode=None,
    )
    table = contract.TABLES[table_name]
    encoding = profiles.guess_encoding(path)
    try:
        header, sample = upload.sample(path, encoding)  # a child process: the file is untrusted
    except upload.UploadError as exc:
        st.error(str(exc))
        return
    st.caption(
        f"Teckenkodning: {'UTF-8' if encoding == 'utf-8-sig' else 'Windows-1252'}. "
        f"{len(sample)} första raderna används för förslagen."
    )

    proposals = profiles.propose_columns(table_name, header)
    options = [NOT_USED] + [_column_option(table, c) for c in table.column_names]
    examples = [next((r[i] for r in sample if i < len(r) and r[i]), "") for i in range(len(header))]
    mapping = st.data_editor(
        pd.DataFrame(
            {
                "Rubrik i filen": header,
                "Exempel": [str(e)[:40] for e in examples],
                "Kolumn i kontraktet": [
                    _column_option(table, p.column) if p.column else NOT_USED for p in proposals
                ],
                "Säkerhet": [round(p.score) for p in proposals],
            }
        ),
        column_config={
            "Rubrik i filen": st.column_config.TextColumn(disabled=True),
            "Exempel": st.column_config.TextColumn(disabled=True),
            "Kolumn i kontraktet": st.column_config.SelectboxColumn(options=options, required=True),
            "Säkerhet": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%"),
        },
        hide_index=True,
        disabled=["Rubrik i filen", "Exempel", "Säkerhet"],
        key=f"upl_map_columns_{name}_{table_name}",
    )
    columns = {
        h: c.split(" – ", 1)[0]
        for h, c in zip(mapping["Rubrik i filen"], mapping["Kolumn i kontraktet"], strict=True)
        if c and c != NOT_USED
    }
    chosen = collections.Counter(columns.values())
    twice = [c for c, n in chosen.items() if n > 1]
    missing = [c.name for c in table.columns if c.required and c.name not in chosen and c.default is None]
    if twice:
        st.warning(f"Samma kontraktskolumn är vald för flera rubriker: {', '.join(twice)}.")
    if missing:
        st.warning(f"Obligatoriska kolumner utan rubrik: {', '.join(missing)}.")

    codes: dict[str, dict[str, str]] = {}
    position = {h: i for i, h in enumerate(header)}
    for h, column in columns.items():
        col = table.column(column)
        if col.type != "code" or col.codes is None:
            continue
        values = [r[position[h]] for r in sample if position[h] < len(r) and r[position[h]]]
        counts = collections.Counter(v.strip() for v in values)
        code_proposals = profiles.propose_codes(col, counts, table=table_name)
        if not code_proposals:
            continue
        st.markdown(f"**Koder i ”{h}” → {column}**")
        code_options = [KEEP] + [_code_option(c, lbl) for c, lbl in col.codes.items()]
        edited = st.data_editor(
            pd.DataFrame(
                {
                    "Värde i filen": [p.header for p in code_proposals],
                    "Antal": [counts[p.header] for p in code_proposals],
                    "Kod": [
                        _code_option(p.column, col.codes[p.column]) if p.column else KEEP
                        for p in code_proposals
                    ],
                }
            ),
            column_config={"Kod": st.column_config.SelectboxColumn(options=code_options, required=True)},
            hide_index=True,
            disabled=["Värde i filen", "Antal"],
            key=f"upl_map_codes_{name}_{table_name}_{column}",
        )
        codes[column] = {
            v: k.split(" – ", 1)[0]
            for v, k in zip(edited["Värde i filen"], edited["Kod"], strict=True)
            if k != KEEP
        }

    date_values = [
        r[position[h]]
        for h, c in columns.items()
        if table.column(c).type in ("date", "month")
        for r in sample
        if position[h] < len(r) and r[position[h]]
    ]
    guessed = profiles.guess_date_formats(date_values)
    date_formats = st.multiselect(
        "Datumformat (i den ordning de prövas)",
        list(profiles.KNOWN_DATE_FORMATS),
        default=list(guessed),
        key=f"upl_map_dates_{name}",
        help="%Y år, %m månad, %d dag, %H:%M klockslag. 2022-03-05 14:10 är %Y-%m-%d %H:%M.",
    )
    delimiter = profiles.guess_delimiter(path, encoding)
    decimal = st.radio(
        "Decimaltecken",
        [",", "."],
        index=0 if delimiter == ";" else 1,
        horizontal=True,
        key=f"upl_map_decimal_{name}",
    )
    left, right = st.columns(2)
    profile_name = left.text_input(
        "Profilens namn", key=f"upl_map_name_{name}", placeholder="t.ex. Viva avvikelser"
    )
    pattern = right.text_input(
        "Filnamnsmönster", value=profiles.pattern_for(name), key=f"upl_map_pattern_{name}"
    )
    if st.button(
        "Spara profilen", key=f"upl_map_save_{name}", disabled=bool(twice) or not profile_name.strip()
    ):
        rule = profiles.FileRule(
            pattern=pattern.strip() or name,
            table=table_name,
            encoding=encoding,
            delimiter=delimiter,
            decimal=decimal,
            date_formats=tuple(date_formats),
            columns=columns,
            codes={c: m for c, m in codes.items() if m},
        )
        try:
            saved = profiles.save(profiles.Profile(profile_name.strip(), 1, (rule,)))
        except (profiles.ProfileError, FileExistsError) as exc:
            st.error(str(exc))
        else:
            st.session_state[_SAVED_KEY] = (
                f"Profilen sparades som {saved.name}. Välj den under Importprofil ovan och "
                "kontrollera filerna igen."
            )
            st.rerun()  # the profile list above is drawn before this button; show the new profile
