"""Synthetic files in the shapes model municipalities hand over (issue #21). TEST FIXTURES, made up:
every geometry, name and number here is invented; only the shapes are real.

* :func:`stadtbereiche_shapefile`: 21 Stadtbereiche as a zipped shapefile whose attributes include a
  constant district name ``krs_name`` (second, where a "take the second field" rule picks it), a number
  ``sb_nr`` and the names in a field truncated by the shapefile format (``STADTBEREI``);
* :func:`yearly_share_tables`: one CSV per year (2005–2023), residents and a one-decimal share of
  foreigners, no foreigner counts;
* :func:`long_with_aggregates`: a long table that also holds the city total (``000``) and the coarser
  districts (``001``–``009``) beside the Stadtteile (``011`` …), one district's sum off by five;
* :func:`excel_wide_table`: a German-Excel wide table (cp1252, ``;``, decimal comma, thousands dot)
  with an id column ``Stadtteil-Nr.``, the names, counts and "Ausländeranteil in %" (one row off).
"""

from __future__ import annotations

from pathlib import Path

from tests.realistic import area_name, grid_areas, write_shapefile_zip

__all__ = [
    "DISTRICTS",
    "excel_wide_table",
    "long_with_aggregates",
    "stadtbereiche_shapefile",
    "stadtteile_geojson",
    "yearly_share_tables",
]

DISTRICTS = 9  # districts 001-009, each with two Stadtteile (x1, x2)


def stadtbereiche_shapefile(folder: Path, n: int = 21) -> Path:
    frame = grid_areas(7, 3).head(n).reset_index(drop=True)
    frame = frame.assign(
        sb_nr=[str(i + 1) for i in range(n)],
        krs_name="Musterstadt",
        STADTBEREI=[area_name(i) for i in range(n)],
        flaeche=[250000.0 + i for i in range(n)],
    )[["sb_nr", "krs_name", "STADTBEREI", "flaeche", "geometry"]]
    return write_shapefile_zip(frame, folder / "stadtbereiche.zip")


def yearly_share_tables(folder: Path, n: int = 21, years: range = range(2005, 2024)) -> list[Path]:
    paths = []
    for year in years:
        rows = ["Stadtbereich;Einwohner;Ausländeranteil in %"]
        for i in range(n):
            share = 5.0 + (i * 7 + year) % 150 / 10  # one decimal, as published
            rows.append(f"{i + 1};{1000 + 37 * i + (year - 2005) * 3};{share:.1f}".replace(".", ","))
        path = folder / f"stadtbereiche_{year}.csv"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _stadtteile() -> list[tuple[str, str, int]]:
    """(key, name, residents) of the 18 Stadtteile: ``011``, ``012``, ``021`` …"""
    return [
        (f"0{d}{k}", area_name(d * 2 + k), 800 + 91 * d + 13 * k)
        for d in range(1, DISTRICTS + 1) for k in (1, 2)
    ]


def stadtteile_geojson(folder: Path) -> Path:
    frame = grid_areas(6, 3).reset_index(drop=True)
    keys = _stadtteile()
    frame = frame.assign(nummer=[k for k, _, _ in keys], name=[n for _, n, _ in keys])[["nummer", "name", "geometry"]]
    path = folder / "stadtteile.geojson"
    frame.to_crs(4326).to_file(path, driver="GeoJSON")
    return path


def long_with_aggregates(folder: Path) -> Path:
    """``Gebiet;Name;Merkmal;Jahr;Anzahl`` with 000 (city), 001-009 (districts) and the Stadtteile."""
    rows = ["Gebiet;Name;Merkmal;Jahr;Anzahl"]
    teile = _stadtteile()
    for year in (2022, 2023):
        total = sum(r for _, _, r in teile) + (year - 2022) * 18
        rows.append(f"000;Stadt insgesamt;Einwohner;{year};{total}")
        for d in range(1, DISTRICTS + 1):
            mine = sum(r + (year - 2022) for k, _, r in teile if k[1] == str(d))
            off = 5 if d == 4 else 0  # district 004's published sum is off by five
            rows.append(f"00{d};Stadtbezirk {area_name(40 + d)};Einwohner;{year};{mine + off}")
        for key, name, residents in teile:
            rows.append(f"{key};{name};Einwohner;{year};{residents + (year - 2022)}")
    path = folder / "einwohner_lang.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def excel_wide_table(folder: Path, name: str = "stadtteile_2012.csv") -> Path:
    rows = ["Stadtteil-Nr.;Stadtteil;Einwohner;Ausländer;Ausländeranteil in %"]
    for i, (key, area, residents) in enumerate(_stadtteile()):
        foreigners = 100 + 17 * i
        total = residents + 2000  # four digits: written with a thousands dot
        share = round(foreigners / total * 100, 1)
        if i == 3:
            share += 2.0  # published share that does not fit its counts
        rows.append(f"{int(key)};{area};{total:,};{foreigners};{share:.1f}".replace(",", "X").replace(".", ",").replace("X", "."))
    path = folder / name
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path
