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
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.harness import (  # noqa: E402
    CHROMIUM, bare_once, browser, choose, fmt, healthy, map_frames, median, new_page, start, wait,
    write_bare_app,
)
from benchmarks.harness import server_reruns as _reruns  # noqa: E402
from tests.grid_fixture import SYNTHETIC, synthetic_grid_into, write_synthetic_grid  # noqa: E402

COLUMNS = ("AnteilAuslaender", "Einwohner")
LABELS = {"AnteilAuslaender": "Anteil Ausländer (Zensus 2022)", "Einwohner": "Einwohner (Zensus 2022)"}
BARE_READER = 'gpd.read_file(os.environ["BARE_GRID"], layer="grid").to_crs(4326)'


def server_reruns(app: Path, bare: Path, runs: int) -> tuple[list[float], list[float]]:
    from streamlit.testing.v1 import AppTest

    ours = AppTest.from_file(str(app), default_timeout=300)
    ours.run()
    ours.radio(key="layer").set_value("grid").run()
    plain = AppTest.from_file(str(bare), default_timeout=300)
    plain.run()
    return _reruns(ours, plain, lambda at, value: at.selectbox(key="grid_indicator").set_value(value).run(), COLUMNS, runs)


def _atlas_once(launched, atlas_url: str, out: dict[str, list[float]], prefix: str = "atlas") -> None:
    context, page = new_page(launched)
    started = time.perf_counter()
    page.goto(f"{atlas_url}/?layer=grid")  # a shared link to the grid view
    frame = wait(page, lambda: next((f for f in map_frames(page) if _drawn(f) > 0), None))
    out.setdefault(f"{prefix}_load", []).append(time.perf_counter() - started)
    before = _drawn(frame)
    started = time.perf_counter()
    choose(page, "Wert im Raster", LABELS["Einwohner"])
    wait(page, lambda: _drawn(frame) > before)
    out.setdefault(f"{prefix}_restyle", []).append(time.perf_counter() - started)
    context.close()


def scale_runs(atlas_url: str, runs: int) -> dict[str, list[float]]:
    """First map and change of indicator of the atlas alone (the 100k-cell grid)."""
    out: dict[str, list[float]] = {}
    with browser() as launched:
        for _ in range(runs):
            _atlas_once(launched, atlas_url, out, "scale")
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
    out = {"atlas_load": [], "bare_load": [], "atlas_restyle": [], "bare_restyle": []}
    with browser() as launched:
        for _ in range(runs):
            _atlas_once(launched, atlas_url, out)
            # --- bare ---
            bare_once(launched, bare_url, drawn, cells, out)
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
    write_bare_app(bare_dir, BARE_READER, COLUMNS)
    env = {**os.environ, "ANKUNFTSATLAS_DATA_DIR": str(data), "ANKUNFTSATLAS_CACHE": str(work / "cache"),
           "BARE_GRID": str(data / "grids" / "kaiserslautern" / "grid.gpkg")}
    env.pop("ANKUNFTSATLAS_MODE", None)
    os.environ.update({k: env[k] for k in ("ANKUNFTSATLAS_DATA_DIR", "ANKUNFTSATLAS_CACHE", "BARE_GRID")})
    print(f"grid: {cells} cells of {grid.size} m, SYNTHETIC random values (not census data)")

    atlas_rerun, bare_rerun = server_reruns(REPO / "dashboard.py", bare_dir / "bare_app.py", args.runs)
    print(f"server rerun, change of indicator (AppTest)  atlas: {fmt(atlas_rerun)}")
    print(f"server rerun, change of indicator (AppTest)  bare:  {fmt(bare_rerun)}")
    figures = None
    if not args.no_browser and Path(CHROMIUM).exists():
        # One after the other, so that neither start-up slows the other's.
        servers = [start(REPO / "server.py", REPO, env, args.port, work / "atlas.log")]
        try:
            ready = {"atlas": healthy(f"http://127.0.0.1:{args.port}")}
            servers.append(start(bare_dir / "bare_app.py", bare_dir, env, args.port + 1, work / "bare.log"))
            ready["bare"] = healthy(f"http://127.0.0.1:{args.port + 1}")
            drawn = int(grid.cells[COLUMNS[0]].notna().sum())
            figures = browser_runs(f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}", cells, drawn, args.runs)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
        print(f"server answers after start  atlas: {ready['atlas']:.2f} s (server.py: imports, database, "
              f"dataset and grid loaded first)")
        print(f"server answers after start  bare:  {ready['bare']:.2f} s")
        print(f"first map in Chromium       atlas: {fmt(figures['atlas_load'])}")
        print(f"first map in Chromium       bare:  {fmt(figures['bare_load'])}")
        print(f"change of indicator, Chromium atlas: {fmt(figures['atlas_restyle'])}")
        print(f"change of indicator, Chromium bare:  {fmt(figures['bare_restyle'])}")
        if args.scale_cells:
            import geopandas as gpd

            from geo.read.zensus import CRS

            centre = gpd.read_file(Path(mirror) / "ortsbezirke.geojson").to_crs(CRS).union_all().centroid
            data100 = work / "data100"
            big = scale_grid((centre.x, centre.y), args.scale_cells, work / "src100", data100 / "grids" / "kaiserslautern")
            env100 = {**env, "ANKUNFTSATLAS_DATA_DIR": str(data100), "ANKUNFTSATLAS_CACHE": str(work / "cache100")}
            server = start(REPO / "server.py", REPO, env100, args.port + 2, work / "atlas100.log")
            try:
                ready["scale"] = healthy(f"http://127.0.0.1:{args.port + 2}", timeout=300)
                figures.update(scale_runs(f"http://127.0.0.1:{args.port + 2}", args.runs))
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(f"Berlin-size grid: {len(big.cells)} cells, SYNTHETIC; server answers after {ready['scale']:.2f} s")
            print(f"first map in Chromium       atlas {len(big.cells)} cells: {fmt(figures['scale_load'])}")
            print(f"change of indicator, Chromium atlas {len(big.cells)} cells: {fmt(figures['scale_restyle'])}")
    print(f"rerun_ratio={median(atlas_rerun) / median(bare_rerun):.3f}")
    if figures:
        print(f"restyle_ratio={median(figures['atlas_restyle']) / median(figures['bare_restyle']):.3f}")
        print(f"load_ratio={median(figures['atlas_load']) / median(figures['bare_load']):.3f}")
        if "scale_load" in figures:
            print(f"scale_first_map={median(figures['scale_load']) / median(figures['atlas_load']):.3f}")
            print(f"scale_restyle={median(figures['scale_restyle']) / median(figures['atlas_restyle']):.3f}")
    else:
        print("restyle_ratio=n/a (no browser)")
        print("load_ratio=n/a (no browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
