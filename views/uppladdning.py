"""Ladda upp data (analytiker): export files or a zip, an optional import profile, the same
validation report as the command line, and an atomic load run in a separate process; for an
export the product does not know, a proposed mapping that is saved as a new import profile."""

from __future__ import annotations

import streamlit as st

from ui import auth, upload_view

scope = st.session_state[auth.SCOPE_KEY]
if scope.role != "analytiker":
    st.warning("Bara analysteamet kan ladda upp data.", icon=":material/lock:")
    st.stop()

st.title("Ladda upp data")
st.write(
    "Ladda upp exporterna från verksamhetssystemen, en fil per tabell eller allt i en zip-fil. "
    "Filerna kontrolleras mot datakontraktet innan något laddas: vid minsta fel är databasen "
    "oförändrad och rapporten säger fil, rad, kolumn, värde och regel. Exporter som inte följer "
    "kontraktets kolumnnamn och koder läses med en importprofil."
)

uploaded = st.file_uploader(
    "Exportfiler (.csv, .xlsx, .parquet) eller en zip-fil",
    type=["csv", "xlsx", "parquet", "zip"],
    accept_multiple_files=True,
    key="upl_files",
)
st.caption(upload_view.limits_text())
profile = upload_view.profile_picker()
if not uploaded:
    st.info("Välj en eller flera filer för att börja.", icon=":material/upload_file:")
    st.stop()

folder = upload_view.unpack(uploaded)
if folder is None:
    st.stop()
upload_view.overview(folder, profile)
if st.button("Kontrollera och ladda", type="primary", key="upl_load"):
    upload_view.load(folder, profile, scope.user)
upload_view.result()

st.header("Ny importprofil")
st.write(
    "För en export som varken följer datakontraktet eller en befintlig profil föreslås här en "
    "översättning av varje rubrik och kod. Rätta förslagen i tabellerna och spara dem som en ny "
    "profil; den används sedan för varje ny export från samma system."
)
upload_view.profile_builder(folder, profile)
