"""The Zensus grid (2011 and 2022): official grid CSVs in, cells of one municipality out.

The statistical offices publish census results per grid cell of the
INSPIRE grid in EPSG:3035 (100 m, 1 km, 10 km), as ``;``-separated CSVs with
a decimal comma::

    GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen
    CRS3035RES100mN2691700E4341100;4341150;2691750;12,5;

The national files are large, so they are read in chunks and each chunk is cut
to the municipality's bounding box before anything else (a national file on
disk goes through :mod:`geo.read.zensus_fast` first). A cell is an exact
square built from its id (``N``/``E`` are the lower-left corner; the 2011 short
ids ``1kmN2689E4337`` count in cells) or, without an id, from its centre. The
edition (:mod:`geo.read.zensus_editions`) is detected from columns and ids or
given; its value codes (2011: ``-1`` no residents, ``-9`` secret; 2022: ``–``,
``.``, ``/``) and cells missing from a file are missing values with their
reason (column ``reasons``), never numbers. Several files join on the
cell id; a share is recomputed from counts where both counts are present.

Command line::

    python -m geo.grid import Zensus2022_Bevoelkerungszahl.zip Auslaenderanteil_in_Gitterzellen.zip --within <dataset id>

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

from geo.numbers import shares
from geo.read.zensus_csv import (
    CHUNK_ROWS,
    GridError,
    cell_squares,
    cells_from_chunks,
    coded_values,
    parse_cell_ids,
    read_grid_csv,
)
from geo.read.zensus_editions import COLUMNS, Edition, edition_of, normalise

__all__ = [
    "CHUNK_ROWS",
    "CRS",
    "LICENCE",
    "ATTRIBUTION",
    "Grid",
    "GridError",
    "ROLES",
    "cell_squares",
    "cells_from_chunks",
    "coded_values",
    "parse_cell_ids",
    "read_grid",
    "read_grid_csv",
]

CRS = "EPSG:3035"
LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
ATTRIBUTION = "© Statistische Ämter des Bundes und der Länder"  # the edition's attribution names the year
_HIDDEN = ("x", "y", "marks", "reasons", "geometry")

# Column roles by normalised name: which counts and shares the grid files carry (from the editions table).
ROLES: dict[str, tuple[str, ...]] = {
    role: tuple(n for c in COLUMNS if c.role == role for n in c.names)
    for role in ("population", "foreigners", "foreign_share")
}


@dataclass(frozen=True)
class Grid:
    """Cells of one municipality: index cell id; ``x``, ``y`` centre; values; square geometry (EPSG:3035)."""

    cells: gpd.GeoDataFrame
    size: int
    provenance: dict = field(default_factory=dict)

    @property
    def value_columns(self) -> list[str]:
        return [c for c in self.cells.columns if c not in _HIDDEN]

    @property
    def edition(self) -> Edition:
        """The Zensus edition of the cells (from the provenance; a neutral "Zensus" if unknown).

        Grids imported before editions were recorded were read as Zensus 2022 and say so in their attribution.
        """
        if "edition" not in self.provenance and "Zensus 2022" in str(self.provenance.get("attribution", "")):
            return edition_of(2022)
        return edition_of(self.provenance.get("edition"))

    def missing_reasons(self) -> dict[str, dict[str, int]]:
        """Per value column: how many cells lack a value for which reason (``absent``: not in the file)."""
        out: dict[str, dict[str, int]] = {}
        coded = _reason_table(self.cells)
        for column in self.value_columns:
            missing = self.cells[column].isna()
            reasons = coded.get(column, pd.Series("", index=self.cells.index)).where(missing, "")
            counts = reasons[missing].replace("", "absent").value_counts()
            out[column] = {str(k): int(v) for k, v in counts.items()}
        return out

    def role(self, role: str) -> str | None:
        """The column holding ``population``, ``foreigners`` or ``foreign_share``, if any."""
        return _role_column(self.value_columns, role)


def _norm(name: str) -> str:
    return normalise(name)


def _reason_table(cells: pd.DataFrame) -> dict[str, pd.Series]:
    """The ``reasons`` column (``column=reason|…`` per cell) as one Series of reasons per column."""
    if "reasons" not in cells or not cells["reasons"].fillna("").astype(bool).any():
        return {}
    pairs = cells["reasons"].fillna("").astype(str).str.split("|").explode()
    pairs = pairs[pairs.str.contains("=", regex=False)]
    split = pairs.str.rsplit("=", n=1, expand=True)
    return {col: grp[1].groupby(level=0).first().reindex(cells.index).fillna("")
            for col, grp in split.groupby(0)}


def _role_column(columns: Iterable[str], role: str) -> str | None:
    names = ROLES[role]
    return next((c for c in columns if _norm(c) in names), None)


def _csv_members(path: Path) -> Iterator[tuple[str, object]]:
    """(name, readable) for a CSV file or for each CSV inside a zip."""
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise GridError("griderr_not_a_zip", name=path.name) from exc
        with archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv") and not n.startswith("__MACOSX")]
            if not names:
                raise GridError("griderr_no_csv_in_archive", name=path.name)
            for member in names:
                with archive.open(member) as handle:
                    yield Path(member).name, io.BufferedReader(handle)
    elif path.is_file():
        yield path.name, path
    else:
        raise GridError("griderr_file_not_found", path=path)


def read_grid(
    paths: Iterable[str | Path],
    area: shapely.Geometry,
    progress: Callable[[str, int, int], None] | None = None,
    chunksize: int = CHUNK_ROWS,
    edition: int | None = None,
    reader: str = "auto",
) -> Grid:
    """Cells of all ``paths`` (CSV or zip) that intersect ``area`` (EPSG:3035), joined on the cell id.

    ``edition`` (2011 or 2022) overrides the detection; ``reader`` is ``"pandas"`` (chunks),
    ``"duckdb"`` (parallel, filtered while reading: :mod:`geo.read.zensus_fast`) or ``"auto"``
    (DuckDB for large files when it is installed).
    """
    from geo.read import zensus_fast

    bbox = tuple(float(v) for v in shapely.bounds(area))
    frames, files, size, years = [], [], None, {}
    for path in map(Path, paths):
        fast = zensus_fast.wanted(path, reader)
        members = zensus_fast.members(path, bbox, progress, edition, strict=reader == "duckdb") if fast else None
        source = members if members is not None else (
            (name, lambda h=handle, n=name: read_grid_csv(h, n, bbox, chunksize, progress, edition))
            for name, handle in _csv_members(path))
        for name, read in source:
            cells, file_size = read()
            if size is not None and file_size and file_size != size:
                raise GridError(
                    "griderr_cell_size_m_does", name=name, file_size=file_size, size=size
                )
            size = size or file_size
            if cells.attrs.get("edition") is not None:
                years[name] = cells.attrs["edition"]
            clash = [c for c in cells.columns if c not in ("x", "y") and any(c in f.columns for f in frames)]
            renamed = {c: f"{c} ({Path(name).stem})" for c in clash if c not in ("marks", "reasons")}
            if renamed and "reasons" in cells:  # the reasons name the renamed columns too
                for before, after in renamed.items():
                    cells["reasons"] = cells["reasons"].str.replace(
                        rf"(^|\|){re.escape(before)}=", lambda m, a=after: f"{m.group(1)}{a}=", regex=True)
            for hidden in ("marks", "reasons"):
                if hidden in clash:
                    cells = cells.rename(columns={hidden: f"{hidden}_{len(frames)}"})
            cells = cells.rename(columns=renamed)
            frames.append(cells)
            files.append({"file": name, "archive": path.name, "edition": cells.attrs.get("edition"),
                          "columns": [c for c in cells.columns if c not in ("x", "y") and not c.startswith(("marks", "reasons"))]})
    if not frames:
        raise GridError("griderr_no_grid_file")
    if len(set(years.values())) > 1:
        listed = "; ".join(f"{n}: Zensus {y}" for n, y in years.items())
        raise GridError("griderr_files_come_from_different", listed=listed)
    year = edition if edition is not None else next(iter(years.values()), None)
    found = edition_of(year)
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
        "edition": year,
        "edition_name": found.name,
        "edition_given": edition is not None,
        "perturbed": found.perturbed,
        "licence": LICENCE,
        "attribution": found.attribution,
        "source": found.source,
    }
    return Grid(cells=cells, size=int(size or 100), provenance=provenance)


def _join(frames: list[pd.DataFrame]) -> pd.DataFrame:
    ids = frames[0].index
    for frame in frames[1:]:
        ids = ids.union(frame.index)
    joined = pd.DataFrame(index=ids)
    joined["x"] = np.nan
    joined["y"] = np.nan
    hidden: dict[str, list[pd.Series]] = {"marks": [], "reasons": []}
    for frame in frames:
        joined["x"] = joined["x"].fillna(frame["x"].reindex(ids))
        joined["y"] = joined["y"].fillna(frame["y"].reindex(ids))
        for column in frame.columns.drop(["x", "y"]):
            kind = next((h for h in hidden if column.startswith(h)), None)
            if kind:
                hidden[kind].append(frame[column].reindex(ids).fillna("").astype(str))
            else:
                joined[column] = frame[column].reindex(ids)  # cells a file lacks stay missing, never 0
    for kind, sep in (("marks", " "), ("reasons", "|")):
        if hidden[kind]:
            joined[kind] = [sep.join(dict.fromkeys(m for m in row if m)) for row in zip(*hidden[kind])]
    return joined.sort_index()


def _recompute_share(cells: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    columns = [c for c in cells.columns if c not in _HIDDEN]
    population, foreigners = _role_column(columns, "population"), _role_column(columns, "foreigners")
    if not (population and foreigners):
        return cells
    share = _role_column(columns, "foreign_share") or "AnteilAuslaender"
    counts = shares.share(cells[foreigners], cells[population])
    cells[share] = counts.where(counts.notna(), cells[share] if share in cells else np.nan)
    return cells
