"""The nämnd report and the analysmöte pack (analytics/export/report): the same numbers as
`figures`, the role rules in all three formats, an accessible PDF, the XLSX's provenance sheet.

Most tests run without charts (BROWSER_PATH points nowhere, so the report says it left them out);
one test renders them with Debian's chromium when it is installed.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from test_deviations import tables
from tiny_db import build

from analytics import privacy
from analytics.__main__ import main as cli
from analytics.db import connect_readonly
from analytics.export import figures
from analytics.export.report import build_report, render, write
from analytics.filters import Filters, Period, Scope

YEAR_2022 = Period.calendar_year(2022)
H1 = Period.half_year(2022, 1)
NASTY = 'Enhet #emph[x] $y$ *z* _w_ \\ <b>"</b> @ref // kommentar'


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """No chromium: the report is built from its tables and says what it left out."""
    monkeypatch.setenv(render.ENV_BROWSER, "/finns/inte/chromium")


@pytest.fixture
def tiny_path(tmp_path: Path) -> Path:
    """The tiny database of test_deviations as a file, unit A1 renamed to text full of markup."""
    rows = tables()
    rows["units"] = [u | {"unit_name": NASTY} if u["unit_id"] == "A1" else u for u in rows["units"]]
    path = tmp_path / "tiny.duckdb"
    build(rows, path).close()
    return path


@pytest.fixture
def tiny(tiny_path: Path):
    conn = connect_readonly(tiny_path)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def demo(demo_db: Path):
    conn = connect_readonly(demo_db)
    yield conn
    conn.close()


# --------------------------------------------------------------------------------------------
# Reading the documents back
# --------------------------------------------------------------------------------------------


def docx_tables(data: bytes) -> dict[str, list[list[str]]]:
    """Each table of the DOCX under its caption ("Tabell N. title" -> title), header row first."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    out: dict[str, list[list[str]]] = {}
    caption = None
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            m = re.match(r"Tabell \d+\. (.+)", text)
            caption = m.group(1) if m else caption
        elif tag == "tbl" and caption:
            table = docx.table.Table(child, document)
            out[caption] = [[c.text for c in row.cells] for row in table.rows]
            caption = None
    return out


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def number(text: str) -> float | None:
    """A printed figure back as a number: "1 877" -> 1877, "82 %" -> 0.82, "–" or ".." -> None."""
    text = text.replace("\u00a0", " ").replace("\u2212", "-").strip()
    if text in ("–", "..", ""):
        return None
    if text.endswith("%"):
        return float(text.removesuffix("%").replace(" ", "").replace(",", ".")) / 100
    return float(text.replace(" ", "").replace(",", "."))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# --------------------------------------------------------------------------------------------
# The same numbers as figures
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", [Scope("analytiker"), Scope("politiker"), Scope("chef", ("A1", "B1"))])
def test_docx_key_tables_are_the_figures_export(tiny, no_browser, scope: Scope) -> None:
    f = Filters.build(H1, scope)
    expected = figures.key_figures(tiny, f)
    report = build_report(tiny, f)
    found = docx_tables(write(report, "docx"))

    rows = found["Avvikelser per område och kategori"]
    assert rows[0][2:4] == ["H1 2022", comparison_header(f)]
    body = rows[1:]
    assert len(body) == len(expected["deviations_by_category"])
    for printed, row in zip(body, expected["deviations_by_category"], strict=True):
        assert number(printed[2]) == row["count"]
        assert number(printed[3]) == row["previous_count"]
        for column, key in ((5, "investigated_share"), (6, "followed_up_share")):
            share = number(printed[column])
            if row[key] is None:
                assert share is None
            else:  # printed as whole per cent
                assert share == pytest.approx(round(row[key] * 100) / 100)

    falls = {r[0]: number(r[1]) for r in found["Fall i sammandrag"][1:]}
    assert falls["Fallavvikelser"] == expected["falls"]["deviations"]
    assert falls["Brukare som fallit"] == expected["falls"]["brukare"]
    for k, v in expected["falls"]["falls_per_brukare"].items():
        assert falls[f"Brukare med {k} fall"] == v

    summary = {r[0]: number(r[1]) for r in found["Nyckeltal i sammandrag"][1:]}
    assert summary["Fallavvikelser"] == expected["falls"]["deviations"]
    assert summary["Hot och våld (avvikelser)"] == expected["violence"]["deviations"]
    assert summary["Synpunkter och klagomål"] == expected["complaints"]["count"]

    signing = found["Signering per verksamhetstyp, regi och insatstyp"][1:]
    assert [number(r[3]) for r in signing] == [r["tasks"] for r in expected["signing"]]
    assert [number(r[5]) for r in signing] == [r["unsigned"] for r in expected["signing"]]
    assert [number(r[6]) for r in signing] == [r["reported_deviations"] for r in expected["signing"]]


