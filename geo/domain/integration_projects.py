"""Integration projects: validation, districts, indicators, table formats.

Pure functions: records in, records or frames out. Storage lives in
``storage/projects.py``; the page only wires them together.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from geo.domain.dataset import Dataset, MapGeometry
from geo.domain.indicators import load_indicator_specs
from geo.i18n import MessageError, in_language
from geo.numbers import read_cell

__all__ = [
    "ProjectError",
    "ProjectRecord",
    "Themenfeld",
    "assign_units",
    "load_themenfelder",
    "project_counts",
    "projects_to_geojson",
    "read_project_table",
    "records_frame",
    "status",
    "validate_project",
    "with_projects",
]

# Plausible coordinates for German municipalities (WGS84): catches swapped lat/lon.
_LAT = (47.0, 55.2)
_LON = (5.8, 15.1)
TABLE_COLUMNS = (
    "name", "provider", "themenfeld", "tags", "address", "lat", "lon", "start_date", "end_date", "url",
    "description", "public",
)
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ProjectError(MessageError):
    """Invalid project data; the message names the field (and row) in German and English."""


@dataclass(frozen=True)
class Themenfeld:
    id: str
    label_de: str
    label_en: str
    colour: str

    def label(self, lang: str = "de") -> str:
        return in_language(self, "label", lang)


def load_themenfelder(path: str | Path) -> dict[str, Themenfeld]:
    frame = pd.read_csv(path, sep=";", dtype=str)
    return {row["id"]: Themenfeld(**row) for row in frame.to_dict("records")}


@dataclass(frozen=True)
class ProjectRecord:
    name: str
    provider: str
    themenfeld: str
    lat: float
    lon: float
    tags: str = ""
    address: str = ""
    start_date: date | None = None
    end_date: date | None = None
    url: str = ""
    description: str = ""
    public: bool = True


def _text(value: object) -> str:
    """Cell text; empty for missing cells (pandas reads them as NaN)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _date(value: object, field_name: str, where: str) -> date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    parsers = (
        date.fromisoformat,
        lambda t: datetime.fromisoformat(t).date(),  # Excel cells read as "2030-12-31 00:00:00"
        lambda t: datetime.strptime(t, "%d.%m.%Y").date(),
    )
    for parse in parsers:
        try:
            return parse(text)
        except ValueError:
            continue
    raise ProjectError(
        "projerr_not_a_date", where=where, field_name=field_name, text=text
    )


def _number(value: object, field_name: str, where: str) -> float:
    try:
        number = read_cell(value, grouping=False)
    except ValueError:
        number = None
    if number is None or np.isnan(number):
        raise ProjectError("projerr_missing_number", where=where, field_name=field_name)
    return number


def validate_project(
    values: Mapping[str, object], themenfelder: Mapping[str, Themenfeld], row: int | None = None
) -> ProjectRecord:
    """Check and normalise one project; raises :class:`ProjectError` naming what is wrong."""
    where = f"Zeile {row}: " if row is not None else ""
    name = _text(values.get("name"))
    if not name:
        raise ProjectError("projerr_project_name_missing", where=where)
    themenfeld = _text(values.get("themenfeld"))
    by_label = {t.label_de.casefold(): t.id for t in themenfelder.values()}
    themenfeld = by_label.get(themenfeld.casefold(), themenfeld)
    if themenfeld not in themenfelder:
        raise ProjectError("projerr_unknown_field", where=where, field=themenfeld,
                           valid=", ".join(t.label_de for t in themenfelder.values()))
    lat, lon = _number(values.get("lat"), "lat", where), _number(values.get("lon"), "lon", where)
    if not (_LAT[0] <= lat <= _LAT[1] and _LON[0] <= lon <= _LON[1]):
        raise ProjectError(
            "projerr_coordinates_outside_germany", where=where, lat=lat, lon=lon
        )
    start, end = _date(values.get("start_date"), "start_date", where), _date(values.get("end_date"), "end_date", where)
    if start and end and end < start:
        raise ProjectError("projerr_end_before_start", where=where)
    url = _text(values.get("url"))
    if url and not url.lower().startswith(("https://", "http://")):
        raise ProjectError("projerr_link_must_start_https", where=where)
    public = values.get("public", True)
    if isinstance(public, float) and np.isnan(public):
        public = True
    if isinstance(public, str):
        public = public.strip().lower() not in ("0", "false", "nein", "no", "")
    return ProjectRecord(
        name=name,
        provider=_text(values.get("provider")),
        themenfeld=themenfeld,
        lat=lat,
        lon=lon,
        tags=_text(values.get("tags")),
        address=_text(values.get("address")),
        start_date=start,
        end_date=end,
        url=url,
        description=_text(values.get("description")),
        public=bool(public),
    )


