"""The map page's presentation view: the map across the page, a large title and legend, the sources.

No controls and no sidebar: the view comes from the kept state or the share link, so a presenter
opens the link on the meeting's laptop and sees exactly the prepared map.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.domain.dataset import Dataset
from geo.maps.choropleth import map_styles
from geo.maps.leaflet import MAX_NAMED_AREAS
from ui.shell import state
from ui.shell.context import page_title
from ui.widgets.legend import render_legend, source_lines
from ui.widgets.mapcontrols import DEFAULT_BREAKS, MapChoice, classified, kept_indicator
from ui.widgets.mapview import area_names, render_map
from ui.shell.markdown import md_escape
from ui.shell.selection import get_selection
from ui.shell.strings import t

__all__ = ["present_view"]

PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
h1 { font-size: 2.6rem !important; }
</style>"""


def present_view(data: Dataset, bounds, config, lang: str, merged_note: str | None,
                 on_exit: Callable[[], None]) -> None:
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    choice = MapChoice(kept_indicator(data), state.value("scheme"), state.value("k"), state.value("palette"),
                       state.value("breaks") or DEFAULT_BREAKS)
    view = classified(data, choice, lang)
    st.title(md_escape(f"{page_title(lang)}: {view.spec.label(lang)}"))
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        if bounds.geometry is not None:
            styles = map_styles(view, data, bounds.geometry, get_selection())
            render_map(
                bounds.geometry, styles, "atlas_map", lang,
                view=state.initial_view(), height=720, labels=_named(bounds.geometry, styles),
            )
        else:
            st.warning(t("no_boundaries", lang, filename=bounds.source.filename))
    with legend_col:
        render_legend(view, lang, large=True)
        if merged_note:
            st.caption(merged_note)
    st.caption(" · ".join(line.replace("**", "") for line in source_lines(data, bounds, config, lang)))
    st.button(t("present_exit", lang), key="present_exit", on_click=on_exit)


def _named(geometry, styles) -> dict[str, str]:
    """The names the room reads: every area's, or above MAX_NAMED_AREAS the selected ones'."""
    names = area_names(geometry)
    if len(names) <= MAX_NAMED_AREAS:
        return names
    return {k: n for k, n in names.items() if (style := styles.get(k)) is not None and style.selected}
