"""Display geometry: small enough to send once, faithful enough to read.

Boundaries are cleaned into a valid coverage, simplified *as a coverage*
(``simplify_coverage`` keeps shared edges shared, so no gaps or overlaps open
between neighbours) and written as GeoJSON with rounded coordinates and only
an ``id`` property. Values and styles travel separately and small.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geo.read.boundaries import clean_coverage

__all__ = ["DisplayQuality", "display_frame", "display_quality", "metric_crs", "to_geojson_bytes"]

DEFAULT_TOLERANCE_M = 3.0
DEFAULT_PRECISION = 5  # decimal degrees: about 1.1 m in latitude


def metric_crs(frame: gpd.GeoDataFrame) -> CRS:
    """The UTM zone of the data, for measuring in metres."""
    return frame.to_crs(4326).estimate_utm_crs()


def display_frame(
    frame: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M
) -> gpd.GeoDataFrame:
    """Cleaned, coverage-simplified copy of ``frame`` in EPSG:4326."""
    crs = metric_crs(frame)
    cleaned = clean_coverage(frame, crs)
    simplified = cleaned.geometry.simplify_coverage(tolerance_m)
    return cleaned.set_geometry(simplified).to_crs(4326)


def to_geojson_bytes(frame: gpd.GeoDataFrame, precision: int = DEFAULT_PRECISION) -> bytes:
    """Compact GeoJSON: ``id`` from the ``key`` column, coordinates rounded.

    Shared vertices round to the same value, so the coverage stays closed.
    """
    rounded = shapely.transform(frame.geometry.values, lambda xy: np.round(xy, precision))
    features = [
        {
            "type": "Feature",
            "id": str(key),
            "properties": {},
            "geometry": json.loads(shapely.to_geojson(geom)),
        }
        for key, geom in zip(frame["key"], rounded)
    ]
    body = {"type": "FeatureCollection", "features": features}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class DisplayQuality:
    """How far display geometry strays from the source, in metres and m²."""

    max_error_m: float
    overlap_m2: float
    gap_m2: float


def _pairwise_overlap(geoms: np.ndarray) -> float:
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    inter = shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])
    return float(shapely.area(inter).sum())


def _interior_gaps(geoms: np.ndarray) -> float:
    union = shapely.union_all(geoms)
    parts = shapely.get_parts(union)
    holes = [shapely.Polygon(ring) for part in parts for ring in part.interiors]
    return float(sum(h.area for h in holes))


def display_quality(source: gpd.GeoDataFrame, display: gpd.GeoDataFrame) -> DisplayQuality:
    """Largest Hausdorff distance per feature, plus overlap and gap area between neighbours.

    ``display`` is read back from rounded GeoJSON by the caller when the
    rounding should be included.
    """
    crs = metric_crs(source)
    a = source.to_crs(crs).geometry.values
    b = display.to_crs(crs).geometry.values
    error = float(np.max(shapely.hausdorff_distance(a, b)))
    return DisplayQuality(
        max_error_m=error, overlap_m2=_pairwise_overlap(b), gap_m2=_interior_gaps(b)
    )
