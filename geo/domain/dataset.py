"""A dataset as the dashboard uses it: statistics, indicators, tiles and map units.

The statistics live on the finest level (e.g. 18 areas in the default dataset).
The map may have coarser units (e.g. 10 of them there); each area names the map
unit it belongs to in its ``unit`` column, and the map units are aggregated from the
areas with :func:`geo.domain.aggregate.aggregate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.domain.aggregate import Aggregation, aggregate, city_values
from geo.domain.display import display_frame, to_geojson_bytes
from geo.domain.indicators import IndicatorSpec, add_derived, load_area_table, load_indicator_specs
from geo.domain.tilelayout import load_tile_layout
from geo.i18n import localized
from geo.read.boundaries import read_boundaries
from geo.read.join import JoinReport, join_by_name
from geo.read.sources import BoundarySource, StatisticsSource

__all__ = [
    "Dataset",
    "DisplayMeta",
    "MapGeometry",
    "ParentLevel",
    "assemble",
    "display_meta",
    "load_area_dataset",
    "load_display",
    "load_map_geometry",
    "parent_level",
]

UNIT_COLUMN = "unit"


@dataclass(frozen=True)
class ParentLevel:
    """The coarser districts the areas belong to, as the data declares them: which column of the area table
    names each area's district, and what the districts are called ("Ortsbezirk", "Stadtbezirk")."""

    column: str  # "unit" (the map units are the districts) or "part" (districts coarser than the map units)
    one_de: str
    many_de: str
    one_en: str = ""
    many_en: str = ""

    def one(self, lang: str) -> str:
        return localized(self.one_de, self.one_en, lang)

    def many(self, lang: str) -> str:
        return localized(self.many_de, self.many_en, lang) or self.one(lang)

    def to_dict(self) -> dict[str, str]:
        return {"column": self.column, "one_de": self.one_de, "many_de": self.many_de,
                "one_en": self.one_en, "many_en": self.many_en}


def parent_level(raw: object) -> ParentLevel | None:
    """A declared parent level from a dataset's description (``parent_level`` of its provenance or of a
    ``[display.<id>]`` table), or ``None`` when there is none or it is incomplete."""
    if not isinstance(raw, Mapping) or raw.get("column") not in ("unit", "part") or not str(raw.get("one_de") or ""):
        return None
    texts = {k: str(raw.get(k) or "").strip() for k in ("one_de", "many_de", "one_en", "many_en")}
    return ParentLevel(column=str(raw["column"]), **texts) if texts["one_de"] else None


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
    # The areas merged into a map unit, dative plural (German, English): "aus 9 Stadtteilen"; from the data.
    area_words: tuple[str, str] = ("Gebieten", "areas")
    # The coarser districts the areas belong to (declared by the data), or None: no parent level.
    parent: ParentLevel | None = None

    def area_word(self, lang: str = "de") -> str:
        """The dataset's word for the areas merged into a map unit, in the reader's language ("Stadtteilen")."""
        return localized(*self.area_words, lang)

    def parent_of(self, area_id: str) -> str:
        """The name of the area's district on the parent level; "" without one or where it is the area itself."""
        if self.parent is None or self.parent.column not in self.areas.columns:
            return ""
        value = self.areas.loc[area_id, self.parent.column]
        text = "" if pd.isna(value) else str(value).strip()
        return "" if text == str(self.areas.loc[area_id, "name"]) else text

    def parents(self) -> pd.Series:
        """:meth:`parent_of` for every area (index: area id)."""
        return pd.Series([self.parent_of(a) for a in self.areas.index], index=self.areas.index, dtype=object)

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

    @cached_property  # every map and export asks; 14,000 blocks take ~10 ms each time
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
    unit_one: str = ""  # one of them ("Ortsbezirk"); empty: the plural is used
    unit_label_en: str = ""  # the same words for the English pages ("local districts"); empty: see units()
    unit_one_en: str = ""
    dataset_id: str = ""  # the dataset's id in links (?ds=)
    title_de: str = ""
    title_en: str = ""
    files: str = ""
    sources: str = ""
    merged_note_de: str = ""
    merged_note_en: str = ""
    start_indicators: tuple[str, ...] = ()  # the map, ranking and projects pages open on these
    start_conditions: tuple[tuple[str, str, float, bool], ...] = ()  # screening: indicator, op, threshold, relative

    def units(self, lang: str) -> str:
        """The areas' plural in ``lang``: the English words of the data configuration; without them the
        generic "areas" for the generic "Gebiete", else the municipality's own (German) name for them."""
        return localized(self.unit_label, self.unit_label_en or _GENERIC_EN.get(self.unit_label, ""), lang)

    def one(self, lang: str) -> str:
        """One of the areas in ``lang`` ("Ortsbezirk", "local district"); without a singular the plural."""
        own = self.unit_one_en or (_GENERIC_EN.get(self.unit_one, self.unit_one) if not self.unit_label_en else "")
        return localized(self.unit_one or self.unit_label, own or self.units("en"), lang)


# The generic words an import without its own gets ("Gebiete"), in English.
_GENERIC_EN = {"Gebiete": "areas", "Gebiet": "area"}


def display_meta(raw: Mapping[str, object], fallback: str = "") -> DisplayMeta:
    """What the pages say, from a dataset's own description (its ``provenance.json`` or a
    ``[display.<id>]`` table of a sources file); missing texts fall back to the generic ones."""
    known = {k: str(v) for k, v in raw.items()
             if k in DisplayMeta.__dataclass_fields__ and not k.startswith("start_") and v is not None}
    indicators = tuple(str(i) for i in raw.get("start_indicators", ()) or ())
    conditions = tuple(
        (str(c["indicator"]), str(c.get("op", ">=")), float(c["threshold"]), bool(c.get("relative", False)))
        for c in raw.get("start_conditions", ()) or ()
    )
    return DisplayMeta(**{"municipality": fallback, "year": "", "unit_label": "Gebiete", **known},
                       start_indicators=indicators, start_conditions=conditions)


def load_display(path: str | Path, statistics_id: str) -> DisplayMeta:
    """The ``[display.<statistics_id>]`` table of a sources file (``data/sources.toml``)."""
    import tomllib

    with open(path, "rb") as handle:
        raw = tomllib.load(handle).get("display", {}).get(statistics_id, {})
    return display_meta(raw, statistics_id)


def load_area_dataset(
    areas: Path, indicators: Path, tiles: Path, source: StatisticsSource, area_words: object = None,
    parent: object = None,
) -> Dataset:
    """A dataset from an area table (one row per area, its map unit in the ``unit`` column), an
    indicator table and a tile layout, as the data configuration describes them."""
    all_specs = load_indicator_specs(indicators)
    table = add_derived(load_area_table(areas), all_specs)
    # Indicators from other sources (the project database) join later.
    specs = {key: spec for key, spec in all_specs.items() if key in table.columns}
    dataset = assemble(table, specs, load_tile_layout(tiles), source)
    words = tuple(str(w) for w in area_words or ())
    dataset = replace(dataset, parent=parent_level(parent))
    return replace(dataset, area_words=words) if len(words) == 2 else dataset


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
