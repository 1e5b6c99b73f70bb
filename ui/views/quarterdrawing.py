"""Self-drawn study quarters on the map page: drawing, figures, saving, editing, publishing.

The officer draws a polygon (Leaflet.draw, geo/maps/draw.py), sees its figures
at once (geo/analysis/quarters.py, with the method named), names and saves it
(storage/quarters.py, signed in), publishes it past the disclosure check, and
puts it into the selection (ui/shell/quarter_data.py: visibility, comparison and export
rows, the share link's ``q``). In public mode nothing is drawn.
"""

from __future__ import annotations

import functools

import pandas as pd
import shapely
import streamlit as st
from shapely.geometry import mapping
from sqlalchemy.exc import SQLAlchemyError

from geo.analysis.quarters import (
    QuarterError,
    QuarterFigures,
    cell_at,
    cells_outline,
    check_publishable,
    parse_quarter,
)
from geo.domain.dataset import Dataset, MapGeometry
from geo.numbers import format_value
from geo.maps.draw import OutlineSpec, draw_control, editable_group, quarter_outlines
from geo.maps.leaflet import AreaStyle
from storage.quarters import (
    QuarterStoreError,
    StoredQuarter,
    delete_quarter,
    get_quarter,
    publish_quarter,
    save_quarter,
    unpublish_quarter,
)
from ui.shell import cache, session, state
from ui.widgets.mapview import render_map
from ui.shell.markdown import md_escape
from ui.shell.messages import shown
from ui.shell.quarter_data import (
    dataset_id,
    district_counts,
    methods,
    quarter_figures_of,
    selected_quarters,
    toggle_quarter,
    visible_quarters,
)
from ui.widgets.signin import current_editor, signin_panel
from ui.shell.strings import t, tmd

__all__ = [
    "QUARTER_MAP_KEY",
    "district_table",
    "drawing",
    "figures_table",
    "outline_groups",
    "quarter_panel",
    "render_drawing_map",
    "show_figures",
]

QUARTER_MAP_KEY = "atlas_quarter_map"
_CELL_MAP = f"{QUARTER_MAP_KEY}_cells"  # the map on which grid cells are clicked into a quarter


def outline_groups(data: Dataset, geometry: MapGeometry) -> list:
    """The saved (public mode: published) quarters as outlines, for ``render_map(extra_groups=...)``."""
    quarters = visible_quarters(data, geometry)
    if not quarters:
        return []
    return [quarter_outlines([OutlineSpec(q.id, q.name, q.geojson) for q in quarters])]


def drawing(lang: str) -> bool:
    """The "draw a quarter" switch (officer mode only); ``True`` when drawing."""
    if cache.settings().public:
        return False
    return st.toggle(t("quarter_draw", lang), key="quarter_draw", help=t("quarter_draw_help", lang))


def _editing() -> StoredQuarter | None:
    """The saved quarter whose outline is being edited, if any."""
    quarter_id = session.QUARTER_EDITING.get()
    if quarter_id is None:
        return None
    try:
        return get_quarter(cache.engine(), quarter_id)
    except (QuarterStoreError, SQLAlchemyError):
        session.QUARTER_EDITING.pop()
        return None


def _map_key() -> str:
    # One map per edited quarter (and one for a new drawing): what one reported never leaks into another.
    return f"{QUARTER_MAP_KEY}_{session.QUARTER_EDITING.get() or 'new'}"


def _by_cells() -> bool:
    return cache.grid() is not None and st.session_state.get("quarter_build") == "cells"


def _take_cell_click() -> None:
    """A click on the cell map since the last run toggles the grid cell under it."""
    clicked = (st.session_state.get(_CELL_MAP) or {}).get("last_clicked")
    if not clicked or clicked == session.QUARTER_CELL_CLICK.get():
        return
    session.QUARTER_CELL_CLICK.set(clicked)
    cell = cell_at(cache.grid(), clicked["lng"], clicked["lat"])
    if cell is not None:
        cells = session.QUARTER_CELLS.get()
        session.QUARTER_CELLS.set([c for c in cells if c != cell] if cell in cells else [*cells, cell])


def _clear_cells() -> None:
    session.QUARTER_CELLS.set([])


