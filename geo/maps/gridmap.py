"""The grid layer on the Leaflet map: geometry once and compact, styles as one short string.

A 100 m grid of a city has some 14,000 cells. Sending them as GeoJSON with a
style and an HTML tooltip each makes every change of indicator a multi-megabyte
rebuild. Here instead:

- :func:`grid_payload` is the static part, written once under a content hash:
  the cells' columns and rows in the EPSG:3035 grid as runs (row, first
  column, number of cells side by side: a city's ~14,000 cells are a few
  hundred runs), a
  cubic polynomial from EPSG:3035 to longitude/latitude fitted over the
  municipality (and its inverse for clicks), and every value column as a plain
  number array. The browser builds the squares from it; the fit error is
  measured and stays far below a metre for a city-sized extent.
- :func:`grid_classes` is what changes with the indicator or the classes: one
  character per cell (class ``0``–``6``, ``-`` for no value).
- :func:`grid_layer` adds a canvas layer (``static/js/atlas-grid.js``, loaded with every map:
  one canvas, one fill per class; only the 10 x 10-cell blocks that reach into the canvas are
  drawn) that reads both, shows missing cells hatched, a tooltip on hover and all values of a
  cell on click, built in the browser from the value arrays.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template
from pyproj import Transformer

from geo.analysis.classify import Classification
from geo.read.zensus import CRS, Grid

__all__ = ["GridColumn", "cell_positions", "fit_error_m", "grid_classes", "grid_layer", "grid_payload"]

MISSING_COLOUR = "#bdbdbd"
_JS_LOCALE = {"de": "de-DE", "en": "en-GB"}  # number format of the tooltips in the browser


@dataclass(frozen=True)
class GridColumn:
    """A value column of the grid as the map labels it."""

    id: str
    label: str
    unit: str = ""
    decimals: int = 0


def _terms(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    # The cubic terms in the order the browser evaluates them.
    return np.stack([np.ones_like(u), u, v, u * u, u * v, v * v, u**3, u * u * v, u * v * v, v**3], axis=-1)


def _fit(src_x, src_y, dst_x, dst_y, centre, scale) -> tuple[list[float], list[float]]:
    terms = _terms((src_x - centre[0]) / scale, (src_y - centre[1]) / scale)
    cx = np.linalg.lstsq(terms, dst_x, rcond=None)[0]
    cy = np.linalg.lstsq(terms, dst_y, rcond=None)[0]
    return cx.tolist(), cy.tolist()


def _transforms(bounds: Sequence[float]) -> dict:
    """Forward (EPSG:3035 -> lon/lat) and inverse cubic fits over ``bounds`` plus their normalisation."""
    minx, miny, maxx, maxy = bounds
    to_geo = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    xs, ys = np.meshgrid(np.linspace(minx, maxx, 25), np.linspace(miny, maxy, 25))
    xs, ys = xs.ravel(), ys.ravel()
    lon, lat = to_geo.transform(xs, ys)
    centre = ((minx + maxx) / 2, (miny + maxy) / 2)
    scale = max(maxx - minx, maxy - miny, 1.0) / 2
    geo_centre = (float(np.mean(lon)), float(np.mean(lat)))
    geo_scale = max(float(np.ptp(lon)), float(np.ptp(lat)), 1e-6) / 2
    fwd_lon, fwd_lat = _fit(xs, ys, lon, lat, centre, scale)
    inv_x, inv_y = _fit(lon, lat, xs, ys, geo_centre, geo_scale)
    return {
        "fwd": {"cx": centre[0], "cy": centre[1], "scale": scale, "a": fwd_lon, "b": fwd_lat},
        "inv": {"cx": geo_centre[0], "cy": geo_centre[1], "scale": geo_scale, "a": inv_x, "b": inv_y},
    }


def _evaluate(fit: dict, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    terms = _terms((x - fit["cx"]) / fit["scale"], (y - fit["cy"]) / fit["scale"])
    return terms @ np.asarray(fit["a"]), terms @ np.asarray(fit["b"])


def _runs(ix: np.ndarray, iy: np.ndarray) -> list[int]:
    """(row, first column, length) of each stretch of cells that follow each other in one row."""
    if not len(ix):
        return []
    start = np.ones(len(ix), dtype=bool)
    start[1:] = (iy[1:] != iy[:-1]) | (ix[1:] != ix[:-1] + 1)
    first = np.flatnonzero(start)
    lengths = np.diff(np.append(first, len(ix)))
    return np.column_stack([iy[first], ix[first], lengths]).ravel().tolist()


def cell_positions(payload: dict) -> tuple[np.ndarray, np.ndarray]:
    """Column and row of every cell, in payload order (what the browser unpacks from the runs)."""
    runs = np.asarray(payload["runs"], dtype=np.int64).reshape(-1, 3)
    iy = np.repeat(runs[:, 0], runs[:, 2])
    offsets = np.arange(int(runs[:, 2].sum())) - np.repeat(np.cumsum(runs[:, 2]) - runs[:, 2], runs[:, 2])
    return np.repeat(runs[:, 1], runs[:, 2]) + offsets, iy


def fit_error_m(payload: dict) -> float:
    """Largest distance in metres between the fitted and the exact corner positions (all cells)."""
    size, x0, y0 = payload["size"], payload["x0"], payload["y0"]
    ix, iy = cell_positions(payload)
    x = np.concatenate([x0 + (ix + dx) * size for dx in (0, 1)])
    y = np.concatenate([y0 + (iy + dy) * size for dy in (0, 1)])
    lon, lat = _evaluate(payload["fwd"], x, y)
    back = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(lon, lat)
    return float(np.max(np.hypot(back[0] - x, back[1] - y))) if len(x) else 0.0


def _numbers(values: pd.Series, decimals: int) -> list[float | None]:
    """Rounded values for JSON, ``None`` where missing (never 0)."""
    return [None if v != v else round(v, decimals)  # v != v: NaN
            for v in pd.to_numeric(values, errors="coerce").to_numpy(dtype=float).tolist()]


def grid_payload(grid: Grid, columns: Sequence[GridColumn], notes: pd.Series | None = None) -> bytes:
    """The static part of the grid layer (compact JSON): cells, coordinate fit and value arrays.

    ``notes`` (per cell, default the ``marks`` column) are shown in a cell's popup: explanatory
    marks and why a value is missing.
    """
    cells = grid.cells
    size = grid.size
    left = cells["x"].to_numpy() - size / 2
    bottom = cells["y"].to_numpy() - size / 2
    x0 = float(np.floor(left.min() / size) * size) if len(cells) else 0.0
    y0 = float(np.floor(bottom.min() / size) * size) if len(cells) else 0.0
    bounds = (x0, y0, float(left.max() + size), float(bottom.max() + size)) if len(cells) else (0, 0, 1, 1)
    body = {
        "size": size,
        "x0": x0,
        "y0": y0,
        "runs": _runs(np.rint((left - x0) / size).astype(np.int64), np.rint((bottom - y0) / size).astype(np.int64)),
        **_transforms(bounds),
        "columns": [c.id for c in columns],
        "values": [_numbers(cells[c.id], c.decimals + 2) for c in columns],
        # explanatory marks of the few cells that have one, by cell position (most cells have none)
        "marks": _notes(cells, notes),
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _notes(cells: pd.DataFrame, notes: pd.Series | None) -> dict[str, str]:
    if notes is None:
        notes = cells["marks"] if "marks" in cells else pd.Series("", index=cells.index)
    return {str(i): m for i, m in enumerate(notes.reindex(cells.index).fillna("").astype(str)) if m}


def grid_classes(classification: Classification, index: pd.Index) -> str:
    """One character per cell of ``index``: its class ``0``–``9`` or ``-`` for no value."""
    classes = classification.classes.reindex(index).fillna(-1).astype(int).to_numpy()
    table = np.array(list("0123456789"))
    out = np.where(classes >= 0, table[np.clip(classes, 0, 9)], "-")
    return "".join(out.tolist())


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


class _GridLayer(MacroElement):
    _template = Template(
        """
{% macro script(this, kwargs) %}
atlasGrid.layer({{ this._parent.get_name() }}, {{ this.style }});
{% endmacro %}
"""
    )

    def __init__(self, style: dict) -> None:
        super().__init__()
        self._name = "AtlasGridLayer"
        self.style = _js(style)


def grid_layer(
    url: str,
    classes: str,
    colours: Sequence[str],
    columns: Sequence[GridColumn],
    active: int,
    texts: dict[str, str],
    lang: str = "de",
) -> folium.FeatureGroup:
    """A feature group that draws the grid from ``url`` coloured by ``classes`` (see :func:`grid_classes`).

    ``texts`` holds ``missing``, ``cell``, ``marks`` and ``source`` in the reader's language.
    """
    group = folium.FeatureGroup(name="atlas-grid", control=False)
    style = {
        "url": url,
        "classes": classes,
        "colours": list(colours),
        "missing": MISSING_COLOUR,
        "columns": [{"label": c.label, "unit": c.unit, "decimals": c.decimals} for c in columns],
        "active": active,
        "texts": texts,
        "locale": _JS_LOCALE.get(lang, "de-DE"),
    }
    _GridLayer(style).add_to(group)
    return group
