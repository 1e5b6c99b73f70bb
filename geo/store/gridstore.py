"""Where a dataset's grid layer lives, and the grid import on the command line.

An imported dataset keeps its grid in its own folder
(``<data dir>/datasets/<id>/grid.gpkg``); a dataset built from the data configuration,
whose folder is rebuilt whenever its sources change, keeps it in ``<data dir>/grids/<id>/``.
``<data dir>`` is ``ANKUNFTSATLAS_DATA_DIR`` or the user data folder.

    python -m geo.grid import Zensus2022_Bevoelkerungszahl.zip Auslaenderanteil_in_Gitterzellen.zip --within <dataset id>
    python -m geo.grid import Zensus_spitze_Werte_1km-Gitter.csv --within <dataset id> --edition 2011
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd

from geo.numbers import format_number
from geo.read.zensus import CHUNK_ROWS, CRS, Grid, GridError, read_grid
from geo.store import mirror

__all__ = ["GridImport", "dataset_districts", "grid_folder", "import_grid", "load_grid", "main", "save_grid"]



def _datasets_root() -> Path:
    from geo.store.pipeline import datasets_root

    return datasets_root()


def grid_folder(dataset_id: str) -> Path:
    """The folder holding ``dataset_id``'s grid layer (it need not exist yet): the dataset's own folder,
    or ``<data folder>/grids/<id>/`` for a dataset rebuilt from the data configuration (``grid_apart``)."""
    from geo.store.datasets import UnknownDatasetError, dataset_info

    try:
        info = dataset_info(dataset_id)
    except UnknownDatasetError as exc:
        raise GridError(exc.key or str(exc), **exc.values) from None
    return _datasets_root().parent / "grids" / dataset_id if info.provenance.get("grid_apart") else info.folder


def dataset_districts(dataset_id: str) -> gpd.GeoDataFrame:
    """The dataset's map units (``key``, ``name``, geometry in EPSG:4326)."""
    from geo.store.datasets import UnknownDatasetError, dataset_boundaries

    try:
        frame = dataset_boundaries(dataset_id)
    except UnknownDatasetError as exc:
        raise GridError(exc.key or str(exc), **exc.values) from None
    if frame is None:
        raise GridError("gsterr_no_boundaries", dataset=dataset_id)
    return frame


@dataclass(frozen=True)
class GridImport:
    """The outcome of :func:`import_grid`: the grid, a report and where it was saved (``None``: dry run)."""

    grid: Grid
    report: dict
    saved: Path | None


def import_grid(
    paths: Iterable[str | Path],
    dataset_id: str,
    imported_by: str,
    progress: Callable[[str, int, int], None] | None = None,
    chunksize: int = CHUNK_ROWS,
    dry_run: bool = False,
    edition: int | None = None,
    reader: str = "auto",
) -> GridImport:
    """Read grid files into ``dataset_id``'s grid layer (the command line and the import page).

    Raises :class:`GridError` (German and English) for an unknown dataset, a file that is not a
    Zensus grid, cell ids of another reference system, and when no cell lies in the area. The
    stored grid is replaced only after the new one has been read completely and written aside
    (:func:`save_grid`), so a failure never destroys it.
    """
    districts = dataset_districts(dataset_id)
    area = districts.to_crs(CRS).union_all()
    grid = read_grid(paths, area, progress=progress, chunksize=chunksize, edition=edition, reader=reader)
    if grid.cells.empty:
        raise GridError("gsterr_no_cell")
    provenance = {**grid.provenance, "missing_reasons": grid.missing_reasons(), "dataset": dataset_id, "imported_at": datetime.now(UTC).isoformat(),
                  "imported_by": imported_by}
    report = {
        "dataset": dataset_id,
        "cells": len(grid.cells),
        "cell_size_m": grid.size,
        "columns": grid.value_columns,
        "missing": {c: int(grid.cells[c].isna().sum()) for c in grid.value_columns},
        "missing_reasons": grid.missing_reasons(),
        "edition": grid.provenance.get("edition"),
        "edition_name": grid.provenance.get("edition_name"),
        "dry_run": dry_run,
    }
    grid = Grid(grid.cells, grid.size, provenance)
    saved = None if dry_run else save_grid(grid, grid_folder(dataset_id))
    return GridImport(grid, report, saved)


