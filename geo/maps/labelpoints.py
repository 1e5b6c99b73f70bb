"""Where the areas' names sit on the map: inside each area, clear of each other where the shapes allow.

The names are drawn at a fixed type size; the map's scale at its first view (the areas fitted into the
frame) says how much ground a name covers. Each name takes, among points inside its area (the pole of
inaccessibility first, then a grid), the one whose box overlaps the names already placed least and stays
near the area's middle. Small areas choose first: a large area has room to move its name.

Pure: a GeoDataFrame in (EPSG:4326), ``{key: (lat, lon)}`` out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

__all__ = ["LabelLayout", "label_boxes", "label_points"]

# Bold sans-serif: a character is about 0.62 of the type size wide, a line 1.25 of it high (plus the halo).
CHAR_EM, LINE_EM = 0.62, 1.25
# The map snaps its first zoom down to a quarter step (zoomSnap 0.25): the ground a name covers can be up to
# 2^0.25 ≈ 1.19 times the exact fit's; placing for the larger keeps the names apart at either.
SNAP = 2 ** 0.25
GRID = 9  # candidate points per side of an area's bounding box


@dataclass(frozen=True)
class LabelLayout:
    """What the placement assumes about the map: the frame in pixels and the names' type size."""

    width_px: int = 900
    height_px: int = 720
    label_px: int = 12


def _metres_per_px(frame: gpd.GeoDataFrame, layout: LabelLayout) -> float:
    minx, miny, maxx, maxy = frame.total_bounds
    return SNAP * max((maxx - minx) / layout.width_px, (maxy - miny) / layout.height_px)


def _box_at(point: Point, name: str, scale: float, layout: LabelLayout) -> tuple[float, float, float, float]:
    half_w = len(name) * CHAR_EM * layout.label_px * scale / 2
    half_h = LINE_EM * layout.label_px * scale / 2
    return point.x - half_w, point.y - half_h, point.x + half_w, point.y + half_h


def _overlaps(label: tuple[float, float, float, float], others: np.ndarray) -> float:
    """The area ``label`` shares with the boxes ``others`` (rows minx, miny, maxx, maxy), summed."""
    if not len(others):
        return 0.0
    width = np.clip(np.minimum(others[:, 2], label[2]) - np.maximum(others[:, 0], label[0]), 0, None)
    height = np.clip(np.minimum(others[:, 3], label[3]) - np.maximum(others[:, 1], label[1]), 0, None)
    return float((width * height).sum())


def _candidates(shape: BaseGeometry) -> list[Point]:
    """Points inside ``shape``: its pole of inaccessibility first, then a grid over its bounds."""
    main = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
    first = polylabel(main, tolerance=max(main.length / 2000, 1e-9))
    minx, miny, maxx, maxy = shape.bounds
    xs, ys = np.linspace(minx, maxx, GRID + 2)[1:-1], np.linspace(miny, maxy, GRID + 2)[1:-1]
    grid = [Point(x, y) for y in ys for x in xs]
    return [first, *(p for p in grid if shape.contains(p))]


def label_boxes(frame: gpd.GeoDataFrame, points: Mapping[str, tuple[float, float]],
                layout: LabelLayout = LabelLayout()) -> dict[str, BaseGeometry]:
    """The names' boxes (EPSG:3857) at ``points`` (key -> (lat, lon)): for checking a placement."""
    metric = frame.to_crs(3857)
    scale = _metres_per_px(metric, layout)
    projected = gpd.GeoSeries([Point(lon, lat) for lat, lon in points.values()], crs=4326).to_crs(3857)
    names = dict(zip(frame["key"].astype(str), frame["name"].astype(str)))
    return {key: box(*_box_at(point, names[key], scale, layout)) for key, point in zip(points, projected)}


def label_points(frame: gpd.GeoDataFrame, layout: LabelLayout = LabelLayout(),
                 names: Mapping[str, str] | None = None) -> dict[str, tuple[float, float]]:
    """``{key: (lat, lon)}`` for the names of ``frame`` (columns ``key``, ``name``, ``geometry`` in EPSG:4326).

    ``names`` (key -> name) limits the placement to the names shown (a selection on a large map).
    """
    shown = names if names is not None else dict(zip(frame["key"].astype(str), frame["name"].astype(str)))
    metric = frame.assign(key=frame["key"].astype(str)).set_index("key").to_crs(3857)
    scale = _metres_per_px(metric, layout)  # the map fits all areas, whichever are named
    metric = metric.loc[[k for k in metric.index if k in shown]]
    if metric.empty:
        return {}
    placed: list[tuple[float, float, float, float]] = []
    chosen: dict[str, Point] = {}
    for key in metric.geometry.area.sort_values().index:  # small areas first: a large one can move
        shape = metric.geometry[key].simplify(scale)  # a pixel's detail is enough to weigh a name's box
        options = _candidates(shape)
        middle, reach = options[0], max(np.sqrt(shape.area), 1.0)
        others = np.array(placed).reshape(-1, 4)

        def cost(point: Point) -> float:
            label = _box_at(point, shown[key], scale, layout)
            size = (label[2] - label[0]) * (label[3] - label[1])
            outside = 1 - box(*label).intersection(shape).area / size
            return 10 * _overlaps(label, others) / size + 0.5 * outside + point.distance(middle) / reach

        best = min(options, key=cost)
        chosen[key] = best
        placed.append(_box_at(best, shown[key], scale, layout))
    back = gpd.GeoSeries(list(chosen.values()), index=list(chosen), crs=3857).to_crs(4326)
    return {key: (round(point.y, 6), round(point.x, 6)) for key, point in back.items()}
