"""The map page's side column: legend, the view as HTML/PNG, and the details of one map unit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from exports.filenames import document_name
from geo.domain.dataset import Dataset
from geo.maps.choropleth import ChoroplethView, details_table, distinct_sources, view_snapshot
from geo.maps.standalone import to_html, to_png
from ui.shell import cache
from ui.views import gridview
from ui.shell.context import page_title
from ui.documents.decision import current_record, view_decision
from ui.widgets.legend import render_legend, render_quarter_legend, source_lines
from ui.widgets.mapview import export_basemap
from ui.shell.quarter_data import chosen_quarters, selected_quarters, visible_quarters
from ui.shell.markdown import md_escape, md_table
from ui.shell.selection import get_selection
from ui.shell.strings import t, tmd

__all__ = ["side_column"]


def side_column(view: ChoroplethView, data: Dataset, bounds, config, lang: str, class_map=None,
                on_present: Callable[[], None] | None = None) -> None:
    """Legend (or the class map's legend), the presentation button, the view exports, the details."""
    spec = view.spec
    if class_map is None:
        render_legend(view, lang)
    else:
        class_map.legend(lang)
    if bounds.geometry is not None:  # the saved quarters are outlined on the map
        render_quarter_legend([q.name for q in visible_quarters(data, bounds.geometry)], lang)
    if spec.kind == "count":
        st.caption(t("count_note", lang))
    st.caption(t("legend_basis", lang, n=len(data.areas)))
    if view.units_above_top:
        st.caption(tmd("legend_above_top", lang, units=", ".join(view.units_above_top)))
    st.button(t("present_enter", lang), key="present_enter", on_click=on_present)
    # the view's HTML/PNG show the indicator: not offered while the map shows the classes
    if bounds.geometry is not None and cache.assets_installed() and class_map is None:
        _view_exports(view, data, bounds, config, lang)
    _details(data, lang)


def _view_exports(view: ChoroplethView, data: Dataset, bounds, config, lang: str) -> None:
    spec = view.spec
    selection = list(get_selection())
    # What the run knows (session values, texts, the basemap) is read now; the snapshot itself (every
    # area's style, tooltip and table row: seconds on 14,000 areas) only when a download is asked for.
    parts = dict(
        view=view, dataset=data, geometry=bounds.geometry, selection=selection, title=page_title(lang),
        subtitle=f"{spec.label(lang)} · {t('scheme_' + view.classification.scheme, lang)} · {date.today():%d.%m.%Y}",
        sources=source_lines(data, bounds, config, lang, markdown=False),
        **view_decision(data, selection, lang),
        quarters=[(q.name, q.geojson) for q in chosen_quarters(data, bounds.geometry)],
    )
    basemap = export_basemap(bounds.geometry.bounds)  # read in this run: the downloads run outside it

    def snapshot():
        return replace(view_snapshot(**parts), basemap=basemap)

    names = _file_names(lang)
    leaflet = cache.STATIC_DIR / "vendor" / "leaflet"
    # one under the other: side by side the side column cut "Ansicht als HTML (offli…" at 1366 px
    st.download_button(
        t("export_html", lang), lambda: to_html(snapshot(), leaflet), file_name=names["html"],
        mime="text/html", key="export_view_html", on_click="ignore",
    )
    st.download_button(
        t("export_png", lang), lambda: to_png(snapshot()), file_name=names["png"],
        mime="image/png", key="export_view_png", on_click="ignore",
    )


def _file_names(lang: str) -> dict[str, str]:
    """``Ansicht_<selection>_v3.png`` when a selection is shown, else the plain name of the view."""
    selection = get_selection()
    if not selection and not selected_quarters():
        return {ext: f"ankunftsatlas-ansicht.{ext}" for ext in ("html", "png")}
    record = current_record(selection)
    return {ext: document_name(record.name, record.version, ext, prefix=t("view_file_prefix", lang),
                               draft=t("view_file_draft", lang)) for ext in ("html", "png")}


@st.fragment
def _details(data: Dataset, lang: str) -> None:
    """The figures of the map unit picked in the list or clicked on the map, with ranks and city values.

    A fragment: picking a unit in the list (or searching among many) reruns only this part, not the
    map and the page above it. A click on the map still reruns the page (it may toggle the selection).
    """
    units = list(data.units.table.index)
    gridview.unit_picker(units, t("details_pick", lang), t("details_none", lang), "selected_unit", lang)
    selected = st.session_state.get("selected_unit")
    if not selected:
        return
    st.subheader(tmd("details_heading", lang, name=selected))
    # Two columns fit the side column at 1366 px: the value, and the city value with both ranks; sources below.
    details = details_table(data, selected, lang)
    context = [
        " · ".join([t("details_city", lang, city=c), *_rank_words(r, a, s, equal, lang)])
        for c, r, a, s, equal in zip(details["city"], details["rank"], details["rank_areas"], details["rank_scope"],
                                     details["equal"])
    ]
    shown = pd.DataFrame({t("col_value", lang): details["value"].to_numpy(), t("details_context", lang): context},
                         index=pd.Index(details["indicator"], name=t("col_indicator", lang)))
    st.table(md_table(shown))  # indicator labels are data
    st.caption(t("col_source", lang) + ": " + md_escape("; ".join(distinct_sources(details["source"]))))
    members = data.areas_in(selected)
    if len(members) > 1:  # "Besteht aus 9 Stadtteilen: …", the word from the dataset
        st.caption(tmd("details_members_of", lang, n=len(members), words=data.area_word(lang))
                   + ": " + md_escape(", ".join(data.areas.loc[members, "name"])))


def _rank_words(rank: str, rank_areas: str, scope: str, equal: bool, lang: str) -> list[str]:
    """"Rang 5 von 10 auf der Karte · 13 von 18 Gebieten" (the second only where it differs); all values equal (every area 0): that, no rank."""
    if equal:
        return [t("details_all_equal", lang)]
    if rank == "–":
        return [t("details_rank", lang, map=rank)]
    # where every area is its own unit on the map (nothing merged) both ranks are one: said once
    areas = [] if rank_areas in ("–", rank) else [t("details_rank_areas_own" if scope == "own" else "details_rank_areas",
                                              lang, areas=rank_areas)]
    return [t("details_rank", lang, map=rank), *areas]
