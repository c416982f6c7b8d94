"""analytics.privacy.suppress and the threshold: small lists where every hidden cell is visible."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import privacy
from analytics.privacy import Cell, Reason


def values(series: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in series]


def hidden(result: privacy.Suppression) -> list[tuple[int, str, str]]:
    return [(c.row, c.column, str(c.reason)) for c in result.cells]


def test_counts_from_1_to_4_become_null_zero_and_5_stay() -> None:
    df = pd.DataFrame({"code": list("abcdef"), "count": [0, 1, 4, 5, 12, 3]})
    out = privacy.suppress(df, ["count"], groups=None, threshold=5)
    assert values(out.frame["count"]) == [0, None, None, 5, 12, None]
    assert str(out.frame["count"].dtype) == "Int64"
    assert hidden(out) == [(1, "count", "small"), (2, "count", "small"), (5, "count", "small")]
    assert df["count"].tolist() == [0, 1, 4, 5, 12, 3]  # the input is not changed


def test_complementary_suppression_hides_the_next_smallest_of_a_list() -> None:
    # total 3 + 20 + 7 + 11 = 41 is shown elsewhere: 3 alone could be recovered as 41 - 38
    df = pd.DataFrame({"sender": ["a", "b", "c", "d"], "count": [3, 20, 7, 11]})
    out = privacy.suppress(df, ["count"], threshold=5)
    assert values(out.frame["count"]) == [None, 20, None, 11]
    assert hidden(out) == [(0, "count", "small"), (2, "count", "complementary")]


def test_no_complementary_suppression_when_two_are_hidden_or_none_is_left() -> None:
    two = privacy.suppress(pd.DataFrame({"count": [3, 2, 9]}), ["count"], threshold=5)
    assert values(two.frame["count"]) == [None, None, 9]
    alone = privacy.suppress(pd.DataFrame({"count": [3, 0]}), ["count"], threshold=5)
    assert values(alone.frame["count"]) == [None, 0]  # a zero is never a complement


def test_complementary_suppression_within_groups() -> None:
    df = pd.DataFrame(
        {
            "domain": ["hsl", "hsl", "hsl", "lss", "lss"],
            "count": [2, 30, 8, 6, 40],
        }
    )
    out = privacy.suppress(df, ["count"], groups=["domain"], threshold=5)
    # hsl: 2 hidden, 8 as complement; lss: nothing small, nothing hidden
    assert values(out.frame["count"]) == [None, 30, None, 6, 40]


def test_cross_tabulation_protects_both_margins() -> None:
    # role x subcategory, shown beside the totals per role and per subcategory (as on the Hot och
    # våld page). With the role margin alone, 4 gets the complement 17 (utatagerande), but 17 is
    # its subcategory's total, and annat's total 15 - 11 gives 4 back. Protecting both margins
    # takes a complement that shares its subcategory (21), then hides 11 and 61 so that no
    # margin group is left with one hidden cell.
    df = pd.DataFrame(
        {
            "violence_role": ["utovare"] * 4 + ["utsatt"] * 3,
            "subcategory": ["annat", "bmb", "bmp", "utatagerande", "annat", "bmb", "pmb"],
            "count": [4, 21, 52, 17, 11, 61, 6],
        }
    )
    one_margin = privacy.suppress(df, ["count"], groups=["violence_role"], threshold=5)
    assert values(one_margin.frame["count"]) == [None, 21, 52, None, 11, 61, 6]

    both = privacy.suppress(df, ["count"], groups=(("violence_role",), ("subcategory",)), threshold=5)
    assert values(both.frame["count"]) == [None, None, 52, 17, None, None, 6]
    for keys in ("violence_role", "subcategory"):  # no margin group is left with one hidden cell
        lone = both.frame.assign(h=both.frame["count"].isna()).groupby(keys)["h"].sum()
        assert (lone != 1).all(), keys
    assert [str(c.reason) for c in both.cells] == ["small", "complementary", "complementary", "complementary"]


def test_ties_pick_the_first_row() -> None:
    out = privacy.suppress(pd.DataFrame({"count": [1, 9, 9]}), ["count"], threshold=5)
    assert hidden(out) == [(0, "count", "small"), (1, "count", "complementary")]


def test_derived_figures_follow_their_counts() -> None:
    df = pd.DataFrame(
        {
            "count": [10, 4, 20],
            "investigated": [3, 4, 18],
            "share": [0.3, 1.0, 0.9],
            "change": [1.5, 2.0, 3.0],
        }
    )
    derived = {"share": ("investigated", "count"), "change": ("share",)}
    out = privacy.suppress(df, ["count", "investigated"], derived, groups=None, threshold=5)
    assert out.frame["share"].isna().tolist() == [True, True, False]
    assert out.frame["change"].isna().tolist() == [True, True, False]  # derived of derived
    assert Cell(0, "share", Reason.DERIVED) in out.cells


def test_hidden_columns_and_absent_columns() -> None:
    df = pd.DataFrame({"deviations": [40], "top_brukare": [12]})
    out = privacy.suppress(df, ["deviations", "not_there"], {"gone": ("deviations",)}, hidden=["top_brukare"])
    assert out.frame["top_brukare"].isna().all() and out.frame["deviations"].tolist() == [40]
    assert privacy.suppressed_cells(out.frame) == [Cell(0, "top_brukare", Reason.HIDDEN)]


def test_float_counts_below_the_threshold() -> None:
    df = pd.DataFrame({"brukare": [0.0, 2.5, 6.0], "rate": [None, 0.4, 0.5]})
    out = privacy.suppress(df, ["brukare"], {"rate": ("brukare",)}, groups=None, threshold=5)
    assert out.frame["brukare"].isna().tolist() == [False, True, False]
    assert out.frame["rate"].isna().tolist() == [True, True, False]


def test_the_threshold_is_configurable_but_never_below_3(monkeypatch) -> None:
    df = pd.DataFrame({"count": [3, 6, 8]})
    assert privacy.suppress(df, ["count"], groups=None, threshold=7).frame["count"].isna().tolist() == [
        True,
        True,
        False,
    ]
    for bad in (2, 0, -1, "två"):
        with pytest.raises(ValueError, match="små tal"):
            privacy.suppress(df, ["count"], threshold=bad)
        with pytest.raises(ValueError):
            privacy.set_min_cell(bad)
    monkeypatch.setenv(privacy.ENV_MIN_CELL, "2")
    with pytest.raises(ValueError, match="aldrig vara lägre än 3"):
        privacy.min_cell()
    monkeypatch.setenv(privacy.ENV_MIN_CELL, "3")
    assert privacy.min_cell() == 3
    monkeypatch.delenv(privacy.ENV_MIN_CELL)
    assert privacy.min_cell() == 5
    privacy.set_min_cell(8)
    try:
        assert privacy.min_cell() == 8
    finally:
        privacy.set_min_cell(None)
    assert privacy.min_cell() == 5
