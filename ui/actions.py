"""The action register in the app: the store opened once per process, the form, the lists, the
detail with history and computed effect, and "Skapa åtgärd" links from other pages.

Authorisation is the store's (analytics.stores.actions): analytiker everything, chef only
actions of their own units, politiker no single actions, only the status per area with small
counts hidden. The UI offers a chef only their own units, but a refusal from the store is still
shown in Swedish. Free text (title, description, evaluation) is shown as plain text (dataframe
cells, st.text), never as Markdown or HTML; opening an action's description and evaluation is a
view of free text and goes to the access log, like the deviations' descriptions.

Links into the page: `?ny=1&atg_enhet=U001,U002&koppling=lex_sarah:D123` opens the form prefilled;
`create_action_link(units, links)` renders such a link on any page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

import pandas as pd
import streamlit as st

from analytics import contract
from analytics.analyses import effect
from analytics.filters import Filters, Scope
from analytics.stores import action_tables
from analytics.stores.actions import (
    EFFECT_MEASURES,
    LINK_KIND_LABELS,
    LOCAL_TZ,
    STATUS_LABELS,
    TEXT_LIMITS,
    Action,
    ActionError,
    ActionStore,
    Actor,
    Invalid,
    ValidationError,
    parse_links,
    parse_units,
    store_url,
)
from presentation import format as fmt
from ui import db, pages, tables

log = logging.getLogger(__name__)

PAGE = "atgarder"
# "atg_enhet", not "enhet": that one is the sidebar's unit filter, bound to the URL
NEW_PARAM, UNITS_PARAM, LINKS_PARAM, TITLE_PARAM = "ny", "atg_enhet", "koppling", "titel"
STORE_UNAVAILABLE = (
    "Åtgärdsregistret kan inte öppnas just nu. Felet är loggat; kontakta förvaltaren av verktyget."
)


# ---------------------------------------------------------------------------------------------
# The store and who is acting
# ---------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _open(url: str) -> ActionStore:
    return ActionStore(url)  # migrates the schema to head once per process


def store() -> ActionStore:
    """The process's one ActionStore at store_url(); the page stops with a message if it fails."""
    try:
        return _open(store_url())
    except Exception:  # a wrong URL or an unreachable server: logged, never shown (it may hold a password)
        log.exception("Åtgärdsregistret kunde inte öppnas")
        st.error(STORE_UNAVAILABLE, icon=":material/error:")
        st.stop()


def actor(scope: Scope) -> Actor:
    return Actor(scope.user, scope.role, tuple(scope.units or ()))


def today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def unit_choices(f: Filters) -> dict[str, str]:
    """unit_id -> name of the units the viewer may register actions for (chef: own units)."""
    groups = db.call(effect.unit_groups)
    names = dict(zip(groups["unit_id"], groups["unit_name"], strict=True))
    if f.scope.role == "chef":
        return {u: names.get(u, u) for u in sorted(f.scope.units or ())}
    return names


# ---------------------------------------------------------------------------------------------
# Links from other pages
# ---------------------------------------------------------------------------------------------


def create_action_link(
    f: Filters,
    units: Sequence[str] = (),
    links: Iterable[tuple[str, str]] = (),
    *,
    label: str = "Skapa åtgärd",
    title: str | None = None,
) -> None:
    """A link to the Åtgärder page with the form prefilled with `units`, `links` and `title`.

    links: (kind, record_id) pairs, kinds as in the register ('lex_sarah', 'avvikelse', 'risk',
    'egenkontroll', 'klagomal'). Nothing is shown to a role that may not register the action
    (politiker; a chef for another unit or for the whole förvaltning).
    """
    if f.scope.role == "politiker":
        return
    units, links = tuple(units), tuple(links)
    if f.scope.role == "chef" and (not units or not set(units) <= set(f.scope.units or ())):
        return
    script = pages.script(PAGE)
    if script is None:
        return
    params = {NEW_PARAM: "1"}
    if units:
        params[UNITS_PARAM] = ",".join(units)
    if links:
        params[LINKS_PARAM] = ",".join(f"{k}:{r}" for k, r in links)
    if title:
        params[TITLE_PARAM] = title[: TEXT_LIMITS["title"]]
    st.page_link(script, label=label, icon=":material/add_task:", query_params=params)


