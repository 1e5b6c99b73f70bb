"""The map with a 14,000-cell grid, side by side with a bare gdf.explore() + st_folium app.

    ANKUNFTSATLAS_MIRROR=/path/to/mirror .venv/bin/python benchmarks/grid.py [--runs 3] [--no-browser]

The grid is SYNTHETIC: every 100 m cell over Kaiserslautern's boundary (from
ANKUNFTSATLAS_MIRROR) with random values written in the official Zensus file
format (tests/grid_fixture.py) -- not census data. Both apps read the same cells.

Measured in one run, alternating the two apps, medians of ``--runs``:

- server rerun after a change of indicator (AppTest, no browser);
- first map in Chromium: navigation until the grid is drawn (the atlas opened
  with a link to its grid view, ``?layer=grid``). Each app is started the way it
  is served: the atlas as ``make run`` starts it (``server.py``, which does the
  first visit's work before it answers), the bare app with ``streamlit run``;
  the time each server takes to answer is printed too;
- change of indicator in Chromium: choosing the other value until the map is
  drawn in its new colours.

The bare app uses ``gdf.explore(column=..., scheme="quantiles")`` with Leaflet
served locally by the same kind of Streamlit server (no CDN, no tiles).
Then, in the same run, the atlas with a Berlin-size SYNTHETIC grid of about 100,000 cells
(a 31.6 km square around Kaiserslautern, same file format, random values) is measured the
same way (first map, change of indicator in Chromium; ``--scale-cells`` to change the size).

The last lines are ``restyle_ratio=`` and ``load_ratio=`` (atlas ÷ bare, 14k cells) and
``scale_first_map=`` and ``scale_restyle=`` (atlas with 100k cells ÷ atlas with 14k cells;
target ≤ 1.5).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.grid_fixture import SYNTHETIC, synthetic_grid_into, write_synthetic_grid  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
COLUMNS = ("AnteilAuslaender", "Einwohner")
LABELS = {"AnteilAuslaender": "Anteil Ausländer (Zensus 2022)", "Einwohner": "Einwohner (Zensus 2022)"}

BARE_APP = '''
import os

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium


@st.cache_data
def cells():
    return gpd.read_file(os.environ["BARE_GRID"], layer="grid").to_crs(4326)


gdf = cells()
column = st.selectbox("Wert", ["AnteilAuslaender", "Einwohner"], key="column")
m = gdf.explore(column=column, scheme="quantiles", k=5, cmap="YlGnBu", tiles=None, legend=False)
base = "../../app/static/vendor/leaflet"  # Leaflet served locally, as in the atlas
m.default_js = [("leaflet", f"{base}/leaflet.js")]
m.default_css = [("leaflet_css", f"{base}/leaflet.css")]
st_folium(m, height=520, use_container_width=True, returned_objects=[])
'''


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _fmt(values: list[float]) -> str:
    return f"median {_median(values):.2f} s  (" + ", ".join(f"{v:.2f}" for v in values) + ")"


def server_reruns(app: Path, bare: Path, runs: int) -> tuple[list[float], list[float]]:
    from streamlit.testing.v1 import AppTest

    ours = AppTest.from_file(str(app), default_timeout=300)
    ours.run()
    ours.radio(key="layer").set_value("grid").run()
    plain = AppTest.from_file(str(bare), default_timeout=300)
    plain.run()
    atlas, base = [], []
    for i in range(runs * 2):  # the first change of each column warms the caches; keep the later ones
        column = COLUMNS[(i + 1) % 2]
        start = time.perf_counter()
        ours.selectbox(key="grid_indicator").set_value(column).run()
        took = time.perf_counter() - start
        assert not ours.exception, ours.exception
        if i >= 2 or runs == 1:
            atlas.append(took)
        start = time.perf_counter()
        plain.selectbox(key="column").set_value(column).run()
        took = time.perf_counter() - start
        assert not plain.exception, plain.exception
        if i >= 2 or runs == 1:
            base.append(took)
    return atlas[:runs], base[:runs]


def _start(script: Path, cwd: Path, env: dict, port: int, log: Path) -> subprocess.Popen:
    out = open(log, "wb")
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.enableStaticServing", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
    )


def _healthy(url: str, timeout: float = 120) -> float:
    """Seconds until the server at ``url`` answers its health check."""
    start = time.monotonic()
    while time.monotonic() < start + timeout:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return time.monotonic() - start
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def _map_frames(page):
    # A replaced map frame is detached; evaluating in it would wait for a timeout.
    return [f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached()]


def _bare_signature(page, cells: int) -> str | None:
    """Fills of three paths once a frame has drawn all ``cells`` (explore leaves out cells without a value)."""
    for frame in _map_frames(page):
        try:
            sig = frame.evaluate(
                "n => { const p = document.querySelectorAll('path.leaflet-interactive');"
                " return p.length >= n ? p[0].getAttribute('fill') + p[p.length - 1].getAttribute('fill')"
                " + p[Math.floor(p.length / 2)].getAttribute('fill') : null; }", cells)
        except Exception:  # a frame being replaced
            continue
        if sig:
            return sig
    return None


def _wait(page, predicate, timeout: float = 600.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        # Playwright's own wait: it keeps processing page events (new frames); time.sleep would not.
        page.wait_for_timeout(step * 1000)
    raise TimeoutError


def _choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def _atlas_once(browser, atlas_url: str, out: dict[str, list[float]], prefix: str = "atlas") -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{atlas_url}/?layer=grid")  # a shared link to the grid view
    frame = _wait(page, lambda: next((f for f in _map_frames(page) if _drawn(f) > 0), None))
    out.setdefault(f"{prefix}_load", []).append(time.perf_counter() - start)
    before = _drawn(frame)
    start = time.perf_counter()
    _choose(page, "Wert im Raster", LABELS["Einwohner"])
    _wait(page, lambda: _drawn(frame) > before)
    out.setdefault(f"{prefix}_restyle", []).append(time.perf_counter() - start)
    context.close()


def scale_runs(atlas_url: str, runs: int) -> dict[str, list[float]]:
    """First map and change of indicator of the atlas alone (the 100k-cell grid)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(runs):
            _atlas_once(browser, atlas_url, out, "scale")
        browser.close()
    return out


