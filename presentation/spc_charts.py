"""SPC charts in the NHS "Making Data Count" style, funnel plots and rate-ratio texts (plotly).

Colours follow Making Data Count with Okabe-Ito hues: a special cause that is a concern is
orange, an improvement blue, and common-cause points grey. Where more is not worse (deviation
reports: more can mean a better reporting culture) a special cause is purple and reads "fler/färre
än förväntat", never better or worse.

Every hover text is built here from the frame the viewer's role was given (a value hidden for a
politiker is "–" and draws no point), and a chef's funnel carries no other unit's name or id:
those points have only their position and a generic "Annan enhet".
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.analyses import spc
from presentation import charts
from presentation import format as fmt

COMMON = "#9AA3AD"
LINE = "#7A8591"
CONCERN = charts.OKABE_ITO["orange"]
IMPROVEMENT = charts.OKABE_ITO["blue"]
NEUTRAL_SPECIAL = "#7B4FA0"  # purple: a special cause on a measure without a direction
OWN = charts.OKABE_ITO["vermillion"]
LIMIT = "#4A5561"

JUDGEMENT_COLORS: dict[str | None, str] = {
    "samre": CONCERN,
    "battre": IMPROVEMENT,
    "neutral": NEUTRAL_SPECIAL,
    None: COMMON,
}

POINT_NAMES: dict[str | None, str] = {
    None: "Vanlig variation",
    "samre": "Särskild orsak: försämring",
    "battre": "Särskild orsak: förbättring",
    "neutral": "Särskild orsak: fler/färre än förväntat",
}

# Streamlit badge colours for the variation icon (st.badge).
BADGE_COLORS: dict[str | None, str] = {"samre": "orange", "battre": "blue", "neutral": "violet", None: "gray"}

RULE_TEXTS: dict[str, str] = {
    "utanfor": "utanför styrgränserna",
    "niva": "nivåskifte: 7 månader i rad på samma sida om medel",
    "trend": "trend: 7 månader i rad stigande eller sjunkande",
    "tva_av_tre": "två av tre månader nära styrgränsen",
}


def scale(method: str) -> tuple[float, str, int]:
    """How a series' values are shown: (factor, unit text, decimals)."""
    if method == "u":
        return 100.0, "per 100 brukare", 1
    if method == "p":
        return 100.0, "%", 1
    return 1.0, "antal", 0


def _value_text(value: float, method: str) -> str:
    factor, unit, decimals = scale(method)
    if pd.isna(value):
        return fmt.DASH
    if method == "p":
        return fmt.percent(value, 2)
    if method == "u":
        return f"{fmt.number(value * factor, decimals)} {unit}"
    return fmt.integer(value)


def _hover(row: pd.Series, method: str, polarity: str, judged: bool = True) -> str:
    month = fmt.month(row["month"])
    parts = [f"<b>{month}</b>: {_value_text(row['value'], method)}"]
    if method == "u":
        parts.append(f"{fmt.integer(row['count'])} händelser, {fmt.integer(row['exposure'])} brukare")
    elif method == "p":
        parts.append(f"{fmt.integer(row['exposure'])} insatser, {fmt.integer(row['count'])} osignerade")
    flagged = judged and not pd.isna(row["signal"]) and bool(row["signal"])
    if flagged:
        words = spc.comparison_words(str(row["direction"]), polarity, method)
        parts.append(f"Särskild orsak ({RULE_TEXTS.get(str(row['rule']), '')}): {words}")
    elif not pd.isna(row["value"]) and judged:
        parts.append("Vanlig variation")
    parts.append(f"Medel {_value_text(row['centre'], method)}")
    return "<br>".join(parts)


def _point_judgement(row: pd.Series, polarity: str) -> str | None:
    if pd.isna(row["signal"]) or not bool(row["signal"]) or row["direction"] is None:
        return None
    return spc.judgement(str(row["direction"]), polarity)


