"""The notice for a stored dataset that no longer loads: shown where the cache finds it, then the fallback.

Kept apart from :mod:`ui.shell.notices` (which asks the cache about the database) so that the
cache can say this without importing upwards: the shell has no import circle.
"""

from __future__ import annotations

import streamlit as st

from ui.shell import session
from ui.shell.messages import said
from ui.shell.strings import t, tmd

__all__ = ["unreadable_notice"]


def unreadable_notice(name: str, exc: Exception, fallback: str) -> None:
    """A stored dataset that cannot be read: a clear message; the traceback only behind "Details"."""
    lang = session.lang()
    first = (said(exc, lang).splitlines() or [type(exc).__name__])[0][:200]  # the reader's language
    st.error(tmd("dataset_unreadable", lang, name=name, message=first or type(exc).__name__, fallback=fallback))
    with st.expander(t("details_for_officer", lang)):
        st.exception(exc)
