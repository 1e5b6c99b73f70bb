"""The map page's presentation view: the map across the page, a large title and legend, the sources.

No controls and no sidebar: the view comes from the kept state or the share link, so a presenter
opens the link on the meeting's laptop and sees exactly the prepared map.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from geo.domain.dataset import Dataset
from geo.maps.choropleth import map_styles, tile_frame
from geo.maps.draw import OutlineSpec, quarter_outlines
from geo.maps.leaflet import MAX_NAMED_AREAS, FillFrame
from geo.maps.staticmap import dataset_tiles
from geo.maps.tilemap import tile_chart
from ui.shell import state
from ui.shell.context import active_context, page_title
from ui.widgets.legend import render_legend, render_quarter_legend, source_lines
from ui.widgets.mapcontrols import DEFAULT_BREAKS, MapChoice, classified, kept_indicator
from ui.widgets.mapview import area_names, render_map
from ui.shell.markdown import md_escape
from ui.shell.quarter_data import chosen_quarters
from ui.shell.selection import get_selection
from ui.shell.notices import suppression_details
from ui.shell.strings import t, tn

__all__ = ["present_view"]

# Read from the back of a room at 1920×1080: names on the map ≥ 18 px, sources ≥ 18 px, legend ≥ 22 px.
LABEL_PX = 20
SOURCE_PX = 19
LEGEND_PX = 24
TILE_PX, TILE_FONT_PX = 104, 14

# Map and legend share the width 2 : 1 (on a 1366 px laptop the legend column is ≈ 430 px), with narrow page
# margins; a class label and its count each stay on one line ("über 13,0 – 16,8 %", "3 Gebiete").
MAP_SHARE, LEGEND_SHARE = 2, 1

# The map fills the window below the title (at most two lines: the title's size follows the window's
# width), so that it is seen whole without scrolling at 1366×768 as at 1920×1080; the sources follow below.
# The room left for title, sources and the exit button: the sources are held to two lines (whole on demand).
TITLE_ROOM = "15.5rem"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"

PRESENT_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"] {{ display: none !important; }}
.block-container {{ padding: 1rem 1.5rem 1rem 1.5rem !important; max-width: 100% !important; }}
h1 {{ font-size: clamp(1.4rem, 2vw, 2.6rem) !important; line-height: 1.2 !important;
      padding: 0.25rem 0 0.5rem 0 !important; text-wrap: balance; }}
{MAP_FRAME} {{ height: max(20rem, calc(100vh - {TITLE_ROOM})) !important; }}
.atlas-present-legend, .atlas-present-legend table, .atlas-present-legend td {{ font-size: {LEGEND_PX}px !important; }}
.atlas-present-legend table {{ border-collapse: collapse; width: 100%; }}
.atlas-present-legend td {{ white-space: nowrap; padding: 0.2em 0.35em !important; }}
.atlas-present-sources, .atlas-present-sources p {{ font-size: {SOURCE_PX}px !important; color: #333; }}
.atlas-present-clamp > summary {{ display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
      overflow: hidden; cursor: pointer; list-style: none; }}
.atlas-present-clamp[open] > summary {{ -webkit-line-clamp: unset; }}
.atlas-present-privacy > summary {{ cursor: pointer; }}
[data-testid="stColumn"] [data-testid="stCaptionContainer"] p {{ font-size: {SOURCE_PX}px !important; white-space: normal; }}
</style>"""


