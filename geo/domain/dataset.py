"""A dataset as the dashboard uses it: statistics, indicators, tiles and map units.

The statistics live on the finest level (e.g. 18 areas in the embedded dataset).
The map may have coarser units (e.g. 10 of them there); each area names the map
unit it belongs to in its ``ortsbezirk`` column, and the map units are aggregated from the
areas with :func:`geo.domain.aggregate.aggregate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.domain.aggregate import Aggregation, aggregate, city_values
from geo.domain.display import display_frame, to_geojson_bytes
from geo.domain.indicators import IndicatorSpec, add_derived, load_area_table, load_indicator_specs
from geo.domain.tilelayout import load_tile_layout
from geo.read.boundaries import read_boundaries
from geo.read.join import JoinReport, join_by_name
from geo.read.sources import BoundarySource, StatisticsSource, load_sources

__all__ = [
    "Dataset",
    "DisplayMeta",
    "MapGeometry",
    "assemble",
    "embedded_ids",
    "load_dataset",
    "load_display",
    "load_map_geometry",
]

UNIT_COLUMN = "ortsbezirk"


@dataclass(frozen=True)
class Dataset:
    """Everything about one municipality's statistics, without geometry."""

    areas: pd.DataFrame
    specs: dict[str, IndicatorSpec]
    units: Aggregation
    city: dict[str, float]
    tiles: pd.DataFrame
    source: StatisticsSource
    suppressed: Mapping[str, str] = field(default_factory=dict)  # area id -> why figures are hidden

    def unit_of(self, area_id: str) -> str:
        return str(self.areas.loc[area_id, UNIT_COLUMN])

    def areas_in(self, unit: str) -> list[str]:
        return self.areas.index[self.areas[UNIT_COLUMN] == unit].tolist()


@dataclass(frozen=True)
class MapGeometry:
    """Display geometry of the map units, joined to the dataset's unit names."""

    frame: gpd.GeoDataFrame  # key, name, unit, geometry (EPSG:4326, simplified)
    geojson: bytes
    report: JoinReport
    source: BoundarySource

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        minx, miny, maxx, maxy = self.frame.total_bounds
        return float(minx), float(miny), float(maxx), float(maxy)

    def unit_at(self, lon: float, lat: float) -> str | None:
        """The map unit containing a clicked point, or ``None`` outside all."""
        from shapely import Point

        hits = self.frame.sindex.query(Point(lon, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        unit = self.frame.iloc[int(hits[0])]["unit"]
        return None if pd.isna(unit) else str(unit)


@dataclass(frozen=True)
class DisplayMeta:
    """What the pages say about a dataset: its municipality, year and areas, from its data configuration.

    ``merged_note_*`` may name ``{n}`` (the number of areas); empty texts fall back to the generic ones.
    """

    municipality: str
    year: str
    unit_label: str  # the areas in the municipality's own plural ("Ortsbezirke", "Planungsräume")
    dataset_id: str = ""  # the embedded dataset's id in links and saved selections
    title_de: str = ""
    title_en: str = ""
    files: str = ""
    sources: str = ""
    merged_note_de: str = ""
    merged_note_en: str = ""
    start_indicators: tuple[str, ...] = ()  # the map, ranking and projects pages open on these
    start_conditions: tuple[tuple[str, str, float, bool], ...] = ()  # screening: indicator, op, threshold, relative


def load_display(path: str | Path, statistics_id: str) -> DisplayMeta:
    """The ``[display.<statistics_id>]`` table of a sources file (``data/sources.toml``)."""
    import tomllib

    with open(path, "rb") as handle:
        raw = tomllib.load(handle).get("display", {}).get(statistics_id, {})
    known = {k: str(v) for k, v in raw.items() if k in DisplayMeta.__dataclass_fields__ and not k.startswith("start_")}
    indicators = tuple(str(i) for i in raw.get("start_indicators", ()))
    conditions = tuple(
        (str(c["indicator"]), str(c.get("op", ">=")), float(c["threshold"]), bool(c.get("relative", False)))
        for c in raw.get("start_conditions", ())
    )
    return DisplayMeta(**{"municipality": statistics_id, "year": "", "unit_label": "Gebiete", **known},
                       start_indicators=indicators, start_conditions=conditions)


def embedded_ids(path: str | Path) -> tuple[str, str]:
    """The embedded dataset's id and its statistics table's id: the first ``[display.<statistics id>]``
    table of the sources file (``data/sources.toml``) and its ``dataset_id``. Only the data names it."""
    import tomllib

    with open(path, "rb") as handle:
        display = tomllib.load(handle).get("display", {})
    statistics_id, table = next(iter(display.items()))
    return str(table.get("dataset_id") or statistics_id), statistics_id


def load_dataset(data_dir: str | Path, statistics_id: str | None = None) -> Dataset:
    """Load the embedded statistics (default: :func:`embedded_ids`) with their indicator table and tile layout."""
    data_dir = Path(data_dir)
    statistics_id = statistics_id or embedded_ids(data_dir / "sources.toml")[1]
    source = load_sources(data_dir / "sources.toml").statistics[statistics_id]
    all_specs = load_indicator_specs(data_dir / "indicators.csv")
    areas = add_derived(load_area_table(data_dir / source.file), all_specs)
    # Indicators from other sources (the project database) join later.
    specs = {key: spec for key, spec in all_specs.items() if key in areas.columns}
    return assemble(areas, specs, load_tile_layout(data_dir / source.tiles), source)


def assemble(
    areas: pd.DataFrame, specs: dict[str, IndicatorSpec], tiles: pd.DataFrame, source: StatisticsSource
) -> Dataset:
    """A dataset from its area table: map units and city values are aggregated here, once."""
    return Dataset(
        areas=areas,
        specs=specs,
        units=aggregate(areas, specs, by=UNIT_COLUMN),
        city=city_values(areas, specs),
        tiles=tiles,
        source=source,
    )


def load_map_geometry(path: str | Path, source: BoundarySource, dataset: Dataset) -> MapGeometry:
    """Read, repair, simplify and join the boundaries to the dataset's map units."""
    boundaries = read_boundaries(path, source.key_field, source.name_field)
    display = display_frame(boundaries)
    joined, report = join_by_name(display, dataset.units.table[[]].assign(unit=dataset.units.table.index))
    frame = joined[["key", "name", "unit", "geometry"]]
    return MapGeometry(frame=frame, geojson=to_geojson_bytes(frame), report=report, source=source)
