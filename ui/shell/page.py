"""Shared page setup: the sidebar every page has, built once."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from ui.shell import cache, state
from ui.shell.selection import selection_control
from ui.shell.strings import LANGUAGES, t

__all__ = ["current_lang", "end_page", "finish_page", "setup_page"]


def current_lang() -> str:
    return str(state.value("lang"))


def setup_page() -> str:
    """Build the shared sidebar (language, current selection) and return the language."""
    with st.sidebar:
        st.selectbox(t("language"), list(LANGUAGES), format_func=LANGUAGES.__getitem__,
                     placeholder=t("choose_option", current_lang()), **state.widget("lang"))
        lang = current_lang()
        choices = cache.dataset_choices()
        if len(choices) > 1:
            st.selectbox(t("dataset", lang), list(choices), format_func=choices.__getitem__,
                         placeholder=t("choose_option", lang), **state.widget("ds", list(choices)))
        if cache.settings().public:
            st.info(t("public_badge", lang))
        selection_control(cache.dataset(), t("selection", lang), t("selection_placeholder", lang), lang)
        st.caption(t("selection_help", lang))
    return lang


def finish_page() -> None:
    """What every run ends with: the shared sidebar (not in presentation view) and the link."""
    if state.mode() != "present":
        setup_page()
    state.write_to_url()


def end_page() -> NoReturn:
    """End a page early (instead of ``st.stop()``), keeping the sidebar and the link."""
    finish_page()
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover - st.stop raises
