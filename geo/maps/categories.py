"""Maps of categories per area: screening hits, quarter types.

Each area has a category label and colour. A map unit made of several areas
(the Kernstadt) takes their colour when they agree, and a neutral grey with a
count per category when they do not, so nothing is claimed for the merged
polygon that only holds for some of its districts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

import pandas as pd

from geo.domain.dataset import Dataset, MapGeometry
from geo.i18n import tr
from geo.maps.choropleth import selected_units
from geo.maps.leaflet import AreaStyle, tooltip_html

__all__ = ["MIXED_COLOUR", "TYPE_COLOURS", "category_map_styles", "category_tiles"]

MIXED_COLOUR = "#bdbdbd"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
TYPE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


def category_map_styles(
    dataset: Dataset,
    geometry: MapGeometry,
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
    source: str,
    selection: Collection[str] = (),
    lang: str = "de",
) -> dict[str, AreaStyle]:
    """Styles per boundary key from a category label per area id and a colour per label."""
    chosen = selected_units(dataset, selection)
    styles: dict[str, AreaStyle] = {}
    for row in geometry.frame.itertuples():
        unit = row.unit if isinstance(row.unit, str) else None
        members = dataset.areas_in(unit) if unit else []
        counts = Counter(labels.get(a, "–") for a in members)
        if len(counts) == 1:
            label = next(iter(counts))
            fill, text = colours.get(label, "#ffffff"), label
        elif counts:
            fill = MIXED_COLOUR
            text = ", ".join(f"{label}: {n}" for label, n in sorted(counts.items()))
        else:
            fill, text = "#ffffff", tr("map_no_data", lang)
        picked = chosen.get(unit, 0) if unit else 0
        styles[str(row.key)] = AreaStyle(
            fill=fill,
            tooltip=tooltip_html(row.name, text, title, source),
            selected=picked > 0,
            partial=0 < picked < len(members),
        )
    return styles


def category_tiles(
    dataset: Dataset, labels: Mapping[str, str], colours: Mapping[str, str], selection: Collection[str] = ()
) -> pd.DataFrame:
    """Tile-map rows coloured by category (same columns as :func:`geo.maps.choropleth.tile_frame`)."""
    areas = dataset.areas.join(dataset.tiles, how="inner")
    return pd.DataFrame(
        {
            "area_id": areas.index,
            "row": areas["row"],
            "col": areas["col"],
            "name": areas["name"],
            "fill": [colours.get(labels.get(a, "–"), "#ffffff") for a in areas.index],
            "value_text": [labels.get(a, "–") for a in areas.index],
            "selected": areas.index.isin(list(selection)),
        }
    ).reset_index(drop=True)
