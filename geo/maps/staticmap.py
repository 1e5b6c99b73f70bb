"""The one static (PNG) map renderer: map units, the chosen ones, self-drawn quarters and the tile inset.

Used by the PNG slide of the map view (:mod:`geo.maps.standalone`) and the map in the PDF report
(:mod:`exports.pdf`). It draws on matplotlib's object API (:class:`matplotlib.figure.Figure`), never
pyplot: no global state, so two downloads drawn at once in Streamlit's download threads cannot draw
into each other's figure. Text from data is never mathtext (``$…$`` and ``\\`` are drawn as typed).

A merged map unit (e.g. an inner city of nine districts with one boundary)
cannot show which of its districts are chosen; the *tile inset* (:func:`chosen_tiles`) can: one
equal tile per district of such a unit, in the dataset's tile layout, the chosen ones filled.

>>> import pandas as pd
>>> areas = pd.DataFrame({"name": ["A", "B", "C"]}, index=["a", "b", "c"])
>>> tiles = pd.DataFrame({"row": [0, 0, 1], "col": [0, 1, 0]}, index=["a", "b", "c"])
>>> chosen_tiles(areas, tiles, {"a": "Mitte", "b": "Mitte", "c": "C"}, {"Mitte": 2, "C": 1}, ["a"])[
...     ["name", "row", "col", "chosen", "unit"]].to_dict("records")
[{'name': 'A', 'row': 0, 'col': 0, 'chosen': True, 'unit': 'Mitte'}, {'name': 'B', 'row': 0, 'col': 1, 'chosen': False, 'unit': 'Mitte'}]
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Collection, Mapping, Sequence

import geopandas as gpd
import pandas as pd
import shapely.geometry
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from geo.i18n import tr

__all__ = [
    "CHOSEN_TILE",
    "QUARTER_COLOUR",
    "chosen_tiles",
    "dataset_tiles",
    "draw_quarters",
    "draw_tiles",
    "new_figure",
    "png_bytes",
    "quarter_handle",
    "quarter_shapes",
    "tile_handles",
]

QUARTER_COLOUR = "#d95f02"  # self-drawn quarters: a heavy orange outline with a white halo, on any fill
CHOSEN_TILE = "#2c7fb8"
OTHER_TILE = "#eeeeee"

def _t(key: str, lang: str) -> str:
    return tr(f"smap_{key}", lang)


def chosen_tiles(
    areas: pd.DataFrame,
    tiles: pd.DataFrame,
    unit_of: Mapping[str, str],
    members: Mapping[str, int],
    selection: Collection[str],
) -> pd.DataFrame | None:
    """Tiles of the districts of every merged map unit (more than one district, one boundary) that holds a
    chosen district: ``area_id, name, row, col, chosen, unit``, rows and columns counted from 0.

    ``None`` when no chosen area lies in a merged unit (then the map itself shows everything chosen).
    """
    chosen = set(selection)
    merged = {unit_of[a] for a in chosen if a in unit_of and int(members.get(unit_of[a], 1)) > 1}
    if not merged:
        return None
    ids = [a for a in areas.index if unit_of.get(a) in merged and a in tiles.index]
    if not ids:
        return None
    frame = pd.DataFrame(
        {
            "area_id": ids,
            "name": [str(areas.loc[a, "name"]) for a in ids],
            "row": [int(tiles.loc[a, "row"]) for a in ids],
            "col": [int(tiles.loc[a, "col"]) for a in ids],
            "chosen": [a in chosen for a in ids],
            "unit": [unit_of[a] for a in ids],
        }
    )
    frame["row"] -= frame["row"].min()
    frame["col"] -= frame["col"].min()
    return frame


def dataset_tiles(dataset, selection: Collection[str]) -> pd.DataFrame | None:
    """:func:`chosen_tiles` of a :class:`geo.domain.dataset.Dataset` and the chosen area ids."""
    members = {str(k): int(v) for k, v in dataset.units.members.items()}
    merged = {u for u, n in members.items() if n > 1}
    if not merged:
        return None
    unit_of = {a: dataset.unit_of(a) for a in dataset.areas.index}
    return chosen_tiles(dataset.areas, dataset.tiles, unit_of, members, selection)


def new_figure(width_in: float, height_in: float, dpi: int) -> Figure:
    """A figure of its own (no pyplot, no shared state) with an Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure, **savefig) -> bytes:
    """The figure as PNG; every text (names from data) drawn as typed, never as mathtext."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", **savefig)
    return buffer.getvalue()


def quarter_shapes(quarters: Sequence[tuple[str, Mapping | None]], crs) -> gpd.GeoDataFrame | None:
    """The self-drawn quarters ``(name, GeoJSON geometry or Feature in EPSG:4326)`` in ``crs``."""
    names, shapes = [], []
    for name, geometry in quarters:
        if geometry and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        if geometry:
            names.append(str(name))
            shapes.append(shapely.geometry.shape(geometry))
    if not shapes:
        return None
    return gpd.GeoDataFrame({"name": names}, geometry=shapes, crs=4326).to_crs(crs)


def draw_quarters(ax, shapes: gpd.GeoDataFrame | None, font_size: float) -> None:
    """Each quarter's outline, heavy and haloed so it reads over any fill, and its name."""
    if shapes is None:
        return
    halo = [patheffects.Stroke(linewidth=6.5, foreground="white"), patheffects.Normal()]
    for row in shapes.itertuples():
        boundary = gpd.GeoSeries([row.geometry.boundary], crs=shapes.crs)
        boundary.plot(ax=ax, color=QUARTER_COLOUR, linewidth=3.2, path_effects=halo, zorder=5)
        point = row.geometry.representative_point()
        ax.annotate(row.name, (point.x, point.y), ha="center", va="center", fontsize=font_size, color=QUARTER_COLOUR,
                    weight="bold", zorder=6, path_effects=[patheffects.withStroke(linewidth=3, foreground="white")])


