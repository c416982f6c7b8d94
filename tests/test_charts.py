"""Chart structure: traces, titles, colours, value texts, Swedish separators, the source line."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import contract
from presentation import charts

NB = "\u00a0"


def _source(fig: go.Figure) -> str:
    notes = [a.text for a in fig.layout.annotations if a.name == "source"]
    assert len(notes) == 1
    return notes[0]


def _common(fig: go.Figure, title: str, source: str) -> None:
    assert fig.layout.title.text == title
    assert fig.layout.separators == ", "
    assert _source(fig) == source


def test_palettes_are_complete_and_distinct() -> None:
    assert set(charts.DOMAIN_COLORS) == set(contract.DOMAINS)
    assert set(charts.UNIT_TYPE_COLORS) == set(contract.UNIT_TYPES)
    assert set(charts.OPERATOR_COLORS) == set(contract.OPERATORS)
    for palette in (charts.DOMAIN_COLORS, charts.UNIT_TYPE_COLORS, charts.OPERATOR_COLORS):
        assert len(set(palette.values())) == len(palette)


def test_source_text() -> None:
    assert charts.source_text("deviations", 413) == "Källa: avvikelser (Viva), n = 413"
    assert charts.source_text("signings", 226355) == f"Källa: signeringar (MCSS), n = 226{NB}355"
    assert charts.source_text("Egen källa") == "Källa: Egen källa"


def test_domain_bars() -> None:
    df = pd.DataFrame({"domain": ["hsl", "lss", "sol"], "count": [1039, 619, 368]})
    fig = charts.domain_bars(df, title="Avvikelser per område, 2022")
    _common(fig, "Avvikelser per område, 2022", f"Källa: avvikelser (Viva), n = 2{NB}026")
    (bar,) = fig.data
    assert bar.orientation == "h"
    # largest at the top: plotly draws the first category at the bottom
    assert list(bar.y) == ["SoL", "LSS", "HSL"]
    assert list(bar.text) == ["368", "619", f"1{NB}039"]
    assert list(bar.marker.color) == [charts.DOMAIN_COLORS[d] for d in ("sol", "lss", "hsl")]
    assert list(bar.customdata) == ["sol", "lss", "hsl"]


def test_category_bars_leave_out_categories_without_deviations_in_the_period() -> None:
    df = pd.DataFrame(
        {
            "domain": ["hsl", "hsl", "lss"],
            "category": ["fall", "lakemedel", "hot_och_vald"],
            "count": [413, 0, 163],
        }
    )
    fig = charts.category_bars(df, title="Avvikelser per kategori, 2022")
    (bar,) = fig.data
    assert list(bar.y) == ["Hot och våld (LSS)", "Fall (HSL)"]
    assert list(bar.marker.color) == [charts.DOMAIN_COLORS["lss"], charts.DOMAIN_COLORS["hsl"]]
    assert _source(fig) == "Källa: avvikelser (Viva), n = 576"


def test_unit_type_bars_are_clickable_with_the_type_code() -> None:
    df = pd.DataFrame({"unit_type": ["gruppbostad_lss", "bostad_sol"], "count": [395, 81]})
    fig = charts.unit_type_bars(df, title="Avvikelser per verksamhetstyp, 2022")
    (bar,) = fig.data
    assert list(bar.customdata) == ["bostad_sol", "gruppbostad_lss"]
    assert list(bar.y) == ["Bostad med särskild service SoL (socialpsykiatri)", "Gruppbostad LSS"]
    assert list(bar.marker.color) == [
        charts.UNIT_TYPE_COLORS["bostad_sol"],
        charts.UNIT_TYPE_COLORS["gruppbostad_lss"],
    ]
    assert fig.layout.height >= 220


def test_unit_bars_mark_highlighted_units_by_star_and_colour() -> None:
    df = pd.DataFrame({"unit_id": ["U1", "U2"], "unit_name": ["Solrosen", "Tallen"], "count": [25, 3]})
    fig = charts.unit_bars(df, title="t", highlight=["U1"])
    (bar,) = fig.data
    assert list(bar.y) == ["Tallen", "★ Solrosen"]
    assert list(bar.marker.color) == [charts.NEUTRAL, charts.HIGHLIGHT]
    assert list(bar.customdata) == ["U2", "U1"]


def test_operator_bars_differ_by_pattern_too() -> None:
    df = pd.DataFrame(
        {
            "unit_type": ["Gruppbostad LSS", "Gruppbostad LSS", "Bostad SoL"],
            "operator": ["egen_regi", "privat", "egen_regi"],
            "share": [0.98, 0.97, 0.99],
        }
    )
    fig = charts.operator_bars(
        df, label="unit_type", value="share", title="t", source="signings", percent_axis=True
    )
    assert [t.name for t in fig.data] == ["Egen regi", "Privat (upphandlad, LOU)"]
    assert [t.marker.pattern.shape for t in fig.data] == ["", "/"]
    assert list(fig.data[1].text) == [f"97{NB}%"]
    assert list(fig.layout.xaxis.ticktext) == [f"{p}{NB}%" for p in (0, 20, 40, 60, 80, 100)]


def test_monthly_lines_end_in_a_label() -> None:
    months = [date(2022, m, 1) for m in (1, 2, 3)]
    df = pd.DataFrame(
        {"month": months * 2, "domain": ["hsl"] * 3 + ["lss"] * 3, "count": [10, 20, 1200, 1, 2, 3]}
    )
    fig = charts.domain_trend(df, title="Avvikelser per månad, 2022")
    _common(fig, "Avvikelser per månad, 2022", f"Källa: avvikelser (Viva), n = 1{NB}236")
    assert [t.name for t in fig.data] == ["HSL", "LSS"]
    ends = [a.text for a in fig.layout.annotations if a.name == "end_label"]
    assert ends == [f"HSL: 1{NB}200", "LSS: 3"]
    assert list(fig.layout.xaxis.ticktext) == ["jan 2022", "feb", "mar"]
    assert fig.data[0].line.color == charts.DOMAIN_COLORS["hsl"]
    assert fig.data[0].line.dash != fig.data[1].line.dash


def test_compliance_bars() -> None:
    df = pd.DataFrame(
        {
            "domain": ["hsl", "lss"],
            "count": [100, 50],
            "investigated_share": [0.8, 0.76],
            "followed_up_share": [0.65, 0.5],
        }
    )
    fig = charts.compliance_bars(df, label="domain", codes=contract.DOMAINS, title="Andel, 2022")
    assert [t.name for t in fig.data] == ["Utredda", "Uppföljda"]
    assert list(fig.data[0].y) == ["LSS", "HSL"]
    assert list(fig.data[1].text) == [f"Uppföljda: 50{NB}%", f"Uppföljda: 65{NB}%"]
    assert _source(fig) == "Källa: avvikelser (Viva), n = 150"


def test_age_bars_stack_domains_in_bucket_order() -> None:
    df = pd.DataFrame(
        {"domain": ["hsl", "hsl", "sol"], "age_bucket": ["over_180", "0_30", "31_90"], "count": [4, 2, 7]}
    )
    fig = charts.age_bars(df, title="Öppna")
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["HSL", "SoL"]
    assert list(fig.data[0].x) == ["0–30 dagar", "31–90 dagar", "91–180 dagar", "över 180 dagar"]
    assert list(fig.data[0].y) == [2, 0, 0, 4]
    assert _source(fig) == "Källa: avvikelser (Viva), n = 13"


def test_brukare_bars_name_rows_without_brukare() -> None:
    df = pd.DataFrame({"brukare_id": ["B1", None, "B2"], "count": [5, 2, 1]})
    fig = charts.brukare_bars(df, title="t", limit=2)
    (bar,) = fig.data
    assert list(bar.y) == ["Ingen brukare angiven", "B1"]
    assert _source(fig) == "Källa: avvikelser (Viva), n = 8"


@pytest.mark.parametrize("rows", [0, 1])
def test_bars_survive_empty_and_single_rows(rows: int) -> None:
    df = pd.DataFrame({"domain": ["hsl"][:rows], "count": [7][:rows]})
    fig = charts.domain_bars(df, title="t")
    assert len(fig.data) == 1


def test_end_labels_of_lines_ending_close_together_do_not_overlap() -> None:
    months = [date(2022, m, 1) for m in (1, 2)]
    df = pd.DataFrame(
        {
            "month": months * 3,
            "domain": ["hsl"] * 2 + ["lss"] * 2 + ["sol"] * 2,
            "count": [100, 100, 1, 2, 1, 3],
        }
    )
    fig = charts.domain_trend(df, title="t")
    ys = sorted(a.y for a in fig.layout.annotations if a.name == "end_label")
    assert all(b - a >= 100 * 0.07 - 1e-9 for a, b in zip(ys, ys[1:], strict=False))
    assert ys[-1] == 100  # the top label stays at its value


def test_survey_dots_differ_by_shape_and_show_the_value() -> None:
    df = pd.DataFrame(
        {
            "question_id": ["radd", "trivs"],
            "question_text": ["Är du rädd?", None],
            "negative": [True, False],
            "positive_share": [0.29, None],
            "previous_share": [0.3, 0.85],
            "benchmark": [None, 0.88],
        }
    )
    fig = charts.survey_dots(df, title="Andel positiva svar per fråga, 2022", n=480)
    assert [t.marker.symbol for t in fig.data] == ["diamond", "circle-open", "circle"]
    assert list(fig.data[2].y) == ["trivs", "Är du rädd? (negativ fråga)"]
    values = [a.text for a in fig.layout.annotations if a.name == "value"]
    assert values == ["<b>för få svar</b>", f"<b>29{NB}%</b>"]
    assert _source(fig) == "Källa: SKR:s brukarundersökning, n = 480"


def test_month_ticks_are_swedish_and_few() -> None:
    assert charts.month_ticks([date(2022, m, 1) for m in range(1, 13)])["ticktext"] == [
        "jan 2022",
        "apr",
        "jul",
        "okt",
    ]
    months = [date(2021, m, 1) for m in range(1, 13)] + [date(2022, m, 1) for m in range(1, 13)]
    ticks = charts.month_ticks(months)
    assert ticks["ticktext"] == ["jan 2021", "jul", "jan 2022", "jul"]


def test_hidden_small_counts_draw_no_bar_and_say_so() -> None:
    df = pd.DataFrame(
        {"unit_type": ["gruppbostad_lss", "bostad_sol"], "count": pd.array([12, pd.NA], dtype="Int64")}
    )
    fig = charts.unit_type_bars(df, title="t")
    bar, mark = fig.data
    assert list(bar.text) == ["–", "12"]  # the hidden one at the bottom, marked with a dash
    assert list(mark.text) == ["–"]  # written at 0, where the bar would start (no reason known: –)
    assert _source(fig) == "Källa: avvikelser (Viva), n = 12" + charts.hidden_note()
    assert ".. = dolt" in charts.hidden_note() and "&lt;" not in charts.hidden_note()
    months = [date(2022, 1, 1), date(2022, 2, 1)]
    lines = pd.DataFrame(
        {"month": months, "domain": ["hsl", "hsl"], "count": pd.array([pd.NA, 7], dtype="Int64")}
    )
    assert [
        a.text for a in charts.domain_trend(lines, title="t").layout.annotations if a.name == "end_label"
    ] == ["HSL: 7"]


def test_unit_bars_by_operator_name_the_regi_in_the_label() -> None:
    df = pd.DataFrame(
        {
            "unit_id": ["U1", "U2"],
            "unit_name": ["Solrosen", "Tallen"],
            "operator": ["egen_regi", "privat"],
            "count": [25, 3],
        }
    )
    fig = charts.unit_bars(df, title="t", by_operator=True)
    (bar,) = fig.data
    assert list(bar.y) == ["Tallen (privat)", "Solrosen"]
    assert list(bar.marker.color) == [charts.OPERATOR_COLORS["privat"], charts.OPERATOR_COLORS["egen_regi"]]


def test_a_hidden_bar_says_hidden_with_one_symbol_where_it_would_be() -> None:
    from analytics import privacy

    df = pd.DataFrame({"unit_type": ["gruppbostad_lss", "bostad_sol", "boendestod"], "count": [94, 3, 8]})
    hidden = privacy.suppress(df, ("count",)).frame  # 3 small, 8 hidden so that 3 cannot be recovered
    fig = charts.unit_type_bars(hidden, title="Avvikelser per verksamhetstyp, 2022")
    bars, marks = fig.data
    assert marks.mode == "text" and list(marks.x) == [0, 0]
    assert dict(zip(marks.y, marks.text, strict=True)) == {
        # one symbol for both: the screen does not tell which one is the small count
        "Bostad med särskild service SoL (socialpsykiatri)": "..",
        "Boendestöd": "..",
    }
    assert charts.has_gaps(fig)
    assert len(charts.unit_type_bars(df, title="t").data) == 1  # nothing hidden: no marks
