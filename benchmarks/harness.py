"""What the map benchmarks share: the bare streamlit-folium app, the servers, the browser and the timings.

``benchmarks/grid.py`` (the Zensus grid layer) and ``benchmarks/areas.py`` (a city's blocks as areas)
measure the atlas side by side with a bare ``gdf.explore()`` + ``st_folium`` app on the same
geometry, alternating the two, medians of ``--runs``. This module holds the parts that are the same
for both: the bare app, starting a Streamlit server and waiting for it, Chromium, waiting for a
condition while Playwright keeps handling page events, choosing an option, and the server rerun
after a change of indicator in AppTest.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["CHROMIUM", "bare_once", "bare_signature", "browser", "choose", "fmt", "healthy", "map_frames", "median", "new_page",
           "server_reruns", "start", "wait", "write_bare_app"]

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parent.parent

BARE_APP = '''
import os

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium


@st.cache_data
def frame():
    return {reader}


gdf = frame()
column = st.selectbox("Wert", {columns!r}, key="column")
m = gdf.explore(column=column, scheme="quantiles", k=5, cmap="YlGnBu", tiles=None, legend=False)
base = "../../app/static/vendor/leaflet"  # Leaflet served locally, as in the atlas
m.default_js = [("leaflet", f"{{base}}/leaflet.js")]
m.default_css = [("leaflet_css", f"{{base}}/leaflet.css")]
st_folium(m, height=520, use_container_width=True, returned_objects=[])
'''


def write_bare_app(folder: Path, reader: str, columns: Sequence[str]) -> Path:
    """The bare app in ``folder`` (``reader``: a Python expression giving the GeoDataFrame in EPSG:4326),
    with a copy of the atlas's Leaflet: Streamlit's static serving refuses files outside its folder."""
    shutil.copytree(REPO / "static" / "vendor" / "leaflet", folder / "static" / "vendor" / "leaflet")
    app = folder / "bare_app.py"
    app.write_text(BARE_APP.format(reader=reader, columns=list(columns)), encoding="utf-8")
    return app


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt(values: list[float]) -> str:
    return f"median {median(values):.2f} s  (" + ", ".join(f"{v:.2f}" for v in values) + ")"


def server_reruns(ours, plain, change: Callable[[object, str], None], values: Sequence[str],
                  runs: int) -> tuple[list[float], list[float]]:
    """Seconds of a rerun after a change of indicator, atlas (``ours``, an AppTest already run) and bare
    (``plain``, its selectbox ``column``), alternating through ``values``; the first change of each value
    warms the caches and is kept only when ``runs`` is 1."""
    atlas, base = [], []
    for i in range(runs * 2):
        value = values[(i + 1) % 2]
        start_at = time.perf_counter()
        change(ours, value)
        took = time.perf_counter() - start_at
        assert not ours.exception, ours.exception
        if i >= 2 or runs == 1:
            atlas.append(took)
        start_at = time.perf_counter()
        plain.selectbox(key="column").set_value(value).run()  # the bare app offers the same values
        took = time.perf_counter() - start_at
        assert not plain.exception, plain.exception
        if i >= 2 or runs == 1:
            base.append(took)
    return atlas[:runs], base[:runs]


def start(script: Path, cwd: Path, env: dict, port: int, log: Path) -> subprocess.Popen:
    out = open(log, "wb")
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.enableStaticServing", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
    )


def healthy(url: str, timeout: float = 120) -> float:
    """Seconds until the server at ``url`` answers its health check."""
    started = time.monotonic()
    while time.monotonic() < started + timeout:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


@contextmanager
def browser():
    """Headless Chromium (the Debian package), as the benchmarks drive it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield launched
        finally:
            launched.close()


def new_page(launched):
    """A fresh context (nothing cached) and its page."""
    context = launched.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    return context, context.new_page()


def map_frames(page):
    # A replaced map frame is detached; evaluating in it would wait for a timeout.
    return [f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached()]


def bare_signature(page, paths: int) -> str | None:
    """Fills of three paths once a frame has drawn all ``paths`` (explore leaves out shapes without a value)."""
    for frame in map_frames(page):
        try:
            sig = frame.evaluate(
                "n => { const p = document.querySelectorAll('path.leaflet-interactive');"
                " return p.length >= n ? p[0].getAttribute('fill') + p[p.length - 1].getAttribute('fill')"
                " + p[Math.floor(p.length / 2)].getAttribute('fill') : null; }", paths)
        except Exception:  # a frame being replaced
            continue
        if sig:
            return sig
    return None


def wait(page, predicate, timeout: float = 600.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        # Playwright's own wait: it keeps processing page events (new frames); time.sleep would not.
        page.wait_for_timeout(step * 1000)
    raise TimeoutError


def choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def bare_once(launched, url: str, drawn: int, changed: int, out: dict[str, list[float]]) -> None:
    """One visit of the bare app: first map (``drawn`` paths in its colours), then a change of the
    "Wert" select box until ``changed`` paths are drawn anew; appends to ``out["bare_load"]`` and
    ``out["bare_restyle"]``."""
    context, page = new_page(launched)
    started = time.perf_counter()
    page.goto(url)
    first = wait(page, lambda: bare_signature(page, drawn))
    out["bare_load"].append(time.perf_counter() - started)
    started = time.perf_counter()
    choose(page, "Wert", "Einwohner")
    wait(page, lambda: (lambda s: s if s and s != first else None)(bare_signature(page, changed)))
    out["bare_restyle"].append(time.perf_counter() - started)
    context.close()