def prefill(f: Filters) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], list[str]]:
    """(units, links, notes) from the URL of a "Skapa åtgärd" link; parts that are not valid, or
    units the viewer may not choose, are left out with a note."""
    notes: list[str] = []
    allowed = unit_choices(f)
    try:
        units = parse_units(st.query_params.get(UNITS_PARAM, ""))
    except Invalid:
        units = ()
        notes.append("Enheterna i länken kunde inte läsas.")
    foreign = [u for u in units if u not in allowed]
    if foreign:
        notes.append("Enheter i länken som du inte kan välja har tagits bort.")
    try:
        links = parse_links(st.query_params.get(LINKS_PARAM, "") or None)
    except Invalid as e:
        links = ()
        notes.append(f"Kopplingen i länken kunde inte läsas: värdet {e.reason}.")
    return tuple(u for u in units if u in allowed), links, notes


# ---------------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------------


def _link_text(links: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{k}:{r}" for k, r in links)


def _show_problem(e: ActionError) -> None:
    if isinstance(e, ValidationError):
        for _, message in e.problems:
            st.error(message, icon=":material/error:")
    else:
        st.error(str(e), icon=":material/block:")


def action_form(f: Filters, existing: Action | None = None) -> Action | None:
    """The form to register a new action (existing None) or to change one; returns the saved
    action, or None. Errors from the store are shown in Swedish under the form."""
    choices = unit_choices(f)
    if existing is None:
        units, links, notes = prefill(f) if st.query_params.get(NEW_PARAM) == "1" else ((), (), [])
        for note in notes:
            st.warning(note, icon=":material/link_off:")
        title = str(st.query_params.get(TITLE_PARAM, ""))[: TEXT_LIMITS["title"]]
        values = {
            "title": title,
            "description": "",
            "units": units,
            "links": links,
            "responsible": "",
            "due_date": None,
            "status": "planerad",
            "completed_date": None,
            "effect_text": "",
            "effect_measure": None,
        }
        # a new prefill (another link) gives new widgets, so their defaults apply
        prefix = f"atg_ny_{abs(hash((units, links, title))) % 10**8}"
    else:
        values = existing.fields()
        prefix = f"atg_andra_{existing.id}_{existing.version}"
    unit_options = list(dict.fromkeys([*choices, *values["units"]]))
    measures = [None, *EFFECT_MEASURES]
    with st.form(f"{prefix}_form", enter_to_submit=False):
        title = st.text_input("Titel", value=values["title"], max_chars=200, key=f"{prefix}_titel")
        description = st.text_area("Beskrivning", value=values["description"], key=f"{prefix}_beskrivning")
        left, right = st.columns(2)
        with left:
            chosen_units = st.multiselect(
                "Enheter",
                unit_options,
                default=list(values["units"]),
                format_func=lambda u: choices.get(u, u),
                placeholder="Hela förvaltningen" if f.scope.role == "analytiker" else "Välj enhet",
                help="Tomt = hela förvaltningen (bara analytiker)." if f.scope.role == "analytiker" else None,
                key=f"{prefix}_enheter",
            )
            link_text = st.text_input(
                "Kopplade ärenden",
                value=_link_text(values["links"]),
                help="typ:id, kommaseparerade. Typer: " + ", ".join(LINK_KIND_LABELS) + ".",
                key=f"{prefix}_kopplingar",
            )
            responsible = st.text_input("Ansvarig", value=values["responsible"], key=f"{prefix}_ansvarig")
            due_date = st.date_input(
                "Klart senast", value=values["due_date"], format="YYYY-MM-DD", key=f"{prefix}_klart"
            )
        with right:
            status = st.selectbox(
                "Status",
                list(STATUS_LABELS),
                index=list(STATUS_LABELS).index(values["status"]),
                format_func=STATUS_LABELS.__getitem__,
                key=f"{prefix}_status",
            )
            completed_date = st.date_input(
                "Genomförd datum",
                value=values["completed_date"],
                format="YYYY-MM-DD",
                help="Tomt för genomförd eller utvärderad = i dag.",
                key=f"{prefix}_genomford",
            )
            measure = st.selectbox(
                "Effektmått",
                measures,
                index=measures.index(values["effect_measure"]),
                format_func=lambda m: "Inget" if m is None else EFFECT_MEASURES[m],
                help="Produkten beräknar måttet sex månader före och efter genomförandet.",
                key=f"{prefix}_matt",
            )
            effect_text = st.text_area(
                "Utvärdering",
                value=values["effect_text"],
                help="Krävs för status Utvärderad.",
                key=f"{prefix}_utvardering",
            )
        submitted = st.form_submit_button(
            "Registrera åtgärd" if existing is None else "Spara ändringar",
            type="primary",
            key=f"{prefix}_spara",
        )
    if not submitted:
        return None
    fields = {
        "title": title,
        "description": description,
        "units": chosen_units,
        "links": link_text,
        "responsible": responsible,
        "due_date": due_date,
        "status": status,
        "completed_date": completed_date,
        "effect_text": effect_text,
        "effect_measure": measure,
    }
    s, me = store(), actor(f.scope)
    try:
        if existing is None:
            saved = s.create(me, known_units=list(choices) if f.scope.role != "chef" else None, **fields)
        else:
            saved = s.update(me, existing.id, existing.version, **fields)
    except ActionError as e:
        _show_problem(e)
        return None
    for param in (NEW_PARAM, UNITS_PARAM, LINKS_PARAM, TITLE_PARAM):
        st.query_params.pop(param, None)
    return saved


# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------

LIST_COLUMNS = {
    "id": "Nr",
    "title": "Titel",
    "units": "Enheter",
    "status": "Status",
    "responsible": "Ansvarig",
    "due_date": "Klart senast",
    "completed_date": "Genomförd",
    "links": "Kopplade ärenden",
    "measure": "Effektmått",
}


def names() -> dict[str, str]:
    groups = db.call(effect.unit_groups)
    return dict(zip(groups["unit_id"], groups["unit_name"], strict=True))


def action_table(actions: Sequence[Action], key: str, file_name: str) -> None:
    """The actions as a sortable table (titles as plain cells; descriptions are not listed)."""
    frame = action_tables.actions_frame(actions, names(), today())
    tables.show(
        frame,
        LIST_COLUMNS,
        key=key,
        file_name=file_name,
        column_config={
            "Klart senast": st.column_config.DateColumn("Klart senast", format="YYYY-MM-DD"),
            "Genomförd": st.column_config.DateColumn("Genomförd", format="YYYY-MM-DD"),
            "Titel": st.column_config.TextColumn("Titel", width="large"),
        },
    )


def per_unit_table(actions: Sequence[Action], units: Iterable[str] | None = None) -> None:
    frame = action_tables.per_unit_frame(actions, names(), today(), units)
    if frame.empty:
        st.info("Inga åtgärder.")
        return
    tables.show(
        frame,
        {
            "unit_name": "Enhet",
            **STATUS_LABELS,
            "total": "Totalt",
            "overdue": "Försenade",
        },
        key="atg_per_enhet",
        file_name="atgarder_per_enhet",
    )


def status_summary(f: Filters, by: str) -> pd.DataFrame:
    """Opened, completed, evaluated and overdue actions per area or unit type; for politiker
    with small counts hidden (analytics.privacy.suppress)."""
    groups = db.call(effect.unit_groups)
    if by == "unit_type":
        mapping = {
            u: contract.unit_type_label(t)
            for u, t in zip(groups["unit_id"], groups["unit_type"], strict=True)
        }
    else:
        mapping = dict(zip(groups["unit_id"], groups["area"], strict=True))
    rows = store().status_summary(actor(f.scope), mapping, today())
    return action_tables.summary_frame(rows, f.scope.role)


def status_section(f: Filters) -> None:
    """The aggregate status of the register, per area and per unit type."""
    by = st.segmented_control(
        "Gruppera efter",
        ["area", "unit_type"],
        default="area",
        format_func={"area": "Verksamhetsområde", "unit_type": "Verksamhetstyp"}.__getitem__,
        key="atg_status_grupp",
    )
    frame = status_summary(f, by or "area")
    if frame.empty:
        st.info("Inga åtgärder registrerade.")
        return
    tables.show(
        frame,
        {
            "group": "Verksamhetsområde" if by != "unit_type" else "Verksamhetstyp",
            "opened": "Registrerade",
            "completed": "Genomförda",
            "evaluated": "Utvärderade",
            "overdue": "Försenade",
            "cancelled": "Avbrutna",
            "completed_share": "Andel genomförda",
        },
        percent=("completed_share",),
        key="atg_status",
        file_name="atgarder_status",
    )
    st.caption(
        "Genomförda = genomförda och utvärderade. Försenade = planerade eller pågående med passerat "
        "slutdatum. En åtgärd för flera enheter räknas i varje grupp den berör."
    )


# ---------------------------------------------------------------------------------------------
# One action
# ---------------------------------------------------------------------------------------------


def effect_section(f: Filters, action: Action) -> None:
    """The measure before and after completion, computed from the analytics database."""
    if action.effect_measure is None:
        st.caption("Inget effektmått valt: välj ett i formuläret så beräknas effekten här.")
        return
    if action.completed_date is None:
        st.caption("Effekten beräknas när åtgärden är genomförd (sex månader före och efter).")
        return
    fe = f.with_(unit_ids=list(action.units) or None)
    frame = db.call(effect.effect_windows, fe, action.effect_measure, action.completed_date)
    result = effect.read_effect(frame, action.effect_measure)
    spec = effect.MEASURES[action.effect_measure]
    if result is None:
        st.info(db.missing_table_message(spec.source), icon=":material/folder_off:")
        return
    before_from, before_to, after_from, after_to = effect.windows(action.completed_date)
    share = spec.source == "signings"

    def value(v: float | None) -> str:
        return "–" if v is None else (fmt.percent(v, 1) if share else fmt.number(v, 2))

    cols = st.columns(3)
    cols[0].metric(
        f"Före ({fmt.month(before_from)} – {fmt.month(before_to)})",
        value(result.before),
        help=_counts(result.before_events, result.before_exposure, spec),
    )
    cols[1].metric(
        f"Efter ({fmt.month(after_from)} – {fmt.month(after_to)})",
        value(result.after),
        help=_counts(result.after_events, result.after_exposure, spec),
    )
    ratio = "–" if result.ratio is None else fmt.number(result.ratio, 2)
    cols[2].metric(f"Kvot efter/före ({spec.events} per {spec.exposure.removesuffix('er')})", ratio)
    lines = [
        f"{spec.label}. Före: {fmt.integer(result.before_events)} {spec.events} på "
        f"{fmt.integer(result.before_exposure)} {spec.exposure}; efter: {fmt.integer(result.after_events)} "
        f"{spec.events} på {fmt.integer(result.after_exposure)} {spec.exposure}."
    ]
    if result.computable:
        interval = (
            f"{fmt.number(result.lower, 2)}–{'∞' if result.upper is None else fmt.number(result.upper, 2)}"
        )
        lines.append(
            f"Efter åtgärden är {spec.events} per {spec.exposure.removesuffix('er')} {result.direction()} "
            f"(kvot {ratio}, 95 % konfidensintervall {interval}). {result.verdict()}"
        )
    else:
        lines.append(result.verdict())
    if not result.complete:
        lines.append(
            f"Obs: data finns för {result.before_months} av {effect.WINDOW_MONTHS} månader före och "
            f"{result.after_months} av {effect.WINDOW_MONTHS} efter; jämförelsen är preliminär."
        )
    st.write(" ".join(lines))
    st.caption(
        "Genomförandemånaden räknas inte. Kvoten och intervallet är en exakt Poissonjämförelse; en "
        "förändring kan också bero på annat än åtgärden (säsong, fler brukare, ändrat rapporteringssätt)."
    )


def _counts(events: int, exposure: int, spec: effect.Measure) -> str:
    return f"{fmt.integer(events)} {spec.events} på {fmt.integer(exposure)} {spec.exposure}."


def detail(f: Filters, action: Action) -> None:
    """One action: its fields, its description and evaluation (logged), its effect, its history
    and the form to change it."""
    st.subheader(f"Åtgärd {action.id}")
    st.text(action.title)
    facts = {
        "Status": action.status_label,
        "Enheter": action_tables.unit_text(action.units, names()),
        "Ansvarig": action.responsible or "–",
        "Klart senast": fmt.day(action.due_date) if action.due_date else "–",
        "Genomförd": fmt.day(action.completed_date) if action.completed_date else "–",
        "Kopplade ärenden": action_tables.link_text(action.links) or "–",
        "Registrerad": f"{fmt.day(action.created_at.astimezone(LOCAL_TZ))} av {action.created_by}",
    }
    st.dataframe(
        pd.DataFrame({"Fält": list(facts), "Värde": list(facts.values())}),
        hide_index=True,
        key=f"atg_fakta_{action.id}",
    )
    if action.is_overdue(today()):
        st.warning("Åtgärden är försenad: slutdatumet har passerat.", icon=":material/schedule:")
    show_text = st.toggle(
        "Visa beskrivning och utvärdering",
        key=f"atg_text_{action.id}",
        help="Fritext kan handla om enskilda personer. Varje visning skrivs i åtkomstloggen.",
    )
    if show_text:
        db.log_view(f, "free_text", [f"åtgärd:{action.id}"])
        st.markdown("**Beskrivning**")
        st.text(action.description or "Ingen beskrivning.")
        st.markdown("**Utvärdering**")
        st.text(action.effect_text or "Ingen utvärdering.")
    st.markdown("**Effekt**")
    effect_section(f, action)
    st.markdown("**Historik**")
    history = store().history(actor(f.scope), action.id)
    tables.show(
        action_tables.history_frame(history, show_text=show_text),
        {
            "at": "Tidpunkt",
            "changed_by": "Ändrad av",
            "role": "Roll",
            "field": "Fält",
            "old_value": "Före",
            "new_value": "Efter",
            "version": "Version",
        },
        key=f"atg_historik_{action.id}",
        file_name=f"atgard_{action.id}_historik",
        screen_only=("old_value", "new_value"),
    )
    st.caption("Historiken skrivs bara till: varje sparad ändring med vem, när, före och efter.")
    with st.expander("Ändra åtgärden", icon=":material/edit:"):
        saved = action_form(f, action)
        if saved is not None:
            st.success(f"Åtgärd {saved.id} sparad (version {saved.version}).", icon=":material/check:")
            st.rerun()


def lex_sarah_share(f: Filters) -> None:
    """The share of the period's lex Sarah cases with a completed and evaluated action, and a
    "Skapa åtgärd" link for a case without one."""
    cases = db.call(effect.lex_sarah_cases, f)
    if cases.empty:
        st.info("Inga lex Sarah-rapporter i vald period.")
        return
    share = store().share_with_completed_action(actor(f.scope), "lex_sarah", list(cases["deviation_id"]))
    n, done = len(share.records), len(share.with_action)
    st.metric(
        "Lex Sarah-rapporter med genomförd och utvärderad åtgärd",
        f"{fmt.percent(share.share, 0)}",
        help=f"{fmt.integer(done)} av {fmt.integer(n)} rapporter i perioden har en utvärderad åtgärd.",
    )
    st.caption(f"{fmt.integer(done)} av {fmt.integer(n)} lex Sarah-rapporter i perioden.")
    without = cases[~cases["deviation_id"].isin(share.with_action)]
    if without.empty:
        return
    chosen = st.selectbox(
        "Lex Sarah-rapport utan utvärderad åtgärd",
        list(without["deviation_id"]),
        format_func=lambda d: _case_label(without, d),
        key="atg_lex_sarah",
    )
    if chosen is not None:
        unit = without.loc[without["deviation_id"] == chosen, "unit_id"].iloc[0]
        create_action_link(f, [unit], [("lex_sarah", chosen)], label=f"Skapa åtgärd för {chosen}")


def _case_label(cases: pd.DataFrame, deviation_id: str) -> str:
    row = cases.loc[cases["deviation_id"] == deviation_id].iloc[0]
    outcome = contract.label(
        contract.LEX_SARAH_OUTCOMES,
        row["lex_sarah_outcome"] if isinstance(row["lex_sarah_outcome"], str) else None,
    )
    day = pd.Timestamp(row["reported_date"]).date().isoformat()
    return f"{deviation_id} · {day} · {row['unit_name']} · {outcome}"
