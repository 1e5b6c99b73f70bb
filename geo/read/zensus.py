"""The Zensus 2022 grid: official grid CSVs in, cells of one municipality out.

The statistical offices publish census results per grid cell of the
INSPIRE grid in EPSG:3035 (100 m, 1 km, 10 km), as ``;``-separated CSVs with
a decimal comma::

    GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen
    CRS3035RES100mN2691700E4341100;4341150;2691750;12,5;

The national files are large, so they are read in chunks and each chunk is cut
to the municipality's bounding box before anything else. A cell is an exact
square built from its id (``N``/``E`` are the lower-left corner) or, without an
id, from its centre. Secrecy markers (``–``, ``.``, ``/``, ``x``) and cells
missing from a file are missing values, never 0. Several files join on the
cell id; a share is recomputed from counts where both counts are present.

Command line::

    python -m geo.grid import Zensus2022_Bevoelkerungszahl.zip Auslaenderanteil_in_Gitterzellen.zip --within kaiserslautern

Exit code 0 on success, 2 with a German and English message on bad input.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = [
    "CRS",
    "LICENCE",
    "ATTRIBUTION",
    "Grid",
    "GridError",
    "ROLES",
    "cell_squares",
    "parse_cell_ids",
    "parse_values",
    "read_grid",
    "read_grid_csv",
]

CRS = "EPSG:3035"
LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
ATTRIBUTION = "© Statistische Ämter des Bundes und der Länder, Zensus 2022"
CHUNK_ROWS = 200_000
_ID = re.compile(r"^gitter_id_(100m|1km|10km)$", re.IGNORECASE)
_CELL = r"RES(\d+)mN(\d+)E(\d+)"
_SIZES = {"100m": 100, "1km": 1000, "10km": 10000}
_MARKS = "werterlaeuternde_zeichen"

# Column roles by normalised name (lower case, no "_"): which counts and shares
# the grid files carry. A table, so a new file type is a new row.
ROLES: dict[str, tuple[str, ...]] = {
    "population": ("einwohner", "insgesamtbevoelkerung", "bevoelkerung"),
    "foreigners": ("auslaender", "anzahlauslaender", "auslaenderinsgesamt"),
    "foreign_share": ("anteilauslaender", "auslaenderanteil"),
}


class GridError(ValueError):
    """A grid file cannot be used; the message is in German and English."""


@dataclass(frozen=True)
class Grid:
    """Cells of one municipality: index cell id; ``x``, ``y`` centre; values; square geometry (EPSG:3035)."""

    cells: gpd.GeoDataFrame
    size: int
    provenance: dict = field(default_factory=dict)

    @property
    def value_columns(self) -> list[str]:
        return [c for c in self.cells.columns if c not in ("x", "y", "marks", "geometry")]

    def role(self, role: str) -> str | None:
        """The column holding ``population``, ``foreigners`` or ``foreign_share``, if any."""
        return _role_column(self.value_columns, role)


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "").replace(" ", "")


def _role_column(columns: Iterable[str], role: str) -> str | None:
    names = ROLES[role]
    return next((c for c in columns if _norm(c) in names), None)


def parse_cell_ids(ids: pd.Series) -> pd.DataFrame:
    """``size``, ``north``, ``east`` (lower-left corner, metres) of each INSPIRE cell id; NaN if not an id.

    >>> parse_cell_ids(pd.Series(["CRS3035RES100mN2691700E4341100"])).iloc[0].tolist()
    [100.0, 2691700.0, 4341100.0]
    """
    parts = ids.astype(str).str.extract(_CELL).astype(float)
    parts.columns = ["size", "north", "east"]
    return parts


def parse_values(values: pd.Series) -> pd.Series:
    """German-formatted numbers to floats; secrecy markers and anything else that is not a number -> NaN.

    >>> parse_values(pd.Series(["12,5", "–", ".", "1.234", ""])).tolist()
    [12.5, nan, nan, 1234.0, nan]
    """
    text = values.astype("string").str.strip()
    thousands = text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?").fillna(False)
    text = text.where(~thousands, text.str.replace(".", "", regex=False))
    text = text.where(text.str.fullmatch(r"-?\d+(,\d+)?|-?\d+\.\d+").fillna(False))  # "." alone is secrecy
    return pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype(float)


def cell_squares(x: np.ndarray, y: np.ndarray, size: int) -> np.ndarray:
    """Exact squares of side ``size`` around the centres ``x``, ``y`` (EPSG:3035 metres)."""
    half = size / 2
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return shapely.box(x - half, y - half, x + half, y + half)


def _columns(header: list[str], name: str) -> tuple[str | None, str | None, str | None, int | None]:
    ident = next((c for c in header if _ID.match(c)), None)
    xs = next((c for c in header if c.lower().startswith("x_mp_")), None)
    ys = next((c for c in header if c.lower().startswith("y_mp_")), None)
    size = None
    for column in (ident, xs):
        if column:
            suffix = column.lower().rsplit("_", 1)[-1]
            size = _SIZES.get(suffix, size)
    if ident is None and (xs is None or ys is None):
        raise GridError(
            f"{name}: keine Zensus-Gitterdatei (Spalte GITTER_ID_100m/1km/10km oder x_mp_/y_mp_ fehlt; "
            f"vorhanden: {', '.join(header)}). / {name}: not a Zensus grid file (no GITTER_ID or x_mp_/y_mp_ column)."
        )
    return ident, xs, ys, size


def _check_crs(ids: pd.Series, name: str) -> None:
    """Cell ids of another reference system than EPSG:3035 (``CRS25832RES…``) would land far off: refuse them."""
    crs = ids.astype(str).str.extract(r"^\s*CRS(\d+)", expand=False).dropna()
    wrong = crs[crs != "3035"]
    if len(wrong):
        example = str(ids.loc[wrong.index[0]]).strip()
        raise GridError(
            f"{name}: die Zellkennung „{example}“ gehört zum Bezugssystem EPSG:{wrong.iloc[0]}; die Zensus-Gitter "
            f"verwenden EPSG:3035 (CRS3035RES…). / the cell id '{example}' uses EPSG:{wrong.iloc[0]}; the "
            f"Zensus grids use EPSG:3035 (CRS3035RES…)."
        )


def read_grid_csv(
    handle,
    name: str,
    bbox: tuple[float, float, float, float] | None = None,
    chunksize: int = CHUNK_ROWS,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[pd.DataFrame, int]:
    """One grid CSV (path or binary handle) cut to ``bbox`` (EPSG:3035): cells indexed by id, and its cell size.

    Rows are read ``chunksize`` at a time; ``progress(name, rows_read, rows_kept)`` after each chunk.
    """
    try:
        reader = pd.read_csv(
            handle, sep=";", dtype=str, keep_default_na=False, chunksize=chunksize,
            encoding="utf-8-sig", encoding_errors="replace",
        )
        parts, read, kept, size, header = [], 0, 0, None, None
        for chunk in reader:
            chunk.columns = [c.strip() for c in chunk.columns]
            if header is None:
                header = list(chunk.columns)
                ident, xs, ys, size = _columns(header, name)
            if ident is not None:
                _check_crs(chunk[ident], name)
            part = _chunk_cells(chunk, ident, xs, ys, size, bbox)
            read += len(chunk)
            kept += len(part)
            if size is None and len(part):
                size = int(part["_size"].iloc[0])
            part = part.drop(columns="_size")
            parts.append(part)
            if progress:
                progress(name, read, kept)
    except (pd.errors.ParserError, UnicodeError, ValueError) as exc:
        if isinstance(exc, GridError):
            raise
        raise GridError(f"{name}: Datei kann nicht gelesen werden ({exc}). / file cannot be read ({exc}).") from exc
    if header is None:
        raise GridError(f"{name}: die Datei ist leer. / the file is empty.")
    cells = pd.concat(parts) if parts else pd.DataFrame()
    return cells[~cells.index.duplicated()], int(size or 0)


def _chunk_cells(chunk, ident, xs, ys, size, bbox) -> pd.DataFrame:
    if bbox is not None and xs is not None and ys is not None:
        # A cheap first cut on the centre coordinates (national files: millions of rows, a city: thousands);
        # rows whose coordinates do not parse stay, their id may still place them.
        cx = pd.to_numeric(chunk[xs].str.replace(",", ".", regex=False), errors="coerce")
        cy = pd.to_numeric(chunk[ys].str.replace(",", ".", regex=False), errors="coerce")
        margin = float(size or 10_000)
        near = (cx > bbox[0] - margin) & (cx < bbox[2] + margin) & (cy > bbox[1] - margin) & (cy < bbox[3] + margin)
        chunk = chunk[near | cx.isna() | cy.isna()]
    if ident is not None:
        parsed = parse_cell_ids(chunk[ident])
        cell_size = parsed["size"].fillna(size or np.nan)
        x = parsed["east"] + cell_size / 2
        y = parsed["north"] + cell_size / 2
    else:
        x = y = cell_size = pd.Series(np.nan, index=chunk.index)
    if xs is not None and ys is not None:  # centre coordinates where the id does not say
        x = x.fillna(parse_values(chunk[xs]))
        y = y.fillna(parse_values(chunk[ys]))
        cell_size = cell_size.fillna(float(size or 100))
    usable = x.notna() & y.notna()
    if bbox is not None:
        minx, miny, maxx, maxy = bbox
        half = cell_size / 2
        usable &= (x + half > minx) & (x - half < maxx) & (y + half > miny) & (y - half < maxy)
    chunk, x, y, cell_size = chunk[usable], x[usable], y[usable], cell_size[usable]
    ids = [
        f"CRS3035RES{int(s)}mN{int(round(b - s / 2))}E{int(round(a - s / 2))}" for a, b, s in zip(x, y, cell_size)
    ]
    out = pd.DataFrame({"x": x.to_numpy(), "y": y.to_numpy(), "_size": cell_size.to_numpy()}, index=pd.Index(ids, name="cell"))
    skip = {c for c in (ident, xs, ys) if c}
    for column in chunk.columns:
        if column in skip:
            continue
        if column.lower() == _MARKS:
            out["marks"] = chunk[column].str.strip().to_numpy()
        else:
            out[column] = parse_values(chunk[column]).to_numpy()
    return out


def _csv_members(path: Path) -> Iterator[tuple[str, object]]:
    """(name, readable) for a CSV file or for each CSV inside a zip."""
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise GridError(f"{path.name}: kein gültiges ZIP-Archiv. / not a valid zip archive.") from exc
        with archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv") and not n.startswith("__MACOSX")]
            if not names:
                raise GridError(f"{path.name}: das Archiv enthält keine CSV-Datei. / the archive holds no CSV file.")
            for member in names:
                with archive.open(member) as handle:
                    yield Path(member).name, io.BufferedReader(handle)
    elif path.is_file():
        yield path.name, path
    else:
        raise GridError(f"{path}: Datei nicht gefunden. / file not found.")


def read_grid(
    paths: Iterable[str | Path],
    area: shapely.Geometry,
    progress: Callable[[str, int, int], None] | None = None,
    chunksize: int = CHUNK_ROWS,
) -> Grid:
    """Cells of all ``paths`` (CSV or zip) that intersect ``area`` (EPSG:3035), joined on the cell id."""
    bbox = tuple(float(v) for v in shapely.bounds(area))
    frames, files, size = [], [], None
    for path in map(Path, paths):
        for name, handle in _csv_members(path):
            cells, file_size = read_grid_csv(handle, name, bbox, chunksize, progress)
            if size is not None and file_size and file_size != size:
                raise GridError(
                    f"{name}: Zellgröße {file_size} m passt nicht zu {size} m der anderen Dateien. / "
                    f"cell size {file_size} m does not match {size} m of the other files."
                )
            size = size or file_size
            clash = [c for c in cells.columns if c not in ("x", "y") and any(c in f.columns for f in frames)]
            if "marks" in clash:
                cells = cells.rename(columns={"marks": f"marks_{len(frames)}"})
            cells = cells.rename(columns={c: f"{c} ({Path(name).stem})" for c in clash if c != "marks"})
            frames.append(cells)
            files.append({"file": name, "archive": path.name, "columns": [c for c in cells.columns if c not in ("x", "y")]})
    if not frames:
        raise GridError("Keine Gitterdatei angegeben. / no grid file given.")
    joined = _join(frames)
    squares = cell_squares(joined["x"].to_numpy(), joined["y"].to_numpy(), size or 100)
    shapely.prepare(area)
    inside = shapely.intersects(area, squares) & ~shapely.touches(area, squares)
    cells = gpd.GeoDataFrame(joined[inside], geometry=squares[inside], crs=CRS)
    cells = _recompute_share(cells)
    provenance = {
        "files": files,
        "cell_size_m": int(size or 100),
        "cells": int(len(cells)),
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "source": "Zensus 2022, Ergebnisse im Gitter (www.zensus2022.de)",
    }
    return Grid(cells=cells, size=int(size or 100), provenance=provenance)


def _join(frames: list[pd.DataFrame]) -> pd.DataFrame:
    ids = frames[0].index
    for frame in frames[1:]:
        ids = ids.union(frame.index)
    joined = pd.DataFrame(index=ids)
    joined["x"] = np.nan
    joined["y"] = np.nan
    marks = []
    for frame in frames:
        joined["x"] = joined["x"].fillna(frame["x"].reindex(ids))
        joined["y"] = joined["y"].fillna(frame["y"].reindex(ids))
        for column in frame.columns.drop(["x", "y"]):
            if column.startswith("marks"):
                marks.append(frame[column].reindex(ids).fillna(""))
            else:
                joined[column] = frame[column].reindex(ids)  # cells a file lacks stay missing, never 0
    if marks:
        joined["marks"] = [" ".join(dict.fromkeys(m for m in row if m)) for row in zip(*marks)]
    return joined.sort_index()


def _recompute_share(cells: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    columns = [c for c in cells.columns if c not in ("x", "y", "marks", "geometry")]
    population, foreigners = _role_column(columns, "population"), _role_column(columns, "foreigners")
    if not (population and foreigners):
        return cells
    share = _role_column(columns, "foreign_share") or "AnteilAuslaender"
    counts = cells[foreigners] / cells[population].where(cells[population] > 0) * 100.0
    cells[share] = counts.where(counts.notna(), cells[share] if share in cells else np.nan)
    return cells
