"""Notices every page shows the same way."""

from __future__ import annotations

import streamlit as st

from geo.dataset import Dataset
from geo.disclosure import describe
from ui.strings import t, tmd

__all__ = ["database_notice", "suppression_notice", "unreadable_notice"]


def suppression_notice(data: Dataset, lang: str) -> None:
    """Say which areas' figures are hidden in the public view, and why."""
    if data.suppressed:
        st.info(t("suppressed", lang, details=describe(data.suppressed, data.areas["name"].to_dict())))


def unreadable_notice(name: str, exc: Exception) -> None:
    """A stored dataset that cannot be read: a clear message; the traceback only behind "Details"."""
    from ui.page import current_lang

    lang = current_lang()
    first = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    st.error(tmd("dataset_unreadable", lang, name=name, message=first or type(exc).__name__))
    with st.expander(t("details_for_officer", lang)):
        st.exception(exc)


def database_notice(lang: str) -> bool:
    """Say clearly when the database is damaged or unreachable, and what to do; True then.

    Pages that show stored data call this first and then neither show "nothing
    saved" nor offer to save: nothing pretends the data is empty, no write is tried.
    """
    from ui.cache import database_problem

    where = database_problem()
    if where is None:
        return False
    st.error(t("db_damaged", lang, where=where))
    return True
