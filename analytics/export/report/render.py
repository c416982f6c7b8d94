"""Charts as images through plotly's exporter (kaleido) and Debian's chromium, nothing fetched.

One browser serves every chart of a report (starting it costs about 1.5 s, a chart about 0.3 s).
Kaleido is told where chromium is (`BROWSER_PATH`, else /usr/bin/chromium or `chromium` on the
PATH) and that there is no MathJax, so it never downloads Chrome nor reaches a CDN. Without a
browser the report is built with its tables and says which charts it left out.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
from pathlib import Path
from typing import Any

from analytics.export.report.model import Chart

WIDTH = 760  # px: the text width of an A4 page at the charts' font size
ENV_BROWSER = "BROWSER_PATH"
PRINT_FONT = "Liberation Sans, Arial, DejaVu Sans, sans-serif"


def browser_path() -> str | None:
    """The chromium to render with, or None when there is none on this machine."""
    configured = os.environ.get(ENV_BROWSER)
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _print_ready(figure: Any) -> dict[str, Any]:
    """The figure on a white background at the page's width (the screen's height kept)."""
    fig = figure.to_dict()
    layout = fig.setdefault("layout", {})
    layout["width"] = WIDTH
    layout.setdefault("height", 420)
    # Fonts every Debian with chromium has (fonts-liberation), so the PDF compiler finds them too.
    layout.setdefault("font", {})["family"] = PRINT_FONT
    # The document's caption names the chart ("Figur 3. …"): no second title in the image.
    layout["title"] = {"text": ""}
    margin = layout.setdefault("margin", {})
    margin["t"] = 40 if layout.get("showlegend", True) else 16
    layout["paper_bgcolor"] = "white"
    layout["plot_bgcolor"] = "white"
    return fig


async def _render_all(figures: list[dict[str, Any]], fmt: str, path: str) -> list[bytes]:
    import kaleido

    async with kaleido.Kaleido(n=1, mathjax=False, path=path) as k:
        return [
            await k.calc_fig(
                fig,
                opts={
                    "format": fmt,
                    "width": fig["layout"]["width"],
                    "height": fig["layout"]["height"],
                    "scale": 2 if fmt == "png" else 1,
                },
            )
            for fig in figures
        ]


def render(charts: list[Chart], fmt: str = "svg") -> str | None:
    """Render every chart's figure into chart.svg (fmt "svg") or chart.png (fmt "png").

    Returns None when all were rendered, else a Swedish sentence saying what was left out and
    why (the report then shows the tables only)."""
    if not charts:
        return None
    path = browser_path()
    if path is None:
        return (
            f"Diagrammen ({len(charts)} st.) är utelämnade: ingen chromium hittades för bildexporten "
            f"(sätt {ENV_BROWSER} eller installera Debians chromium). Talen finns i tabellerna."
        )
    figures = [_print_ready(c.figure) for c in charts]
    try:
        # A thread of its own: the caller may already run an event loop (Streamlit, tests).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            images = pool.submit(asyncio.run, _render_all(figures, fmt, path)).result(timeout=180)
    except Exception as e:  # the browser failed to start or to render: say so, keep the tables
        failure = f"{type(e).__name__}: {e}"
        return f"Diagrammen ({len(charts)} st.) är utelämnade: bildexporten misslyckades ({failure})."
    for chart, image in zip(charts, images, strict=True):
        if fmt == "svg":
            chart.svg = image
        else:
            chart.png = image
    return None


_RASTER_PAGE = """#set page(width: auto, height: auto, margin: 0pt)
#let files = json(bytes(sys.inputs.at("files")))
#for (i, f) in files.enumerate() {
  if i > 0 { pagebreak() }
  image(f, width: 7.6in)
}
"""


def rasterize(charts: list[Chart], ppi: int = 150) -> None:
    """A PNG of every rendered SVG (the DOCX's fallback for Word versions without SVG), drawn by
    typst from the same SVG: one browser pass serves both formats."""
    import json
    import tempfile

    import typst

    drawn = [c for c in charts if c.svg]
    if not drawn:
        return
    with tempfile.TemporaryDirectory(prefix="diagram-") as tmp:
        root = Path(tmp)
        names = []
        for i, chart in enumerate(drawn):
            name = f"d{i}.svg"
            (root / name).write_bytes(chart.svg or b"")
            names.append(name)
        (root / "bilder.typ").write_text(_RASTER_PAGE, encoding="utf-8")
        pages = typst.compile(
            str(root / "bilder.typ"),
            root=str(root),
            format="png",
            ppi=ppi,
            sys_inputs={"files": json.dumps(names)},
        )
    pages = pages if isinstance(pages, list) else [pages]
    for chart, png in zip(drawn, pages, strict=True):
        chart.png = png
