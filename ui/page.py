"""Shared page setup: the sidebar every page has, built once."""

from __future__ import annotations

import streamlit as st

from ui.strings import LANGUAGES, t

__all__ = ["current_lang", "setup_page"]


def current_lang() -> str:
    return st.session_state.get("lang", "de")


def setup_page() -> str:
    """Build the shared sidebar and return the chosen language."""
    with st.sidebar:
        st.selectbox(
            t("language"),
            list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key="lang",
        )
    return current_lang()
