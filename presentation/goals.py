"""The goals' status table as text (Swedish number formatting), from analytics.targets.evaluate."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics import targets
from presentation import charts
from presentation import format as fmt


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def value_text(value: object, kind: str) -> str:
    """'51 %' for a share, '1 234' for a count, '0,35' otherwise; '–' for none (hidden or missing)."""
    if _missing(value):
        return "–"
    if kind == "andel":
        return fmt.percent(float(value), 0)
    if kind == "antal":
        return fmt.integer(value)
    return fmt.number(float(value), 2)


def assurance_text(row: pd.Series) -> str:
    """The assurance in words, with the limits it rests on."""
    code = row["assurance"]
    if _missing(code):
        if row["months"] == 0 and row["kind"] and not _missing(row["result"]):
            return "Ingen månadsserie: bara årets resultat bedöms"
        return "Kan inte bedömas (för få månader eller dolda små tal)"
    limits = f"{value_text(row['lower'], row['kind'])}–{value_text(row['upper'], row['kind'])}"
    return f"{targets.ASSURANCE[code]} (styrgränser {limits}, {int(row['months'])} månader)"


def summary_text(frame: pd.DataFrame) -> str:
    """'1 av 3 mål uppfyllda; 0 kan inte bedömas. …' for the caption under the table."""
    judged = [m for m in frame["met"] if not _missing(m)]
    met = sum(bool(m) for m in judged)
    return (
        f"{met} av {len(frame)} mål uppfyllda; {len(frame) - len(judged)} kan inte bedömas. "
        "– = saknas, eller dolt eftersom resultatet vilar på ett litet tal."
    )


def status_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per goal, every cell text: Mål, Nivå, År, Resultat, Föregående år, Målvärde,
    Uppfyllt, Säkerhet, Källa."""
    rows = []
    for _, row in frame.iterrows():
        met, kind = row["met"], row["kind"]
        rows.append(
            {
                "Mål": row["name"],
                "Nivå": targets.LEVELS[row["level"]],
                "År": str(row["year"]),
                "Resultat": value_text(row["result"], row["kind"]),
                "Föregående år": value_text(row["previous"], row["kind"]),
                "Målvärde": f"{targets.DIRECTIONS[row['direction']]} {value_text(row['target'], kind)}",
                "Uppfyllt": "–" if _missing(met) else ("Ja" if met else "Nej"),
                "Säkerhet": assurance_text(row),
                "Källa": row["source"],
            }
        )
    return pd.DataFrame.from_records(
        rows,
        columns=[
            "Mål",
            "Nivå",
            "År",
            "Resultat",
            "Föregående år",
            "Målvärde",
            "Uppfyllt",
            "Säkerhet",
            "Källa",
        ],
    )


def series_chart(row: pd.Series, *, title: str) -> go.Figure:
    """The goal's monthly series with its XmR centre and limits and the target as a line.

    `row` is one row of analytics.targets.evaluate (series, lower, upper, target, kind).
    """
    months = [m for m, _ in row["series"]]
    values = [None if _missing(v) else v for _, v in row["series"]]
    share = row["kind"] == "andel"
    scale = 100 if share else 1
    shown = [None if v is None else v * scale for v in values]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=months,
            y=shown,
            mode="lines+markers",
            name="Månadsvärde",
            line={"color": charts.NEUTRAL},
            hovertemplate="%{x|%Y-%m}: %{y:.1f}<extra></extra>"
            if share
            else "%{x|%Y-%m}: %{y}<extra></extra>",
        )
    )
    numbers = [v for v in values if v is not None]
    centre = sum(numbers) / len(numbers) if numbers else None
    # (name, value, colour, dash, label position): the target on the right, the chart's own
    # lines on the left, so that a target near a limit does not hide its label
    lines = [
        ("Målvärde", row["target"], charts.HIGHLIGHT, "solid", "top right"),
        ("Medel", centre, charts.NEUTRAL, "dot", "bottom right"),
        ("Övre styrgräns", row["upper"], charts.OKABE_ITO["blue"], "dash", "top left"),
        ("Nedre styrgräns", row["lower"], charts.OKABE_ITO["blue"], "dash", "bottom left"),
    ]
    for name, value, color, dash, position in lines:
        if _missing(value):
            continue
        fig.add_hline(
            y=value * scale,
            line={"color": color, "dash": dash, "width": 2 if name == "Målvärde" else 1},
            annotation_text=f"{name} {value_text(value, row['kind'])}",
            annotation_position=position,
            annotation_font={"size": 11, "color": color},
        )
    fig.update_yaxes(title="Procent" if share else None, rangemode="tozero", ticksuffix=" %" if share else "")
    fig.update_xaxes(**charts.month_ticks(months))
    fig.update_layout(showlegend=False)
    return charts._finish(fig, title, "nyckeltalen (månad för månad)", None, 360)
