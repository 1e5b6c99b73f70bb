"""One city out of a national 100 m grid file: today's pandas reader against the DuckDB reader.

    ANKUNFTSATLAS_MIRROR=/path/to/mirror .venv/bin/python benchmarks/grid_import.py [--rows 3500000] [--work DIR]

The national file is SYNTHETIC (not census data): ``--rows`` cells (3.5 million by default, about
the size of the published 100 m population file) in the official Zensus 2022 format
(``GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner``, ``;``, secrecy sign ``–``), every 100 m cell
over Kaiserslautern's bounding box plus random cells spread over Germany's extent in EPSG:3035.
It is written once into ``--work`` (default: a folder under the system's temporary folder) and
reused. Both readers import Kaiserslautern (its outline from ANKUNFTSATLAS_MIRROR), each in its own
process so that its peak memory is its own, in the same run; both must find the same cells.

The last lines are ``import_ratio=`` (DuckDB time ÷ pandas time; target ≤ 0.25) and
``peak_rss_mb=`` (the DuckDB reader's peak resident memory; target ≤ 1,000).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GERMANY = (4_030_000, 2_680_000, 4_680_000, 3_550_000)  # EPSG:3035 box around Germany (metres)


def write_national(path: Path, area_bounds: tuple[float, float, float, float], rows: int, seed: int = 2022) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = area_bounds
    east = np.arange(np.floor(minx / 100), np.ceil(maxx / 100), dtype=np.int64)
    north = np.arange(np.floor(miny / 100), np.ceil(maxy / 100), dtype=np.int64)
    ee, nn = (a.ravel() for a in np.meshgrid(east, north))
    city = nn * 100_000 + ee
    span_e = (GERMANY[2] - GERMANY[0]) // 100
    span_n = (GERMANY[3] - GERMANY[1]) // 100
    draw = int((rows - len(city)) * 1.05)
    keys = (rng.integers(0, span_n, draw) + GERMANY[1] // 100) * 100_000 + rng.integers(0, span_e, draw) + GERMANY[0] // 100
    keys = np.setdiff1d(np.unique(keys), city)[: rows - len(city)]
    keys = np.sort(np.concatenate([city, keys]))
    n, e = keys // 100_000 * 100, keys % 100_000 * 100
    population = rng.integers(3, 250, len(keys)).astype(str)
    population[rng.random(len(keys)) < 0.08] = "–"
    frame = pd.DataFrame({
        "GITTER_ID_100m": "CRS3035RES100mN" + pd.Series(n).astype(str) + "E" + pd.Series(e).astype(str),
        "x_mp_100m": e + 50, "y_mp_100m": n + 50, "Einwohner": population,
    })
    part = path.with_suffix(".part")
    frame.to_csv(part, sep=";", index=False)
    part.replace(path)


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's over the fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(reader: str, csv: Path, boundary: Path) -> int:
    import geopandas as gpd

    from geo.read.zensus import CRS, read_grid

    area = gpd.read_file(boundary).to_crs(CRS).union_all()
    start = time.perf_counter()
    grid = read_grid([csv], area, reader=reader)
    took = time.perf_counter() - start
    peak = _peak_mb()
    print(json.dumps({"seconds": took, "cells": len(grid.cells), "peak_rss_mb": peak,
                      "population": float(grid.cells["Einwohner"].sum())}))
    return 0


def run(reader: str, csv: Path, boundary: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", reader, str(csv), str(boundary)],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=3_500_000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "atlas-grid-import-bench")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        reader, csv, boundary = args.child
        return child(reader, Path(csv), Path(boundary))
    mirror = os.environ.get("ANKUNFTSATLAS_MIRROR")
    boundary = Path(mirror or "") / "ortsbezirke.geojson"
    if not mirror or not boundary.is_file():
        print("ANKUNFTSATLAS_MIRROR must name the folder with ortsbezirke.geojson", file=sys.stderr)
        return 2
    import geopandas as gpd

    from geo.read.zensus import CRS

    args.work.mkdir(parents=True, exist_ok=True)
    csv = args.work / f"SYNTHETISCH_Zensus2022_Bevoelkerungszahl_100m-Gitter_{args.rows}.csv"
    if not csv.is_file():
        start = time.perf_counter()
        write_national(csv, tuple(gpd.read_file(boundary).to_crs(CRS).total_bounds), args.rows)
        print(f"wrote {csv.name} ({csv.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")
    print(f"national file: {args.rows:,} rows, {csv.stat().st_size / 1e6:.0f} MB, SYNTHETIC (not census data)")
    old = run("pandas", csv, boundary)
    new = run("duckdb", csv, boundary)
    for name, figures in (("pandas (chunks of 200,000)", old), ("duckdb (filter pushed down)", new)):
        print(f"{name:30s} {figures['seconds']:6.2f} s  peak {figures['peak_rss_mb']:6.0f} MB  "
              f"{figures['cells']} cells")
    if (old["cells"], old["population"]) != (new["cells"], new["population"]):
        print(f"the readers disagree: {old} vs {new}", file=sys.stderr)
        return 1
    print(f"old_peak_rss_mb={old['peak_rss_mb']:.0f}")
    print(f"import_ratio={new['seconds'] / old['seconds']:.3f}")
    print(f"peak_rss_mb={new['peak_rss_mb']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
