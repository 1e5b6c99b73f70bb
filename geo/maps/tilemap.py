"""Schematic tile map ("Kachelkarte"): one equal tile per statistical area.

On the real map the dense Kernstadt districts vanish next to large forest
Ortsbezirke; here every area gets the same space, placed to keep rough
neighbourhood order. Positions are authored (``data/tiles_*.csv``), not
geography, and the chart says it is schematic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # altair is imported where the chart is built, so that the map above the tile map
    # does not wait for it (~0.5 s on a cold server)
    import altair as alt

__all__ = ["tile_chart"]

TILE_PX = 92


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    rgb = [int(fill.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if luminance > 0.179 else "#ffffff"


def _aria(tiles: pd.DataFrame) -> pd.Series:
    """ "Hohenecken, 9,2 %, 8,8 – 13,0 %, ausgewählt": name, value, class (when known), selection."""
    parts = [tiles["name"].astype(str), tiles["value_text"].astype(str)]
    if "class_text" in tiles:
        parts.append(tiles["class_text"].astype(str))
    text = parts[0]
    for part in parts[1:]:
        text = text + ", " + part
    return text + tiles["selected"].map({True: ", ausgewählt / selected", False: ""})


def tile_chart(tiles: pd.DataFrame, title: str | list[str], tile_px: int = TILE_PX, font_size: int = 10,
               selected_width: int = 4) -> alt.LayerChart:
    """Altair chart from a frame with ``row, col, name, fill, value_text, selected``.

    ``fill`` is the class colour; selected tiles get a heavy outline (``selected_width`` px).
    """
    import altair as alt

    data = tiles.assign(
        # the name as everywhere ("Innenstadt West / Kotten"), broken after its slash: "Innenstadt West /", "Kotten"
        label=tiles["name"].str.replace(" / ", " /\n", regex=False),
        stroke_width=tiles["selected"].map({True: selected_width, False: 1}),
        text_colour=tiles["fill"].map(_text_colour),
        aria=_aria(tiles),
    )
    n_cols = int(data["col"].max()) + 1
    n_rows = int(data["row"].max()) + 1
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(n_cols))))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(n_rows))))
    base = alt.Chart(data).encode(x=x, y=y)
    # A click selects one tile by area id; the page toggles it in the selection.
    pick = alt.selection_point(name="tile", fields=["area_id"], on="click", clear=False, empty=False)
    rects = base.mark_rect(stroke="#000000", cornerRadius=2, cursor="pointer").add_params(pick).encode(
        color=alt.Color("fill:N", scale=None),
        strokeWidth=alt.StrokeWidth("stroke_width:Q", scale=None),
        tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("value_text:N", title="  ")],
        description="aria:N",  # what a screen reader says: "name, value, class", not the encoding
    )
    text = base.mark_text(fontSize=font_size, lineBreak="\n", baseline="middle", aria=False).encode(
        text="label:N",
        color=alt.Color("text_colour:N", scale=None),
    )
    return (rects + text).properties(
        width=tile_px * n_cols, height=tile_px * n_rows * 0.8, title=title
    ).configure_view(stroke=None).configure_title(fontSize=font_size + 3)
