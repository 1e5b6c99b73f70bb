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

from geo.read.zensus_editions import COLUMNS, REASONS, Edition, cell_id_parts, detect_edition, edition_of, normalise

__all__ = [
    "CRS",
    "LICENCE",
    "ATTRIBUTION",
    "Grid",
    "GridError",
    "ROLES",
    "cell_squares",
    "coded_values",
    "parse_cell_ids",
    "parse_values",
    "read_grid",
    "read_grid_csv",
]

CRS = "EPSG:3035"
LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
ATTRIBUTION = "© Statistische Ämter des Bundes und der Länder"  # the edition's attribution names the year
CHUNK_ROWS = 200_000
_ID = re.compile(r"^gitter_id_(100m|1km|10km)$", re.IGNORECASE)
_SIZES = {"100m": 100, "1km": 1000, "10km": 10000}
_MARKS = "werterlaeuternde_zeichen"
_HIDDEN = ("x", "y", "marks", "reasons", "geometry")

# Column roles by normalised name: which counts and shares the grid files carry (from the editions table).
ROLES: dict[str, tuple[str, ...]] = {
    role: tuple(n for c in COLUMNS if c.role == role for n in c.names)
    for role in ("population", "foreigners", "foreign_share")
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


def parse_cell_ids(ids: pd.Series) -> pd.DataFrame:
    """``size``, ``north``, ``east`` (lower-left corner, metres) of each cell id (2022 or 2011 form); NaN if not an id.

    >>> parse_cell_ids(pd.Series(["CRS3035RES100mN2691700E4341100", "1kmN2689E4337"])).values.tolist()
    [[100.0, 2691700.0, 4341100.0], [1000.0, 2689000.0, 4337000.0]]
    """
    return cell_id_parts(ids)


def coded_values(values: pd.Series, edition: Edition) -> tuple[pd.Series, pd.Series]:
    """Numbers and, where the edition's value code stands instead of a number, its reason ("" otherwise).

    >>> from geo.read.zensus_editions import EDITIONS
    >>> v, r = coded_values(pd.Series(["12", "-1", "-9", "–"]), EDITIONS[2011])
    >>> v.tolist(), r.tolist()
    ([12.0, nan, nan, nan], ['', 'no_residents', 'secret', 'secret'])
    """
    text = values.astype("string").str.strip()
    codes = dict(edition.codes)
    reasons = text.map(codes).astype("object")
    numbers = parse_values(values)
    numeric_codes = {float(k): r for k, r in codes.items() if re.fullmatch(r"-\d+", k)}
    for number, reason in numeric_codes.items():  # "-1,0" is the same code as "-1"
        hit = numbers == number
        reasons = reasons.where(~hit, reason)
    coded = reasons.notna()
    return numbers.where(~coded), reasons.where(coded, "").astype(str)


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
    edition: int | None = None,
) -> tuple[pd.DataFrame, int]:
    """One grid CSV (path or binary handle) cut to ``bbox`` (EPSG:3035): cells indexed by id, and its cell size.

    Rows are read ``chunksize`` at a time; ``progress(name, rows_read, rows_kept)`` after each chunk.
    The edition (given, else detected from the columns and the first ids) is in ``cells.attrs["edition"]``.
    """
    try:
        reader = pd.read_csv(
            handle, sep=";", dtype=str, keep_default_na=False, chunksize=chunksize,
            encoding="utf-8-sig", encoding_errors="replace",
        )
        return cells_from_chunks(reader, name, bbox, progress, edition)
    except (pd.errors.ParserError, UnicodeError, ValueError) as exc:
        if isinstance(exc, GridError):
            raise
        raise GridError(f"{name}: Datei kann nicht gelesen werden ({exc}). / file cannot be read ({exc}).") from exc


def cells_from_chunks(
    chunks: Iterable[pd.DataFrame],
    name: str,
    bbox: tuple[float, float, float, float] | None,
    progress: Callable[[str, int, int], None] | None = None,
    edition: int | None = None,
    rows_read: Callable[[int], int] | None = None,
) -> tuple[pd.DataFrame, int]:
    """Text chunks of one grid file (all columns as strings) to cells; shared by the pandas and DuckDB readers.

    ``rows_read(rows_in_chunks)`` may say how many file rows stand behind the chunks (a reader
    that filters before handing chunks over).
    """
    parts, read, kept, size, header, year = [], 0, 0, None, None, edition
    for chunk in chunks:
        chunk.columns = [c.strip() for c in chunk.columns]
        if header is None:
            header = list(chunk.columns)
            ident, xs, ys, size = _columns(header, name)
            detected = detect_edition(header, chunk[ident].head(200) if ident is not None else ())
            if edition is not None and detected is not None and detected != edition:
                raise GridError(
                    f"{name}: die Datei sieht nach Zensus {detected} aus, angegeben war Zensus {edition}. / "
                    f"the file looks like Zensus {detected}, Zensus {edition} was given."
                )
            year = edition if edition is not None else detected
        if ident is not None:
            _check_crs(chunk[ident], name)
        part = _chunk_cells(chunk, ident, xs, ys, size, bbox, edition_of(year))
        read += len(chunk)
        kept += len(part)
        if size is None and len(part):
            size = int(part["_size"].iloc[0])
        parts.append(part.drop(columns="_size"))
        if progress:
            progress(name, rows_read(read) if rows_read else read, kept)
    if header is None:
        raise GridError(f"{name}: die Datei ist leer. / the file is empty.")
    cells = pd.concat(parts) if parts else pd.DataFrame()
    cells = cells[~cells.index.duplicated()]
    cells.attrs["edition"] = year
    return cells, int(size or 0)


def _chunk_cells(chunk, ident, xs, ys, size, bbox, edition: Edition) -> pd.DataFrame:
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
    reasons = pd.Series("", index=chunk.index, dtype=object)
    marks = next((chunk[c].str.strip() for c in chunk.columns if c.lower() == _MARKS), None)
    if marks is not None:
        out["marks"] = marks.to_numpy()
        marked = marks.map(dict(edition.codes)).fillna("")  # a sign in the marks column explains an empty value
    for column in chunk.columns:
        if column in skip or column.lower() == _MARKS:
            continue
        else:
            values, why = coded_values(chunk[column], edition)
            if marks is not None:
                why = why.where((why != "") | values.notna(), marked)
            out[column] = values.to_numpy()
            tagged = (column + "=" + why).where(why != "", "")
            reasons = (reasons + "|" + tagged).where(tagged != "", reasons)
    out["reasons"] = reasons.str.strip("|").to_numpy()
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
                    f"{name}: Zellgröße {file_size} m passt nicht zu {size} m der anderen Dateien. / "
                    f"cell size {file_size} m does not match {size} m of the other files."
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
        raise GridError("Keine Gitterdatei angegeben. / no grid file given.")
    if len(set(years.values())) > 1:
        listed = "; ".join(f"{n}: Zensus {y}" for n, y in years.items())
        raise GridError(f"Die Dateien stammen aus verschiedenen Zensus-Jahrgängen ({listed}). / "
                        f"the files come from different census editions ({listed}).")
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
    counts = cells[foreigners] / cells[population].where(cells[population] > 0) * 100.0
    cells[share] = counts.where(counts.notna(), cells[share] if share in cells else np.nan)
    return cells
