"""Map page: choropleth of the dataset's map units, details, tile map and sources."""

import streamlit as st

from geo.maps.choropleth import map_styles, tile_frame
from ui.shell import cache, session, state
from ui.views import gridview, quarterdrawing
from ui.views.classmap import class_map_choice
from ui.shell.context import merged_note as merged_note_text
from ui.shell.context import page_title, units_label
from ui.widgets.legend import source_lines
from ui.widgets.mapcontrols import classified, indicator_controls, view_notes
from ui.views.mapside import side_column
from ui.widgets.mapview import area_names, basemap_controls, clicked_unit, render_map
from ui.shell.markdown import md_escape
from ui.shell.messages import one_language, shown
from ui.shell.notices import suppression_notice
from ui.shell.page import current_lang, end_page
from ui.documents.presentation import present_view
from ui.shell.selection import get_selection, toggle_area
from ui.shell.strings import t, tmd
from ui.widgets.tiles import show_tiles

lang = current_lang()
data = cache.dataset()
if state.mode() != "present":  # the presentation says it short beside the legend (ui/documents/presentation.py)
    suppression_notice(data, lang)
bounds = cache.boundaries()
config = cache.settings()
for warning in config.warnings:
    st.warning(shown(warning, lang))

# A click on the map arrives as the component's value before this run: it opens
# the details of the district and toggles it in the selection. The merged
# Kernstadt cannot be toggled as a whole; its districts are picked on the tile map.
new_click, clicked = clicked_unit("atlas_map", bounds.geometry)
if new_click:
    st.session_state["selected_unit"] = clicked
    members = data.areas_in(clicked) if clicked else []
    if len(members) == 1:
        toggle_area(members[0])
    session.MERGED_HINT.set(len(members) > 1)

# Each handled tile click gives the chart a new key, so that clicking the same
# tile again is a new event (toggling it off) rather than an unchanged selection.
tile_key = f"tile_map_{session.TILE_CLICKS.get()}"


def _tile_clicked() -> None:
    points = (st.session_state.get(tile_key) or {}).get("selection", {}).get("tile", [])
    if points:
        toggle_area(points[0]["area_id"])
        session.TILE_CLICKS.set(session.TILE_CLICKS.get() + 1)


def _set_mode(value: str) -> None:
    state.keep("mode", value)


merged_units = bool((data.units.members > 1).any())  # the Kernstadt note only where areas are merged
merged_note = merged_note_text(len(data.areas), lang)  # the dataset's own note (data/sources.toml) or the generic one

if state.mode() == "present":  # ui/documents/presentation.py: map, title, legend and sources only
    present_view(data, bounds, config, lang, merged_note if merged_units else None, lambda: _set_mode(""))
    end_page()

st.title(md_escape(page_title(lang)))
if config.public:
    with st.expander(t("public_intro_heading", lang), expanded=True):
        st.markdown(t("public_intro", lang))
# The year control, the manual bounds and every notice live in two fixed containers, so that
# what appears or disappears above the map never shifts it in the layout (which re-mounts it
# and loses zoom and centre).
controls_row = st.container()
extra_controls, notices = st.container(), st.container()
with controls_row:
    choice = indicator_controls(data, lang, extra_controls)
view = classified(data, choice, lang, notices)
class_map = class_map_choice(data, lang, extra_controls)  # the ranking page's 12 classes instead (ui/views/classmap.py)
view_notes(view, data, lang, notices)

map_col, side_col = st.columns([3, 2])
grid_view = None  # the Zensus grid instead of the districts (ui/views/gridview.py)
with map_col:
    st.subheader(md_escape(units_label(lang)))
    geometry = bounds.geometry
    drawing = geometry is not None and quarterdrawing.drawing(lang)  # a self-drawn quarter (ui/views/quarterdrawing.py)
    if geometry is None:
        if bounds.problem:
            st.error(tmd("boundary_problem", lang, message=one_language(bounds.problem, lang)))  # stored in both
        st.warning(t("no_boundaries", lang, filename=bounds.source.filename))
    elif drawing:
        quarterdrawing.render_drawing_map(data, geometry, map_styles(view, data, geometry, get_selection()), lang)
    elif gridview.grid_mode(lang):
        grid_view = gridview.render_grid(geometry, choice.scheme, choice.k, choice.palette, choice.breaks, lang)
    else:
        styles = (map_styles(view, data, geometry, get_selection()) if class_map is None
                  else class_map.styles(data, geometry, get_selection(), lang))
        render_map(geometry, styles, "atlas_map", lang, view=state.initial_view(),
                   labels=area_names(geometry) if st.session_state.get("map_labels", False) else None,
                   extra_groups=quarterdrawing.outline_groups(data, geometry))
        st.toggle(t("map_labels", lang), key="map_labels")
        basemap_controls(lang, geometry.bounds)
        st.caption(t("map_help", lang))
    if geometry is not None:
        merged = st.session_state.get("selected_unit")
        if session.MERGED_HINT.get() and merged in data.units.members.index:  # the words from the dataset
            st.info(tmd("merged_click_hint", lang, unit=merged, n=int(data.units.members[merged]),
                        words=data.area_word(lang)))
        if geometry.report.unmatched_boundaries:
            st.warning(tmd("unmatched", lang, names=", ".join(geometry.report.unmatched_boundaries)))
    if merged_units:
        st.info(merged_note)
    if geometry is not None:
        quarterdrawing.quarter_panel(data, geometry, lang, drawing)

with side_col:
    if grid_view is not None:  # in grid mode the side column explains the grid, not the districts
        gridview.render_grid_legend(grid_view, lang)
    else:
        side_column(view, data, bounds, config, lang, class_map, on_present=lambda: _set_mode("present"))

if grid_view is not None:  # district figures from the grid and a paged cell search, never 14,000 rows
    gridview.render_grid_tables(grid_view, bounds.geometry, lang)
    st.caption(tmd("grid_no_tiles", lang, units=gridview.area_word(lang)))
else:  # above ui.widgets.tiles.MAX_TILES areas the tile map gives way to a sortable table (and says so)
    show_tiles(
        tile_frame(view, data, get_selection()) if class_map is None else class_map.tiles(data, get_selection(), lang),
        lang, tile_key, values=data.areas[view.spec.id], heading=True,
        note=t("tile_note", lang, n=len(data.tiles)), on_select=_tile_clicked,
    )

st.subheader(t("sources_heading", lang))
for line in source_lines(data, bounds, config, lang):
    st.markdown(line)
