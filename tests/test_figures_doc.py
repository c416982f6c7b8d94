"""docs/nyckeltal.md (the users' reference of the key-figures export) agrees with the code."""

from __future__ import annotations

from test_figures import kf  # noqa: F401 (the fixture)

from analytics.__main__ import main as cli
from analytics.db import ROOT
from analytics.export import figures, figures_doc

DOC = ROOT / figures_doc.DOC_PATH


def test_committed_doc_is_the_rendering_of_the_code():
    committed = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert committed == figures_doc.render_markdown(), (
        "docs/nyckeltal.md är inaktuell: kör python -m analytics figures-doc och checka in filen"
    )


def test_doc_names_every_key_the_export_writes(kf):  # noqa: F811
    assert tuple(kf) == figures.KEYS
    doc = figures_doc.render_markdown()
    for key in figures.KEYS:
        assert f"| `{key}` |" in doc
    for key in kf["yearly"][0]:
        assert f"| `{key}` |" in doc
    assert "--compare year|previous" in doc and "29 februari blir" in doc


def test_cli_writes_the_doc(tmp_path):
    out = tmp_path / "nyckeltal.md"
    assert cli(["figures-doc", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == figures_doc.render_markdown()