def scale_grid(centre: tuple[float, float], cells: int, work: Path, target: Path):
    """A SYNTHETIC square grid of about ``cells`` 100 m cells around ``centre`` (EPSG:3035), saved to ``target``."""
    import shapely

    from geo.read.zensus import Grid, read_grid
    from geo.store.gridstore import save_grid

    half = (cells ** 0.5) * 100 / 2
    area = shapely.box(centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half)
    grid = read_grid(write_synthetic_grid(area, work, seed=100_000), area)
    grid = Grid(grid.cells, grid.size, {**grid.provenance, "source": SYNTHETIC, "imported_at": "synthetic-scale"})
    save_grid(grid, target)
    return grid


def browser_runs(atlas_url: str, bare_url: str, cells: int, drawn: int, runs: int) -> dict[str, list[float]]:
    """``cells`` paths when every cell has a value (population), ``drawn`` for the first column (share)."""
    from playwright.sync_api import sync_playwright

    out = {"atlas_load": [], "bare_load": [], "atlas_restyle": [], "bare_restyle": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(runs):
            _atlas_once(browser, atlas_url, out)
            # --- bare ---
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
            page = context.new_page()
            start = time.perf_counter()
            page.goto(bare_url)
            first = _wait(page, lambda: _bare_signature(page, drawn))
            out["bare_load"].append(time.perf_counter() - start)
            start = time.perf_counter()
            _choose(page, "Wert", "Einwohner")
            _wait(page, lambda: (lambda s: s if s and s != first else None)(_bare_signature(page, cells)))
            out["bare_restyle"].append(time.perf_counter() - start)
            context.close()
        browser.close()
    return out


def _drawn(frame) -> int:
    try:
        return int(frame.evaluate("() => +(document.body.getAttribute('data-atlas-grid-drawn') || 0)"))
    except Exception:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="only the server reruns")
    parser.add_argument("--port", type=int, default=8611, help="first of three free ports for the servers")
    parser.add_argument("--scale-cells", type=int, default=100_000, help="cells of the Berlin-size grid (0: skip)")
    args = parser.parse_args(argv)
    mirror = os.environ.get("ANKUNFTSATLAS_MIRROR")
    if not mirror or not (Path(mirror) / "ortsbezirke.geojson").is_file():
        print("ANKUNFTSATLAS_MIRROR must name the folder with ortsbezirke.geojson", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="grid-bench-"))
    data = work / "data"
    grid = synthetic_grid_into(Path(mirror) / "ortsbezirke.geojson", data / "grids" / "kaiserslautern", work / "src")
    cells = len(grid.cells)
    bare_dir = work / "bare"
    # A copy, not a symlink: Streamlit's static serving refuses files outside its folder.
    shutil.copytree(REPO / "static" / "vendor" / "leaflet", bare_dir / "static" / "vendor" / "leaflet")
    (bare_dir / "bare_app.py").write_text(BARE_APP, encoding="utf-8")
    env = {**os.environ, "ANKUNFTSATLAS_DATA_DIR": str(data), "ANKUNFTSATLAS_CACHE": str(work / "cache"),
           "BARE_GRID": str(data / "grids" / "kaiserslautern" / "grid.gpkg")}
    env.pop("ANKUNFTSATLAS_MODE", None)
    os.environ.update({k: env[k] for k in ("ANKUNFTSATLAS_DATA_DIR", "ANKUNFTSATLAS_CACHE", "BARE_GRID")})
    print(f"grid: {cells} cells of {grid.size} m, SYNTHETIC random values (not census data)")

    atlas_rerun, bare_rerun = server_reruns(REPO / "dashboard.py", bare_dir / "bare_app.py", args.runs)
    print(f"server rerun, change of indicator (AppTest)  atlas: {_fmt(atlas_rerun)}")
    print(f"server rerun, change of indicator (AppTest)  bare:  {_fmt(bare_rerun)}")
    figures = None
    if not args.no_browser and Path(CHROMIUM).exists():
        # One after the other, so that neither start-up slows the other's.
        servers = [_start(REPO / "server.py", REPO, env, args.port, work / "atlas.log")]
        try:
            ready = {"atlas": _healthy(f"http://127.0.0.1:{args.port}")}
            servers.append(_start(bare_dir / "bare_app.py", bare_dir, env, args.port + 1, work / "bare.log"))
            ready["bare"] = _healthy(f"http://127.0.0.1:{args.port + 1}")
            drawn = int(grid.cells[COLUMNS[0]].notna().sum())
            figures = browser_runs(f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}", cells, drawn, args.runs)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
        print(f"server answers after start  atlas: {ready['atlas']:.2f} s (server.py: imports, database, "
              f"dataset and grid loaded first)")
        print(f"server answers after start  bare:  {ready['bare']:.2f} s")
        print(f"first map in Chromium       atlas: {_fmt(figures['atlas_load'])}")
        print(f"first map in Chromium       bare:  {_fmt(figures['bare_load'])}")
        print(f"change of indicator, Chromium atlas: {_fmt(figures['atlas_restyle'])}")
        print(f"change of indicator, Chromium bare:  {_fmt(figures['bare_restyle'])}")
        if args.scale_cells:
            import geopandas as gpd

            from geo.read.zensus import CRS

            centre = gpd.read_file(Path(mirror) / "ortsbezirke.geojson").to_crs(CRS).union_all().centroid
            data100 = work / "data100"
            big = scale_grid((centre.x, centre.y), args.scale_cells, work / "src100", data100 / "grids" / "kaiserslautern")
            env100 = {**env, "ANKUNFTSATLAS_DATA_DIR": str(data100), "ANKUNFTSATLAS_CACHE": str(work / "cache100")}
            server = _start(REPO / "server.py", REPO, env100, args.port + 2, work / "atlas100.log")
            try:
                ready["scale"] = _healthy(f"http://127.0.0.1:{args.port + 2}", timeout=300)
                figures.update(scale_runs(f"http://127.0.0.1:{args.port + 2}", args.runs))
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(f"Berlin-size grid: {len(big.cells)} cells, SYNTHETIC; server answers after {ready['scale']:.2f} s")
            print(f"first map in Chromium       atlas {len(big.cells)} cells: {_fmt(figures['scale_load'])}")
            print(f"change of indicator, Chromium atlas {len(big.cells)} cells: {_fmt(figures['scale_restyle'])}")
    print(f"rerun_ratio={_median(atlas_rerun) / _median(bare_rerun):.3f}")
    if figures:
        print(f"restyle_ratio={_median(figures['atlas_restyle']) / _median(figures['bare_restyle']):.3f}")
        print(f"load_ratio={_median(figures['atlas_load']) / _median(figures['bare_load']):.3f}")
        if "scale_load" in figures:
            print(f"scale_first_map={_median(figures['scale_load']) / _median(figures['atlas_load']):.3f}")
            print(f"scale_restyle={_median(figures['scale_restyle']) / _median(figures['atlas_restyle']):.3f}")
    else:
        print("restyle_ratio=n/a (no browser)")
        print("load_ratio=n/a (no browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