def _half_month(d: date, after: bool) -> date:
    return d + timedelta(days=15) if after else d - timedelta(days=15)


def spc_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    source: str = "deviations",
    target: float | None = None,
    height: int = 420,
) -> go.Figure:
    """The SPC chart of spc.monthly_spc: the monthly values (grey line, special causes coloured),
    the centre line and process limits per segment (the 2σ band faint, XmR only), the selected
    period shaded, the declared change month marked, and the variation (and assurance) icon."""
    method = frame.attrs.get("method", "xmr")
    polarity = frame.attrs.get("polarity", spc.NEUTRAL)
    factor, unit, decimals = scale(method)
    fig = go.Figure()
    if frame.empty:
        return charts._finish(fig, title, source, None, height)
    df = frame.copy()
    df["month"] = pd.to_datetime(df["month"])
    y = pd.to_numeric(df["value"], errors="coerce").astype("float64") * factor

    for seg, part in df.groupby("segment", sort=True):
        band_low = (pd.to_numeric(part["lower_2s"], errors="coerce") * factor).clip(lower=0.0)
        band_high = pd.to_numeric(part["upper_2s"], errors="coerce") * factor
        first = seg == df["segment"].min()
        if band_low.notna().any():
            fig.add_trace(
                go.Scatter(
                    x=list(part["month"]) + list(part["month"])[::-1],
                    y=list(band_high) + list(band_low)[::-1],
                    fill="toself",
                    fillcolor="rgba(90,100,115,0.08)",
                    line={"width": 0},
                    hoverinfo="skip",
                    name="2σ-band",
                    showlegend=bool(first),
                    legendgroup="band",
                )
            )
        for column, name, dash in (("upper", "Styrgränser", "dash"), ("lower", "Styrgränser", "dash")):
            fig.add_trace(
                go.Scatter(
                    x=part["month"],
                    # a count or rate is never below 0: an XmR lower limit under 0 is drawn at 0
                    y=(pd.to_numeric(part[column], errors="coerce") * factor).clip(lower=0.0),
                    mode="lines",
                    line={"color": LIMIT, "width": 1.3, "dash": dash, "shape": "hvh"},
                    name=name,
                    hoverinfo="skip",
                    showlegend=bool(first and column == "upper"),
                    legendgroup="limits",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=pd.to_numeric(part["centre"], errors="coerce") * factor,
                mode="lines",
                line={"color": "#1F2A36", "width": 1.6},
                name="Medel",
                hoverinfo="skip",
                showlegend=bool(first),
                legendgroup="centre",
            )
        )

    # With too few events in the baseline nothing is judged: no coloured point, as no icon.
    judged = spc.baseline_events(frame) >= spc.MIN_BASELINE_EVENTS
    judgements = [_point_judgement(row, polarity) if judged else None for _, row in df.iterrows()]
    fig.add_trace(
        go.Scatter(
            x=df["month"],
            y=y,
            mode="lines+markers",
            line={"color": LINE, "width": 1.8},
            marker={
                "color": [JUDGEMENT_COLORS[j] for j in judgements],
                "size": [10 if j else 7 for j in judgements],
                "line": {"color": "white", "width": 1},
            },
            name="Månad",
            text=[_hover(row, method, polarity, judged) for _, row in df.iterrows()],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )

    # A legend entry per kind of point shown: what the colours mean.
    for kind in dict.fromkeys([None, *[j for j in judgements if j]]):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"color": JUDGEMENT_COLORS[kind], "size": 9},
                name=POINT_NAMES[kind],
                hoverinfo="skip",
            )
        )

    in_period = df[df["in_period"].astype(bool)]
    if len(in_period) and len(in_period) < len(df):
        fig.add_vrect(
            x0=_half_month(in_period["month"].min(), after=False),
            x1=_half_month(in_period["month"].max(), after=True),
            fillcolor="rgba(86,180,233,0.10)",
            line_width=0,
            layer="below",
            annotation_text="Vald period",
            annotation_position="top left",
            annotation_font={"size": 11, "color": charts.NEUTRAL},
        )
    if df["segment"].nunique() > 1:
        change = df[df["segment"] == 1]["month"].min()
        fig.add_vline(x=_half_month(change, after=False), line={"color": LIMIT, "width": 1, "dash": "dot"})
        fig.add_annotation(
            x=_half_month(change, after=False),
            y=0,
            yref="paper",
            yshift=4,  # at the foot of the plot: the legend and "Vald period" are at the top
            text=f"Förändring {fmt.month(change.date())}: nya gränser",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            bgcolor="rgba(255,255,255,0.8)",
            font={"size": 11, "color": LIMIT},
        )

    v = spc.variation(frame, polarity, method)
    badge = v.text
    assured = spc.assurance(frame, target, polarity)
    if assured:
        badge += " · " + spc.ASSURANCE_TEXTS[assured]
    fig.add_annotation(
        text=badge,
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yshift=8,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        bgcolor=JUDGEMENT_COLORS[v.judgement],
        bordercolor=JUDGEMENT_COLORS[v.judgement],
        borderpad=4,
        font={"size": 12, "color": "white" if v.judgement or v.status == "vanlig" else "#1F2A36"},
        name="variation",
    )
    top = np.nanmax(
        [
            np.nanmax(y.to_numpy()) if y.notna().any() else 0.0,
            np.nanmax(pd.to_numeric(df["upper"], errors="coerce").to_numpy() * factor)
            if df["upper"].notna().any()
            else 0.0,
        ]
    )
    yaxis = {"title": _axis_title(method), "rangemode": "tozero", "range": [0, (top or 1.0) * 1.12]}
    if method == "p":
        low = np.nanmin(
            [
                np.nanmin(y.to_numpy()),
                np.nanmin(pd.to_numeric(df["lower"], errors="coerce").to_numpy() * factor),
            ]
        )
        yaxis["range"] = [max(0.0, low - (top - low) * 0.15), min(100.0, top + (top - low) * 0.15)]
        yaxis.pop("rangemode")
        yaxis["ticksuffix"] = " %"
    fig.update_layout(xaxis={"title": None, **charts.month_ticks(df["month"])}, yaxis=yaxis)
    fig.update_xaxes(tickvals=_year_ticks(df["month"]), ticktext=_year_tick_texts(df["month"]))
    fig = charts._finish(fig, title, source, None, height)
    fig.update_layout(margin={"t": 96})
    fig.add_annotation(
        text=baseline_text(frame),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(charts.BOTTOM_MARGIN - 40),
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": charts.NEUTRAL},
        name="baseline",
    )
    return fig


