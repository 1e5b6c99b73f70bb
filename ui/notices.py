"""Notices every page shows the same way."""

from __future__ import annotations

import streamlit as st

from geo.dataset import Dataset
from geo.disclosure import describe
from ui.strings import t

__all__ = ["suppression_notice", "unreadable_notice"]


def suppression_notice(data: Dataset, lang: str) -> None:
    """Say which areas' figures are hidden in the public view, and why."""
    if data.suppressed:
        st.info(t("suppressed", lang, details=describe(data.suppressed, data.areas["name"].to_dict())))


def unreadable_notice(name: str, exc: Exception) -> None:
    """A stored dataset that cannot be read: a clear message; the traceback only behind "Details"."""
    from ui.page import current_lang

    lang = current_lang()
    first = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    st.error(t("dataset_unreadable", lang, name=name, message=first or type(exc).__name__))
    with st.expander(t("details_for_officer", lang)):
        st.exception(exc)
