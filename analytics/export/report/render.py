"""Charts as images through plotly's exporter (kaleido) and Debian's chromium, nothing fetched.

One browser serves every chart of a report (starting it costs about 1.5 s, a chart about 0.3 s).
Kaleido is told where chromium is (`BROWSER_PATH`, else /usr/bin/chromium or `chromium` on the
PATH) and that there is no MathJax, so it never downloads Chrome nor reaches a CDN. Without a
browser the report is built with its tables and says which charts it left out.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
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


async def _open(path: str) -> Any:
    import kaleido

    browser = kaleido.Kaleido(n=1, mathjax=False, path=path)
    await browser.__aenter__()
    return browser


async def _render_all(browser: Any, figures: list[dict[str, Any]], fmt: str) -> list[bytes]:
    scale = 2 if fmt == "png" else 1
    out = []
    for fig in figures:
        size = {"width": fig["layout"]["width"], "height": fig["layout"]["height"], "scale": scale}
        out.append(await browser.calc_fig(fig, opts={"format": fmt, **size}))
    return out


class Browser:
    """One chromium, started in the background when made, so that it starts while the report
    is being built; `render` then draws the charts. Use as a context manager (closes it)."""

    def __init__(self) -> None:
        self.path = browser_path()
        self._loop: asyncio.AbstractEventLoop | None = None
        if self.path is None:
            return
        # An event loop of its own in a thread: the caller may run one already (Streamlit, tests).
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        self._opened = asyncio.run_coroutine_threadsafe(_open(self.path), self._loop)

    def render(self, charts: list[Chart], fmt: str = "svg") -> str | None:
        """Draw every chart (chart.svg, or chart.png for fmt "png"); None when all were drawn,
        else a Swedish sentence saying what was left out and why (the tables remain)."""
        if not charts:
            return None
        if self._loop is None:
            return (
                f"Diagrammen ({len(charts)} st.) är utelämnade: ingen chromium hittades för bildexporten "
                f"(sätt {ENV_BROWSER} eller installera Debians chromium). Talen finns i tabellerna."
            )
        figures = [_print_ready(c.figure) for c in charts]
        try:
            browser = self._opened.result(timeout=120)
            images = asyncio.run_coroutine_threadsafe(_render_all(browser, figures, fmt), self._loop).result(
                timeout=180
            )
        except Exception as e:  # the browser failed to start or to draw: say so, keep the tables
            failure = f"{type(e).__name__}: {e}"
            return f"Diagrammen ({len(charts)} st.) är utelämnade: bildexporten misslyckades ({failure})."
        for chart, image in zip(charts, images, strict=True):
            if fmt == "svg":
                chart.svg = image
            else:
                chart.png = image
        return None

    def close(self) -> None:
        if self._loop is None:
            return
        try:
            browser = self._opened.result(timeout=120)
            asyncio.run_coroutine_threadsafe(browser.__aexit__(None, None, None), self._loop).result(
                timeout=30
            )
        except Exception:  # closing a browser that never started or already died: nothing to do
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        self._loop = None

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def render(charts: list[Chart], fmt: str = "svg") -> str | None:
    """Draw every chart with a browser of its own (see Browser.render)."""
    if not charts:
        return None
    with Browser() as browser:
        return browser.render(charts, fmt)


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
