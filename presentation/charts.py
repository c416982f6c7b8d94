"""DataFrame → plotly Figure. No data access and no figure arithmetic beyond layout.

Conventions every chart follows:
- one colour per domain, per unit type and per operator, the same on every page, from
  colour-blind-safe palettes (Okabe–Ito for domains and operators, Paul Tol's muted/light
  schemes for the thirteen unit types);
- information is never carried by colour alone: bars carry their value as text, lines end in a
  text label, operators also differ by bar pattern, and the legend names every colour;
- the title says what and which period; a source line under the plot names the source and n;
- Swedish number formatting (`separators=", "` → decimal comma, space thousands; the value
  texts come from analytics.format);
- categories with long Swedish labels are horizontal bars, largest at the top.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics import contract, privacy
from presentation import format as fmt

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}

DOMAIN_COLORS: dict[str, str] = {
    "hsl": OKABE_ITO["blue"],
    "lss": OKABE_ITO["orange"],
    "sol": OKABE_ITO["bluish_green"],
    "vardsamverkan": OKABE_ITO["reddish_purple"],
    "organisatorisk": OKABE_ITO["grey"],
}

# Paul Tol's muted scheme (and two from his light scheme) for the thirteen unit types.
UNIT_TYPE_COLORS: dict[str, str] = {
    "gruppbostad_lss": "#332288",
    "servicebostad_lss": "#88CCEE",
    "daglig_verksamhet": "#44AA99",
    "korttid_lss": "#117733",
    "personlig_assistans": "#999933",
    "bostad_sol": "#CC6677",
    "boendestod": "#DDCC77",
    "sysselsattning_sol": "#882255",
    "hemtjanst": "#AA4499",
    "sarskilt_boende": "#EE8866",
    "hemsjukvard": "#77AADD",
    "myndighetsutovning": "#BBBBBB",
    "ovrigt": "#DDDDDD",
}

OPERATOR_COLORS: dict[str, str] = {
    "egen_regi": OKABE_ITO["blue"],
    "privat": OKABE_ITO["orange"],
    "lov": OKABE_ITO["bluish_green"],
    "kooperativ": OKABE_ITO["reddish_purple"],
}
OPERATOR_SHORT: dict[str, str] = {
    "egen_regi": "egen regi",
    "privat": "privat",
    "lov": "LOV",
    "kooperativ": "kooperativ",
}
OPERATOR_PATTERNS: dict[str, str] = {"egen_regi": "", "privat": "/", "lov": ".", "kooperativ": "x"}

NEUTRAL = "#5F6B7A"
HIGHLIGHT = OKABE_ITO["vermillion"]

SOURCES: dict[str, str] = {
    "deviations": "avvikelser (Viva)",
    "signings": "signeringar (MCSS)",
    "complaints": "synpunkter och klagomål",
    "survey": "SKR:s brukarundersökning",
    "work_incidents": "arbetsmiljöhändelser (Kia)",
    "census": "brukare per månad (verksamhetssystemet)",
}

FONT = "Source Sans Pro, Segoe UI, Arial, sans-serif"
BAR_ROW_PX = 30
BOTTOM_MARGIN = 96  # room under the plot for the x axis, its title and the source line
NOTE_LINE_PX = 16  # one more line under the source: why a value is missing


def _top(values: pd.Series) -> float:
    """The largest shown value (hidden ones are NaN), or 1 when there is none."""
    top = pd.to_numeric(values, errors="coerce").max()
    return float(top) if pd.notna(top) and top > 0 else 1.0


def _total(values: pd.Series) -> int:
    """The sum of the shown values (a value hidden for a small count is left out)."""
    return int(pd.to_numeric(values, errors="coerce").sum())


def _numeric(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """The columns as float64, a hidden (suppressed) count as NaN: plotly draws no bar for it."""
    return df.assign(**{c: pd.to_numeric(df[c], errors="coerce").astype("float64") for c in columns})


def source_text(source: str, n: int | None = None) -> str:
    """ "Källa: avvikelser (Viva), n = 413" (source is a SOURCES key or a text)."""
    text = f"Källa: {SOURCES.get(source, source)}"
    if n is not None and not pd.isna(n):
        text += f", n = {fmt.integer(n)}"
    return text


def has_gaps(fig: go.Figure) -> bool:
    """True when a bar or line lacks a value: a count hidden for a small number (politiker) or a
    figure that cannot be computed. Plotly draws nothing there, never a 0."""
    for trace in fig.data:
        # Dots (the survey) mark their own gaps ("för få svar"); bars and lines do not.
        if trace.type != "bar" and not (trace.type == "scatter" and "lines" in (trace.mode or "")):
            continue
        values = trace.x if trace.type == "bar" and trace.orientation == "h" else trace.y
        if values is not None and pd.isna(pd.to_numeric(pd.Series(list(values)), errors="coerce")).any():
            return True
    return False


def hidden_note() -> str:
    """The line under a chart with gaps: why a bar is missing."""
    # On a line of its own: after the source it was clipped in a half-width chart.
    n = privacy.min_cell()
    return f"<br>{fmt.HIDDEN} = dolt för att skydda enskilda (färre än {n}); – = kan inte beräknas"


def _finish(fig: go.Figure, title: str, source: str, n: int | None, height: int) -> go.Figure:
    gaps = has_gaps(fig)
    bottom = BOTTOM_MARGIN + (NOTE_LINE_PX if gaps else 0)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        separators=fmt.PLOTLY_SEPARATORS,
        font={"family": FONT, "size": 13},
        height=height + (NOTE_LINE_PX if gaps else 0),
        margin={"l": 10, "r": 30, "t": 70, "b": bottom},
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    )
    fig.add_annotation(
        text=source_text(source, n) + (hidden_note() if gaps else ""),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(BOTTOM_MARGIN - 24),
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11, "color": NEUTRAL},
        name="source",
    )
    return fig


def percent_axis_layout(top: float = 1.0, title: str | None = None) -> dict:
    """An x axis 0–100 % with Swedish tick labels ("20 %"), a little room right for the texts."""
    ticks = [i / 5 for i in range(6)]
    return {
        "title": title,
        "range": [0, max(1.0, top) * 1.15],
        "tickvals": ticks,
        "ticktext": [fmt.percent(t) for t in ticks],
    }


def count_axis(top: float, title: str | None = "Antal", room: float = 1.15) -> dict:
    """A count axis from 0 with whole-number Swedish ticks (1 000, not 1k; never 0, 0, 1, 1)."""
    axis = {"title": title, "range": [0, (top or 1.0) * room], "tickformat": ",d", "rangemode": "tozero"}
    if top <= 6:
        axis["dtick"] = 1
    return axis


def _bar_height(rows: int) -> int:
    return max(240, 170 + BAR_ROW_PX * rows)


def horizontal_bars(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    source: str,
    n: int | None = None,
    colors: Sequence[str] | str = NEUTRAL,
    codes: str | None = None,
    value_texts: Sequence[str] | None = None,
    axis_title: str = "Antal",
    percent_axis: bool = False,
    decimals: int = 0,
) -> go.Figure:
    """One horizontal bar per row, largest at the top, its value written at the bar's end.

    `codes` names a column carried as customdata (what a click on the bar selects).
    `value_texts` overrides the Swedish-formatted value shown on each bar.
    """
    df = _numeric(df, value)
    data = df.sort_values(value, ascending=True, kind="stable", na_position="first")
    order = list(data.index)
    if n is None and not percent_axis and value_texts is None and decimals == 0:
        n = _total(data[value])
    if value_texts is not None:
        texts = pd.Series(list(value_texts), index=df.index).loc[order].tolist()
    elif percent_axis:
        texts = [fmt.percent(v) for v in data[value]]
    else:
        texts = [fmt.number(v, decimals) for v in data[value]]
    if isinstance(colors, str):
        marker_colors: list[str] | str = colors
    else:
        marker_colors = pd.Series(list(colors), index=df.index).loc[order].tolist()
    fig = go.Figure(
        go.Bar(
            x=data[value],
            y=data[label],
            orientation="h",
            marker={"color": marker_colors},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=data[codes] if codes else None,
            hovertemplate="%{y}: %{text}<extra></extra>",
            name=axis_title,
        )
    )
    _mark_hidden_bars(fig, df, data, label=label, value=value)
    top = _top(data[value])
    if percent_axis:
        xaxis = percent_axis_layout(top, axis_title)
    elif decimals:
        xaxis = {"title": axis_title, "range": [0, (top or 1.0) * 1.15]}
    else:
        xaxis = count_axis(top, axis_title)
    fig.update_layout(xaxis=xaxis, yaxis={"title": None, "automargin": True}, showlegend=False, bargap=0.25)
    return _finish(fig, title, source, n, _bar_height(len(data)))


def _mark_hidden_bars(
    fig: go.Figure, df: pd.DataFrame, data: pd.DataFrame, *, label: str, value: str
) -> None:
    """Write ".." (hidden, for any reason: one symbol) or "–" (not computable) where a bar is
    missing, so a missing bar is never read as 0 or overlooked."""
    missing = data[data[value].isna()]
    if missing.empty:
        return
    positions = {ix: i for i, ix in enumerate(df.index)}
    hidden = {c.row for c in privacy.suppressed_cells(df) if c.column == value}
    texts = [fmt.HIDDEN if positions.get(ix) in hidden else fmt.DASH for ix in missing.index]
    fig.add_trace(
        go.Scatter(
            x=[0] * len(missing),
            y=missing[label],
            mode="text",
            text=texts,
            textposition="middle right",
            textfont={"color": NEUTRAL},
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
            name="dolt",
        )
    )


def domain_bars(df: pd.DataFrame, *, title: str, n: int | None = None) -> go.Figure:
    """Deviations per domain. Columns: domain, count."""
    data = df.assign(label=df["domain"].map(lambda d: contract.label(contract.DOMAINS, d)))
    return horizontal_bars(
        data,
        label="label",
        value="count",
        title=title,
        source="deviations",
        n=n,
        colors=[DOMAIN_COLORS.get(d, NEUTRAL) for d in data["domain"]],
        codes="domain",
    )


def category_bars(df: pd.DataFrame, *, title: str, n: int | None = None) -> go.Figure:
    """Deviations per category with any in the period, coloured by domain.

    Columns: domain, category, count.
    """
    df = df[df["count"] > 0]
    data = df.assign(
        label=[
            f"{contract.category_label(c)} ({contract.label(contract.DOMAINS, d)})"
            for d, c in zip(df["domain"], df["category"], strict=True)
        ]
    )
    return horizontal_bars(
        data,
        label="label",
        value="count",
        title=title,
        source="deviations",
        n=n,
        colors=[DOMAIN_COLORS.get(d, NEUTRAL) for d in data["domain"]],
        codes="category",
    )


def unit_type_bars(
    df: pd.DataFrame,
    *,
    value: str = "count",
    title: str,
    source: str = "deviations",
    n: int | None = None,
    axis_title: str = "Antal",
    decimals: int = 0,
) -> go.Figure:
    """One bar per unit type in its own colour, clickable (customdata = unit_type).

    Columns: unit_type and the value column (a count, or a rate shown with `decimals`).
    """
    data = df.assign(label=df["unit_type"].map(contract.unit_type_label))
    return horizontal_bars(
        data,
        label="label",
        value=value,
        title=title,
        source=source,
        n=n,
        colors=[UNIT_TYPE_COLORS.get(t, NEUTRAL) for t in data["unit_type"]],
        codes="unit_type",
        axis_title=axis_title,
        decimals=decimals,
    )


def unit_bars(
    df: pd.DataFrame,
    *,
    value: str = "count",
    title: str,
    source: str = "deviations",
    n: int | None = None,
    highlight: Sequence[str] = (),
    limit: int | None = None,
    by_operator: bool = False,
) -> go.Figure:
    """One bar per unit (label unit_name), clickable (customdata = unit_id); `highlight` unit ids
    are drawn in the highlight colour and marked with ★ in their label, so not by colour alone.
    With `by_operator` (needs an operator column) each bar has its regi's colour and a unit not
    in egen regi says its regi in the label.

    Columns: unit_id, unit_name and the value column. With `limit`, only the units with the
    largest values are drawn (n still counts all rows).
    """
    if n is None:
        n = _total(df[value])
    if limit is not None:
        df = df.sort_values(value, ascending=False, kind="stable").head(limit)
    marked = set(highlight)
    labels = [
        f"★ {name}" if uid in marked else str(name)
        for uid, name in zip(df["unit_id"], df["unit_name"], strict=True)
    ]
    colors = [HIGHLIGHT if uid in marked else NEUTRAL for uid in df["unit_id"]]
    if by_operator:
        operators = list(df["operator"])
        labels = [
            label if op == "egen_regi" else f"{label} ({contract.label(OPERATOR_SHORT, op)})"
            for label, op in zip(labels, operators, strict=True)
        ]
        colors = [OPERATOR_COLORS.get(op, NEUTRAL) for op in operators]
    data = df.assign(label=labels)
    return horizontal_bars(
        data, label="label", value=value, title=title, source=source, n=n, colors=colors, codes="unit_id"
    )


def operator_bars(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    source: str,
    n: int | None = None,
    percent_axis: bool = False,
    axis_title: str = "Antal",
    codes: Mapping[str, str] | None = None,
) -> go.Figure:
    """Grouped horizontal bars: one group per `label`, one bar per operator (colour and pattern).

    Columns: the label column (codes shown through `codes`), operator, the value column. Each
    bar carries its group's code as customdata (what a click on the bar selects).
    """
    df = _numeric(df, value).assign(_code=df[label])
    if codes is not None:
        df = df.assign(**{label: df[label].map(lambda c: contract.label(codes, c))})
    if n is None and not percent_axis:
        n = _total(df[value])
    fig = go.Figure()
    order = df.groupby(label, sort=False)[value].sum().sort_values(ascending=True).index.tolist()
    for operator in [o for o in contract.OPERATORS if o in set(df["operator"])]:
        part = df[df["operator"] == operator].set_index(label)
        part = part.loc[[g for g in order if g in part.index]]
        texts = [fmt.percent(v) if percent_axis else fmt.integer(v) for v in part[value]]
        fig.add_trace(
            go.Bar(
                x=part[value],
                y=part.index,
                orientation="h",
                name=contract.label(contract.OPERATORS, operator),
                marker={
                    "color": OPERATOR_COLORS[operator],
                    "pattern": {"shape": OPERATOR_PATTERNS[operator]},
                },
                text=texts,
                textposition="outside",
                cliponaxis=False,
                customdata=part["_code"],
                hovertemplate="%{y}, "
                + contract.label(contract.OPERATORS, operator)
                + ": %{text}<extra></extra>",
            )
        )
    top = _top(df[value])
    xaxis = percent_axis_layout(top, axis_title) if percent_axis else count_axis(top, axis_title, 1.18)
    fig.update_layout(
        barmode="group",
        xaxis=xaxis,
        yaxis={"title": None, "automargin": True, "categoryorder": "array", "categoryarray": order},
    )
    groups = len(order) * max(1, len(fig.data))
    return _finish(fig, title, source, n, _bar_height(groups) + 40)


def _spread(values: list[float], gap: float) -> list[float]:
    """Positions for end-of-line labels: each as close to its value as possible, at least `gap`
    apart (so the labels of series ending close together do not overlap)."""
    order = sorted(range(len(values)), key=lambda k: values[k])
    placed = [0.0] * len(values)
    last = None
    for k in order:
        y = values[k] if last is None else max(values[k], last + gap)
        placed[k] = y
        last = y
    return placed


def month_ticks(months: Sequence) -> dict:
    """Swedish month ticks, at most four (they must fit a half-width chart): "jan 2022", "apr",
    "jul", "okt" (the year on the first tick and on each January)."""
    unique = sorted(pd.to_datetime(pd.Series(list(months))).dt.date.unique())
    step = max(1, math.ceil(len(unique) / 4))
    shown = unique[::step]
    texts = [fmt.month(m) if i == 0 or m.month == 1 else fmt.MONTHS[m.month - 1] for i, m in enumerate(shown)]
    return {"tickvals": shown, "ticktext": texts, "tickangle": 0}


def monthly_lines(
    df: pd.DataFrame,
    *,
    series: str,
    value: str = "count",
    title: str,
    source: str = "deviations",
    n: int | None = None,
    labels: Mapping[str, str] | None = None,
    colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """One line per series over months (its own colour and dash), each ending in a label with its
    name and last value; the labels are spread so that they never overlap.

    Columns: month (date, first of month), the series column, the value column.
    """
    labels = labels or {}
    colors = colors or {}
    df = _numeric(df, value)
    if n is None:
        n = _total(df[value])
    fig = go.Figure()
    dashes = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
    ends: list[tuple[str, object, float, str]] = []
    for i, (key, part) in enumerate(df.sort_values("month").groupby(series, sort=False)):
        name = labels.get(key, str(key))
        color = colors.get(key, NEUTRAL)
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=part[value],
                mode="lines+markers",
                name=name,
                line={"color": color, "width": 2.5, "dash": dashes[i % len(dashes)]},
                customdata=[fmt.month(m) for m in pd.to_datetime(part["month"]).dt.date],
                hovertemplate=name + ", %{customdata}: %{y:,.0f}<extra></extra>",
            )
        )
        ends.append(
            (
                f"{name}: {fmt.integer(part[value].iloc[-1])}",
                part["month"].iloc[-1],
                float(part[value].iloc[-1]),
                color,
            )
        )
    top = _top(df[value])
    positions = _spread([0.0 if pd.isna(e[2]) else e[2] for e in ends], gap=top * 0.07)
    for (text, month, _, color), y in zip(ends, positions, strict=True):
        fig.add_annotation(
            x=month,
            y=y,
            text=text,
            showarrow=False,
            xanchor="left",
            xshift=8,
            font={"color": color, "size": 12},
            name="end_label",
        )
    fig.update_layout(
        xaxis={"title": None, **month_ticks(df["month"])} if len(df) else {"title": None},
        yaxis={
            "title": "Antal per månad",
            "rangemode": "tozero",
            "tickformat": ",d",
            "range": [0, max(top, max(positions, default=0.0)) * 1.08 or 1.0],
        },
        showlegend=len(ends) > 1,
    )
    fig = _finish(fig, title, source, n, 400)
    longest = max((len(e[0]) for e in ends), default=0)
    fig.update_layout(margin={"r": 24 + 7 * longest})  # room for the end-of-line labels
    return fig


def domain_trend(df: pd.DataFrame, *, title: str, n: int | None = None) -> go.Figure:
    """Monthly deviations per domain. Columns: month, domain, count."""
    return monthly_lines(
        df,
        series="domain",
        title=title,
        n=n,
        labels=contract.DOMAINS,
        colors=DOMAIN_COLORS,
    )


def age_bars(df: pd.DataFrame, *, title: str, n: int | None = None) -> go.Figure:
    """Open deviations by age, stacked by domain. Columns: domain, age_bucket, count."""
    buckets = {
        "0_30": "0–30 dagar",
        "31_90": "31–90 dagar",
        "91_180": "91–180 dagar",
        "over_180": "över 180 dagar",
    }
    fig = go.Figure()
    for domain in [d for d in contract.DOMAINS if d in set(df["domain"])]:
        part = _numeric(df[df["domain"] == domain], "count").set_index("age_bucket").reindex(list(buckets))
        part["count"] = part["count"].where(
            part.index.isin(df.loc[df["domain"] == domain, "age_bucket"]), 0.0
        )
        fig.add_trace(
            go.Bar(
                x=[buckets[b] for b in part.index],
                y=part["count"],
                name=contract.label(contract.DOMAINS, domain),
                marker={"color": DOMAIN_COLORS[domain]},
                text=["" if v == 0 else fmt.integer(v) for v in part["count"]],
                textposition="inside",
                hovertemplate=contract.label(contract.DOMAINS, domain) + ", %{x}: %{text}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"title": "Tid sedan rapport"},
        yaxis={"title": "Antal öppna", "tickformat": ",d"},
        uniformtext={"minsize": 11, "mode": "hide"},  # no unreadable numbers in thin segments
        legend={"traceorder": "normal"},
    )
    if n is None:
        n = _total(df["count"])
    return _finish(fig, title, source="deviations", n=n, height=380)


def brukare_bars(df: pd.DataFrame, *, title: str, n: int | None = None, limit: int = 30) -> go.Figure:
    """The brukare with most deviations (at most `limit`), one bar each; rows without a brukare
    are one bar "Ingen brukare angiven". Columns: brukare_id, count.
    """
    data = df.sort_values("count", ascending=False, kind="stable").head(limit)
    data = data.assign(
        label=data["brukare_id"].map(lambda b: "Ingen brukare angiven" if pd.isna(b) else str(b))
    )
    if n is None:
        n = _total(df["count"])
    return horizontal_bars(data, label="label", value="count", title=title, source="deviations", n=n)


def _paired_bars(
    data: pd.DataFrame,
    labels: list[str],
    styles: tuple[tuple[str, str, str, str], ...],
    show: Callable[[object], str],
) -> go.Figure:
    """Horizontal bars, one trace per (column, name, colour, pattern), the name and value on
    each bar so that neither colour nor hatching alone carries the meaning."""
    fig = go.Figure()
    for column, name, color, pattern in styles:
        fig.add_trace(
            go.Bar(
                x=data[column],
                y=labels,
                orientation="h",
                name=name,
                marker={"color": color, "pattern": {"shape": pattern}},
                text=[f"{name}: {show(v)}" for v in data[column]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
    return fig


def compliance_bars(
    df: pd.DataFrame, *, label: str, title: str, n: int | None = None, codes: Mapping[str, str] | None = None
) -> go.Figure:
    """Share investigated and share followed up per group, two bars each (solid and hatched).

    Columns: the label column (codes shown through `codes`), count, investigated_share,
    followed_up_share.
    """
    if codes:  # code-list order, first at the top
        order = {c: i for i, c in enumerate(codes)}
        df = df.sort_values(label, key=lambda s: s.map(order), kind="stable")
    data = df.iloc[::-1]
    names = [contract.label(codes, c) if codes else str(c) for c in data[label]]
    measures = (
        ("investigated_share", "Utredda", OKABE_ITO["blue"], ""),
        ("followed_up_share", "Uppföljda", OKABE_ITO["sky_blue"], "/"),
    )
    fig = _paired_bars(data, names, measures, fmt.percent)
    if n is None:
        n = _total(df["count"])
    fig.update_layout(
        barmode="group",
        xaxis=percent_axis_layout(1.12, "Andel av periodens avvikelser"),
        yaxis={"title": None, "automargin": True},
    )
    return _finish(fig, title, "deviations", n, _bar_height(2 * len(data)) + 40)


def code_bars(
    df: pd.DataFrame,
    *,
    code: str,
    codes: Mapping[str, str],
    value: str = "count",
    title: str,
    source: str = "deviations",
    n: int | None = None,
    color: str = NEUTRAL,
    missing_label: str = "Ej angivet",
) -> go.Figure:
    """One bar per code of a code list (Swedish label; a null code is `missing_label`).

    Columns: the code column and the value column.
    """
    data = df.assign(label=[missing_label if pd.isna(c) else contract.label(codes, c) for c in df[code]])
    return horizontal_bars(data, label="label", value=value, title=title, source=source, n=n, colors=color)


def distribution_bars(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    source: str,
    n: int | None = None,
    x_title: str,
    y_title: str = "Antal",
    color: str = NEUTRAL,
) -> go.Figure:
    """Vertical bars in the given order (a distribution such as falls per brukare)."""
    df = _numeric(df, value)
    if n is None:
        n = _total(df[value])
    fig = go.Figure(
        go.Bar(
            x=df[label].astype(str),
            y=df[value],
            marker={"color": color},
            text=[fmt.integer(v) for v in df[value]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    top = _top(df[value])
    fig.update_layout(
        xaxis={"title": x_title, "type": "category"},
        yaxis=count_axis(top, y_title, 1.18),
        showlegend=False,
    )
    return _finish(fig, title, source, n, 360)


def paired_bars(
    df: pd.DataFrame,
    *,
    label: str,
    first: str,
    second: str,
    names: tuple[str, str],
    title: str,
    source: str,
    codes: Mapping[str, str] | None = None,
    n: int | None = None,
) -> go.Figure:
    """Two horizontal bars per row (solid and hatched), e.g. unsigned tasks against reported
    deviations. Columns: the label column, the two value columns.
    """
    df = _numeric(df, first, second)
    data = df.iloc[::-1]
    labels = [contract.label(codes, c) if codes else str(c) for c in data[label]]
    styles = ((first, names[0], OKABE_ITO["vermillion"], ""), (second, names[1], OKABE_ITO["blue"], "/"))
    fig = _paired_bars(data, labels, styles, fmt.integer)
    top = max(_top(df[first]), _top(df[second]))
    fig.update_layout(
        barmode="group",
        xaxis=count_axis(top, "Antal", 1.45),
        yaxis={"title": None, "automargin": True},
    )
    return _finish(fig, title, source, n, _bar_height(2 * len(data)) + 40)


def survey_dots(df: pd.DataFrame, *, title: str, n: int | None = None) -> go.Figure:
    """Positive share per question: this year (filled circle with its value), last year (open
    circle) and the benchmark (diamond), so the three differ by shape, not only by colour.

    Columns: question_id, question_text (may be null), negative (bool), positive_share,
    previous_share, benchmark.
    """
    data = df.iloc[::-1]
    labels = [
        (str(t) if isinstance(t, str) and t else str(q)) + (" (negativ fråga)" if neg else "")
        for q, t, neg in zip(data["question_id"], data["question_text"], data["negative"], strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=data["benchmark"],
            y=labels,
            mode="markers",
            name="Jämförelsevärde",
            marker={"symbol": "diamond", "size": 12, "color": OKABE_ITO["grey"]},
            # Texts from presentation.format: one rounding (half up) and " %" as in the tables.
            text=[fmt.percent(v) for v in data["benchmark"]],
            hovertemplate="%{y}, jämförelsevärde: %{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=data["previous_share"],
            y=labels,
            mode="markers",
            name="Föregående omgång",  # the latest earlier round (key-figures.md v2)
            marker={"symbol": "circle-open", "size": 12, "color": OKABE_ITO["orange"], "line": {"width": 2}},
            text=[fmt.percent(v) for v in data["previous_share"]],
            hovertemplate="%{y}, föregående omgång: %{text}<extra></extra>",
        )
    )
    texts = [fmt.percent(v) if not pd.isna(v) else "för få svar" for v in data["positive_share"]]
    fig.add_trace(
        go.Scatter(
            x=data["positive_share"],
            y=labels,
            mode="markers",
            name="Året",
            marker={"symbol": "circle", "size": 13, "color": OKABE_ITO["blue"]},
            text=texts,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    # The year's value as a column right of the plot, where no marker can cover it.
    for label_text, value_text in zip(labels, texts, strict=True):
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="left",
            xshift=10,
            y=label_text,
            text=f"<b>{value_text}</b>",
            showarrow=False,
            font={"color": OKABE_ITO["blue"]},
            name="value",
        )
    axis = percent_axis_layout(1.0, "Andel positiva svar")
    fig.update_layout(xaxis=axis | {"range": [0, 1.02]}, yaxis={"title": None, "automargin": True})
    fig = _finish(fig, title, "survey", n, _bar_height(len(data)) + 40)
    fig.update_layout(margin={"r": 90})
    return fig


def year_bars(df: pd.DataFrame, *, title: str, source: str = "deviations", n: int | None = None) -> go.Figure:
    """Counts per series (area, kind) for each year as horizontal bars, the years side by side
    within a series (the latest nearest the label, in blue; earlier years in greys, darker for
    more recent), each bar with its value.

    Columns: year (text), series (Swedish label, first at the top), count.
    """
    df = _numeric(df, "count")
    years = list(dict.fromkeys(df["year"]))
    series = list(dict.fromkeys(df["series"]))[::-1]
    greys = ["#D5D9DE", "#B4BCC6", "#939DAB", "#727F90", NEUTRAL]  # light (oldest) to dark
    earlier = greys[len(greys) - min(len(greys), len(years) - 1) :] if len(years) > 1 else []
    fig = go.Figure()
    for i, year in enumerate(years):
        part = df[df["year"] == year].set_index("series").reindex(series)
        latest = i == len(years) - 1
        color = OKABE_ITO["blue"] if latest else earlier[max(0, i - (len(years) - 1 - len(earlier)))]
        fig.add_trace(
            go.Bar(
                y=series,
                x=part["count"],
                name=str(year),
                orientation="h",
                marker={"color": color},
                text=[fmt.integer(v) for v in part["count"]],
                textposition="outside",
                textfont={"size": 10},
                cliponaxis=False,
                hovertemplate=f"{year}, " + "%{y}: %{text}<extra></extra>",
            )
        )
    top = _top(df["count"])
    fig.update_layout(
        barmode="group",
        xaxis=count_axis(top, "Antal", 1.15),
        yaxis={"title": None, "automargin": True},
        legend={"traceorder": "normal"},
        showlegend=True,
        bargap=0.25,
    )
    return _finish(fig, title, source, n, 18 * len(series) * len(years) + 8 * len(series) + 60)


def xmr_chart(
    df: pd.DataFrame, *, title: str, source: str = "deviations", n: int | None = None, period_start=None
) -> go.Figure:
    """An XmR (individuals) chart: the monthly values, the centre line and the control limits
    (dashed), months with a signal as larger orange diamonds (a signal differs by shape too),
    and the judged period shaded from `period_start` on.

    Columns: month (date), value, centre, lower, upper, signal (bool), as analytics.stats.xmr
    returns them with a month column added.
    """
    df = _numeric(df, "value", "centre", "lower", "upper")
    months = pd.to_datetime(df["month"])
    fig = go.Figure()
    limits = (
        ("upper", "Övre styrgräns", "dash"),
        ("centre", "Medelvärde", "solid"),
        ("lower", "Nedre styrgräns", "dash"),
    )
    for column, name, dash in limits:
        fig.add_trace(
            go.Scatter(
                x=months,
                y=df[column].clip(lower=0),
                mode="lines",
                name=name,
                line={"color": NEUTRAL, "width": 1.2 if dash == "dash" else 1.6, "dash": dash},
                hovertemplate=name + ": %{y:,.1f}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=months,
            y=df["value"],
            mode="lines+markers",
            name="Antal",
            line={"color": OKABE_ITO["blue"], "width": 2},
            marker={"size": 5},
            hovertemplate="%{x|%Y-%m}: %{y:,.0f}<extra></extra>",
        )
    )
    signals = df[df["signal"].astype(bool)]
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(signals["month"]),
            y=signals["value"],
            mode="markers",
            name="Signal",
            marker={
                "symbol": "diamond",
                "size": 10,
                "color": OKABE_ITO["orange"],
                "line": {"width": 1, "color": "#000000"},
            },
            hovertemplate="Signal %{x|%Y-%m}: %{y:,.0f}<extra></extra>",
        )
    )
    if period_start is not None and len(months):
        fig.add_vrect(
            x0=pd.Timestamp(period_start) - pd.Timedelta(days=15),
            x1=months.iloc[-1] + pd.Timedelta(days=15),
            fillcolor="#E8EEF5",
            line_width=0,
            layer="below",
            annotation_text="Perioden",
            annotation_position="top left",
            annotation_font={"size": 11, "color": NEUTRAL},
        )
    # Ticks every January and July, the year on each January: a long series stays readable.
    ticks = [m for m in sorted(set(months.dt.date)) if m.month in (1, 7)]
    texts = [fmt.month(m) if m.month == 1 else fmt.MONTHS[m.month - 1] for m in ticks]
    top = max(_top(df["value"]), _top(df["upper"]))
    fig.update_layout(
        xaxis={"title": None, "tickvals": ticks, "ticktext": texts, "tickangle": 0},
        yaxis={
            "title": "Antal per månad",
            "rangemode": "tozero",
            "tickformat": ",d",
            "range": [0, top * 1.12 or 1],
        },
        showlegend=True,
    )
    return _finish(fig, title, source, n, 340)