def present_view(data: Dataset, bounds, config, lang: str, merged_note: str | None,
                 on_exit: Callable[[], None]) -> None:
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    choice = MapChoice(kept_indicator(data), state.value("scheme"), state.value("k"), state.value("palette"),
                       state.value("breaks") or DEFAULT_BREAKS)
    view = classified(data, choice, lang)
    title, label = page_title(lang), view.spec.label(lang)
    year = str(active_context().year or "")
    if year and title.endswith(year) and label.endswith(f"({year})"):
        label = label.removesuffix(f"({year})").rstrip()  # "… – 2020: Anteil Ausländer", the year said once
    st.title(md_escape(f"{title}: {label}"))
    map_col, legend_col = st.columns([MAP_SHARE, LEGEND_SHARE])
    chosen = _chosen_quarters(data, bounds.geometry)
    with map_col:
        if bounds.geometry is not None:
            styles = map_styles(view, data, bounds.geometry, get_selection())
            render_map(
                bounds.geometry, styles, "atlas_map", lang,
                view=state.initial_view(), height=720, labels=_named(bounds.geometry, styles),
                extra_groups=[quarter_outlines(chosen)] if chosen else [], label_px=LABEL_PX,
                controls=[FillFrame()],
            )
        else:
            st.warning(t("no_boundaries", lang, filename=bounds.source.filename))
    with legend_col:
        render_legend(view, lang, large=True)
        if view.units_above_top:  # a summed unit coloured in the top class although above it: said beside the legend
            note = t("legend_above_top", lang, units=", ".join(view.units_above_top))
            st.markdown(f"<div class='atlas-present-sources atlas-present-note'>{html.escape(note)}</div>",
                        unsafe_allow_html=True)
        _suppressed_note(data, lang)
        render_quarter_legend([q.name for q in chosen], lang, large=True)
        _chosen_tiles(view, data, lang)
        if merged_note:
            _clamped(merged_note)
    _clamped(" · ".join(line.replace("**", "") for line in source_lines(data, bounds, config, lang, markdown=False)))
    st.button(t("present_exit", lang), key="present_exit", on_click=on_exit)


def _clamped(text: str) -> None:
    """A long note (the sources, the merged-unit note) held to two lines, so that the page does not scroll;
    a click shows it whole."""
    st.markdown(f"<details class='atlas-present-sources atlas-present-clamp'><summary>{html.escape(text)}</summary>"
                "</details>", unsafe_allow_html=True)


def _suppressed_note(data: Dataset, lang: str) -> None:
    """The public view's privacy note beside the legend: how many areas' values are hidden, and why, in one
    line; the names on demand (a disclosure triangle), so that the map keeps the window's height."""
    if not data.suppressed:
        return
    by_reason = suppression_details(data, lang)
    names = "; ".join(f"{', '.join(areas)}: {reason}" for reason, areas in by_reason.items())
    summary = tn("present_suppressed", len(data.suppressed), lang, reasons="; ".join(by_reason))
    st.markdown(
        f"<details class='atlas-present-sources atlas-present-privacy'><summary>{html.escape(summary)}</summary>"
        f"{html.escape(names)}</details>",
        unsafe_allow_html=True,
    )


def _chosen_quarters(data: Dataset, geometry) -> list[OutlineSpec]:
    """The self-drawn quarters in the selection that this session may see, as outlines."""
    return [OutlineSpec(q.id, q.name, q.geojson) for q in chosen_quarters(data, geometry)]


def _chosen_tiles(view, data: Dataset, lang: str) -> None:
    """The tiles of the districts without an own boundary that hold a chosen one, the chosen marked ✓."""
    tiles = dataset_tiles(data, get_selection())
    if tiles is None:
        return
    frame = tile_frame(view, data, get_selection()).set_index("area_id").loc[tiles["area_id"]].reset_index()
    frame["row"], frame["col"] = tiles["row"].to_numpy(), tiles["col"].to_numpy()
    frame["name"] = [("✓ " if chosen else "") + name for name, chosen in zip(frame["name"], frame["selected"])]
    title = [t("present_tiles", lang), ", ".join(dict.fromkeys(tiles["unit"]))]
    chart = tile_chart(frame, title, tile_px=TILE_PX, font_size=TILE_FONT_PX, selected_width=7)
    st.altair_chart(chart, key="present_tiles")


def _named(geometry, styles) -> dict[str, str]:
    """The names the room reads: every area's, or above MAX_NAMED_AREAS the selected ones'."""
    names = area_names(geometry)
    if len(names) <= MAX_NAMED_AREAS:
        return names
    return {k: n for k, n in names.items() if (style := styles.get(k)) is not None and style.selected}
