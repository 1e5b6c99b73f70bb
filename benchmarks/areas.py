"""A city of 14,000 blocks imported as areas, side by side with a bare gdf.explore() + st_folium app.

    ANKUNFTSATLAS_MIRROR=/path/to/mirror .venv/bin/python benchmarks/areas.py [--runs 3] [--no-browser]

The dataset is SYNTHETIC: 120 x 117 = 14,040 square "blocks" of 100 m near Kaiserslautern
(tests/realistic.grid_areas) with random residents and foreigners -- not real data. It is imported
into a temporary data folder with the atlas's own command line (``python -m geo.ingest``); the
bare app reads the same blocks and the same values from a GeoPackage written here.

Above ``geo.maps.arealayer.CANVAS_AREAS`` areas the atlas draws the areas on one canvas
(static/js/atlas-map.js) and restyles them from a compact update; the bare app sends and draws
14,040 GeoJSON features with their styles and tooltips (as folium does). Measured in one run,
alternating the two apps, medians of ``--runs`` (benchmarks/harness.py, shared with benchmarks/grid.py):

- server rerun after a change of indicator (AppTest, no browser);
- first map in Chromium: navigation until the areas are drawn in their colours;
- change of indicator in Chromium: choosing the other indicator until the map is drawn anew.

The last lines are ``areas_rerun_ratio=``, ``areas_restyle_ratio=`` and ``areas_load_ratio=``
(atlas ÷ bare).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.harness import (  # noqa: E402
    CHROMIUM, bare_once, browser, choose, fmt, healthy, map_frames, median, new_page, server_reruns, start,
    wait, write_bare_app,
)
from tests.realistic import block_city  # noqa: E402

COLS, ROWS = 120, 117  # 14,040 areas
DATASET = "blockstadt"
VALUES = ("Anteil", "Einwohner")  # the atlas's indicators and the bare app's columns
BARE_READER = 'gpd.read_file(os.environ["BARE_AREAS"])'


def synthetic_blocks(work: Path, data: Path) -> int:
    """Write the SYNTHETIC blocks (tests/realistic.block_city) and the bare app's GeoPackage; import them."""
    from geo.store.ingest import main

    city = block_city(work / "blocks", COLS, ROWS)
    bare = city.frame.to_crs(4326)
    bare["Anteil"] = np.round(100 * bare["Ausländer"] / bare["Einwohner"], 1)
    bare[["PLR_ID", "PLR_NAME", "Einwohner", "Anteil", "geometry"]].to_file(work / "bare.gpkg")
    os.environ["ANKUNFTSATLAS_DATA_DIR"] = str(data)
    code = main(["--boundaries", str(city.boundaries), "--indicators", str(city.table), "--share", city.share,
                 "--name", DATASET, "--municipality", "Blockstadt", "--unit-label", "Baublöcke"])
    if code != 0:
        raise RuntimeError("import of the synthetic blocks failed")
    return len(city.frame)


def atlas_and_bare_reruns(app: Path, bare: Path, runs: int) -> tuple[list[float], list[float]]:
    from streamlit.testing.v1 import AppTest

    ours = AppTest.from_file(str(app), default_timeout=300)
    ours.query_params["ds"] = DATASET
    ours.run()
    plain = AppTest.from_file(str(bare), default_timeout=300)
    plain.run()
    return server_reruns(ours, plain, lambda at, value: at.selectbox(key="indicator").set_value(value).run(), VALUES, runs)


def _styled(frame) -> int:
    try:
        return int(frame.evaluate("() => +(document.body.getAttribute('data-atlas-areas-styled') || 0)"))
    except Exception:  # a frame being replaced
        return 0


def browser_runs(atlas_url: str, bare_url: str, areas: int, runs: int) -> dict[str, list[float]]:
    out = {"atlas_load": [], "bare_load": [], "atlas_restyle": [], "bare_restyle": []}
    with browser() as launched:
        for _ in range(runs):
            context, page = new_page(launched)
            started = time.perf_counter()
            page.goto(f"{atlas_url}/?ds={DATASET}")
            frame = wait(page, lambda: next((f for f in map_frames(page) if _styled(f) > 0), None))
            out["atlas_load"].append(time.perf_counter() - started)
            before = _styled(frame)
            started = time.perf_counter()
            choose(page, "Indikator", "Einwohner")
            wait(page, lambda: _styled(frame) > before)
            out["atlas_restyle"].append(time.perf_counter() - started)
            context.close()
            bare_once(launched, bare_url, areas, areas, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="only the server reruns")
    parser.add_argument("--port", type=int, default=8621, help="first of two free ports for the servers")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="areas-bench-"))
    data = work / "data"
    os.environ["ANKUNFTSATLAS_CACHE"] = str(work / "cache")  # the import stores the map's display geometry there
    areas = synthetic_blocks(work, data)
    bare_dir = work / "bare"
    write_bare_app(bare_dir, BARE_READER, VALUES)
    env = {**os.environ, "ANKUNFTSATLAS_DATA_DIR": str(data), "ANKUNFTSATLAS_CACHE": str(work / "cache"),
           "BARE_AREAS": str(work / "bare.gpkg")}
    env.pop("ANKUNFTSATLAS_MODE", None)
    os.environ.update({k: env[k] for k in ("ANKUNFTSATLAS_DATA_DIR", "ANKUNFTSATLAS_CACHE", "BARE_AREAS")})
    print(f"areas: {areas} square blocks of 100 m, SYNTHETIC random values (not real data)")
    atlas_rerun, bare_rerun = atlas_and_bare_reruns(REPO / "dashboard.py", bare_dir / "bare_app.py", args.runs)
    print(f"server rerun, change of indicator (AppTest)  atlas: {fmt(atlas_rerun)}")
    print(f"server rerun, change of indicator (AppTest)  bare:  {fmt(bare_rerun)}")
    figures = None
    if not args.no_browser and Path(CHROMIUM).exists():
        servers = [start(REPO / "server.py", REPO, env, args.port, work / "atlas.log")]
        try:
            ready = {"atlas": healthy(f"http://127.0.0.1:{args.port}")}
            servers.append(start(bare_dir / "bare_app.py", bare_dir, env, args.port + 1, work / "bare.log"))
            ready["bare"] = healthy(f"http://127.0.0.1:{args.port + 1}")
            figures = browser_runs(f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}", areas, args.runs)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
        print(f"first map in Chromium       atlas: {fmt(figures['atlas_load'])}")
        print(f"first map in Chromium       bare:  {fmt(figures['bare_load'])}")
        print(f"change of indicator, Chromium atlas: {fmt(figures['atlas_restyle'])}")
        print(f"change of indicator, Chromium bare:  {fmt(figures['bare_restyle'])}")
    print(f"areas_rerun_ratio={median(atlas_rerun) / median(bare_rerun):.3f}")
    if figures:
        print(f"areas_restyle_ratio={median(figures['atlas_restyle']) / median(figures['bare_restyle']):.3f}")
        print(f"areas_load_ratio={median(figures['atlas_load']) / median(figures['bare_load']):.3f}")
    else:
        print("areas_restyle_ratio=n/a (no browser)")
        print("areas_load_ratio=n/a (no browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
