"""SYNTHETIC grid test fixture: random values in the official Zensus grid file format.

Nothing here is Zensus data. The cells cover a given area (the city boundary
from ANKUNFTSATLAS_MIRROR) and the values are random, so that the map can be
tested and measured at the real size (~14,000 cells for Kaiserslautern).
Used by tests/ and benchmarks/grid.py.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.read.zensus import CRS, Grid, read_grid
from geo.store.gridstore import save_grid

__all__ = ["SYNTHETIC", "synthetic_grid_into", "write_synthetic_grid", "write_synthetic_grid_2011"]

SYNTHETIC = "SYNTHETISCHE TESTDATEN – keine Zensusdaten / SYNTHETIC TEST DATA – not census data"


def write_synthetic_grid(area: shapely.Geometry, folder: Path, seed: int = 2022, size: int = 100) -> list[Path]:
    """Two CSVs in the official format (population; share of foreigners) over every cell of ``area``'s box."""
    minx, miny, maxx, maxy = shapely.bounds(area)
    east = np.arange(np.floor(minx / size) * size, maxx, size)
    north = np.arange(np.floor(miny / size) * size, maxy, size)
    ee, nn = (a.ravel().astype(int) for a in np.meshgrid(east, north))
    rng = np.random.default_rng(seed)
    population = rng.integers(3, 250, len(ee))
    share = rng.gamma(2.0, 6.0, len(ee)).clip(0, 100)
    secret = rng.random(len(ee)) < 0.08  # some cells confidential, written as the official "–"
    ids = [f"CRS3035RES{size}mN{n}E{e}" for e, n in zip(ee, nn)]
    folder.mkdir(parents=True, exist_ok=True)
    pop_path = folder / "SYNTHETISCH_Bevoelkerungszahl_100m-Gitter.csv"
    share_path = folder / "SYNTHETISCH_Anteil_Auslaender_100m-Gitter.csv"
    pop_lines = ["GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner"]
    share_lines = ["GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen"]
    for i, cell in enumerate(ids):
        x, y = ee[i] + size // 2, nn[i] + size // 2
        pop_lines.append(f"{cell};{x};{y};{population[i]}")
        value = "–" if secret[i] else f"{share[i]:.1f}".replace(".", ",")
        share_lines.append(f"{cell};{x};{y};{value};")
    pop_path.write_text("\n".join(pop_lines) + "\n", encoding="utf-8")
    share_path.write_text("\n".join(share_lines) + "\n", encoding="utf-8")
    return [pop_path, share_path]


def synthetic_grid_into(boundary_path: Path, target: Path, work: Path, seed: int = 2022) -> Grid:
    """A synthetic grid over the boundary file's area, read like real files and saved to ``target``."""
    area = gpd.read_file(boundary_path).to_crs(CRS).union_all()
    grid = read_grid(write_synthetic_grid(area, work, seed), area)
    grid = Grid(grid.cells, grid.size, {**grid.provenance, "source": SYNTHETIC, "imported_at": f"synthetic-{seed}"})
    save_grid(grid, target)
    return grid


def write_synthetic_grid_2011(area: shapely.Geometry, folder: Path, seed: int = 2011, size: int = 100) -> Path:
    """One CSV in the shape of the Zensus 2011 grid files over ``area``'s box (SYNTHETIC values).

    Short ids (``100mN26910E43410``, in units of the cell size), ``Einwohner`` and ``Auslaender_A``,
    with ``-1`` for cells without residents and ``-9`` for secret values, as the 2011 files mark them.
    """
    minx, miny, maxx, maxy = shapely.bounds(area)
    east = np.arange(np.floor(minx / size) * size, maxx, size)
    north = np.arange(np.floor(miny / size) * size, maxy, size)
    ee, nn = (a.ravel().astype(int) for a in np.meshgrid(east, north))
    rng = np.random.default_rng(seed)
    draw = rng.random(len(ee))
    label = {100: "100m", 1000: "1km", 10000: "10km"}[size]
    lines = [f"Gitter_ID_{label};x_mp_{label};y_mp_{label};Einwohner;Auslaender_A"]
    for i in range(len(ee)):
        cell = f"{label}N{nn[i] // size}E{ee[i] // size}"
        if draw[i] < 0.06:
            population, share = "-1", "-1"  # no residents
        elif draw[i] < 0.10:
            population, share = "-9", "-9"  # secret
        else:
            population = str(int(rng.integers(3, 250)))
            share = "-9" if draw[i] < 0.16 else f"{rng.gamma(2.0, 5.0):.1f}".replace(".", ",")
        lines.append(f"{cell};{ee[i] + size // 2};{nn[i] + size // 2};{population};{share}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"SYNTHETISCH_Zensus2011_Spitze_Werte_{label}-Gitter.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
