"""Charts of the berättelse's chapters that had none (issue 9): year series and stacked shares.

Built on presentation.charts' finishing (title, source line, Swedish numbers, the note on hidden
values), so they look like the rest of the dashboard. Kept apart from charts.py, whose monthly
charts are being replaced by SPC charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics import privacy
from presentation import charts
from presentation import format as fmt

# Colours of the series lines/bars, in the order of the columns given (Okabe–Ito, colour-blind safe).
_PALETTE = (
    charts.OKABE_ITO["blue"],
    charts.OKABE_ITO["vermillion"],
    charts.OKABE_ITO["bluish_green"],
    charts.OKABE_ITO["orange"],
    charts.OKABE_ITO["reddish_purple"],
    charts.OKABE_ITO["sky_blue"],
    charts.OKABE_ITO["black"],
    charts.NEUTRAL,
)


def series_bars(
    df: pd.DataFrame,
    *,
    columns: Mapping[str, str],
    title: str,
    source: str = "deviations",
    label: str = "label",
    decimals: int = 0,
    axis_title: str = "Antal",
) -> go.Figure:
    """Grouped vertical bars, one group per span (year or half-year, oldest left), one bar per
    column of `columns` (column -> Swedish name), the value written on each bar. A hidden or
    missing value draws no bar (the note under the chart says why)."""
    data = charts._numeric(df, *columns)  # noqa: SLF001 (the shared chart helpers)
    fig = go.Figure()
    for i, (column, name) in enumerate(columns.items()):
        fig.add_trace(
            go.Bar(
                x=data[label].astype(str),
                y=data[column],
                name=name,
                marker={"color": _PALETTE[i % len(_PALETTE)]},
                text=[fmt.number(v, decimals) if pd.notna(v) else "" for v in data[column]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{name}, %{{x}}: %{{text}}<extra></extra>",
            )
        )
    top = max((charts._top(data[c]) for c in columns), default=1.0)  # noqa: SLF001
    yaxis = (
        charts.count_axis(top, axis_title, 1.2)
        if decimals == 0
        else {"title": axis_title, "range": [0, top * 1.2]}
    )
    fig.update_layout(
        barmode="group",
        xaxis={"title": None, "type": "category"},
        yaxis=yaxis,
        showlegend=len(columns) > 1,
        bargap=0.2,
    )
    return charts._finish(fig, title, source, None, 400)  # noqa: SLF001


def share_bars(
    df: pd.DataFrame,
    *,
    label: str,
    part: str,
    names: tuple[str, str],
    title: str,
    source: str = "deviations",
    order: Sequence[str] | None = None,
) -> go.Figure:
    """One horizontal 0–100 % bar per row split in two: the share `part` (e.g. without cause)
    and the rest. Columns: the label column and the share column (0–1)."""
    data = charts._numeric(df, part)  # noqa: SLF001
    if order is not None:
        data = data.set_index(label).loc[[o for o in order if o in set(data[label])]].reset_index()
    data = data.iloc[::-1]
    fig = go.Figure()
    for values, name, color in (
        (data[part], names[0], charts.OKABE_ITO["vermillion"]),
        (1 - data[part], names[1], charts.NEUTRAL),
    ):
        fig.add_trace(
            go.Bar(
                x=values,
                y=data[label],
                orientation="h",
                name=name,
                marker={"color": color},
                text=[fmt.percent(v) if pd.notna(v) else "" for v in values],
                textposition="inside",
                hovertemplate=f"{name}, %{{y}}: %{{text}}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        xaxis=charts.percent_axis_layout(1.0 / 1.15),
        yaxis={"title": None, "automargin": True},
    )
    return charts._finish(fig, title, source, None, charts._bar_height(len(data)))  # noqa: SLF001


def ordered_bars(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    source: str = "deviations",
    color: str = charts.NEUTRAL,
) -> go.Figure:
    """Horizontal bars in the frame's own order, top to bottom (a code list's order, such as the
    lex Sarah decisions), the value at each bar's end; a hidden value reads ".." (fmt.HIDDEN,
    one symbol whatever the reason), a missing one "–"."""
    data = charts._numeric(df, value)  # noqa: SLF001
    shown = data.iloc[::-1]
    hidden = {c.row for c in privacy.suppressed_cells(df) if c.column == value}
    texts = [
        (fmt.HIDDEN if len(df) - 1 - i in hidden else fmt.DASH) if pd.isna(v) else fmt.integer(v)
        for i, v in enumerate(shown[value])
    ]
    fig = go.Figure(
        go.Bar(
            x=shown[value].fillna(0),
            y=shown[label],
            orientation="h",
            marker={"color": color},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    top = charts._top(data[value])  # noqa: SLF001
    fig.update_layout(
        xaxis=charts.count_axis(top, "Antal"),
        yaxis={"title": None, "automargin": True},
        showlegend=False,
        bargap=0.25,
    )
    return charts._finish(fig, title, source, None, charts._bar_height(len(data)))  # noqa: SLF001