def comparison_header(f: Filters) -> str:
    """ "H1 2021" with key figures version 2 (a year earlier), else the days just before."""
    from analytics.export.report.provenance import comparison_period, short_label

    return short_label(comparison_period(f))


@pytest.mark.slow
def test_demo_year_key_tables_match_figures(demo, no_browser) -> None:
    """A whole year of the demo: the category table and the summary agree with figures."""
    f = Filters.build(YEAR_2022)
    expected = figures.key_figures(demo, f)
    found = docx_tables(write(build_report(demo, f), "docx"))
    body = found["Avvikelser per område och kategori"][1:]
    assert [number(r[2]) for r in body] == [r["count"] for r in expected["deviations_by_category"]]
    assert [number(r[3]) for r in body] == [r["previous_count"] for r in expected["deviations_by_category"]]
    complaints = {r[0]: number(r[1]) for r in found["Synpunkter per kategori"][1:]}
    assert sum(complaints.values()) == expected["complaints"]["count"] == 30  # the berättelse's 30
    survey = {r[0]: number(r[1]) for r in found["Brukarundersökningen 2022"][1:]}
    assert survey["Svarande"] == expected["survey"]["respondents"]


# --------------------------------------------------------------------------------------------
# Role rules in every format
# --------------------------------------------------------------------------------------------


def _small_integers(texts: list[str]) -> list[str]:
    """Texts that are a bare integer from 1 to 4 (a small count)."""
    return [t for t in texts if re.fullmatch(r"\s*[1-4]\s*", t)]


def test_politiker_report_has_no_unit_name_and_no_small_count(tiny, no_browser) -> None:
    f = Filters.build(H1, Scope("politiker"))
    names = [r["unit_name"] for r in tables()["units"]] + [NASTY]
    analytiker = build_report(tiny, Filters.build(H1))
    # The same data shows small counts to an analytiker, so the test can fail.
    assert _small_integers(
        docx_tables(write(analytiker, "docx"))["Avvikelser per område och kategori"][1][2:4]
    )

    report = build_report(tiny, f)
    word = write(report, "docx")
    cells = [c for rows in docx_tables(word).values() for r in rows[1:] for c in r]
    assert _small_integers(cells) == []
    text = docx_text(word)
    assert not [n for n in names if n in text]

    book = openpyxl.load_workbook(io.BytesIO(write(report, "xlsx")))
    counts = [
        c.value
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(min_row=5)
        for c in row
        if c.number_format == "#,##0"  # count columns (shares are 0%, rates 0.00)
    ]
    assert counts and [v for v in counts if 1 <= v <= 4] == []
    all_text = " ".join(
        str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value
    )
    assert not [n for n in names if n in all_text]

    pdf = pdf_text(write(report, "pdf"))
    assert not [n for n in names if n in pdf]
    # Table cells are separate text runs: strip what is not a count (page, table and figure
    # numbers, section numbers, dates), then no bare 1–4 may remain.
    cleaned = re.sub(r"(Sida \d+ av \d+|Tabell \d+|Figur \d+|\d{4}-\d{2}-\d{2}|\d{4})", " ", pdf)
    cleaned = re.sub(r"(?m)^\s*\d+(\.\d+)*\s+(?=[A-ZÅÄÖ])", " ", cleaned)  # heading numbers
    cleaned = re.sub(r"\d+ (fall|av|%)\b", " ", cleaned)  # "Brukare med 1 fall", shares
    cleaned = re.sub(r"(\. )+\d+", " ", cleaned)  # page numbers in the table of contents
    cleaned = re.sub(r"version \d+|från 1 till\s+\d+|Diagrammen \(\d+ st\.\)", " ", cleaned)  # explanations
    assert re.findall(r"(?<![\d,.:–-])\b[1-4]\b(?![\d,.%])", cleaned) == []


def test_chef_report_covers_only_their_units(tiny, no_browser) -> None:
    f = Filters.build(H1, Scope("chef", ("B1",)))
    text = docx_text(write(build_report(tiny, f, "analysmöte"), "docx"))
    assert "Enhet B1" in text
    assert "Enhet A2" not in text and NASTY not in text


def test_analysmote_refused_to_politiker(tiny) -> None:
    with pytest.raises(privacy.AccessDenied):
        build_report(tiny, Filters.build(H1, Scope("politiker")), "analysmöte")


