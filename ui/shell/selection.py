"""The current selection of candidate quarters, shared by every page.

The canonical list lives under a plain session key (widget state is dropped
when a page does not draw the widget); the list control in the sidebar mirrors
it. Map and tile-map clicks call :func:`toggle_area` before the control is drawn.
"""

from __future__ import annotations

import streamlit as st

from geo.analysis.compare import toggle
from geo.domain.dataset import Dataset
from ui.shell.strings import t

__all__ = ["MAX_SELECTION_OPTIONS", "SEARCH_HITS", "get_selection", "selection_control", "set_selection", "toggle_area"]

_KEY = "selected_areas"
_WIDGET = "selection_widget"
_QUERY = "selection_query"
MAX_SELECTION_OPTIONS = 1000  # above this many areas the list offers the selection and search hits only
SEARCH_HITS = 200


def get_selection() -> list[str]:
    return list(st.session_state.get(_KEY, []))


def set_selection(area_ids: list[str]) -> None:
    st.session_state[_KEY] = list(dict.fromkeys(area_ids))


def toggle_area(area_id: str) -> None:
    set_selection(toggle(get_selection(), area_id))


def _from_widget() -> None:
    set_selection(st.session_state[_WIDGET])


def selection_control(dataset: Dataset, label: str, placeholder: str | None = None, lang: str = "de") -> list[str]:
    """Multiselect over all areas, kept in step with the canonical selection.

    Above :data:`MAX_SELECTION_OPTIONS` areas (a city of blocks) the list offers the selected areas and
    the hits of a name search: 14,000 options went to the browser on every new page and were formatted
    on every run.
    """
    valid = [a for a in get_selection() if a in dataset.areas.index]
    set_selection(valid)
    st.session_state[_WIDGET] = valid
    # tolist(), not to_dict(): pandas' Arrow strings go element by element otherwise (14,000 blocks: ~40 ms a run)
    ids = dataset.areas.index.tolist()
    names = dict(zip(ids, dataset.areas["name"].astype(str).tolist()))
    options = ids
    if len(ids) > MAX_SELECTION_OPTIONS:
        query = st.text_input(t("selection_search", lang), key=_QUERY).strip().lower()
        hits = [a for a in ids if query in names[a].lower() or query == str(a).lower()] if query else []
        chosen = set(valid)
        options = [*valid, *[a for a in hits if a not in chosen][:SEARCH_HITS]]
        if query:
            st.caption(t("selection_search_hits", lang, n=len(hits), shown=min(len(hits), SEARCH_HITS)))
    st.multiselect(
        label,
        options,
        format_func=lambda a: names.get(a, a),
        key=_WIDGET,
        on_change=_from_widget,
        placeholder=placeholder,
        select_all=False,  # Streamlit's "Select all" cannot be translated, and choosing every area is no selection
    )
    return get_selection()
