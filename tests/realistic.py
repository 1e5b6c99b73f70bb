"""Synthetic test fixtures shaped like real municipal exports.

TEST FIXTURES, written by us: every geometry, name and number here is made up
(a grid of squares near Kaiserslautern in EPSG:25832, invented area names and
counts). They reproduce the *shapes* official files arrive in (issue #9): a
``.prj`` with a vertical datum, compound and 3-D CRSs, one area in several
features, long tables with German headers, German missing-value markers,
Excel "Unicode text" (UTF-16, tab-separated), an empty FeatureCollection and
a "big real-looking city" of several hundred areas.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import box

__all__ = [
    "BigCity",
    "COMPOUND_CRS",
    "MISSING_MARKERS",
    "VERTCS_PRJ",
    "BlockCity",
    "big_city",
    "block_city",
    "empty_feature_collection",
    "grid_areas",
    "long_rows",
    "write_geojson_4979",
    "write_shapefile_zip",
    "write_table",
]

# ESRI WKT as ArcGIS writes it for ETRS89 / UTM 32N with heights in DHHN2016: PROJCS followed by VERTCS.
# pyproj reads this as a 3-axis *projected* CRS (not a compound one).
VERTCS_PRJ = (
    'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",'
    'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
    'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],'
    'UNIT["Meter",1.0]],VERTCS["DHHN2016_(height)",VDATUM["Deutsches_Haupthoehennetz_2016"],'
    'PARAMETER["Vertical_Shift",0.0],PARAMETER["Direction",1.0],UNIT["Meter",1.0]]'
)
COMPOUND_CRS = "EPSG:25832+7837"  # ETRS89 / UTM 32N + DHHN2016 height
MISSING_MARKERS = ("k.A.", "-", "–", ".", "/", "x", "*", "()", "")
_ORIGIN = (405000.0, 5470000.0)  # south-west corner of the grid, near Kaiserslautern (EPSG:25832)
_SYLLABLES = ("Al", "Ber", "Dorn", "Eich", "Fel", "Grün", "Hain", "Lin", "Mühl", "Ost", "Rö", "Sü", "Wei", "Zell")
_ENDINGS = ("au", "bach", "berg", "dorf", "feld", "hof", "heim", "stadt", "tal", "wiese")


def area_name(i: int) -> str:
    """An invented, unique, German-looking area name: "Albach 1", "Bernau 2", …"""
    return f"{_SYLLABLES[i % len(_SYLLABLES)]}{_ENDINGS[(i // len(_SYLLABLES)) % len(_ENDINGS)]} {i + 1}"


def grid_areas(cols: int, rows: int, split: tuple[int, ...] = (), size: float = 500.0) -> gpd.GeoDataFrame:
    """``cols × rows`` square areas in EPSG:25832 with 8-digit keys (``PLR_ID``) and names (``PLR_NAME``).

    The areas numbered in ``split`` arrive as two features (west and east half) with the same key
    and name, as a planning area in two pieces does.
    """
    records = []
    for i in range(cols * rows):
        x0, y0 = _ORIGIN[0] + (i % cols) * size, _ORIGIN[1] + (i // cols) * size
        key, name = f"{1010000 + i:08d}", area_name(i)
        if i in split:
            records.append((key, name, box(x0, y0, x0 + size / 2, y0 + size)))
            records.append((key, name, box(x0 + size / 2, y0, x0 + size, y0 + size)))
        else:
            records.append((key, name, box(x0, y0, x0 + size, y0 + size)))
    return gpd.GeoDataFrame(
        {"PLR_ID": [r[0] for r in records], "PLR_NAME": [r[1] for r in records]},
        geometry=[r[2] for r in records],
        crs=25832,
    )


def write_shapefile_zip(frame: gpd.GeoDataFrame, path: Path, prj: str | None = None) -> Path:
    """A zipped shapefile; ``prj`` replaces the ``.prj`` text GDAL wrote (as other GIS write it)."""
    folder = path.with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_file(folder / f"{path.stem}.shp", encoding="utf-8")
    if prj is not None:
        (folder / f"{path.stem}.prj").write_text(prj, encoding="utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)
    return path


def write_geojson_4979(frame: gpd.GeoDataFrame, path: Path) -> Path:
    """GeoJSON with ``[lon, lat, 0.0]`` coordinates declared as EPSG:4979 (3-D geographic)."""
    doc = json.loads(frame.to_crs(4326).to_json())
    for feature in doc["features"]:
        feature["geometry"]["coordinates"] = [[[x, y, 0.0] for x, y in ring] for ring in feature["geometry"]["coordinates"]]
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4979"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def empty_feature_collection(path: Path) -> Path:
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    return path


def write_table(rows: list[list[str]], path: Path, encoding: str = "utf-8", sep: str = ";") -> Path:
    """Rows as a delimited text file; ``encoding="utf-16"`` writes Excel's "Unicode text" (BOM, tabs)."""
    text = "\r\n".join(sep.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))  # Python's "utf-16" writes the byte-order mark
    return path


