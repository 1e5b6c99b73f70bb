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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # geo.maps.leaflet imports this module
    from geo.maps.leaflet import AreaStyle

__all__ = ["CANVAS_AREAS", "CODES", "SEPARATOR", "compact_styles", "decode_codes", "uses_canvas"]

CANVAS_AREAS = 2000  # above this many areas the map draws them on one canvas (Berlin's 447 stay Leaflet paths)
CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SEPARATOR = "<br>"


def uses_canvas(areas: int) -> bool:
    """Whether a map of ``areas`` areas is drawn on the canvas layer."""
    return areas > CANVAS_AREAS


def _encode(values: Sequence[object]) -> tuple[list, str | list[int]]:
    """Distinct values (in first-seen order) and one code per value."""
    codes, uniques = pd.factorize(pd.Series(list(values), dtype=object), use_na_sentinel=False)
    distinct = [None if v is None or v != v else v for v in uniques.tolist()]  # v != v: NaN
    if len(distinct) <= len(CODES):
        return distinct, "".join(CODES[c] for c in codes.tolist())
    return distinct, codes.tolist()


def decode_codes(encoded: str | list[int]) -> list[int]:
    """The codes back as numbers (what the browser does; for tests)."""
    return [CODES.index(c) for c in encoded] if isinstance(encoded, str) else list(encoded)


def _tip_columns(tooltips: list[str]) -> list[dict]:
    parts = [tip.split(SEPARATOR) if tip else [] for tip in tooltips]
    width = max((len(p) for p in parts), default=0)
    columns = []
    for j in range(width):
        column = [p[j] if j < len(p) else None for p in parts]
        distinct, codes = _encode(column)
        if len(distinct) == 1:
            columns.append({"value": distinct[0]})
        elif len(distinct) * 2 > len(column):  # mostly different (names): the list itself is shorter
            columns.append({"list": column})
        else:
            columns.append({"values": distinct, "codes": codes})
    return columns


def compact_styles(areas: Mapping[str, "AreaStyle"], keys: Sequence[str]) -> dict:
    """The styles of ``areas`` as the canvas layer reads them, by the position of each key in ``keys``.

    An area of ``keys`` without a style is drawn in the map's default style without a tooltip.
    """
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
        "tips": _tip_columns([s.tooltip if s else "" for s in styles]),
    }