def test_brukare_report_is_written_to_the_access_log(tiny_path, no_browser, tmp_path, monkeypatch) -> None:
    log = tmp_path / "access.jsonl"
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(log))
    period = ["--from", "2022-01-01", "--to", "2022-06-30", "--db", str(tiny_path)]
    assert cli(["report", *period, "--format", "xlsx", "--out", str(tmp_path / "n.xlsx")]) == 0
    assert not log.exists()  # the nämnd report names no brukare
    out = tmp_path / "a.docx"
    args = ["report", *period, "--kind", "analysmöte", "--role", "chef", "--units", "A1", "--out", str(out)]
    assert cli(args) == 0
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(entries) == 1
    assert entries[0]["role"] == "chef" and entries[0]["page"] == "rapport"
    assert sorted(entries[0]["brukare_ids"]) == ["P1", "P2"]  # A1's brukare in H1 (tables())
    assert "P2" in docx_text(out.read_bytes())


# --------------------------------------------------------------------------------------------
# The formats
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_xlsx_first_sheet_states_what_the_file_is(demo, demo_db, no_browser) -> None:
    f = Filters.build(YEAR_2022, operators=["privat"])
    report = build_report(demo, f)
    book = openpyxl.load_workbook(io.BytesIO(write(report, "xlsx")))
    about = book.worksheets[0]
    assert about.title == "Om rapporten"
    facts = {r[0]: r[1] for r in about.iter_rows(values_only=True) if r and r[0]}
    assert facts["Period"] == "2022 (2022-01-01 – 2022-12-31)"
    assert facts["Jämförelse"].startswith("2021")
    assert facts["Urval (filter)"] == "Regi: Privat (upphandlad, LOU)"
    assert facts["Roll"] == "Analytiker (ser allt)"
    with connect_readonly(demo_db) as conn:
        logged = conn.execute("select file, sha256, loaded_at from load_log").fetchall()
    assert str(logged[0][2]) == facts["Data laddade"]
    rows = list(about.iter_rows(values_only=True))
    header = rows.index(("Tabell", "Fil", "Rader", "SHA-256", "Laddad"))
    listed = {(r[1], r[3]) for r in rows[header + 1 :] if r[0] and r[3]}
    assert listed == {(file, sha) for file, sha, _ in logged}
    # one sheet per table of the report, each with its caption
    assert len(book.worksheets) == 1 + len(report.tables())
    sheet = book["Avvikelser per kategori"]
    assert "Regi: Privat" in sheet["A2"].value and "Period: 2022" in sheet["A2"].value


def test_pdf_is_tagged_swedish_and_titled(tiny, no_browser) -> None:
    report = build_report(tiny, Filters.build(H1))
    reader = pypdf.PdfReader(io.BytesIO(write(report, "pdf")))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert str(root["/Lang"]).startswith("sv")
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == report.title


def test_markup_in_data_is_printed_as_text(tiny, no_browser) -> None:
    """A unit name full of typst markup comes out literally in the PDF (and the DOCX)."""
    report = build_report(tiny, Filters.build(H1), "analysmöte")
    text = pdf_text(write(report, "pdf"))
    assert "#emph[x] $y$ *z* _w_" in text
    assert NASTY in docx_text(write(report, "docx"))


def test_without_chromium_the_report_says_what_it_left_out(tiny, no_browser) -> None:
    report = build_report(tiny, Filters.build(H1))
    assert report.charts()
    document = docx.Document(io.BytesIO(write(report, "docx")))
    assert len(document.inline_shapes) == 0
    assert any("Diagrammen" in note and "chromium" in note for note in report.omitted)
    assert "Diagrammen" in docx_text(write(report, "docx"))


@pytest.mark.browser
@pytest.mark.skipif(render.browser_path() is None, reason="Debian's chromium is not installed")
def test_charts_are_embedded_with_alt_texts(tiny) -> None:
    report = build_report(tiny, Filters.build(H1))
    word = write(report, "docx")
    document = docx.Document(io.BytesIO(word))
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert len(alts) == len(report.charts()) and all(alts)
    assert b"svgBlip" in _part(word, "word/document.xml")
    pdf = pypdf.PdfReader(io.BytesIO(write(report, "pdf")))
    assert len(_alts(pdf.trailer["/Root"]["/StructTreeRoot"])) >= len(report.charts())


