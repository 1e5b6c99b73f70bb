"""Map page: choropleth of the Ortsbezirke, details, tile map and sources."""

from datetime import date

import streamlit as st

from geo.maps.choropleth import build_view, details_table, map_styles, tile_frame, view_snapshot
from geo.analysis.classify import PALETTES, ClassificationError, std_span
from geo.domain.formatting import format_number
from geo.maps.standalone import to_html, to_png
from geo.domain.timeseries import series
from ui import cache, gridview, quarters, state
from ui.classmap import class_map_choice
from ui.legend import render_legend, source_lines
from ui.context import page_title, units_label
from ui.mapview import area_names, clicked_unit, render_map
from ui.notices import suppression_notice
from ui.formulas import formula_text
from ui.numeric import number_list_input
from ui.decision import view_decision
from ui.markdown import md_escape
from ui.page import current_lang
from ui.selection import get_selection, toggle_area
from ui.strings import SCHEME_KEYS, t, tmd
from ui.tiles import show_tiles

PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
h1 { font-size: 2.6rem !important; }
</style>"""

lang = current_lang()
data = cache.dataset()
suppression_notice(data, lang)
bounds = cache.boundaries()
config = cache.settings()
for warning in config.warnings:
    st.warning(warning)

# A click on the map arrives as the component's value before this run: it opens
# the details of the district and toggles it in the selection. The merged
# Kernstadt cannot be toggled as a whole; its districts are picked on the tile map.
new_click, clicked = clicked_unit("atlas_map", bounds.geometry)
if new_click:
    st.session_state["selected_unit"] = clicked
    members = data.areas_in(clicked) if clicked else []
    if len(members) == 1:
        toggle_area(members[0])
    st.session_state["_merged_hint"] = len(members) > 1


# Each handled tile click gives the chart a new key, so that clicking the same
# tile again is a new event (toggling it off) rather than an unchanged selection.
tile_key = f"tile_map_{st.session_state.get('_tile_clicks', 0)}"


def _tile_clicked() -> None:
    points = (st.session_state.get(tile_key) or {}).get("selection", {}).get("tile", [])
    if points:
        toggle_area(points[0]["area_id"])
        st.session_state["_tile_clicks"] = st.session_state.get("_tile_clicks", 0) + 1


present = state.mode() == "present"
merged_units = bool((data.units.members > 1).any())  # the Kernstadt note only where areas are merged
embedded = cache.active_dataset_id() == cache.EMBEDDED  # Kaiserslautern's own notes only on its data
merged_note = t("kernstadt_note", lang) if embedded else t("merged_note_any", lang, n=len(data.areas))
groups = series(data.specs)  # base indicator -> years (empty for single-year indicators)


def base_label(base: str) -> str:
    if base in data.specs:
        return data.specs[base].label(lang)
    return data.specs[f"{base}@{groups[base][-1]}"].label(lang).rsplit(" (", 1)[0]



def _set_mode(value: str) -> None:
    st.session_state["_kept_mode"] = value


def _classified(indicator, scheme, k, palette, breaks, notices=st):
    try:
        view = build_view(data, indicator, scheme, k, palette, breaks, lang)
    except ClassificationError as exc:
        notices.warning(str(exc))
        return build_view(data, indicator, "quantiles", k, palette, None, lang)
    result = view.classification
    if result.scheme == "std_mean" and (result.fewer_than_requested or result.std_step != 1.0):
        low, high = (format_number(v, 1, lang) for v in std_span(data.areas[indicator]))
        if result.fewer_than_requested:
            notices.info(t("std_fewer_classes", lang, k=result.k, requested=result.requested_k, low=low, high=high))
        else:
            notices.info(t("std_half_step", lang, low=low, high=high))
    elif result.fewer_than_requested:
        notices.info(t("fewer_classes", lang, k=result.k, requested=result.requested_k))
    return view


DEFAULT_BREAKS = [8.0, 12.0, 16.0]


if present:
    # Presentation view: map across the page, large title and legend, source
    # line; no controls, no sidebar. The view comes from the kept state (or link).
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    base = state.value("indicator") if state.value("indicator") in groups else next(iter(groups))
    years = groups[base]
    indicator = f"{base}@{state.value('year') if state.value('year') in years else years[-1]}" if years else base
    view = _classified(indicator, state.value("scheme"), state.value("k"), state.value("palette"),
                       state.value("breaks") or DEFAULT_BREAKS)
    st.title(md_escape(f"{page_title(lang)}: {view.spec.label(lang)}"))
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        if bounds.geometry is not None:
            render_map(
                bounds.geometry, map_styles(view, data, bounds.geometry, get_selection()), "atlas_map", lang,
                view=state.initial_view(), height=720, labels=area_names(bounds.geometry),
            )
        else:
            st.warning(t("no_boundaries", lang, filename=bounds.source.filename))
    with legend_col:
        render_legend(view, lang, large=True)
        if merged_units:
            st.caption(merged_note)
    st.caption(" · ".join(line.replace("**", "") for line in source_lines(data, bounds, config, lang)))
    st.button(t("present_exit", lang), key="present_exit", on_click=_set_mode, args=("",))
else:
    st.title(md_escape(page_title(lang)))
    if config.public:
        with st.expander(t("public_intro_heading", lang), expanded=True):
            st.markdown(t("public_intro", lang))
    controls = st.columns([3, 3, 2, 2])
    # The year control, the manual bounds and every notice live in two fixed containers, so that
    # what appears or disappears above the map never shifts it in the layout (which re-mounts it
    # and loses zoom and centre).
    extra_controls, notices = st.container(), st.container()
    base = controls[0].selectbox(
        t("indicator", lang), list(groups), format_func=base_label, **state.widget("indicator", list(groups))
    )
    indicator = base
    if groups[base]:  # several years: a year control, the newest year first
        if state.value("year") not in groups[base]:
            st.session_state["_kept_year"] = groups[base][-1]
        year = extra_controls.select_slider(t("year", lang), groups[base], **state.widget("year", groups[base]))
        indicator = f"{base}@{year}"
    scheme = controls[1].selectbox(
        t("scheme", lang), SCHEME_KEYS, format_func=lambda s: t(f"scheme_{s}", lang), help=t("scheme_help", lang),
        **state.widget("scheme")
    )
    k = controls[2].slider(t("classes", lang), 3, 7, disabled=scheme == "manual", **state.widget("k"))
    palette = controls[3].selectbox(t("palette", lang), PALETTES, **state.widget("palette"))
    breaks = None
    if scheme == "manual":
        breaks = number_list_input(t("manual_bins", lang), "manual_bins", state.value("breaks") or DEFAULT_BREAKS,
                                   lang, container=extra_controls)
        state.keep("breaks", breaks)
    view = _classified(indicator, scheme, k, palette, breaks, notices)
    class_map = class_map_choice(data, lang, extra_controls)  # the ranking page's 12 classes instead (ui/classmap.py)

    spec = view.spec
    if indicator in data.units.not_aggregable:
        counts = formula_text(data.units.not_aggregable[indicator], data, lang)
        notices.info(t("not_aggregable" if embedded else "not_aggregable_any", lang, label=spec.label(lang),
                       counts=counts))
    if spec.is_derived:  # imported shares are computed from counts, not derived from published shares
        notices.info(t("derived_note" if embedded else "share_from_counts_note", lang,
                       formula=formula_text(spec.derived, data, lang)))

    map_col, side_col = st.columns([3, 2])
    grid_view = None  # the Zensus grid instead of the districts (ui/gridview.py)
    with map_col:
        st.subheader(md_escape(units_label(lang)))
        if bounds.geometry is None:
            if bounds.problem:
                st.error(tmd("boundary_problem", lang, message=bounds.problem))
            st.warning(t("no_boundaries", lang, filename=bounds.source.filename))
        else:
            geometry = bounds.geometry
            drawing = quarters.drawing(lang)  # a self-drawn quarter (ui/quarters.py)
            if drawing:
                quarters.render_drawing_map(data, geometry, map_styles(view, data, geometry, get_selection()), lang)
            elif gridview.grid_mode(lang):  # the Zensus grid instead of the districts (ui/gridview.py)
                grid_view = gridview.render_grid(geometry, scheme, k, palette, breaks, lang)
            else:
                show_names = st.session_state.get("map_labels", False)
                styles = (map_styles(view, data, geometry, get_selection()) if class_map is None
                          else class_map.styles(data, geometry, get_selection(), lang))
                render_map(geometry, styles, "atlas_map", lang,
                           view=state.initial_view(), labels=area_names(geometry) if show_names else None,
                           extra_groups=quarters.outline_groups(data, geometry))
                st.toggle(t("map_labels", lang), key="map_labels")
                st.caption(t("map_help", lang))
            if st.session_state.get("_merged_hint"):
                st.info(t("merged_click_hint", lang))
            if geometry.report.unmatched_boundaries:
                st.warning(tmd("unmatched", lang, names=", ".join(geometry.report.unmatched_boundaries)))
        if merged_units:
            st.info(merged_note)
        if bounds.geometry is not None:
            quarters.quarter_panel(data, bounds.geometry, lang, drawing)

    with side_col:
        if grid_view is not None:  # in grid mode the side column explains the grid, not the districts
            gridview.render_grid_legend(grid_view, lang)
        else:
            if class_map is None:
                render_legend(view, lang)
            else:
                class_map.legend(lang)
            if spec.kind == "count":
                st.caption(t("count_note", lang))
            st.caption(t("legend_basis", lang, n=len(data.areas)))
            if view.units_above_top:
                st.caption(t("legend_above_top", lang, units=", ".join(view.units_above_top)))
            st.button(t("present_enter", lang), key="present_enter", on_click=_set_mode, args=("present",))
            # the view's HTML/PNG show the indicator: not offered while the map shows the classes
            if bounds.geometry is not None and cache.assets_installed() and class_map is None:
                snapshot = view_snapshot(
                    view, data, bounds.geometry, get_selection(), page_title(lang),
                    f"{spec.label(lang)} · {t('scheme_' + view.classification.scheme, lang)} · {date.today():%d.%m.%Y}",
                    source_lines(data, bounds, config, lang, markdown=False),
                    **view_decision(data, get_selection(), lang),
                )
                leaflet = cache.STATIC_DIR / "vendor" / "leaflet"
                exports = st.columns(2)
                exports[0].download_button(
                    t("export_html", lang), lambda: to_html(snapshot, leaflet), file_name="ankunftsatlas-ansicht.html",
                    mime="text/html", key="export_view_html", on_click="ignore",
                )
                exports[1].download_button(
                    t("export_png", lang), lambda: to_png(snapshot), file_name="ankunftsatlas-ansicht.png",
                    mime="image/png", key="export_view_png", on_click="ignore",
                )

            units = list(data.units.table.index)
            gridview.unit_picker(units, t("details_pick", lang), t("details_none", lang), "selected_unit", lang)
            selected = st.session_state.get("selected_unit")
            if selected:
                st.subheader(tmd("details_heading", lang, name=selected))
                details = details_table(data, selected, lang).rename(
                    columns={
                        "indicator": t("col_indicator", lang),
                        "value": t("col_value", lang),
                        "rank": t("col_rank", lang),
                        "rank_areas": t("col_rank_areas_n", lang, n=len(data.areas)),
                        "city": t("col_city", lang),
                        "source": t("col_source", lang),
                    }
                )
                st.table(details.set_index(details.columns[0]))
                members = data.areas_in(selected)
                if len(members) > 1:
                    st.caption(t("details_members", lang) + ": " + ", ".join(data.areas.loc[members, "name"]))

    if grid_view is not None:  # district figures from the grid and a paged cell search, never 14,000 rows
        gridview.render_grid_tables(grid_view, bounds.geometry, lang)
        st.caption(t("grid_no_tiles", lang))
    else:  # above ui.tiles.MAX_TILES areas the tile map gives way to a sortable table (and says so)
        show_tiles(
            tile_frame(view, data, get_selection()) if class_map is None else class_map.tiles(data, get_selection()),
            lang, tile_key, values=data.areas[view.spec.id], heading=True,
            note=t("tile_note", lang, n=len(data.tiles)), on_select=_tile_clicked,
        )

    st.subheader(t("sources_heading", lang))
    for line in source_lines(data, bounds, config, lang):
        st.markdown(line)