def _progress(name: str, read: int, kept: int) -> None:
    def number(n: int) -> str:
        return format_number(n, 0, "de")

    print(f"\r{name}: {number(read)} Zeilen gelesen / rows read, {number(kept)} im Gebiet / in the area",
          end="", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    from geo.settings import read_settings

    parser = argparse.ArgumentParser(prog="python -m geo.grid", description="Zensus grid import (2011 and 2022)")
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="read grid CSVs (or zips of them) into a dataset's grid layer")
    imp.add_argument("paths", nargs="+", type=Path, help="Zensus grid CSV or ZIP files")
    imp.add_argument("--within", required=True, help="dataset id (the default one from data/sources.toml, or an imported dataset)")
    imp.add_argument("--chunksize", type=int, default=200_000, help="rows per chunk")
    imp.add_argument("--dry-run", action="store_true", help="read and report, store nothing")
    imp.add_argument("--edition", type=int, choices=(2011, 2022), help="Zensus edition (default: detected)")
    imp.add_argument("--reader", choices=("auto", "duckdb", "pandas"), default="auto",
                     help="auto: DuckDB for large files (filter pushed down), else pandas in chunks")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if read_settings().public and not args.dry_run:
        print("Fehler / error: öffentliche Installation: kein Import. / public deployment: no import.", file=sys.stderr)
        return 2
    try:
        result = import_grid(args.paths, args.within, getpass.getuser(), None if args.json else _progress,
                             args.chunksize, args.dry_run, args.edition, args.reader)
    except (GridError, OSError) as exc:
        print(f"\nFehler / error: {exc}", file=sys.stderr)
        return 2
    if not args.json:
        print(file=sys.stderr)
    report, grid = result.report, result.grid
    if result.saved is not None:
        report["saved"] = str(result.saved)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(f"{grid.edition.name}: {report['cells']} Zellen à {grid.size} m / cells; "
              f"Spalten / columns: {', '.join(report['columns'])}")
        for column, n in report["missing"].items():
            why = ", ".join(f"{_reason(r)} {k}" for r, k in report["missing_reasons"].get(column, {}).items())
            print(f"  {column}: {n} Zellen ohne Wert / cells without a value ({why or '-'})")
        if "saved" in report:
            print(f"gespeichert / saved: {report['saved']}")
    return 0


def _reason(key: str) -> str:
    from geo.read.zensus_editions import reason_text

    return "/".join(reason_text(key, lang) for lang in ("de", "en"))


def save_grid(grid: Grid, folder: Path) -> Path:
    """Write ``grid.gpkg`` and ``grid.json`` into ``folder``; files appear complete or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    target, meta = folder / "grid.gpkg", folder / "grid.json"
    tmp, tmp_meta = folder / ".grid.part.gpkg", folder / ".grid.part.json"
    tmp.unlink(missing_ok=True)
    grid.cells.reset_index().to_file(tmp, driver="GPKG", layer="grid")
    tmp_meta.write_text(json.dumps(grid.provenance, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    tmp.replace(target)
    tmp_meta.replace(meta)
    mirror.saved(folder)  # several server processes on one database: shared with the others
    return target


def load_grid(folder: Path) -> Grid | None:
    """The grid layer stored in ``folder``, or ``None`` if it has none."""
    target, meta = folder / "grid.gpkg", folder / "grid.json"
    if not (target.is_file() and meta.is_file()):
        return None
    cells = gpd.read_file(target, layer="grid").set_index("cell")
    provenance = json.loads(meta.read_text(encoding="utf-8"))
    return Grid(cells=cells, size=int(provenance.get("cell_size_m", 100)), provenance=provenance)