def status(record: ProjectRecord, today: date) -> str:
    """``"running"`` or ``"ended"`` (ended when the end date lies before ``today``)."""
    return "ended" if record.end_date is not None and record.end_date < today else "running"


def assign_units(points: Sequence[tuple[float, float]], geometry: MapGeometry) -> list[str | None]:
    """The map unit each ``(lat, lon)`` lies in (point in polygon), ``None`` outside all."""
    if not points:
        return []
    frame = gpd.GeoDataFrame(geometry=[Point(lon, lat) for lat, lon in points], crs=4326)
    joined = gpd.sjoin(frame, geometry.frame[["unit", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    return [None if pd.isna(u) else str(u) for u in joined["unit"]]


def project_counts(units: Iterable[str | None], dataset: Dataset) -> pd.Series:
    """Number of projects per map unit (every unit present, zero where none)."""
    counts = pd.Series(0, index=dataset.units.table.index, dtype=float)
    for unit in units:
        if unit in counts.index:
            counts[unit] += 1
    return counts


def with_projects(dataset: Dataset, counts: pd.Series, indicator_table: str | Path) -> Dataset:
    """The dataset plus ``projects`` and ``projects_per_1000`` as indicators.

    Projects are located by boundary, so an area gets a count only when it is
    a map unit of its own; the Kernstadt districts have none (their projects
    count for the merged Innenstadt), which the indicator shows as no data.
    """
    specs = load_indicator_specs(indicator_table)
    areas = dataset.areas.copy()
    single = {unit for unit, n in dataset.units.members.items() if n == 1}
    areas["projects"] = [counts.get(u, np.nan) if u in single else np.nan for u in areas["unit"]]
    rate = specs["projects_per_1000"]
    areas["projects_per_1000"] = areas["projects"] / areas[rate.denominator] * rate.per
    units = dataset.units.table.copy()
    units["projects"] = counts.reindex(units.index)
    units["projects_per_1000"] = units["projects"] / units[rate.denominator] * rate.per
    city = dict(dataset.city)
    city["projects"] = float(counts.sum())
    city["projects_per_1000"] = city["projects"] / city[rate.denominator] * rate.per
    new_specs = {**dataset.specs, "projects": specs["projects"], "projects_per_1000": rate}
    return replace(dataset, areas=areas, specs=new_specs, units=replace(dataset.units, table=units), city=city)


def read_project_table(data: bytes, filename: str, themenfelder: Mapping[str, Themenfeld]) -> list[ProjectRecord]:
    """Parse a CSV (``;`` or ``,``, UTF-8 or CP1252) or XLSX project table; all rows or an error."""
    if not data:
        raise ProjectError("projerr_file_empty", filename=filename)
    if len(data) > MAX_IMPORT_BYTES:
        raise ProjectError("projerr_file_too_large", filename=filename)
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".xlsx":
            frame = pd.read_excel(io.BytesIO(data), dtype=str)
        elif suffix == ".csv":
            text = _decode(data)
            frame = pd.read_csv(io.StringIO(text), sep=None, engine="python", dtype=str)
        else:
            raise ProjectError("projerr_only_csv_xlsx", filename=filename)
    except ProjectError:
        raise
    except Exception as exc:  # pandas/openpyxl raise many types for broken files
        raise ProjectError("projerr_unreadable", filename=filename, error=type(exc).__name__) from exc
    missing = [c for c in ("name", "themenfeld", "lat", "lon") if c not in frame.columns]
    if missing:
        raise ProjectError("projerr_missing_columns", filename=filename, columns=', '.join(missing))
    records = []
    for number, row in enumerate(frame.to_dict("records"), start=2):  # row 1 is the header
        try:
            records.append(validate_project(row, themenfelder, row=number))
        except ProjectError as exc:
            raise ProjectError(f"{filename}: {exc}") from None
    return records


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ProjectError("projerr_unknown_text_encoding")


def records_frame(records: Sequence[ProjectRecord], extra: Mapping[str, Sequence[object]] | None = None) -> pd.DataFrame:
    """Records as a table with the import columns (so an export can be imported again)."""
    frame = pd.DataFrame([asdict(r) for r in records], columns=[f.name for f in fields(ProjectRecord)])
    frame = frame[list(TABLE_COLUMNS)]
    for key, values in (extra or {}).items():
        frame[key] = list(values)
    return frame


def projects_to_geojson(records: Sequence[ProjectRecord], units: Sequence[str | None]) -> bytes:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
            "properties": {**{k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(r).items()},
                           "district": unit},
        }
        for r, unit in zip(records, units)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")
