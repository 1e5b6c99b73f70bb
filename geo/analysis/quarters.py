"""A self-drawn study quarter: its figures from the grid (or the districts) and its disclosure check.

A quarter comes in as a GeoJSON polygon in EPSG:4326 (what Leaflet.draw returns)
and is computed in EPSG:3035, the metric CRS of the Zensus grid. Two methods:

- ``centre`` (default): a cell counts whole when its centre lies inside the quarter.
- ``area``: a cell counts with the covered fraction of its area (an estimate that
  assumes residents are spread evenly over the cell).

Without a grid the quarter is estimated from the districts it overlaps, each
district's counts weighted by the covered fraction of its area (method
``districts``, always an estimate). Shares are recomputed from the summed counts,
never averaged.

Publishing needs ``min_residents`` residents in the quarter, and no published
quarter may differ from it by a non-empty area with fewer than ``min_residents``
residents: otherwise subtracting one from the other reveals a small area.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from geo.i18n import MessageError, tr
from geo.numbers import shares
from geo.read.zensus import CRS, Grid

__all__ = [
    "METHODS",
    "Disclosure",
    "QuarterError",
    "QuarterFigures",
    "cell_at",
    "cells_outline",
    "check_publishable",
    "district_estimate",
    "grid_figures",
    "parse_quarter",
    "quarter_figures",
    "to_metric",
]

WGS84 = "EPSG:4326"

# Method key -> catalogue key of its description (geo.i18n), shown with every figure.
METHODS: dict[str, str] = {method: f"qmethod_{method}" for method in ("centre", "area", "districts")}
MAX_AREA_KM2 = 500.0  # a quarter, not a region: larger drawings are refused


class QuarterError(MessageError):
    """A drawn quarter cannot be used: a catalogue key and its values (``error.text(lang)``)."""


@dataclass(frozen=True)
class QuarterFigures:
    """The figures of one quarter and what they rest on.

    ``districts``: one row per overlapping district (index name) with ``overlap``
    (fraction of the quarter's area in it), its ``population``, ``foreigners``,
    ``share`` and ``deviation`` (quarter share minus district share, points).
    """

    method: str
    population: float
    foreigners: float
    share: float
    cells: float  # cells counted (area-weighted: sum of weights); 0 for the district estimate
    cells_missing: int  # counted cells without a population figure (secrecy or missing)
    area_km2: float
    city_population: float
    city_foreigners: float
    city_share: float
    districts: pd.DataFrame = field(default_factory=pd.DataFrame)
    foreigners_derived: bool = False

    @property
    def estimate(self) -> bool:
        return self.method != "centre"

    @property
    def deviation_city(self) -> float:
        """Quarter share minus city share, in percentage points."""
        return self.share - self.city_share

    @property
    def method_text(self) -> str:
        return f"{tr(METHODS[self.method], 'de')} / {tr(METHODS[self.method], 'en')}"

    def method_in(self, lang: str) -> str:
        """The method in one language (German unless ``lang`` is ``"en"``)."""
        return tr(METHODS[self.method], lang)


def _method(method: str) -> str:
    key = str(method).strip().lower()
    if key not in METHODS:
        raise QuarterError("qerr_method", method=method, valid=", ".join(METHODS))
    return key


def parse_quarter(geojson: str | Mapping) -> shapely.Geometry:
    """A valid (Multi)Polygon in EPSG:4326 from GeoJSON text, a geometry, a Feature or a FeatureCollection.

    >>> parse_quarter('{"type":"Polygon","coordinates":[[[7.7,49.4],[7.8,49.4],[7.8,49.5],[7.7,49.4]]]}').geom_type
    'Polygon'
    """
    try:
        data = json.loads(geojson) if isinstance(geojson, str) else dict(geojson)
        if data.get("type") == "FeatureCollection":
            parts = [shape(f["geometry"]) for f in data.get("features", []) if f.get("geometry")]
            geometry = shapely.union_all(parts) if parts else None
        elif data.get("type") == "Feature":
            geometry = shape(data["geometry"])
        else:
            geometry = shape(data)
    except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.GEOSException) as exc:
        raise QuarterError("qerr_unreadable", error=exc) from exc
    if geometry is None or geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise QuarterError("qerr_polygon")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise QuarterError("qerr_wgs84")
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
        polygons = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type in ("Polygon", "MultiPolygon")]
        geometry = shapely.union_all(polygons) if polygons else None
        if geometry is None or geometry.is_empty:
            raise QuarterError("qerr_invalid")
    area = to_metric(geometry).area / 1e6
    if area <= 0:
        raise QuarterError("qerr_empty")
    if area > MAX_AREA_KM2:
        raise QuarterError("qerr_too_large", area=f"{area:.0f}", most=f"{MAX_AREA_KM2:.0f}")
    return geometry


def to_metric(geometry: shapely.Geometry) -> shapely.Geometry:
    """EPSG:4326 -> EPSG:3035 (metres)."""
    return gpd.GeoSeries([geometry], crs=WGS84).to_crs(CRS).iloc[0]


def cell_at(grid: Grid, lon: float, lat: float) -> str | None:
    """The id of the grid cell containing the point (EPSG:4326), or ``None`` outside the grid."""
    point = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs=WGS84).to_crs(CRS).iloc[0]
    hits = grid.cells.sindex.query(point, predicate="intersects")
    if len(hits) == 0:
        return None
    return str(grid.cells.index[int(hits[0])])


def cells_outline(grid: Grid, cell_ids: Sequence[str]) -> shapely.Geometry | None:
    """The union of the given cells as one (Multi)Polygon in EPSG:4326: a quarter built from cells.

    Its figures with the ``centre`` method are exactly the sums over these cells.
    """
    known = [c for c in dict.fromkeys(cell_ids) if c in grid.cells.index]
    if not known:
        return None
    union = shapely.union_all(grid.cells.geometry.loc[known].to_numpy())
    return gpd.GeoSeries([union], crs=CRS).to_crs(WGS84).iloc[0]


def _cell_counts(grid: Grid) -> tuple[pd.Series, pd.Series, bool]:
    """Population and foreigners per cell; foreigners from share × population where no count exists."""
    cells = grid.cells
    population, foreigners, share = grid.role("population"), grid.role("foreigners"), grid.role("foreign_share")
    pop = cells[population].astype(float) if population else pd.Series(np.nan, index=cells.index)
    if foreigners:
        return pop, cells[foreigners].astype(float), False
    if share and population:
        return pop, cells[share].astype(float) * pop / 100.0, True
    return pop, pd.Series(np.nan, index=cells.index), False


def _weights(grid: Grid, area: shapely.Geometry, method: str) -> pd.Series:
    """Weight of each cell in ``area`` (EPSG:3035): 1 if its centre lies inside, or its covered fraction."""
    cells = grid.cells
    candidates = cells.sindex.query(area, predicate="intersects")
    subset = cells.iloc[candidates]
    if method == "centre":
        centres = shapely.points(subset["x"].to_numpy(), subset["y"].to_numpy())
        # strictly inside, as in geo.domain.gridfigures.district_figures: a centre on a shared edge counts nowhere twice
        weights = np.where(shapely.contains(area, centres), 1.0, 0.0)
    else:
        covered = shapely.area(shapely.intersection(subset.geometry.to_numpy(), area))
        weights = covered / float(grid.size) ** 2
    out = pd.Series(weights, index=subset.index)
    return out[out > 1e-9]


def _sums(pop: pd.Series, foreign: pd.Series, weights: pd.Series) -> tuple[float, float, float, int]:
    p, f = pop.reindex(weights.index), foreign.reindex(weights.index)
    both = p.notna() & f.notna()
    population = float((p * weights).sum(min_count=1)) if p.notna().any() else float("nan")
    foreigners = float((f * weights).sum(min_count=1)) if f.notna().any() else float("nan")
    denominator = float((p.where(both) * weights).sum())
    share = float(shares.share(float((f.where(both) * weights).sum()), denominator))
    return population, foreigners, share, int(p.isna().sum())


def _overlapping(districts: gpd.GeoDataFrame | None, area: shapely.Geometry) -> gpd.GeoDataFrame:
    if districts is None or districts.empty:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs=CRS)
    zones = districts.to_crs(CRS)
    zones = zones[zones.intersects(area)].copy()
    zones["overlap"] = zones.geometry.intersection(area).area / area.area
    zones = zones[zones["overlap"] > 1e-6]
    zones["name"] = zones["name"].astype(str)
    return zones


def grid_figures(
    grid: Grid, quarter: shapely.Geometry, method: str = "centre", districts: gpd.GeoDataFrame | None = None
) -> QuarterFigures:
    """Figures of ``quarter`` (EPSG:4326) from ``grid``; ``districts`` (``name``, geometry) for deviations."""
    method = _method(method)
    if method == "districts":
        raise QuarterError("qerr_grid_method")
    area = to_metric(quarter)
    pop, foreign, derived = _cell_counts(grid)
    weights = _weights(grid, area, method)
    population, foreigners, share, missing = _sums(pop, foreign, weights)
    every = pd.Series(1.0, index=grid.cells.index)
    city_pop, city_foreign, city_share, _ = _sums(pop, foreign, every)
    zones = _overlapping(districts, area)
    rows = []
    for _, zone in zones.iterrows():
        d_pop, d_foreign, d_share, _ = _sums(pop, foreign, _weights(grid, zone.geometry, "centre"))
        rows.append({"name": zone["name"], "overlap": zone["overlap"], "population": d_pop, "foreigners": d_foreign,
                     "share": d_share, "deviation": share - d_share})
    return QuarterFigures(
        method=method, population=population, foreigners=foreigners, share=share,
        cells=float(weights.sum()) if method == "area" else float(len(weights)), cells_missing=missing,
        area_km2=area.area / 1e6, city_population=city_pop, city_foreigners=city_foreign, city_share=city_share,
        districts=_district_table(rows), foreigners_derived=derived,
    )


def _district_table(rows: list[dict]) -> pd.DataFrame:
    columns = ["overlap", "population", "foreigners", "share", "deviation"]
    if not rows:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="name"))
    return pd.DataFrame(rows).set_index("name")[columns].sort_values("overlap", ascending=False)


def district_estimate(
    quarter: shapely.Geometry, districts: gpd.GeoDataFrame, population: str = "population", foreigners: str = "foreigners"
) -> QuarterFigures:
    """Figures of ``quarter`` (EPSG:4326) estimated from ``districts`` (``name``, the two count columns, geometry).

    Each district contributes its counts × the covered fraction of its own area.
    """
    area = to_metric(quarter)
    zones = districts.to_crs(CRS).copy()
    zones["name"] = zones["name"].astype(str)
    zones["weight"] = zones.geometry.intersection(area).area / zones.geometry.area
    pop, foreign = zones[population].astype(float), zones[foreigners].astype(float)
    hit = zones["weight"] > 1e-9
    both = pop.notna() & foreign.notna()
    w = zones["weight"].where(hit, 0.0)
    q_pop = float((pop * w)[hit].sum(min_count=1))
    q_foreign = float((foreign * w)[hit].sum(min_count=1))
    denominator = float((pop.where(both) * w).sum())
    q_share = shares.share(float((foreign.where(both) * w).sum()), denominator)
    c_den = float(pop.where(both).sum())
    city_share = shares.share(float(foreign.where(both).sum()), c_den)
    rows = []
    for index in zones.index[hit]:
        d_share = shares.share(foreign[index], pop[index])
        rows.append({"name": zones.at[index, "name"], "overlap": zones.geometry[index].intersection(area).area / area.area,
                     "population": float(pop[index]), "foreigners": float(foreign[index]), "share": d_share,
                     "deviation": q_share - d_share})
    return QuarterFigures(
        method="districts", population=q_pop, foreigners=q_foreign, share=q_share, cells=0.0,
        cells_missing=0, area_km2=area.area / 1e6, city_population=float(pop.sum(min_count=1)),
        city_foreigners=float(foreign.sum(min_count=1)), city_share=city_share, districts=_district_table(rows),
    )


def quarter_figures(
    quarter: shapely.Geometry,
    grid: Grid | None,
    districts: gpd.GeoDataFrame | None,
    method: str = "centre",
) -> QuarterFigures:
    """From the finest layer available: the grid if there is one, else the district estimate."""
    if grid is not None and not grid.cells.empty:
        return grid_figures(grid, quarter, method, districts)
    if districts is None or not {"population", "foreigners"} <= set(districts.columns):
        raise QuarterError("qerr_no_counts")
    return district_estimate(quarter, districts)


_DIFFERENCE = {"quarter": "qerr_difference_quarter", "official": "qerr_difference_official"}  # which outline it differs from


@dataclass(frozen=True)
class Disclosure:
    """Whether a quarter may be published, and why not (typed reasons: ``text(lang)``, ``str()`` both languages)."""

    allowed: bool
    reasons: tuple[QuarterError, ...] = ()


def check_publishable(
    quarter: shapely.Geometry,
    published: Mapping[str, shapely.Geometry] | Sequence[tuple[str, shapely.Geometry]],
    min_residents: int,
    grid: Grid | None,
    districts: gpd.GeoDataFrame | None = None,
    method: str = "centre",
    official: Mapping[str, shapely.Geometry] | None = None,
) -> Disclosure:
    """Refuse when the quarter has fewer than ``min_residents`` residents, or when the symmetric
    difference with any already ``published`` quarter (name -> EPSG:4326 geometry) holds more than
    0 and fewer than ``min_residents`` residents.

    With a grid, the ``official`` areas (name -> geometry: the districts, the city) whose figures are
    public anyway are checked the same way: a quarter that is a district less a few cells would give
    those cells away. Without a grid the figures are estimates, and their differences reveal nothing counted.
    """
    reasons = []
    residents = quarter_figures(quarter, grid, districts, method).population
    if not residents >= min_residents:  # NaN (unknown) is refused as well
        reasons.append(QuarterError("qerr_few_residents", most=min_residents))
    items = list(published.items() if isinstance(published, Mapping) else published)
    kinds = [("quarter", name, other) for name, other in items]
    if grid is not None and official:
        kinds += [("official", name, other) for name, other in official.items()]
    for kind, name, other in kinds:
        difference = shapely.symmetric_difference(quarter, other)
        if difference.is_empty or to_metric(difference).area < 1.0:
            continue  # the same outline reveals nothing new
        try:
            small = quarter_figures(difference, grid, districts, method).population
        except QuarterError:
            continue
        if 0 < small < min_residents:
            reasons.append(QuarterError(_DIFFERENCE[kind], name=name, most=min_residents))
    return Disclosure(allowed=not reasons, reasons=tuple(reasons))