def _axis_title(method: str) -> str:
    return {"u": "Per 100 brukare och månad", "p": "Andel signerade"}.get(method, "Antal per månad")


def _year_ticks(months: pd.Series) -> list:
    unique = sorted(pd.to_datetime(months).unique())
    step = 3 if len(unique) > 18 else 1
    return [m for m in unique if (m.month - 1) % step == 0 or len(unique) <= 6]


def _year_tick_texts(months: pd.Series) -> list[str]:
    return [fmt.month(m.date()) if m.month == 1 else fmt.MONTHS[m.month - 1] for m in _year_ticks(months)]


def baseline_text(frame: pd.DataFrame) -> str:
    """ "Medel och gränser från baslinjen jan 2020 – dec 2020 (12 månader)" (one per segment)."""
    starts, ends = frame.attrs.get("baseline_start", []), frame.attrs.get("baseline_end", [])
    if not starts:
        return ""
    parts = []
    for start, end in zip(starts, ends, strict=True):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        parts.append(f"{fmt.month(start)} – {fmt.month(end)} ({months} månader)")
    method = {"u": "Laney u′", "p": "Laney p′", "xmr": "XmR"}.get(frame.attrs.get("method", ""), "")
    return f"{method}. Medel och gränser från baslinjen " + " och ".join(parts)