def render_drawing_map(data: Dataset, geometry: MapGeometry, styles: dict[str, AreaStyle], lang: str) -> None:
    """The district map with the drawing toolbar; what is drawn comes back as ``all_drawings``.

    When a saved quarter is being edited, its outline is in the toolbar's editable layer. With a grid,
    the quarter can instead be built by clicking grid cells (each click adds or removes a cell).
    """
    if cache.grid() is not None:
        st.radio(t("quarter_build", lang), ["draw", "cells"], format_func=lambda m: t(f"quarter_build_{m}", lang),
                 horizontal=True, key="quarter_build")
    if _by_cells():
        _take_cell_click()
        outline = cells_outline(cache.grid(), session.QUARTER_CELLS.get())
        chosen = [OutlineSpec(0, t("quarter_cells_chosen", lang), mapping(outline))] if outline is not None else []
        render_map(
            geometry, styles, _CELL_MAP, lang, view=state.initial_view(),
            extra_groups=[*outline_groups(data, geometry), *([quarter_outlines(chosen)] if chosen else [])],
            returned=["last_clicked"], drawing=True,
        )
        st.caption(t("quarter_cells_caption", lang, n=len(session.QUARTER_CELLS.get())))
        st.button(t("quarter_cells_clear", lang), key="quarter_cells_clear", on_click=_clear_cells)
        return
    editing = _editing()
    group = editable_group(editing.geojson if editing else None)
    render_map(
        geometry, styles, _map_key(), lang, view=state.initial_view(),
        extra_groups=outline_groups(data, geometry),
        controls=[group, draw_control(f"{cache.STATIC_URL}/vendor", group)], returned=["all_drawings"],
        drawing=True,
    )
    st.caption(t("quarter_draw_caption", lang))


