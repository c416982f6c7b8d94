"""Hot och våld: how much, who, where it concentrates, and the staff's own reports (Kia)."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import overview, violence
from presentation import charts
from presentation import format as fmt
from ui import chart, compare, db, drilldown, filters, kpi, series, spc, status, tables


def kia_section() -> None:
    """The staff's own reports (Kia), shown even when no deviation is about hot och våld: Kia
    incidents without deviations are the under-reporting this page exists to show."""
    st.header("Arbetsmiljöhändelser (Kia)")
    if not db.has_table("work_incidents"):
        st.info(db.missing_table_message("work_incidents"), icon=":material/folder_off:")
    else:
        kia = db.call(violence.work_incidents_summary, f)
        with st.container(horizontal=True):
            kpi.card("Händelser med hot eller våld", kpi.count_text(kia, "work_incidents"))
            if whole_organisation:
                kpi.card(
                    f"De {violence.TOP_N} största enheternas andel", fmt.percent(kia["top_share"].iloc[0])
                )
    if db.has_table("work_incidents") and db.allowed(violence.violence_vs_work_incidents, f):
        both = db.call(violence.violence_vs_work_incidents, f)
        st.caption(
            "Enheter sida vid sida: avvikelser om hot och våld och arbetsmiljöhändelser. En enhet som bara "
            "rapporterar i det ena systemet kan ha en underrapportering i det andra."
        )
        tables.show(
            both,
            {
                "unit_name": "Enhet",
                "unit_type": "Verksamhetstyp",
                "deviations": "Avvikelser",
                "work_incidents": "Arbetsmiljöhändelser",
                "deviations_only": "Bara avvikelser",
                "work_incidents_only": "Bara Kia",
            },
            codes={"unit_type": contract.UNIT_TYPES},
            key="hov_kia",
            file_name=f"hot_och_vald_mot_kia_{period}",
        )


f = filters.current()
violence_filters = f.with_(**contract.KINDS["hot_och_vald"].filters())
period = filters.period_text(f.period)
previous = compare.label(f)

st.title("Hot och våld")
st.write("Avvikelser i kategorin hot och våld inom LSS och SoL, och arbetsmiljöhändelser med hot eller våld.")

summary_frame = db.call(violence.violence_summary, f)
before = compare.before(violence.violence_summary, f)
summary = summary_frame.iloc[0]
# A handful of units (a chef's own, or the unit filter): a "top 5" share of them says nothing.
chosen_units = f.effective_unit_ids()
whole_organisation = chosen_units is None or len(chosen_units) > violence.TOP_N
if kpi.is_zero(summary["deviations"]):
    st.info(status.empty("Inga avvikelser om hot och våld i vald period."))
    kia_section()
    st.stop()

with st.container(horizontal=True):
    kpi.count_card("Hot och våld", summary_frame, "deviations", f, previous_frame=before)
    kpi.card(
        "Andel av LSS och SoL",
        fmt.percent(summary["share_of_sol_lss"], 1),
        help="Hot och våld av alla avvikelser inom LSS och SoL.",
    )
    kpi.card(
        "Utövare / utsatt",
        f"{kpi.count_text(summary_frame, 'utovare')} / {kpi.count_text(summary_frame, 'utsatt')}",
        help="Raden handlar om den som utövade hot eller våld, respektive den som utsattes.",
    )
    kpi.card("Personal mot brukare", kpi.count_text(summary_frame, "personal_mot_brukare"))
    if whole_organisation:
        kpi.card(
            f"De {violence.TOP_N} största enheternas andel",
            fmt.percent(summary["top_share"]),
            help=(
                f"{kpi.count_text(summary_frame, 'top_count')} av "
                f"{kpi.count_text(summary_frame, 'deviations')} avvikelser."
            ),
        )

st.header("Hot och våld per månad")
spc.series_chart(
    f, "hot_och_vald", title="Hot och våld per 100 brukare och månad (styrdiagram)", key="hov_spc"
)

st.header("Var det händer")
drilldown.section(
    "hov",
    violence_filters,
    noun="Hot och våld",
    empty=status.empty("Inga avvikelser om hot och våld i vald period."),
    brukare=drilldown.VIOLENCE_ROLES,
)

st.subheader("Jämförelse mellan enheter")
st.caption(
    "Varje punkt är en enhet: kvoten mellan dess rapporter om hot och våld och de förväntade utifrån "
    "verksamhetstypens takt per brukare och månad. Fler rapporter är inte i sig sämre."
)
spc.funnel_section(
    f, "hot_och_vald", title=f"Hot och våld per brukare och månad, enheter, {period}", key="hov_tratt"
)

if whole_organisation and db.allowed(violence.violence_by_unit, f):
    st.subheader("Koncentration till få enheter")
    by_unit = db.call(violence.violence_by_unit, f)
    top = by_unit.head(violence.TOP_N)
    chart.show(
        charts.unit_bars(
            by_unit,
            title=f"Hot och våld per enhet, de 15 med flest, {period}",
            highlight=list(top["unit_id"]),
            limit=15,
        ),
        key="hov_koncentration",
    )
    st.caption(
        f"★ = de {violence.TOP_N} enheter med flest avvikelser. "
        f"Utövande brukare vid dem: {fmt.integer(summary['top_brukare'])}."
    )
    with st.expander("Tabell: alla enheter med hot och våld"):
        tables.show(
            by_unit,
            {
                "rank": "Plats",
                "unit_name": "Enhet",
                "unit_type": "Verksamhetstyp",
                "operator": "Regi",
                "count": "Antal",
                "utovare_brukare": "Utövande brukare",
                "cumulative_share": "Kumulativ andel",
            },
            codes={"unit_type": contract.UNIT_TYPES, "operator": contract.OPERATORS},
            percent=("cumulative_share",),
            key="hov_koncentration",
            file_name=f"hot_och_vald_per_enhet_{period}",
        )

st.header("Vem som berörs")
split = db.call(violence.violence_by_subcategory, f)
left, right = st.columns(2)
with left:
    chart.show(
        charts.code_bars(
            db.call(overview.violence_subcategory_totals, f),
            code="subcategory",
            codes=contract.SUBCATEGORY_LABELS,
            title=f"Hot och våld per underkategori, {period}",
        ),
        key="hov_underkategori",
    )
with right:
    tables.show(
        split,
        {"violence_role": "Roll", "subcategory": "Underkategori", "count": "Antal"},
        codes={"violence_role": contract.VIOLENCE_ROLES, "subcategory": contract.SUBCATEGORY_LABELS},
        key="hov_roll",
        file_name=f"hot_och_vald_roll_underkategori_{period}",
    )

kia_section()

series.section(f, {"violence": series.COUNTS["violence"]}, key="hov", subject="Hot och våld")
series.rate_section(
    f, {"violence_deviations": series.RATES["violence_deviations"]}, key="hov", subject="Hot och våld"
)