# --------------------------------------------------------------------------------------------------
# Funnel plot
# --------------------------------------------------------------------------------------------------


def _outside_color(outside: str | None, polarity: str) -> str:
    if outside is None or (isinstance(outside, float) and math.isnan(outside)):
        return COMMON
    direction = "hog" if outside == "hög" else "lag"
    return JUDGEMENT_COLORS[spc.judgement(direction, polarity)]


def funnel_chart(
    frame: pd.DataFrame, *, title: str, source: str = "deviations", height: int = 460
) -> go.Figure:
    """The funnel of spc.funnel_units: ratio observed/expected against the expected count, the
    95 % and 99.8 % limits, the target 1; points outside the 99.8 % limits coloured and, when the
    viewer may see the unit's name, labelled. Own units are highlighted and named; a chef's other
    units are anonymous points ("Annan enhet") with no name or id anywhere in the figure."""
    measure = spc.FUNNEL_MEASURES[frame.attrs.get("measure", "avvikelser")]
    fig = go.Figure()
    if frame.empty:
        return charts._finish(fig, title, source, None, height)
    curve = spc.funnel_curve(frame)
    for level, dash, name in (("998", "solid", "99,8 %-gränser"), ("95", "dash", "95 %-gränser")):
        for side in ("lower", "upper"):
            fig.add_trace(
                go.Scatter(
                    x=curve["expected"],
                    y=curve[f"{side}{level}"],
                    mode="lines",
                    line={"color": LIMIT, "width": 1.2, "dash": dash},
                    name=name,
                    hoverinfo="skip",
                    showlegend=side == "upper",
                    legendgroup=level,
                )
            )
    fig.add_hline(y=1, line={"color": "#1F2A36", "width": 1.4})

    def hover(row: pd.Series) -> str:
        name = row["unit_name"] if isinstance(row["unit_name"], str) else "Annan enhet"
        text = (
            f"<b>{_escape(name)}</b><br>Kvot {fmt.number(row['ratio'], 2)}: "
            f"{fmt.integer(row['observed'])} mot {fmt.number(row['expected'], 1)} förväntade"
        )
        if isinstance(row["outside"], str):
            direction = "hog" if row["outside"] == "hög" else "lag"
            words = "fler" if direction == "hog" else "färre"
            text += f"<br>Utanför 99,8 %-gränsen: {words} än förväntat"
        return text

    own = frame["own"].astype(bool)
    groups = ((frame[~own], "Enheter", 8, 0.75), (frame[own], "Egna enheter", 12, 1.0))
    for part, name, size, opacity in groups:
        if part.empty:
            continue
        colors = [
            OWN if name == "Egna enheter" else _outside_color(o, measure.polarity) for o in part["outside"]
        ]
        fig.add_trace(
            go.Scatter(
                x=part["expected"],
                y=part["ratio"],
                mode="markers",
                marker={
                    "color": colors,
                    "size": size,
                    "opacity": opacity,
                    "line": {"color": "white", "width": 1},
                },
                name=name,
                text=[hover(row) for _, row in part.iterrows()],
                hovertemplate="%{text}<extra></extra>",
                showlegend=bool(own.any()),
            )
        )
    labelled = frame[(own | frame["outside"].notna()) & frame["unit_name"].notna()]
    stacked: dict[float, int] = {}  # names of points at about the same height go one above the other
    for _, row in labelled.sort_values("expected").iterrows():
        level = round(float(row["ratio"]), 1)
        above = stacked.get(level, 0)
        stacked[level] = above + 1
        fig.add_annotation(
            x=row["expected"],
            y=row["ratio"],
            text=_escape(str(row["unit_name"])),
            showarrow=True,
            arrowhead=0,
            arrowcolor=charts.NEUTRAL,
            ax=14,
            ay=-8 - 15 * above,
            xanchor="left",
            font={"size": 11, "color": "#1F2A36"},
            name="unit_label",
        )
    # Room for every point and for the 99.8 % funnel at the typical unit, at most 10 times expected.
    typical = float(curve["upper998"].iloc[len(curve) // 2]) if len(curve) else 2.0
    top = min(max(float(np.nanmax(frame["ratio"].to_numpy(dtype=float))), typical, 2.0) * 1.08, 10.0)
    fig.update_layout(
        xaxis={
            "title": f"Förväntat antal ({measure.exposure_label.lower()} × jämförelsetakt)",
            "rangemode": "tozero",
            "tickformat": ",d",
        },
        yaxis={"title": "Kvot observerat / förväntat", "range": [0, top]},
    )
    fig = charts._finish(fig, title, source, None, height)
    fig.add_annotation(
        text=funnel_caption(frame),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(charts.BOTTOM_MARGIN - 40),
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": charts.NEUTRAL},
        name="funnel_note",
    )
    return fig


def _escape(text: str) -> str:
    """Plotly renders a subset of HTML in texts: a name from data must not be markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def funnel_caption(frame: pd.DataFrame) -> str:
    """How the funnel was made, in Swedish: the comparison, φ and τ², and whether limits widened."""
    attrs = frame.attrs
    basis = "verksamhetstypens takt" if attrs.get("by_type", True) else "alla enheters takt"
    phi, tau2 = attrs.get("phi", math.nan), attrs.get("tau2", math.nan)
    widened = "gränserna vidgade för överspridning" if attrs.get("adjusted") else "exakta Poissongränser"
    return (
        f"Förväntat = {basis} × enhetens underlag. {fmt.integer(attrs.get('units', len(frame)))} enheter; "
        f"φ = {fmt.number(phi, 2)}, τ² = {fmt.number(tau2, 3)}; {widened}."
    )


# --------------------------------------------------------------------------------------------------
# Rate ratios
# --------------------------------------------------------------------------------------------------


def _ratio_number(value: float) -> str:
    return "∞" if math.isinf(value) else fmt.number(value, 2)


def ratio_text(ratio: float, lower: float, upper: float) -> str:
    """ "0,77 (95 % KI 0,71–0,83)"; ∞ for a ratio over a zero count; "–" when it cannot be computed."""
    if any(pd.isna(v) for v in (ratio, lower, upper)):
        return fmt.DASH
    return f"{_ratio_number(ratio)} (95 % KI {_ratio_number(lower)}–{_ratio_number(upper)})"


def ratio_table(frame: pd.DataFrame, label: str, rates: dict[str, str]) -> pd.DataFrame:
    """A rate-ratio frame as the table a page shows: the label column, the rate columns (per 100
    brukare-months, one decimal), "Kvot (95 % KI)" and "Tolkning"."""
    out = pd.DataFrame({label: frame[label].to_numpy()})
    for column, header in rates.items():
        out[header] = [
            fmt.DASH if pd.isna(v) else fmt.number(float(v) * 100, 1)
            for v in pd.to_numeric(frame[column], errors="coerce")
        ]
    out["Kvot (95 % KI)"] = [
        ratio_text(r, lo, hi)
        for r, lo, hi in zip(frame["ratio"], frame["lower"], frame["upper"], strict=True)
    ]
    out["Tolkning"] = [spc.verdict(s) for s in frame["significant"]]
    return out


def ratio_helps(frame: pd.DataFrame, against: str) -> dict[str, str]:
    """key -> "Kvot mot 2021: 2,46 (95 % KI 2,13–2,84); skillnaden är statistiskt säkerställd (95 %)."
    for each row of a rate-ratio frame with a key column (a card's help text)."""
    return {
        str(row.key): f"Kvot mot {against}: {ratio_text(row.ratio, row.lower, row.upper)}; "
        f"{spc.verdict(row.significant)}."
        for row in frame.itertuples(index=False)
    }
