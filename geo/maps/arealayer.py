"""Many areas drawn as fast as many cells: the compact style update of the canvas area layer.

Up to :data:`CANVAS_AREAS` areas the map is an ``L.geoJSON`` layer and every restyle sends one
style object and one tooltip per area (:func:`geo.maps.leaflet.style_update`). A city that
imports its 14,000 blocks as areas would send megabytes per change of indicator and make Leaflet
restyle 14,000 paths. Above the threshold the areas are one canvas (``static/js/atlas-map.js``:
rings projected once, filled class by class, tooltips found by a bucket index) and a restyle is
:func:`compact_styles`:

- ``fills`` / ``fill``: the distinct fill colours and one code per area (a character of
  :data:`CODES`, or a list of numbers when there are more distinct values than characters);
- ``opacities`` / ``opacity``: the same for the fill opacity (``None``: the map's default);
- ``selected`` / ``partial``: positions of the selected (and partly selected) areas;
- ``tips``: the tooltips cut at ``<br>`` into parts, one column per part position: a column
  with one value for all areas is sent once, one with few distinct values as values and codes,
  the rest (the names) as a plain list.

Positions are those of the areas in the display geometry (``keys``: the geometry's order), as
the browser reads the features from the same file.

The choropleth's styles come as :class:`StyleColumns` (one array per property and per tooltip part,
built without a loop over the areas by ``geo.maps.choropleth.map_styles``). They read as a mapping
of key -> ``AreaStyle`` wherever one is wanted, and :func:`compact_styles` encodes them column by
column, without building 14,000 style objects and splitting 14,000 tooltips again.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # geo.maps.leaflet imports this module
    from geo.maps.leaflet import AreaStyle

__all__ = ["CANVAS_AREAS", "CODES", "SEPARATOR", "StyleColumns", "compact_styles", "decode_codes", "name_tips",
           "uses_canvas"]

CANVAS_AREAS = 2000  # above this many areas the map draws them on one canvas (Berlin's 447 stay Leaflet paths)
CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SEPARATOR = "<br>"


def uses_canvas(areas: int) -> bool:
    """Whether a map of ``areas`` areas is drawn on the canvas layer."""
    return areas > CANVAS_AREAS


@dataclass(frozen=True, eq=False)
class StyleColumns(Mapping):
    """The styles of many areas as columns: position ``i`` is the area ``ids[i]``.

    ``tips`` are the tooltip's parts (escaped HTML, ``None``: the part is left out for that area),
    joined with :data:`SEPARATOR`; ``opacity`` ``NaN`` keeps the map's default fill opacity.
    Reads as a mapping of key -> ``geo.maps.leaflet.AreaStyle``.
    """

    ids: np.ndarray  # str (the display geometry's keys)
    fill: np.ndarray  # str (colour)
    selected: np.ndarray  # bool
    partial: np.ndarray  # bool
    tips: tuple[np.ndarray, ...]  # object: str or None
    opacity: np.ndarray | None = None  # float, NaN = default

    @cached_property
    def _position(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.ids.tolist())}

    def tooltip(self, i: int) -> str:
        return SEPARATOR.join(part for part in (column[i] for column in self.tips) if part is not None)

    def __getitem__(self, key: str) -> "AreaStyle":
        from geo.maps.leaflet import AreaStyle

        i = self._position[key]
        opacity = None if self.opacity is None or self.opacity[i] != self.opacity[i] else float(self.opacity[i])
        return AreaStyle(str(self.fill[i]), self.tooltip(i), bool(self.selected[i]), bool(self.partial[i]), opacity)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids.tolist())

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, key: object) -> bool:
        return key in self._position


def name_tips(names: Sequence[object]) -> np.ndarray:
    """The first part of every tooltip, the area's name in bold (escaped): the same for every indicator, so the
    map can fetch it once with the geometry (``shared``) instead of receiving it with every restyle."""
    return np.array([f"<b>{html.escape(str(n))}</b>" for n in names], dtype=object)


def _encode(values: Sequence[object]) -> tuple[list, str | list[int]]:
    """Distinct values (in first-seen order) and one code per value."""
    array = values if isinstance(values, np.ndarray) and values.dtype == object else np.asarray(list(values), dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=False)
    distinct = [None if v is None or v != v else v for v in uniques.tolist()]  # v != v: NaN
    if len(distinct) <= len(CODES):
        return distinct, "".join(np.asarray(list(CODES), dtype=object)[codes].tolist())
    return distinct, codes.tolist()


def decode_codes(encoded: str | list[int]) -> list[int]:
    """The codes back as numbers (what the browser does; for tests)."""
    return [CODES.index(c) for c in encoded] if isinstance(encoded, str) else list(encoded)


def _tip_column(column: Sequence[object], shared: Mapping[str, np.ndarray] | None = None) -> dict:
    for name, values in (shared or {}).items():  # the names the browser fetched with the geometry
        if len(values) == len(column) and np.array_equal(np.asarray(column, dtype=object), values):
            return {"shared": name}
    distinct, codes = _encode(column)
    if len(distinct) == 1:
        return {"value": distinct[0]}
    if len(distinct) * 2 > len(column):  # mostly different (names): the list itself is shorter
        return {"list": list(column) if not isinstance(column, np.ndarray) else column.tolist()}
    return {"values": distinct, "codes": codes}


def _tip_columns(tooltips: list[str], shared: Mapping[str, np.ndarray] | None = None) -> list[dict]:
    parts = [tip.split(SEPARATOR) if tip else [] for tip in tooltips]
    width = max((len(p) for p in parts), default=0)
    return [_tip_column([p[j] if j < len(p) else None for p in parts], shared) for j in range(width)]


def _compact_columns(styles: StyleColumns, keys: Sequence[str], shared: Mapping[str, np.ndarray] | None) -> dict:
    """:func:`compact_styles` column by column; areas of ``keys`` without a style get the default look."""
    order = styles.ids.tolist()
    wanted = [str(k) for k in keys]
    if wanted == order:
        take, known = None, None
    else:  # another order or other keys: positions into the columns, -1 where a key has no style
        position = styles._position
        take = np.array([position.get(k, -1) for k in wanted], dtype=np.int64)
        known = take >= 0

    def column(values: np.ndarray, missing: object = None) -> np.ndarray:
        if take is None:
            return values
        out = np.full(len(take), missing, dtype=object)
        out[known] = values[take[known]]
        return out

    fill = column(styles.fill.astype(object))
    opacity = (np.full(len(wanted), None, dtype=object) if styles.opacity is None
               else column(np.where(np.isnan(styles.opacity), None, styles.opacity).astype(object)))
    selected = column(styles.selected & ~styles.partial, False).astype(bool)
    partial = column(styles.selected & styles.partial, False).astype(bool)
    fills, fill_codes = _encode(fill)
    opacities, opacity_codes = _encode(opacity)
    return {
        "fills": fills,
        "fill": fill_codes,
        "opacities": opacities,
        "opacity": opacity_codes,
        "selected": np.flatnonzero(selected).tolist(),
        "partial": np.flatnonzero(partial).tolist(),
        "sep": SEPARATOR,
        "tips": [tip for tip in (_tip_column(column(np.asarray(tips, dtype=object)), shared) for tips in styles.tips)
                 if tip != {"value": None}],  # a part no area has (no notes) is left out
    }


def compact_styles(areas: Mapping[str, "AreaStyle"], keys: Sequence[str],
                   shared: Mapping[str, np.ndarray] | None = None) -> dict:
    """The styles of ``areas`` as the canvas layer reads them, by the position of each key in ``keys``.

    An area of ``keys`` without a style is drawn in the map's default style without a tooltip. A tooltip
    part equal to a column of ``shared`` (name -> one value per key, e.g. :func:`name_tips`; the browser
    has fetched it with the geometry) is sent as ``{"shared": name}``.
    """
    if isinstance(areas, StyleColumns):
        return _compact_columns(areas, keys, shared)
    styles = [areas.get(str(k)) for k in keys]
    fills, fill = _encode([s.fill if s else None for s in styles])
    opacities, opacity = _encode([s.opacity if s else None for s in styles])
    return {
        "fills": fills,
        "fill": fill,
        "opacities": opacities,
        "opacity": opacity,
        "selected": [i for i, s in enumerate(styles) if s and s.selected and not s.partial],
        "partial": [i for i, s in enumerate(styles) if s and s.selected and s.partial],
        "sep": SEPARATOR,
        "tips": _tip_columns([s.tooltip if s else "" for s in styles], shared),
    }
