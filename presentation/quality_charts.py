"""Charts of the systematic quality work: the risk matrix and egenkontroll plan against done.

Same conventions as presentation.charts (title with period, source line, values as text on the
marks, colour never alone).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import contract
from presentation import charts
from presentation import format as fmt

# Background of the matrix cells by level (light, so the count on top stays readable).
LEVEL_COLORS: dict[str, str] = {"lag": "#CFE8D7", "mattlig": "#F6E3A1", "allvarlig": "#F2B8A2"}
SOURCE_RISKS = "riskanalyser"
SOURCE_EGENKONTROLL = "plan för egenkontroll"


def risk_matrix(df: pd.DataFrame, *, title: str) -> go.Figure:
    """The 4 x 4 matrix: probability up, consequence across; each cell coloured by its level on
    SKR's scale and labelled with its riskvärde and the number of risks.

    Columns: probability, consequence, value, risks (analytics.analyses.risks.risk_matrix).
    """
    labels_p = [f"{p} {contract.PROBABILITY_LABELS[p].lower()}" for p in range(1, 5)]
    labels_c = [f"{c} {contract.CONSEQUENCE_LABELS[c].lower()}" for c in range(1, 5)]
    cells = {(int(r.probability), int(r.consequence)): r for r in df.itertuples()}
    levels = {code: i for i, (code, _, _, _) in enumerate(contract.RISK_LEVELS)}
    z, text = [], []
    for p in range(1, 5):
        z_row, text_row = [], []
        for c in range(1, 5):
            value = p * c
            z_row.append(levels[contract.risk_level(value)])
            row = cells.get((p, c))
            risks = None if row is None or pd.isna(row.risks) else int(row.risks)
            noun = "risk" if risks == 1 else "risker"
            count = "–" if risks is None else (f"<b>{fmt.integer(risks)} {noun}</b>" if risks else "0 risker")
            text_row.append(f"riskvärde {value}<br>{count}")
        z.append(z_row)
        text.append(text_row)
    scale = [
        [0.0, LEVEL_COLORS["lag"]],
        [0.33, LEVEL_COLORS["lag"]],
        [0.34, LEVEL_COLORS["mattlig"]],
        [0.66, LEVEL_COLORS["mattlig"]],
        [0.67, LEVEL_COLORS["allvarlig"]],
        [1.0, LEVEL_COLORS["allvarlig"]],
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels_c,
            y=labels_p,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 14},
            colorscale=scale,
            zmin=0,
            zmax=2,
            showscale=False,
            xgap=3,
            ygap=3,
            hovertemplate="Sannolikhet %{y}, konsekvens %{x}<br>%{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="Konsekvens", side="bottom", fixedrange=True)
    fig.update_yaxes(title="Sannolikhet", fixedrange=True)
    legend = " · ".join(label for _, label, _, _ in contract.RISK_LEVELS)
    fig.add_annotation(
        text=f"Nivåer (SKR:s skala, riskvärde = sannolikhet × konsekvens): {legend}",
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yshift=12,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 12, "color": charts.NEUTRAL},
    )
    n = int(pd.to_numeric(df["risks"], errors="coerce").fillna(0).sum()) if len(df) else 0
    return charts._finish(fig, title, SOURCE_RISKS, n, 480)


def plan_vs_done(df: pd.DataFrame, *, title: str) -> go.Figure:
    """Per category: checks planned, done, with results and reported to the nämnd, as grouped
    horizontal bars with the value on each bar.

    Columns: area, planned, done, with_result, reported (egenkontroll_by_category).
    """
    data = df.sort_values("area", ascending=False)
    styles = (
        ("planned", "Planerade", charts.NEUTRAL, ""),
        ("done", "Genomförda", charts.OKABE_ITO["blue"], "/"),
        ("with_result", "Med resultat", charts.OKABE_ITO["bluish_green"], "."),
        ("reported", "Rapporterade till nämnden", charts.OKABE_ITO["orange"], "x"),
    )
    fig = go.Figure()
    # grouped horizontal bars stack the first trace at the bottom: add them last-first, so each
    # group reads planned, done, with results, reported from the top, as the legend does
    for column, name, color, pattern in reversed(styles):
        fig.add_trace(
            go.Bar(
                x=data[column],
                y=list(data["area"]),
                orientation="h",
                name=name,
                marker={"color": color, "pattern": {"shape": pattern}},
                text=[fmt.integer(v) for v in data[column]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{y}}: {name.lower()} %{{x}}<extra></extra>",
            )
        )
    top = float(pd.to_numeric(data["planned"], errors="coerce").max() or 1)
    fig.update_layout(barmode="group", xaxis=charts.count_axis(top, "Antal egenkontroller"))
    fig.update_layout(legend={"traceorder": "reversed"})
    n = int(pd.to_numeric(data["planned"], errors="coerce").sum())
    return charts._finish(fig, title, SOURCE_EGENKONTROLL, n, max(300, 170 + 4 * 18 * len(data)))