def _part(data: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def _alts(node: Any, seen: set[int] | None = None) -> list[str]:
    """Every /Alt in the PDF's structure tree."""
    seen = set() if seen is None else seen
    node = node.get_object() if hasattr(node, "get_object") else node
    if id(node) in seen:
        return []
    seen.add(id(node))
    found: list[str] = []
    if isinstance(node, dict):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                found += _alts(kid, seen)
    return found


def test_cli_rejects_unknown_kind_and_bad_dates(tiny_path, capsys) -> None:
    assert cli(["report", "--db", str(tiny_path), "--from", "2022-13-01", "--to", "2022-12-31"]) == 2
    assert "Ogiltigt datum" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli(["report", "--db", str(tiny_path), "--from", "2022-01-01", "--to", "2022-12-31", "--kind", "x"])


def test_xmr_chart_marks_exactly_the_signal_months() -> None:
    import pandas as pd

    from analytics import stats
    from presentation import charts

    values = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 30, 10]
    months = list(pd.date_range("2021-01-01", periods=len(values), freq="MS").date)
    frame = stats.xmr(values, baseline=12).assign(month=months)
    fig = charts.xmr_chart(frame, title="t", period_start=months[12])
    (signal,) = [t for t in fig.data if t.name == "Signal"]
    assert [pd.Timestamp(x).date() for x in signal.x] == [months[12]]  # 30 is outside, 10 is not
    assert list(signal.y) == [30]


def test_funnel_judges_units_against_their_whole_unit_type(tiny) -> None:
    """H1 2022, gruppbostad LSS: A1 4 deviations / 4 brukare, A2 2 / 1.0 (Jan–Mar), C1 1 / 0
    (closed) -> the type's rate 7 / 5 = 1.4 per brukare; A1 expects 5.6, A2 1.4. A chef who
    sees only A1 is judged against the same whole type, and sees no other unit."""
    from analytics.export.report.build import funnel_units

    everyone = funnel_units(tiny, Filters.build(H1)).set_index("unit_id")
    assert everyone.loc["A1", "expected"] == pytest.approx(5.6)
    assert everyone.loc["A2", "expected"] == pytest.approx(1.4)
    assert "C1" not in everyone.index  # no brukare in the period: no funnel position
    chef = funnel_units(tiny, Filters.build(H1, Scope("chef", ("A1",))))
    assert list(chef["unit_id"]) == ["A1"]
    assert chef["expected"].iloc[0] == pytest.approx(5.6)
    assert chef["ratio"].iloc[0] == pytest.approx(4 / 5.6)


def test_analysmote_lists_the_units_actions_from_the_register(
    tiny, no_browser, tmp_path, monkeypatch
) -> None:
    from analytics.stores import actions

    url = f"sqlite:///{tmp_path / 'actions.sqlite'}"
    monkeypatch.setenv(actions.ENV_URL, url)
    with actions.ActionStore(url) as store:
        me = actions.Actor("mas@kommun.se")
        store.create(me, title="Fallronder nattetid", units=["A1"], responsible="Anna", due_date="2022-03-31")
        store.create(me, title="Bemanning helger", units=["B1"], responsible="Bo")
    report = build_report(tiny, Filters.build(H1, Scope("chef", ("A1",))), "analysmöte")
    found = docx_tables(write(report, "docx"))["Åtgärder i åtgärdsregistret"]
    assert [r[0] for r in found[1:]] == ["Fallronder nattetid"]  # not B1's action
    assert found[1][2:] == ["Anna", "2022-03-31", "Planerad (försenad)"]  # still planned, due date passed


def test_analysmote_without_a_register_creates_none(tiny, no_browser, tmp_path, monkeypatch) -> None:
    from analytics.stores import actions

    path = tmp_path / "ingen.sqlite"
    monkeypatch.setenv(actions.ENV_URL, f"sqlite:///{path}")
    report = build_report(tiny, Filters.build(H1), "analysmöte")
    assert "Åtgärdsregistret är inte i bruk" in docx_text(write(report, "docx"))
    assert not path.exists()


def test_provenance_names_every_filter_and_no_unit_for_politiker() -> None:
    from analytics.export.report import provenance

    f = Filters.build(YEAR_2022, operators=["privat"], unit_types=["gruppbostad_lss"], unit_ids=["A1"])
    names = {"A1": "Solrosen"}
    assert provenance.filters_text(f, names) == (
        "Verksamhetstyp: Gruppbostad LSS; Regi: Privat (upphandlad, LOU); Enhet: Solrosen"
    )
    assert provenance.title_suffix(f) == " (Verksamhetstyp: Gruppbostad LSS; Regi: Privat; 1 enhet)"
    assert (
        provenance.file_stem("Fall per enhet", f)
        == "fall_per_enhet_2022_verksamhetstyp-gruppbostad_lss_regi-privat_1-enhet"
    )
    politiker = f.with_(scope=Scope("politiker"))
    assert "Solrosen" not in provenance.filters_text(politiker, names)
    assert provenance.filters_text(Filters.build(YEAR_2022)) == "Inga (hela förvaltningen)"
    assert provenance.short_label(H1) == "H1 2022" and provenance.short_label(YEAR_2022) == "2022"