def quarter_handle(lang: str) -> Line2D:
    return Line2D([], [], color=QUARTER_COLOUR, linewidth=3.2, label=_t("quarter", lang))


def tile_handles(lang: str, chosen_fill: str = CHOSEN_TILE) -> list[Patch]:
    return [
        Patch(facecolor=chosen_fill, edgecolor="#000000", linewidth=2.0, label=_t("tile_chosen", lang)),
        Patch(facecolor=OTHER_TILE, edgecolor="#666666", label=_t("tile_other", lang)),
    ]


def draw_tiles(ax, tiles: pd.DataFrame, lang: str, font_size: float, title_size: float | None = None,
               chosen_fill: str = CHOSEN_TILE, title_chars: int = 32) -> None:
    """The tile inset: one square per district, chosen ones filled (``chosen_fill``: a colour that is no
    class colour of the map beside it) and heavily outlined, names inside."""
    n_rows = int(tiles["row"].max()) + 1
    n_cols = int(tiles["col"].max()) + 1
    for row in tiles.itertuples():
        chosen = bool(row.chosen)
        ax.add_patch(Rectangle((row.col + 0.04, n_rows - row.row - 1 + 0.04), 0.92, 0.92,
                               facecolor=chosen_fill if chosen else OTHER_TILE,
                               edgecolor="#000000" if chosen else "#666666", linewidth=2.4 if chosen else 0.8))
        label = _tile_label(str(row.name))
        ax.text(row.col + 0.5, n_rows - row.row - 0.5, label, ha="center", va="center", fontsize=font_size,
                color="#ffffff" if chosen else "#111111", weight="bold" if chosen else "normal")
    ax.set_xlim(0, n_cols)
    ax.set_ylim(0, n_rows)
    ax.set_aspect("equal")
    ax.set_axis_off()
    units = ", ".join(dict.fromkeys(str(u) for u in tiles["unit"]))
    title = textwrap.fill(f"{_t('tiles_title', lang)}: {units}", title_chars)
    ax.set_title(title, fontsize=title_size or font_size + 1, loc="left")


def _tile_label(name: str, width: int = 13) -> str:
    """A tile's name on up to three lines, spelt as everywhere ("Innenstadt" / "West / Kotten"); a no-break
    space keeps the slash with the word before. Where that line would not fit the tile ("Lämmchesberg /"),
    the slash is set close ("Lämmchesberg/"), as a narrow tile needs."""
    lines = textwrap.wrap(name.replace(" / ", "\u00a0/ "), width, break_long_words=False)
    if any(len(line) > width and "/" in line for line in lines):
        lines = textwrap.wrap(name.replace(" / ", "/ "), width, break_long_words=False)
    return "\n".join(lines[:3])