def _drawn() -> shapely.Geometry | None:
    if _by_cells():
        return cells_outline(cache.grid(), session.QUARTER_CELLS.get())
    features = (st.session_state.get(_map_key()) or {}).get("all_drawings")
    if features is None:  # nothing drawn, edited or deleted yet: the outline being edited as saved
        editing = _editing()
        return editing.geometry if editing else None
    polygons = [f for f in features if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    if not polygons:
        return None
    return parse_quarter({"type": "FeatureCollection", "features": polygons})


def _start_editing(quarter: StoredQuarter) -> None:
    session.QUARTER_EDITING.set(quarter.id)
    st.session_state["quarter_name"] = quarter.name
    st.session_state["quarter_draw"] = True
    if quarter.method in methods():
        st.session_state["quarter_method"] = quarter.method


def _stop_editing() -> None:
    session.QUARTER_EDITING.pop()
    st.session_state["quarter_name"] = ""


def figures_table(figures: QuarterFigures, lang: str) -> pd.DataFrame:
    """The quarter beside the city: residents, foreigners, share, deviation (points)."""
    persons, points = t("grid_persons", lang), t("quarter_points", lang)
    rows = {
        t("quarter_residents", lang): (format_value(figures.population, 0, persons, lang),
                                       format_value(figures.city_population, 0, persons, lang)),
        t("quarter_foreigners", lang): (format_value(figures.foreigners, 0, persons, lang),
                                        format_value(figures.city_foreigners, 0, persons, lang)),
        t("quarter_share", lang): (format_value(figures.share, 1, "%", lang), format_value(figures.city_share, 1, "%", lang)),
        t("quarter_deviation_city", lang): (format_value(figures.deviation_city, 1, points, lang), ""),
    }
    if figures.method != "districts":
        rows[t("quarter_cells", lang)] = (format_value(figures.cells, 1 if figures.method == "area" else 0, "", lang), "")
    return pd.DataFrame.from_dict(rows, orient="index", columns=[t("quarter_col_quarter", lang), t("col_city", lang)])


def district_table(figures: QuarterFigures, lang: str) -> pd.DataFrame:
    """Each overlapped district: how much of the quarter lies in it, its share, the deviation."""
    frame = figures.districts
    return pd.DataFrame(
        {
            t("quarter_col_overlap", lang): [format_value(v * 100, 0, "%", lang) for v in frame["overlap"]],
            t("quarter_share", lang): [format_value(v, 1, "%", lang) for v in frame["share"]],
            t("quarter_col_deviation", lang): [format_value(v, 1, t("quarter_points", lang), lang) for v in frame["deviation"]],
        },
        index=pd.Index([md_escape(n) for n in frame.index], name=t("quarter_col_district", lang)),
    )


def show_figures(figures: QuarterFigures, lang: str) -> None:
    st.caption(tmd("quarter_method", lang, method=figures.method_in(lang)))
    st.table(figures_table(figures, lang))  # st.table reads Markdown: every name in it is escaped
    if not figures.districts.empty:
        st.table(district_table(figures, lang))
    if figures.cells_missing:
        st.caption(t("quarter_cells_missing", lang, n=figures.cells_missing))
    if figures.method != "districts":
        st.caption(t("quarter_grid_note", lang))


def _publish(quarter: StoredQuarter, data: Dataset, geometry: MapGeometry, lang: str) -> None:
    districts = district_counts(data, geometry)
    official = dict(zip(districts["name"].astype(str), districts.geometry))  # public anyway: no small differences
    official[t("col_city", lang)] = districts.union_all()
    check = functools.partial(
        _check, min_residents=cache.settings().disclosure.min_residents, grid=cache.grid(),
        districts=districts, method=quarter.method, official=official,
    )
    try:
        publish_quarter(cache.engine(), quarter.id, check)
        session.flash("quarters", tmd("quarter_published", lang, name=quarter.name))
    except (QuarterStoreError, QuarterError) as exc:
        session.flash("quarters", shown(exc), kind="error")


def _check(outline, others, min_residents, grid, districts, method, official):
    return check_publishable(outline, others, min_residents, grid, districts, method, official)


def _save(outline: shapely.Geometry, method: str, editor: str, lang: str) -> None:
    name = st.session_state.get("quarter_name", "")
    try:
        saved = save_quarter(cache.engine(), name, outline, editor, dataset_id(), method)
    except QuarterStoreError as exc:
        session.flash("quarters", shown(exc), kind="error")
        return
    if saved.id not in selected_quarters():
        toggle_quarter(saved.id)
    session.flash("quarters", tmd("quarter_saved", lang, name=saved.name, version=saved.version))


def quarter_panel(data: Dataset, geometry: MapGeometry, lang: str, drawing_now: bool) -> None:
    """Below the map: the drawn quarter's figures and saving (officer), the saved quarters and their actions."""
    public = cache.settings().public
    if public and not drawing_now and not visible_quarters(data, geometry):
        return  # the public site without published quarters: no heading over nothing
    st.subheader(t("quarter_heading", lang))
    session.show_flash("quarters")
    if drawing_now:
        if editing := _editing():
            st.info(tmd("quarter_editing", lang, name=editing.name, version=editing.version))
            st.button(t("quarter_new", lang), key="quarter_new", on_click=_stop_editing)
        choices = methods()
        method = st.radio(t("quarter_method_pick", lang), choices, format_func=lambda m: t(f"quarter_method_{m}", lang),
                          horizontal=True, key="quarter_method")
        try:
            outline = _drawn()
        except QuarterError as exc:
            st.warning(shown(exc))
            outline = None
        if outline is None:
            st.info(t("quarter_draw_first", lang))
        else:
            try:
                show_figures(quarter_figures_of(data, geometry, outline, method), lang)
            except QuarterError as exc:
                st.warning(shown(exc))
            editor = current_editor()
            st.text_input(t("quarter_name", lang), key="quarter_name", max_chars=200)
            if editor:
                st.button(t("quarter_save", lang), key="quarter_save", on_click=_save, args=(outline, method, editor, lang))
        if not current_editor():
            st.caption(t("quarter_sign_in", lang))
        signin_panel(lang)  # signed in: who, and signing out; else the form
    _saved_list(data, geometry, lang, public)


def _saved_list(data: Dataset, geometry: MapGeometry, lang: str, public: bool) -> None:
    quarters = visible_quarters(data, geometry)
    if not quarters:
        if not public:
            st.caption(t("quarter_none_saved", lang))
        return
    editor = None if public else current_editor()
    chosen = selected_quarters()
    for quarter in quarters:
        with st.expander(tmd("quarter_item", lang, name=quarter.name, version=quarter.version,
                             status=t("quarter_public" if quarter.published else "quarter_internal", lang))):
            cols = st.columns(3)
            cols[0].checkbox(t("quarter_in_selection", lang), value=quarter.id in chosen, key=f"quarter_sel_{quarter.id}",
                             on_change=toggle_quarter, args=(quarter.id,))
            if editor:
                if quarter.published:
                    if cols[1].button(t("quarter_unpublish", lang), key=f"quarter_unpub_{quarter.id}"):
                        unpublish_quarter(cache.engine(), quarter.id)
                        st.rerun()
                else:
                    cols[1].button(t("quarter_publish", lang), key=f"quarter_pub_{quarter.id}",
                                   on_click=_publish, args=(quarter, data, geometry, lang))
                cols[1].button(t("quarter_edit", lang), key=f"quarter_edit_{quarter.id}", on_click=_start_editing,
                               args=(quarter,))
                if cols[2].button(t("quarter_delete", lang), key=f"quarter_del_{quarter.id}"):
                    delete_quarter(cache.engine(), quarter.id)
                    state.keep("q", [i for i in selected_quarters() if i != quarter.id])
                    if session.QUARTER_EDITING.get() == quarter.id:
                        session.QUARTER_EDITING.pop()
                    st.rerun()
            try:
                show_figures(quarter_figures_of(data, geometry, quarter.geometry, quarter.method), lang)
            except QuarterError as exc:
                st.warning(shown(exc))
