"""Notices every page shows the same way (a dataset that no longer loads: :mod:`ui.shell.unreadable`)."""

from __future__ import annotations

import logging

import streamlit as st

from geo.domain.dataset import Dataset
from ui.shell.cache import database_problem
from ui.shell.messages import one_language
from ui.shell.strings import t, tmd

__all__ = ["database_notice", "page_failure", "suppression_details", "suppression_notice"]

_log = logging.getLogger("ankunftsatlas")


def suppression_details(data: Dataset, lang: str) -> dict[str, list[str]]:
    """The hidden areas' names by reason, the reason in the reader's language (plain text, not escaped)."""
    names = data.areas["name"].to_dict()
    by_reason: dict[str, list[str]] = {}
    for area, reason in data.suppressed.items():
        by_reason.setdefault(one_language(reason, lang, short=True), []).append(str(names.get(area, area)))
    return by_reason


def suppression_notice(data: Dataset, lang: str) -> None:
    """Say which areas' figures are hidden in the public view, and why."""
    if data.suppressed:
        # the areas of each reason together, the reason in the reader's language: "A, B: weniger als 300 Einwohner"
        by_reason = suppression_details(data, lang)
        details = "; ".join(f"{', '.join(areas)}: {reason}" for reason, areas in by_reason.items())
        st.info(tmd("suppressed", lang, details=details))


def database_notice(lang: str) -> bool:
    """Say clearly when the database is damaged or unreachable, and what to do; True then.

    Pages that show stored data call this first and then neither show "nothing
    saved" nor offer to save: nothing pretends the data is empty, no write is tried.
    """
    problem = database_problem()
    if problem is None:
        return False
    key, where = problem
    st.error(t(key, lang, where=where))
    return True


def page_failure(exc: Exception, lang: str, public: bool) -> None:
    """The last line of defence: an unexpected error becomes a clear message, never a bare traceback.

    The officer gets the traceback behind "Details" (for a bug report); the public page only the
    message, and the server log gets the whole traceback.
    """
    _log.exception("page failed")
    st.error(t("page_failed", lang))
    if not public:
        with st.expander(t("details_for_officer", lang)):
            st.exception(exc)
