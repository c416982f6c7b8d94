"""Åtgärder: the action register — overdue actions, the list with filters, actions per unit,
the share of lex Sarah cases with an evaluated action, one action with its history and effect,
and the form. Politicians see only the status per area."""

from __future__ import annotations

import streamlit as st

from analytics.stores.actions import STATUS_LABELS
from ui import actions, filters

f = filters.current()
st.title("Åtgärder")
st.caption(
    "Åtgärder som svar på avvikelser, lex Sarah-rapporter, klagomål, risker och egenkontroller, "
    "följda tills effekten är känd. Registret sparas utanför analysdatabasen och finns kvar vid "
    "varje ny laddning."
)

if f.scope.role == "politiker":
    st.header("Status per område")
    actions.status_section(f)
    st.stop()

store, me = actions.store(), actions.actor(f.scope)
today = actions.today()

# --- Ny åtgärd ---------------------------------------------------------------------------------
with st.expander(
    "Ny åtgärd", icon=":material/add_task:", expanded=st.query_params.get(actions.NEW_PARAM) == "1"
):
    saved = actions.action_form(f)
    if saved is not None:
        st.session_state["atg_vald"] = saved.id
        st.success(f"Åtgärd {saved.id} registrerad.", icon=":material/check:")

# --- Försenade --------------------------------------------------------------------------------
st.header("Försenade åtgärder")
overdue = store.overdue(me, today)
if overdue:
    actions.action_table(overdue, key="atg_forsenade", file_name="forsenade_atgarder")
else:
    st.success("Inga försenade åtgärder.", icon=":material/check:")

# --- Alla åtgärder ------------------------------------------------------------------------------
st.header("Åtgärder")
choices = actions.unit_choices(f)
left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
with left:
    statuses = st.multiselect(
        "Status",
        list(STATUS_LABELS),
        format_func=STATUS_LABELS.__getitem__,
        key="atg_status_val",
        placeholder="Alla",
    )
with middle:
    units = st.multiselect(
        "Enhet",
        list(choices),
        format_func=lambda u: choices.get(u, u),
        key="atg_enhet_val",
        placeholder="Alla",
    )
with right:
    only_overdue = st.toggle("Bara försenade", key="atg_bara_forsenade")
listed = store.list_actions(
    me, units=units or None, status=statuses or None, overdue_on=today if only_overdue else None
)
if listed:
    actions.action_table(listed, key="atg_lista", file_name="atgarder")
else:
    st.info("Inga åtgärder med det urvalet.")

# --- Per enhet --------------------------------------------------------------------------------
st.header("Åtgärder per enhet")
every = store.list_actions(me)
actions.per_unit_table(every)

# --- Lex Sarah ----------------------------------------------------------------------------------
st.header("Lex Sarah-rapporter och åtgärder")
actions.lex_sarah_share(f)

# --- Status per område ----------------------------------------------------------------------------
st.header("Status per område")
actions.status_section(f)

# --- En åtgärd ----------------------------------------------------------------------------------
st.header("Åtgärd")
if not every:
    st.info("Inga åtgärder registrerade ännu.")
    st.stop()
by_id = {a.id: a for a in every}
chosen = st.selectbox(
    "Välj åtgärd",
    list(by_id),
    index=None,
    format_func=lambda i: f"{i} · {by_id[i].status_label} · {by_id[i].title[:80]}",
    placeholder="Välj en åtgärd för att se historik och effekt",
    key="atg_vald",
)
if chosen is not None and chosen in by_id:
    actions.detail(f, by_id[chosen])
