"""The saved selection a link names (``auswahl``, ``v``), opened into the form on a session's first run.

After a reload the form shows the saved version the link names (name, rationale, method, documents),
not a draft "Auswahl von Hand". On the public site only published versions open; an unpublished or
unknown name gives the same notice and opens nothing.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from storage.publishing import load_published
from storage.selections import StorageError, load_version
from ui.shell import cache, state
from ui.documents.decision import open_version
from ui.shell.selection import set_selection
from ui.shell.strings import t

__all__ = ["open_from_url"]

_DONE = "_selection_url_opened"


def open_from_url(lang: str) -> str | None:
    """Open the version the link names (once per session); a notice when there is none to open."""
    if st.session_state.get(_DONE):
        return None
    st.session_state[_DONE] = True
    name, version = str(state.value("auswahl") or ""), state.value("v")
    if not name:
        return None
    public = cache.settings().public
    try:
        saved = (load_published if public else load_version)(cache.engine(), name, int(version) if version else None)
    except (StorageError, SQLAlchemyError):
        state.keep("auswahl", "")
        state.keep("v", "")
        return t("sel_url_none", lang)
    _open_its_dataset(saved.name)
    data = cache.dataset()
    if not st.query_params.get("sel") and not st.query_params.get("q"):  # the link names the version only
        set_selection([a for a in saved.area_ids if a in data.areas.index])
        from ui.shell.quarter_data import set_selected_quarters

        set_selected_quarters(saved.quarter_ids)
    open_version(saved)
    st.session_state["sel_focus"] = saved.name  # the selections page shows it among the saved ones
    return None


def _open_its_dataset(name: str) -> None:
    """A link naming a selection but no dataset opens the dataset the selection was saved on."""
    if st.query_params.get("ds"):
        return
    from storage.candidates import selection_datasets
    from ui.views.selection_datasets import choice_of

    try:
        home = choice_of(selection_datasets(cache.engine()).get(name, ""))
    except SQLAlchemyError:
        return
    if home in cache.dataset_choices() and home != cache.active_dataset_id():
        state.keep("ds", home)