def long_rows(keys: list[str], years: list[int], missing_every: int = 0, marker: str = "k.A.") -> list[list[str]]:
    """``Planungsraum;Merkmal;Jahr;Anzahl`` rows: Einwohner and Ausländer per area and year.

    Every ``missing_every``-th Ausländer value is the missing marker instead of a number.
    Numbers are German ("1.234"), invented from the area's position.
    """
    rows = [["Planungsraum", "Merkmal", "Jahr", "Anzahl"]]
    n = 0
    for i, key in enumerate(keys):
        for j, year in enumerate(years):
            residents = 800 + (i * 37) % 2400 + 10 * j
            foreigners = residents * (5 + (i * 7) % 30 + j) // 100
            rows.append([key, "Einwohner", str(year), f"{residents:,}".replace(",", ".")])
            n += 1
            value = marker if missing_every and n % missing_every == 0 else f"{foreigners:,}".replace(",", ".")
            rows.append([key, "Ausländer", str(year), value])
    return rows


@dataclass(frozen=True)
class BigCity:
    """Paths of the big synthetic city and the numbers its import report must show."""

    boundaries: Path
    table: Path
    areas: int  # distinct keys (areas after dissolving)
    features: int  # features in the file
    split_keys: tuple[str, ...]
    years: tuple[int, ...]
    missing: int  # "k.A." values in the Ausländer column
    share: str = "Anteil Ausländer=Ausländer/Einwohner"


def big_city(folder: Path, cols: int = 24, rows: int = 18) -> BigCity:
    """≥ 400 areas (24 × 18 = 432), three keys in two pieces, a VERTCS ``.prj``, a long table over six years.

    Synthetic test data: a grid-like "city" near Kaiserslautern, invented names and counts.
    """
    folder.mkdir(parents=True, exist_ok=True)
    split = (5, 100, 250)
    frame = grid_areas(cols, rows, split=split)
    boundaries = write_shapefile_zip(frame, folder / "planungsraeume.zip", prj=VERTCS_PRJ)
    keys = list(dict.fromkeys(frame["PLR_ID"]))
    years = (2018, 2019, 2020, 2021, 2022, 2023)
    table_rows = long_rows(keys, list(years), missing_every=97)
    table = write_table(table_rows, folder / "bevoelkerung_lang.csv", encoding="cp1252")
    missing = sum(1 for r in table_rows[1:] if r[3] == "k.A.")
    return BigCity(
        boundaries=boundaries,
        table=table,
        areas=len(keys),
        features=len(frame),
        split_keys=tuple(f"{1010000 + i:08d}" for i in split),
        years=years,
        missing=missing,
    )


@dataclass(frozen=True)
class BlockCity:
    """Paths and values of the synthetic city of blocks (:func:`block_city`)."""

    boundaries: Path
    table: Path
    frame: gpd.GeoDataFrame  # the blocks (EPSG:25832) with Einwohner and Ausländer
    share: str = "Anteil=Ausländer/Einwohner"


def block_city(folder: Path, cols: int = 120, rows: int = 117) -> BlockCity:
    """A city of ``cols × rows`` (14,040) square 100 m blocks imported as areas: a GeoPackage and a wide table.

    SYNTHETIC test and benchmark data: invented names, random residents and foreigners (seed fixed).
    """
    folder.mkdir(parents=True, exist_ok=True)
    frame = grid_areas(cols, rows, size=100.0)
    rng = np.random.default_rng(14_040)
    frame["Einwohner"] = rng.integers(5, 400, len(frame))
    frame["Ausländer"] = rng.binomial(frame["Einwohner"], rng.uniform(0.05, 0.45, len(frame)))
    boundaries = folder / "bloecke.gpkg"
    frame[["PLR_ID", "PLR_NAME", "geometry"]].to_file(boundaries)
    rows_out = [["Gebiet", "Einwohner", "Ausländer"]] + [
        [k, str(e), str(a)] for k, e, a in zip(frame["PLR_ID"], frame["Einwohner"], frame["Ausländer"])]
    return BlockCity(boundaries, write_table(rows_out, folder / "bloecke.csv"), frame)
