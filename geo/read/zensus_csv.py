"""Reading one Zensus grid CSV: cell ids, German numbers, value codes, the cut to a bounding box.

The text-to-cells half of :mod:`geo.read.zensus` (which joins files, clips to the outline and
names the edition): ids of both editions (``CRS3035RES100mN…E…``, ``1kmN…E…``, ``100mN…E…``),
numbers with a decimal comma, the edition's value codes as missing values with their reason, and
the chunked pandas reader. :mod:`geo.read.zensus_fast` hands its DuckDB-filtered rows to
:func:`cells_from_chunks` too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import shapely

from geo.numbers import read_cells
from geo.read.zensus_editions import Edition, cell_id_parts, detect_edition, edition_of
from geo.i18n import MessageError

__all__ = [
    "CHUNK_ROWS",
    "GridError",
    "cell_squares",
    "cells_from_chunks",
    "coded_values",
    "parse_cell_ids",
    "read_grid_csv",
]

CHUNK_ROWS = 200_000
_ID = re.compile(r"^gitter_id_(100m|1km|10km)$", re.IGNORECASE)
_SIZES = {"100m": 100, "1km": 1000, "10km": 10000}
_MARKS = "werterlaeuternde_zeichen"


class GridError(MessageError):
    """A grid file cannot be used; the message is in German and English."""


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
    numbers = read_cells(values)
    numeric_codes = {float(k): r for k, r in codes.items() if re.fullmatch(r"-\d+", k)}
    for number, reason in numeric_codes.items():  # "-1,0" is the same code as "-1"
        hit = numbers == number
        reasons = reasons.where(~hit, reason)
    coded = reasons.notna()
    return numbers.where(~coded), reasons.where(coded, "").astype(str)


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
        raise GridError("griderr_not_a_grid_file", name=name, present=", ".join(header))
    return ident, xs, ys, size


def _check_crs(ids: pd.Series, name: str) -> None:
    """Cell ids of another reference system than EPSG:3035 (``CRS25832RES…``) would land far off: refuse them."""
    crs = ids.astype(str).str.extract(r"^\s*CRS(\d+)", expand=False).dropna()
    wrong = crs[crs != "3035"]
    if len(wrong):
        example = str(ids.loc[wrong.index[0]]).strip()
        raise GridError(
            "griderr_cell_id_other_crs", name=name, example=example, epsg=wrong.iloc[0]
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
        raise GridError("griderr_file_cannot_read", name=name, exc=exc) from exc


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
                    "griderr_file_looks_like_zensus", name=name, detected=detected, edition=edition
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
        raise GridError("griderr_file_empty", name=name)
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
        x = x.fillna(read_cells(chunk[xs]))
        y = y.fillna(read_cells(chunk[ys]))
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
